"""The draft score: one number an email add-in can show beside the draft, with its reasons.

Formula (documented in the README, kept here in one place):
    score = 100 - sum over labels of points(kind) x min(hits of the label, LABEL_CAP)
clamped to 0-100. A hit is a cue span, or a model finding (a barrier warning, a rewrite
change) that no cue hit of the same label overlaps, so one problem never counts twice.
Wording a rewrite would change costs more than a barrier the reader may never notice;
a repeated word is one habit, so each label counts at most LABEL_CAP times.

Readability is reported apart from the score: length and reading grade are about reply
rates, not about collaboration, and advice appears only when a draft is far from the
reply-friendly range (25-50 words at a 3rd-5th grade reading level get the most replies).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import textstat

HitKind = Literal["barrier", "rewrite_reason"]
POINTS: dict[HitKind, int] = {"rewrite_reason": 12, "barrier": 8}
LABEL_CAP = 2
REPLY_FRIENDLY_WORDS = (25, 50)
REPLY_FRIENDLY_GRADE = (3, 5)
ADVISE_OVER_WORDS = 100  # twice the upper end: clearly long, not a matter of taste
ADVISE_UNDER_WORDS = 10
ADVISE_OVER_GRADE = 8


@dataclass(frozen=True)
class Hit:
    label: str
    kind: HitKind
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Reason:
    label: str
    kind: HitKind
    hits: list[Hit]
    points: int


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    reading_grade: float


@dataclass(frozen=True)
class DraftScore:
    score: int
    reasons: list[Reason]
    readability: Readability
    advice: list[str]


def score_draft(text: str, cues: Iterable[Hit], findings: Iterable[Hit] = ()) -> DraftScore:
    """Score `text` from its cue hits and, when a model ran, its findings."""
    hits = _deduplicated(list(cues), list(findings))
    by_label: dict[tuple[str, HitKind], list[Hit]] = defaultdict(list)
    for hit in hits:
        by_label[(hit.label, hit.kind)].append(hit)
    reasons = [
        Reason(label, kind, found, POINTS[kind] * min(len(found), LABEL_CAP))
        for (label, kind), found in by_label.items()
    ]
    reasons.sort(key=lambda r: (-r.points, r.hits[0].start))
    score = max(0, 100 - sum(reason.points for reason in reasons))
    readability = measure(text)
    return DraftScore(score, reasons, readability, advice_for(readability))


def collaboration_score(text: str, cues: Iterable[Hit]) -> int:
    """The score alone, for before-and-after comparisons."""
    return score_draft(text, cues).score


def measure(text: str) -> Readability:
    words = textstat.lexicon_count(text)
    if not words:
        return Readability(0, 0, 0.0)
    grade = round(max(0.0, float(textstat.flesch_kincaid_grade(text))), 1)
    return Readability(words, textstat.sentence_count(text), grade)


def advice_for(readability: Readability) -> list[str]:
    low, high = REPLY_FRIENDLY_WORDS
    advice = []
    if readability.words > ADVISE_OVER_WORDS:
        advice.append(
            f"{readability.words} words: drafts of {low}-{high} words get the most replies; "
            "keep one ask and move the rest to a call or an attachment."
        )
    elif 0 < readability.words < ADVISE_UNDER_WORDS:
        advice.append(
            f"{readability.words} words: add the reason for writing and one clear question."
        )
    if readability.reading_grade > ADVISE_OVER_GRADE:
        low_grade, high_grade = REPLY_FRIENDLY_GRADE
        advice.append(
            f"Reading grade {readability.reading_grade:g}: grade {low_grade}-{high_grade} "
            "gets the most replies; use shorter sentences and everyday words."
        )
    return advice


def _deduplicated(cues: list[Hit], findings: list[Hit]) -> list[Hit]:
    """Cue hits, plus the findings that no cue hit of the same label overlaps."""
    kept = list(cues)
    for finding in findings:
        if not any(_same_problem(finding, hit) for hit in kept):
            kept.append(finding)
    return kept


def _same_problem(a: Hit, b: Hit) -> bool:
    return a.label == b.label and a.start < b.end and b.start < a.end
