"""POST /v1/rewrites: combative language turned collaborative, facts kept."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from copilot.schemas.common import ApiModel, EmailDraft, Meta, PromptPinned, TextField
from copilot.schemas.labels import RewriteReason
from copilot.schemas.score import ScoreChange
from copilot.schemas.streaming import Streamable

FactKindOut = Literal["amount", "percentage", "date", "time", "name", "email", "url", "number"]


class RewriteRequest(Streamable, PromptPinned, EmailDraft, TextField):
    text: str = Field(
        min_length=1,
        description="The draft email or talking points to rewrite.",
        examples=[
            "If you can't sign by Friday the 20% discount is gone. Your team has wasted "
            "three weeks already."
        ],
    )
    context: str | None = Field(
        None,
        description="Optional background: who the customer is, history, the goal of the message.",
    )
    variants: int = Field(
        1, ge=1, le=3, strict=True, description="How many alternative rewrites to return (1-3)."
    )


class Change(ApiModel):
    original: str = Field(description="The exact words of the input that were changed.")
    replacement: str = Field(description="What replaced them in the rewrite.")
    reason: RewriteReason = Field(description="Why the words were changed (rewrite_reason label).")
    start: int = Field(
        description="Offset of `original` in the input: text[start:end] == original."
    )
    end: int = Field(description="End offset (exclusive) of `original` in the input.")


class Fact(ApiModel):
    text: str = Field(description="The fact as written in the input.")
    kind: FactKindOut = Field(description="What kind of fact it is.")
    start: int = Field(description="Offset of the fact in the input.")
    end: int = Field(description="End offset (exclusive) of the fact in the input.")


class FactReport(ApiModel):
    kept: list[Fact] = Field(description="Facts of the input that survived in the rewrite.")
    missing: list[Fact] = Field(
        description="Facts of the input the rewrite lost, even after one re-ask naming them."
    )


class Rewrite(ApiModel):
    text: str = Field(description="The collaborative rewrite.")
    changes: list[Change] = Field(
        description="Each change, grounded in the input, with its reason."
    )
    facts: FactReport = Field(description="Which facts of the input the rewrite kept or lost.")
    summary: str | None = Field(
        None,
        description="What was decided, in one sentence: which sentences changed and why, or "
        "why the draft was left as written (prompt versions that decide first).",
    )
    score: ScoreChange | None = Field(
        None,
        description="Collaboration score (as /v1/score computes it from the cues) of the draft "
        "and of this rewrite.",
    )


class RewritesResponse(ApiModel):
    rewrites: list[Rewrite] = Field(description="One rewrite per requested variant.")
    meta: Meta = Field(
        description="Provenance: prompt, model, usage, latency and what the output checks did."
    )
