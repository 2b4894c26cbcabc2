"""A sentence encoder run with numpy, and barrier labels from the nearest examples."""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from copilot.cues import BarrierExamplesSpec
from copilot.embeddings.encoder import SentenceEncoder
from copilot.embeddings.files import EncoderFiles, locate_encoder_files
from copilot.embeddings.nearest import ExampleIndex, NearestRule, cache_file

__all__ = [
    "ExampleIndex",
    "NearestRule",
    "SentenceEncoder",
    "encoder_name",
    "example_index",
    "shared_encoder",
]


@cache
def _encoder_files() -> EncoderFiles:
    return locate_encoder_files()


def encoder_name() -> str:
    return _encoder_files().name


@cache
def shared_encoder() -> SentenceEncoder:
    """One encoder per process (its weights take about 90 MB)."""
    files = _encoder_files()
    return SentenceEncoder(files.weights, files.tokenizer)


_indexes: dict[str, ExampleIndex] = {}
_indexes_lock = threading.Lock()


def example_index(spec: BarrierExamplesSpec, sha256: str, cache_dir: Path | None) -> ExampleIndex:
    """The encoded sentences of one examples file (by content hash), built once per process
    and kept on disk under ``cache_dir`` across processes. Blocking: seconds the first
    time on two cores; call it off the event loop."""
    with _indexes_lock:
        if sha256 not in _indexes:
            path = cache_file(cache_dir, sha256) if cache_dir else None
            _indexes[sha256] = ExampleIndex.build(spec, shared_encoder(), path)
        return _indexes[sha256]
