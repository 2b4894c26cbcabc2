"""Sentence embeddings from all-MiniLM-L6-v2, computed with numpy.

The barrier classifier compares each sentence with example sentences, so it needs a
sentence encoder that runs offline on two cores. all-MiniLM-L6-v2 (22M parameters, six
BERT layers) encodes a sentence in milliseconds. Running it through sentence-transformers
would pull in PyTorch (about 1.3 GB) for six layers of matrix products, so the forward
pass is written here with numpy, the tokenizer is Hugging Face's `tokenizers`, and the
weights are read with `safetensors`. tests/unit/test_embeddings.py checks the output
against reference vectors.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import load_file
from tokenizers import Tokenizer

Vectors = NDArray[np.float32]

LAYERS = 6
HEADS = 12
MAX_TOKENS = 256  # the model's training length (sentence_bert_config.json)
LAYER_NORM_EPS = 1e-12


class SentenceEncoder:
    """Mean-pooled, L2-normalised MiniLM sentence vectors (384 dimensions)."""

    def __init__(self, weights: Path, tokenizer: Path) -> None:
        self._w = load_file(str(weights))
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    @property
    def dimensions(self) -> int:
        return int(self._w["embeddings.word_embeddings.weight"].shape[1])

    def encode(self, texts: list[str], batch_size: int = 32) -> Vectors:
        """One row per text, in order; texts are batched by length so little is padding."""
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for i in range(0, len(order), batch_size):
            rows = order[i : i + batch_size]
            vectors[rows] = self._encode_batch([texts[r] for r in rows])
        return vectors

    def _encode_batch(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        hidden = self._embed(ids)
        for layer in range(LAYERS):
            hidden = self._layer(hidden, mask, f"encoder.layer.{layer}.")
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def _embed(self, ids: NDArray[np.int64]) -> Vectors:
        w = self._w
        positions = np.arange(ids.shape[1])
        summed = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        return self._norm(summed, "embeddings.LayerNorm.")

    def _layer(self, x: Vectors, mask: Vectors, prefix: str) -> Vectors:
        batch, length, width = x.shape
        head = width // HEADS

        def heads(name: str) -> Vectors:
            projected = self._linear(x, f"{prefix}attention.self.{name}.")
            return projected.reshape(batch, length, HEADS, head).transpose(0, 2, 1, 3)

        scores = heads("query") @ heads("key").transpose(0, 1, 3, 2) / math.sqrt(head)
        scores = scores + (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        weights = scores / scores.sum(axis=-1, keepdims=True)
        context = (weights @ heads("value")).transpose(0, 2, 1, 3).reshape(batch, length, width)
        attended = self._norm(
            self._linear(context, f"{prefix}attention.output.dense.") + x,
            f"{prefix}attention.output.LayerNorm.",
        )
        inner = _gelu(self._linear(attended, f"{prefix}intermediate.dense."))
        return self._norm(
            self._linear(inner, f"{prefix}output.dense.") + attended, f"{prefix}output.LayerNorm."
        )

    def _linear(self, x: Vectors, prefix: str) -> Vectors:
        result: Vectors = x @ self._w[f"{prefix}weight"].T + self._w[f"{prefix}bias"]
        return result

    def _norm(self, x: Vectors, prefix: str) -> Vectors:
        mean = x.mean(axis=-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        scaled = (x - mean) / np.sqrt(variance + LAYER_NORM_EPS)
        result: Vectors = scaled * self._w[f"{prefix}weight"] + self._w[f"{prefix}bias"]
        return result


def _gelu(x: Vectors) -> Vectors:
    """BERT's exact GELU, x * Phi(x)."""
    result: Vectors = 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))
    return result


# Numerical Recipes' Chebyshev fit of erfc, highest power of t first.
_ERFC_FIT = [
    0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807,
    -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223,
]  # fmt: skip


def _erf(x: Vectors) -> Vectors:
    """erf to within 1.2e-7: numpy has none, and scipy would be one more large
    dependency for one function."""
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    result: Vectors = np.sign(x) * (1.0 - t * np.exp(-z * z + np.polyval(_ERFC_FIT, t)))
    return result
