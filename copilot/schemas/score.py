"""POST /v1/score: a collaboration score with its reasons, and readability."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from copilot.schemas.common import ApiModel, EmailDraft, Meta, PromptPinned, TextField


class ScoreRequest(PromptPinned, EmailDraft, TextField):
    """`prompt_version` pins the cue file's version (a number or a label)."""

    text: str = Field(
        min_length=1,
        description="A draft email (or talking points); analysed as sent, nothing is stored.",
        examples=["Your team has been dragging this out. Sign by Friday or we walk away."],
    )


class ScoredSpan(ApiModel):
    quote: str = Field(description="The words that cost points.")
    start: int = Field(description="Offset of the words in `text` as sent, in `offset_unit`.")
    end: int = Field(description="End offset (exclusive), in `offset_unit`.")


class ScoreReason(ApiModel):
    label: str = Field(description="A barrier or rewrite_reason label.")
    kind: Literal["barrier", "rewrite_reason"] = Field(description="Which label set it is from.")
    count: int = Field(description="How many times the draft shows it.")
    points: int = Field(
        description="Points it costs: 12 per rewrite_reason hit, 8 per barrier hit, at most "
        "two hits per label."
    )
    spans: list[ScoredSpan] = Field(description="Where the draft shows it.")


class Readability(ApiModel):
    words: int = Field(description="Words of the draft (quoted thread and signature left out).")
    sentences: int = Field(description="Sentences of the draft.")
    reading_grade: float = Field(
        description="Flesch-Kincaid grade level (textstat): the school grade that reads it easily."
    )


class DraftScore(ApiModel):
    score: int = Field(
        ge=0,
        le=100,
        description="Collaboration score, 0-100: 100 minus the points of every reason.",
    )
    reasons: list[ScoreReason] = Field(description="What cost points, the costliest first.")
    readability: Readability = Field(description="Length and reading grade of the draft.")
    advice: list[str] = Field(
        description="Advice when the draft is far from the reply-friendly range (25-50 words, "
        "grade 3-5): over 100 words, under 10, or above grade 8; empty otherwise."
    )


class ScoreChange(ApiModel):
    before: int = Field(ge=0, le=100, description="Collaboration score of the draft as sent.")
    after: int = Field(ge=0, le=100, description="Collaboration score of the rewrite.")


class ScoreResponse(DraftScore):
    meta: Meta = Field(
        description="Provenance: the cue file's id, version and sha256 stand in `prompt`; "
        '`model` is "none".'
    )
