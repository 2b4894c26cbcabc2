"""Barrier labels for sentences from the example sentences nearest to them in meaning.

The cue patterns are precise but find only the phrasings their author thought of (about
a third of the barriers on the dev split). A sentence encoder carries across wording:
each sentence is compared with example sentences written for every barrier and with
healthy sentences on the same topics (prompts/barrier_examples), and a barrier is named
when enough of the nearest examples show it and are close enough. `k`, `agree` and
`min_similarity` come from the prompt file, fitted on the dev split only.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from copilot.cues import BarrierExamplesSpec
from copilot.embeddings.encoder import SentenceEncoder, Vectors
from copilot.embeddings.files import PINNED_SHA256

log = logging.getLogger(__name__)

HEALTHY = ""  # the label of the examples that show no barrier


class NearestRule(BaseModel):
    """A barrier is named when at least `agree` of the `k` nearest examples show it with
    cosine similarity `min_similarity` or more."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    k: int = Field(ge=1)
    agree: int = Field(ge=1)
    min_similarity: float = Field(ge=-1.0, le=1.0)
    min_words: int = Field(3, ge=1)  # "Hi Dana," carries no barrier

    @model_validator(mode="after")
    def _agree_within_k(self) -> NearestRule:
        if self.agree > self.k:
            raise ValueError("`agree` cannot exceed `k`")
        return self


class ExampleIndex:
    """The example sentences of one barrier_examples file, encoded once."""

    def __init__(self, labels: list[str], vectors: Vectors, encoder: SentenceEncoder) -> None:
        self._labels = np.array(labels)
        self._vectors = vectors
        self._encoder = encoder

    @classmethod
    def build(
        cls, spec: BarrierExamplesSpec, encoder: SentenceEncoder, cache: Path | None = None
    ) -> ExampleIndex:
        """Encode the examples, or read them from ``cache`` when it holds this very file's
        vectors (encoding about a thousand sentences takes seconds on two cores)."""
        labels, texts = _examples(spec)
        if cache is not None and cache.is_file():
            vectors = np.load(cache)
            if vectors.shape == (len(texts), encoder.dimensions):
                return cls(labels, vectors, encoder)
        vectors = encoder.encode(texts)
        if cache is not None:
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                np.save(cache, vectors)
            except OSError as exc:  # a read-only cache costs time, not answers
                log.warning("examples_cache_unwritable", extra={"error": str(exc)})
        return cls(labels, vectors, encoder)

    def label(self, sentences: list[str], rule: NearestRule) -> list[set[str]]:
        """The barriers named for each sentence (often none)."""
        named: list[set[str]] = [set() for _ in sentences]
        rated = [i for i, s in enumerate(sentences) if len(s.split()) >= rule.min_words]
        if not rated:
            return named
        similarity = self._encoder.encode([sentences[i] for i in rated]) @ self._vectors.T
        for row, index in zip(similarity, rated, strict=True):
            nearest = np.argsort(-row, kind="stable")[: rule.k]
            close = nearest[row[nearest] >= rule.min_similarity]
            labels, counts = np.unique(self._labels[close], return_counts=True)
            named[index] = {
                str(label)
                for label, count in zip(labels, counts, strict=True)
                if label != HEALTHY and count >= rule.agree
            }
        return named


def _examples(spec: BarrierExamplesSpec) -> tuple[list[str], list[str]]:
    labels, texts = [], []
    for barrier, sentences in spec.barriers.items():
        labels += [barrier.value] * len(sentences)
        texts += sentences
    return labels + [HEALTHY] * len(spec.healthy), texts + spec.healthy


def cache_file(cache_dir: Path, examples_sha256: str) -> Path:
    """Where this examples file's vectors under the pinned encoder are kept."""
    weights = PINNED_SHA256["model.safetensors"]
    key = hashlib.sha256(f"{examples_sha256}:{weights}".encode()).hexdigest()[:24]
    return cache_dir / "embeddings" / f"barrier-examples-{key}.npy"
