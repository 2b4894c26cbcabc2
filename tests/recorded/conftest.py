"""Recorded tests: the real gateway and litellm against cassettes of the embedded model.

Replay (the default) is offline. Re-record with the embedded model installed:
    copilot record
which starts the embedded model server, runs these tests with --record-mode=rewrite
against it (its address in COPILOT_RECORD_API_BASE), then stops it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from copilot import recording
from copilot.llm import Gateway
from copilot.llm.litellm_backend import LiteLLMBackend
from copilot.local_model import MODEL_ALIAS
from copilot.main import create_app
from copilot.model_factory import LOCAL_API_KEY
from copilot.recording import RECORD_API_BASE_ENV
from copilot.settings import Settings
from tests.conftest import PROMPTS_DIR

REPLAY_API_BASE = "http://127.0.0.1:9/v1"  # never contacted in replay; the port is not matched
RECORD_TIMEOUT_S = 300.0


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    recording.register_extensions(vcr)


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return recording.vcr_config()


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(Path(__file__).parent / "cassettes")


def _recording(config: pytest.Config) -> bool:
    return config.getoption("--record-mode") not in ("none", None)


@pytest.fixture(scope="session")
def model_api_base(request: pytest.FixtureRequest) -> str:
    """The live embedded server when recording; a never-contacted address when replaying."""
    if request.config.getoption("--record-mode") in ("none", None):
        return REPLAY_API_BASE
    api_base = os.environ.get(RECORD_API_BASE_ENV)
    if not api_base:
        pytest.fail(
            f"recording needs a live model server: run `copilot record` ({RECORD_API_BASE_ENV})"
        )
    return api_base


@pytest.fixture
def recorded_client(model_api_base: str, tmp_path: Path) -> Iterator[TestClient]:
    backend = LiteLLMBackend(
        f"openai/{MODEL_ALIAS}", model_api_base, grammar_constrained=True, api_key=LOCAL_API_KEY
    )
    settings = Settings(_env_file=None, prompts_dir=PROMPTS_DIR, cache_dir=tmp_path, model=None)
    app = create_app(settings, gateway=Gateway(backend, RECORD_TIMEOUT_S))
    yield TestClient(app, raise_server_exceptions=False)


@pytest.fixture(autouse=True)
def _cassette_exists(request: pytest.FixtureRequest, vcr: Any) -> None:
    """In replay, a missing cassette is named, never answered by a live call."""
    if request.config.getoption("--record-mode") in ("none", None) and not Path(vcr._path).exists():
        pytest.fail(f"no cassette at {vcr._path}: record it with `copilot record`")
