"""Run the embedded model as a llama.cpp server child process and keep it alive.

The model runs in its own process (not in the API process) so a crash or a
memory blow-up in native code cannot take the API down, and so the supervisor
can restart it. It listens on loopback only, on a port chosen at start.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import importlib.util
import logging
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import httpx

from copilot.errors import LocalModelError
from copilot.local_model.assemble import INSTALL_HINT, MODEL_ALIAS, resolve_model_file
from copilot.settings import Settings

log = logging.getLogger(__name__)

CommandFactory = Callable[[Path, int], list[str]]

LOOPBACK = "127.0.0.1"
_LOG_TAIL_LINES = 20
_STOP_GRACE_S = 10.0
_READY_POLL_S = 0.25
_PROBE_TIMEOUT_S = 2.0
# A child that stayed up this long after becoming ready resets the backoff.
_STABLE_AFTER_S = 60.0
# The server logs every request (and ~2,000 lines per start): keep one old file.
_LOG_ROTATE_BYTES = 10 * 1024 * 1024
# Modules that only the `[server]` extra of llama-cpp-python brings.
_REQUIRED_MODULES = ("llama_cpp", "sse_starlette", "starlette_context")
# Environment variables llama_cpp.server (0.3.36) reads on top of its flags: its
# pydantic settings fields (case-insensitive) plus HOST/PORT/CONFIG_FILE, which
# even override --host/--port. A deployment's PORT or API_KEY must not leak in.
LLAMA_SERVER_ENV_NAMES = frozenset(
    {
        "API_KEY", "CACHE", "CACHE_SIZE", "CACHE_TYPE", "CHAT_FORMAT", "CHAT_TEMPLATE_KWARGS",
        "CLIP_MODEL_PATH", "CONFIG_FILE", "DISABLE_PING_EVENTS", "DRAFT_MODEL",
        "DRAFT_MODEL_NUM_PRED_TOKENS", "EMBEDDING", "FLASH_ATTN", "HF_MODEL_REPO_ID",
        "HF_PRETRAINED_MODEL_NAME_OR_PATH", "HF_TOKENIZER_CONFIG_PATH", "HOST",
        "INTERRUPT_REQUESTS", "KV_OVERRIDES", "LAST_N_TOKENS_SIZE", "LOGITS_ALL", "LORA_BASE",
        "LORA_PATH", "MAIN_GPU", "MODEL", "MODEL_ALIAS", "MUL_MAT_Q", "N_BATCH", "N_CTX",
        "N_GPU_LAYERS", "N_THREADS", "N_THREADS_BATCH", "N_UBATCH", "NUMA", "OFFLOAD_KQV",
        "PORT", "ROOT_PATH", "ROPE_FREQ_BASE", "ROPE_FREQ_SCALE", "ROPE_SCALING_TYPE",
        "RPC_SERVERS", "SEED", "SPLIT_MODE", "SSL_CERTFILE", "SSL_KEYFILE", "TENSOR_SPLIT",
        "TYPE_K", "TYPE_V", "USE_MLOCK", "USE_MMAP", "VERBOSE", "VOCAB_ONLY",
        "YARN_ATTN_FACTOR", "YARN_BETA_FAST", "YARN_BETA_SLOW", "YARN_EXT_FACTOR",
        "YARN_ORIG_CTX",
    }
)  # fmt: skip


def ensure_llama_cpp_installed() -> None:
    """Fail early with the fix, rather than with a child that dies on import."""
    missing = [name for name in _REQUIRED_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise LocalModelError(
            f"llama-cpp-python with its server extra is not installed (missing: "
            f"{', '.join(missing)}), so the embedded model cannot run. Install it with: "
            f"{INSTALL_HINT}, or set COPILOT_MODEL to use another model."
        )


def child_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The API's environment minus what would silently reconfigure the llama server."""
    source = os.environ if environ is None else environ
    return {k: v for k, v in source.items() if k.upper() not in LLAMA_SERVER_ENV_NAMES}


def free_port() -> int:
    """A loopback port nobody listens on right now (bind 0, read, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    """Whether a server could bind `port` now (with SO_REUSEADDR, as servers do)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
        return True


def read_log_tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    """Last lines of the child's log, for error messages; never fails."""
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 64 * 1024))
            data = fh.read()
    except OSError as exc:
        return f"(log {path} unreadable: {exc})"
    tail = deque(data.decode("utf-8", errors="replace").splitlines(), maxlen=lines)
    return "\n".join(tail)


