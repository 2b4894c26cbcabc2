"""The client examples run as a user would run them, against a real server on the
stand-in model (COPILOT_MODEL=fake); each example checks every offset it gets back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest

from copilot.main import create_app
from tests.conftest import REPO, isolated_settings
from tests.live_server import serving

EXAMPLES = REPO / "examples"
RUN_TIMEOUT_S = 120


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = isolated_settings(tmp_path_factory.mktemp("cache"), model="fake")
    with serving(create_app(settings)) as url:
        yield url


def run(command: list[str], base_url: str) -> str:
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        env={**os.environ, "BASE_URL": base_url},
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_curl(base_url: str) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    out = run(["bash", str(EXAMPLES / "curl.sh")], base_url)
    assert '"rewrites":' in out and '"questions":' in out and '"warnings":' in out
    assert out.count("event: highlights") == 1 and out.count("event: result") == 1


def test_python_httpx(base_url: str) -> None:
    out = run([sys.executable, str(EXAMPLES / "client.py"), "--base-url", base_url], base_url)
    assert "/v1/coach, streamed:" in out and "event result" in out
    assert "  blame: 'your team has been dragging this out'" in out


def test_javascript_fetch(base_url: str) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    out = run([node, str(EXAMPLES / "client.mjs"), base_url], base_url)
    assert "/v1/coach, streamed:" in out and "event result" in out
    assert "  blame: your team has been dragging this out" in out


@pytest.mark.parametrize("name", ["curl.sh", "client.py", "client.mjs"])
def test_every_endpoint_is_shown(name: str) -> None:
    text = (EXAMPLES / name).read_text("utf-8")
    for path in (
        "/v1/highlights",
        "/v1/score",
        "/v1/rewrites",
        "/v1/questions",
        "/v1/barriers",
        "/v1/coach",
        "/v1/prompts",
        "/readyz",
    ):
        assert path in text, f"{name} does not show {path}"
    assert "stream" in text


def test_examples_are_where_the_readme_says() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    for name in ("examples/curl.sh", "examples/client.py", "examples/client.mjs"):
        assert name in readme
