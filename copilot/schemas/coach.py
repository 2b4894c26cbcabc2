"""POST /v1/coach: rewrites, questions and warnings in one response (email add-ins)."""

from __future__ import annotations

from pydantic import Field

from copilot.schemas.barriers import BarrierWarning
from copilot.schemas.common import ApiModel, EmailDraft, Meta, PromptPinned, TextField
from copilot.schemas.questions import Question
from copilot.schemas.rewrites import Rewrite
from copilot.schemas.score import DraftScore
from copilot.schemas.streaming import Streamable


class CoachRequest(Streamable, PromptPinned, EmailDraft, TextField):
    text: str = Field(min_length=1, description="The draft email or meeting notes.")
    context: str | None = Field(None, description="Optional background on the customer and goal.")


class CoachResponse(ApiModel):
    rewrites: list[Rewrite] = Field(description="One collaborative rewrite of `text`.")
    questions: list[Question] = Field(description="Probing questions for the conversation.")
    warnings: list[BarrierWarning] = Field(description="Barriers shown by `text`.")
    score: DraftScore = Field(
        description="The draft's score, counted from the cues and this response's findings."
    )
    meta: Meta = Field(
        description="Provenance: prompt, model, usage, latency and what the output checks did."
    )
