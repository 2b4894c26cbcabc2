"""The draft score at the API's edge: cue hits and model findings in, the schema out with
offsets into what the caller sent."""

from __future__ import annotations

from copilot import draft_score
from copilot.api.bodies import ReadInput
from copilot.cues.analyzer import CueAnalyzer
from copilot.schemas.barriers import BarrierWarning
from copilot.schemas.rewrites import Rewrite
from copilot.schemas.score import DraftScore, Readability, ScoreChange, ScoredSpan, ScoreReason


def cue_hits(analyzer: CueAnalyzer, text: str) -> list[draft_score.Hit]:
    return [
        draft_score.Hit(hit.label, hit.kind, hit.start, hit.end, hit.quote)
        for hit in analyzer.find(text)
    ]


def finding_hits(warnings: list[BarrierWarning], rewrites: list[Rewrite]) -> list[draft_score.Hit]:
    """Barrier warnings and the first rewrite's changes, as hits on the analysed text."""
    hits = [draft_score.Hit(w.barrier, "barrier", w.start, w.end, w.evidence) for w in warnings]
    for change in rewrites[0].changes if rewrites else []:
        hits.append(
            draft_score.Hit(
                change.reason, "rewrite_reason", change.start, change.end, change.original
            )
        )
    return hits


def score_schema(score: draft_score.DraftScore, read: ReadInput) -> DraftScore:
    reasons = [
        ScoreReason(
            label=reason.label,
            kind=reason.kind,
            count=len(reason.hits),
            points=reason.points,
            spans=[
                read.located(ScoredSpan(quote=h.quote, start=h.start, end=h.end), "text")
                for h in reason.hits
            ],
        )
        for reason in score.reasons
    ]
    readability = score.readability
    return DraftScore(
        score=score.score,
        reasons=reasons,
        readability=Readability(
            words=readability.words,
            sentences=readability.sentences,
            reading_grade=readability.reading_grade,
        ),
        advice=score.advice,
    )


def with_score_change(rewrites: list[Rewrite], draft: str, analyzer: CueAnalyzer) -> list[Rewrite]:
    """Each rewrite (of the analysed draft, before it goes back to the sent format) with
    the collaboration score of the draft and of the rewrite."""
    before = draft_score.collaboration_score(draft, cue_hits(analyzer, draft))
    return [
        rewrite.model_copy(
            update={
                "score": ScoreChange(
                    before=before,
                    after=draft_score.collaboration_score(
                        rewrite.text, cue_hits(analyzer, rewrite.text)
                    ),
                )
            }
        )
        for rewrite in rewrites
    ]