def rotate_log(path: Path, max_bytes: int = _LOG_ROTATE_BYTES) -> None:
    """Move a large log aside to `<name>.1` so the appended log cannot fill the disk."""
    with contextlib.suppress(OSError):
        if path.stat().st_size > max_bytes:
            os.replace(path, path.with_name(path.name + ".1"))


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    """Signal the child's whole process group; a group already gone is fine."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


class LocalModelServer:
    """Owns the llama.cpp server child: start, readiness, restart on death, stop."""

    def __init__(
        self,
        settings: Settings,
        command_factory: CommandFactory | None = None,
        *,
        supervise_interval_s: float = 2.0,
        backoff_base_s: float = 1.0,
        backoff_max_s: float = 30.0,
    ) -> None:
        self._settings = settings
        self._command_factory = command_factory
        self._supervise_interval_s = supervise_interval_s
        self._backoff_base_s = backoff_base_s
        self._backoff_max_s = backoff_max_s
        self._model_file: Path | None = None
        self._port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._supervisor: asyncio.Task[None] | None = None
        self._stopping = False
        self._ready_at: float | None = None
        self.restarts = 0
        self.log_path = settings.cache_dir / "logs" / "llama-server.log"

    # -- public surface -------------------------------------------------------------

    @property
    def alias(self) -> str:
        """Model name the server answers to; a user-chosen file keeps its own name."""
        custom = self._settings.local_model_path
        return custom.stem if custom is not None else MODEL_ALIAS

    @property
    def api_base(self) -> str:
        """OpenAI-compatible base URL; read it per call, the port can change on restart."""
        return f"http://{LOOPBACK}:{self._require_port()}/v1"

    @property
    def litellm_model(self) -> str:
        return f"openai/{self.alias}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def model_file(self) -> Path | None:
        return self._model_file

    async def start(self) -> None:
        """Build/verify the model, spawn the server, wait until it answers, supervise."""
        if self._process is not None and self._process.poll() is None:
            return
        self._stopping = False
        if self._command_factory is None:
            ensure_llama_cpp_installed()
        self._model_file = await asyncio.to_thread(resolve_model_file, self._settings)
        self._port = free_port()
        atexit.register(self._kill_now)
        await self._launch()
        self._supervisor = asyncio.create_task(
            self.supervise(self._supervise_interval_s), name="local-model-supervisor"
        )

    async def stop(self) -> None:
        """Stop supervising first (so nothing restarts), then end the process group."""
        self._stopping = True
        await self._cancel_supervisor()
        await self._terminate()
        atexit.unregister(self._kill_now)

    async def is_ready(self) -> tuple[bool, str]:
        """(True, "ok") when the server answers /v1/models, else (False, why)."""
        proc = self._process
        if proc is None:
            return False, "embedded model server not started"
        if self._stopping:
            return False, "embedded model server stopped"
        returncode = proc.poll()
        if returncode is not None:
            return False, f"embedded model server exited with code {returncode}"
        async with self._client() as client:
            return await self._probe(client)

    async def supervise(self, interval_s: float = 2.0) -> None:
        """Restart the child whenever it has died, backing off if it keeps dying."""
        crashes = 0
        while not self._stopping:
            await asyncio.sleep(interval_s)
            proc = self._process
            if proc is None or proc.poll() is None:
                crashes = 0 if self._stable() else crashes
                continue
            crashes += 1
            try:
                await self._restart(proc.returncode, crashes)
            except LocalModelError as exc:
                log.error("local_model_restart_failed", extra={"error": exc.detail})
            except Exception:  # the supervisor must outlive any single failure
                log.exception("local_model_restart_failed")

    # -- process handling -----------------------------------------------------------

    def _require_port(self) -> int:
        if self._port is None:
            raise LocalModelError("The embedded model server has not been started.")
        return self._port

    def _command(self, model_file: Path, port: int) -> list[str]:
        if self._command_factory is not None:
            return self._command_factory(model_file, port)
        return [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(model_file),
            "--model_alias", self.alias,
            "--host", LOOPBACK,
            "--port", str(port),
            "--n_ctx", str(self._settings.local_n_ctx),
            "--n_threads", str(self._settings.local_n_threads),
            # The server's default keeps logits for every prompt token (2.5 GB at n_ctx
            # 4096 for this vocabulary) only to serve logprobs, which no prompt uses.
            "--logits_all", "false",
            *self._cache_flags(),
        ]  # fmt: skip

    def _cache_flags(self) -> list[str]:
        """llama-cpp-python's RAM cache keeps the states of recent prompts; without it only
        the previous request's tokens are reused, so alternating tasks prefill again."""
        megabytes = self._settings.local_prompt_cache_mb
        if not megabytes:
            return []
        return ["--cache", "true", "--cache_size", str(megabytes * 1024 * 1024)]

    def _spawn(self) -> None:
        """Start the child in its own session/process group, output to its own log."""
        assert self._model_file is not None
        command = self._command(self._model_file, self._require_port())
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        rotate_log(self.log_path)
        with self.log_path.open("ab") as log_file:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            log_file.write(f"\n=== {stamp} starting: {shlex.join(command)}\n".encode())
            log_file.flush()
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                close_fds=True,
                env=child_env(),
            )
        log.info(
            "local_model_server_spawned",
            extra={"pid": self._process.pid, "port": self._port, "log_path": str(self.log_path)},
        )

    async def _launch(self) -> None:
        """Spawn and wait for readiness; never leave a half-started child behind."""
        self._spawn()
        try:
            await self._wait_ready()
        except BaseException:
            await self._terminate()
            raise

    async def _wait_ready(self) -> None:
        proc = self._process
        assert proc is not None
        loop = asyncio.get_running_loop()
        started = loop.time()
        deadline = started + self._settings.local_start_timeout_s
        reason = "no answer yet"
        async with self._client() as client:
            while True:
                if proc.poll() is not None:
                    raise self._start_error(f"exited with code {proc.returncode} while starting")
                ok, reason = await self._probe(client)
                if ok:
                    break
                if loop.time() >= deadline:
                    raise self._start_error(
                        f"was not ready after {self._settings.local_start_timeout_s:g} s "
                        f"(last check: {reason})"
                    )
                await asyncio.sleep(_READY_POLL_S)
        self._ready_at = time.monotonic()
        log.info(
            "local_model_server_ready",
            extra={"pid": proc.pid, "port": self._port, "ready_s": round(loop.time() - started, 2)},
        )

    def _start_error(self, what: str) -> LocalModelError:
        """A safe message for callers; the server log's tail goes to the service log only."""
        log.error(
            "local_model_server_start_failed",
            extra={
                "reason": what,
                "log_path": str(self.log_path),
                "log_tail": read_log_tail(self.log_path),
            },
        )
        return LocalModelError(f"The embedded model server {what} (details in the service log).")

    def _client(self) -> httpx.AsyncClient:
        # trust_env=False: a proxy from the environment must never see loopback calls.
        return httpx.AsyncClient(timeout=_PROBE_TIMEOUT_S, trust_env=False)

    async def _probe(self, client: httpx.AsyncClient) -> tuple[bool, str]:
        try:
            response = await client.get(f"{self.api_base}/models")
        except httpx.HTTPError as exc:
            return False, f"not answering ({type(exc).__name__})"
        if response.status_code == 200:
            return True, "ok"
        return False, f"/v1/models answered HTTP {response.status_code}"

    async def _terminate(self) -> None:
        """SIGTERM the group, wait up to 10 s, then SIGKILL; idempotent."""
        proc = self._process
        if proc is None:
            return
        if proc.poll() is None:
            _signal_group(proc.pid, signal.SIGTERM)
            try:
                await asyncio.to_thread(proc.wait, _STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                log.warning("local_model_server_kill", extra={"pid": proc.pid})
                _signal_group(proc.pid, signal.SIGKILL)
                await asyncio.to_thread(proc.wait)
        # Grandchildren the server left behind share its group; sweep them too.
        _signal_group(proc.pid, signal.SIGKILL)

    def _kill_now(self) -> None:
        """Last resort at interpreter exit, so a forgotten stop() leaves no 1 GB orphan."""
        proc = self._process
        if proc is not None and proc.poll() is None:
            _signal_group(proc.pid, signal.SIGKILL)

    async def _cancel_supervisor(self) -> None:
        task, self._supervisor = self._supervisor, None
        if task is None or task.done():
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    # -- supervision ----------------------------------------------------------------

    def _stable(self) -> bool:
        return self._ready_at is not None and time.monotonic() - self._ready_at > _STABLE_AFTER_S

    def _backoff_s(self, crashes: int) -> float:
        """First restart at once; then 1, 2, 4 ... s up to the cap while it keeps dying."""
        if crashes <= 1:
            return 0.0
        return min(self._backoff_base_s * 2 ** (crashes - 2), self._backoff_max_s)

    async def _restart(self, returncode: int | None, crashes: int) -> None:
        delay = self._backoff_s(crashes)
        self.restarts += 1
        log.warning(
            "local_model_server_restarting",
            extra={
                "returncode": returncode,
                "restarts": self.restarts,
                "delay_s": delay,
                "log_path": str(self.log_path),
            },
        )
        await self._terminate()  # sweep what the dead server may have left in its group
        await asyncio.sleep(delay)
        port = self._require_port()
        if not port_is_free(port):
            self._port = free_port()
            log.info("local_model_port_changed", extra={"old_port": port, "port": self._port})
        await self._launch()
