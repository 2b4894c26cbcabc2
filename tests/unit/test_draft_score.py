"""The documented score formula and the readability advice."""

from __future__ import annotations

from copilot.draft_score import Hit, advice_for, measure, score_draft


def _hit(label: str, kind: str, start: int, end: int = 0) -> Hit:
    return Hit(label, kind, start, end or start + 4, "word")  # type: ignore[arg-type]


def test_a_clean_draft_scores_100_without_advice() -> None:
    text = (
        "Hi Dana, thanks for walking me through the rollout on Tuesday. Could we find thirty "
        "minutes next week to look at the pilot numbers together? I can send a short summary "
        "first."
    )
    score = score_draft(text, [])
    assert score.score == 100 and score.reasons == [] and score.advice == []
    assert 25 <= score.readability.words <= 50


def test_points_per_kind_capped_per_label_costliest_first() -> None:
    cues = [
        _hit("blame", "rewrite_reason", 0),
        _hit("blame", "rewrite_reason", 10),
        _hit("blame", "rewrite_reason", 20),
        _hit("impatience", "barrier", 30),
    ]
    score = score_draft("text " * 20, cues)
    assert [(r.label, len(r.hits), r.points) for r in score.reasons] == [
        ("blame", 3, 24),
        ("impatience", 1, 8),
    ]
    assert score.score == 100 - 24 - 8


def test_a_finding_on_a_cue_of_the_same_label_counts_once() -> None:
    cue = _hit("ultimatum", "rewrite_reason", 5, 30)
    same = _hit("ultimatum", "rewrite_reason", 10, 40)
    other = _hit("blame", "rewrite_reason", 10, 40)
    score = score_draft("text " * 20, [cue], findings=[same, other])
    assert sorted((r.label, len(r.hits)) for r in score.reasons) == [
        ("blame", 1),
        ("ultimatum", 1),
    ]


def test_the_score_never_goes_below_zero() -> None:
    labels = [f"label{i}" for i in range(10)]
    cues = [_hit(label, "rewrite_reason", i) for i, label in enumerate(labels)]
    assert score_draft("text", cues).score == 0


def test_advice_only_far_from_the_reply_friendly_range() -> None:
    long_hard = (
        "Notwithstanding the aforementioned organisational considerations, our comprehensive "
        "implementation methodology necessitates substantial preliminary consultation. "
    ) * 8
    readability = measure(long_hard)
    advice = advice_for(readability)
    assert readability.words > 100 and readability.reading_grade > 8
    assert len(advice) == 2 and "words" in advice[0] and "grade" in advice[1]
    assert advice_for(measure("Thanks!")) and "words" in advice_for(measure("Thanks!"))[0]
    assert measure("").words == 0 and advice_for(measure("")) == []
