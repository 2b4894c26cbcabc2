"""POST /v1/barriers: the seller's own barriers to a good conversation."""

from __future__ import annotations

from pydantic import Field

from copilot.schemas.common import ApiModel, EmailDraft, Meta, PromptPinned, TextField
from copilot.schemas.labels import Barrier, Severity
from copilot.schemas.streaming import Streamable


class BarriersRequest(Streamable, PromptPinned, EmailDraft, TextField):
    text: str = Field(
        min_length=1,
        description="Meeting notes or a draft email written by the seller.",
        examples=["Haven't read their annual report, I'll wing it. I need this deal to hit quota."],
    )


class BarrierWarning(ApiModel):
    barrier: Barrier = Field(description="Which barrier the words show (barrier label).")
    severity: Severity = Field(description="How much it is likely to hurt the conversation.")
    evidence: str = Field(description="The exact words of the input that show the barrier.")
    start: int = Field(
        description="Offset of `evidence` in the input: text[start:end] == evidence."
    )
    end: int = Field(description="End offset (exclusive) of `evidence` in the input.")
    why: str = Field(description="Why it hurts the conversation.")
    instead: str = Field(description="What to do instead.")


class BarriersResponse(ApiModel):
    warnings: list[BarrierWarning] = Field(
        description="Barriers found, in input order; empty when none."
    )
    meta: Meta = Field(
        description="Provenance: prompt, model, usage, latency and what the output checks did."
    )
