"""A sentence encoder run with numpy, and barrier labels from the nearest examples."""

from __future__ import annotations

from functools import cache

from copilot.embeddings.encoder import SentenceEncoder
from copilot.embeddings.files import EncoderFiles, locate_encoder_files
from copilot.embeddings.nearest import ExampleIndex, NearestRule, cache_file

__all__ = [
    "ExampleIndex",
    "NearestRule",
    "SentenceEncoder",
    "cache_file",
    "encoder_name",
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
