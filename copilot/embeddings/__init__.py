"""A sentence encoder run with numpy, and barrier labels from the nearest examples."""

from __future__ import annotations

import threading
from functools import cache

from copilot.embeddings.encoder import SentenceEncoder
from copilot.embeddings.files import EncoderFiles, locate_encoder_files
from copilot.embeddings.nearest import ExampleIndex, NearestRule, cache_file
from copilot.prompts import DataFile
from copilot.settings import get_settings

__all__ = ["ExampleIndex", "NearestRule", "SentenceEncoder", "example_index", "shared_encoder"]

_lock = threading.Lock()
_indexes: dict[str, ExampleIndex] = {}


@cache
def _encoder_files() -> EncoderFiles:
    return locate_encoder_files()


@cache
def shared_encoder() -> SentenceEncoder:
    """One encoder per process (its weights take about 90 MB)."""
    files = _encoder_files()
    return SentenceEncoder(files.weights, files.tokenizer)


def example_index(examples: DataFile) -> ExampleIndex:
    """The encoded examples of one barrier_examples version, built once per process (and
    cached on disk across processes). Blocking: call it off the event loop."""
    with _lock:
        if examples.sha256 not in _indexes:
            path = cache_file(get_settings().cache_dir, examples.sha256, _encoder_files().name)
            _indexes[examples.sha256] = ExampleIndex.build(
                examples.spec,  # type: ignore[arg-type]
                shared_encoder(),
                path,
            )
        return _indexes[examples.sha256]
