"""Shared fixtures: settings isolated from the caller's environment, and a fake-model app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tenacity import wait_none

from copilot.api.deps import get_gateway
from copilot.llm import Gateway
from copilot.llm.fake import FunctionBackend, scripted
from copilot.main import create_app
from copilot.settings import Settings

REPO = Path(__file__).resolve().parent.parent
PROMPTS_DIR = REPO / "prompts"


def isolated_settings(cache_dir: Path, **overrides: object) -> Settings:
    """Settings that ignore the caller's environment and .env file."""
    return Settings(_env_file=None, prompts_dir=PROMPTS_DIR, cache_dir=cache_dir, **overrides)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return isolated_settings(tmp_path / "cache", timeout_s=5.0, max_chars=2000, model=None)


ClientFactory = Callable[..., TestClient]


@pytest.fixture
def client_with(settings: Settings) -> ClientFactory:
    """A TestClient whose model is a scripted fake, swapped in via a dependency override."""

    def make(
        *answers: object, backend: FunctionBackend | None = None, timeout_s: float = 5.0
    ) -> TestClient:
        app = create_app(settings)
        fake = backend or scripted(*answers)
        app.dependency_overrides[get_gateway] = lambda: Gateway(fake, timeout_s, wait=wait_none())
        app.state.fake = fake
        return TestClient(app, raise_server_exceptions=False)

    return make
