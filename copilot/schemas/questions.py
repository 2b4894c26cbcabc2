"""POST /v1/questions: open probing questions grounded in the meeting context."""

from __future__ import annotations

from pydantic import Field

from copilot.schemas.common import ApiModel, EmailInput, Meta, PromptPinned, TextField
from copilot.schemas.labels import QuestionPurpose
from copilot.schemas.streaming import Streamable


class QuestionsRequest(Streamable, PromptPinned, EmailInput, TextField):
    context: str = Field(
        min_length=1,
        description="Notes about the upcoming meeting: customer, situation, history, goals.",
        examples=[
            "Renewal call with Dana Ortiz (COO, Brightline Logistics) on March 3. Usage of "
            "the routing module fell 30% since their merger in January."
        ],
    )
    count: int = Field(
        8, ge=1, le=15, strict=True, description="How many questions to return (1-15)."
    )


class Anchor(ApiModel):
    quote: str = Field(description="The sentence of the notes the question builds on.")
    start: int = Field(description="Offset of `quote` in `context`: context[start:end] == quote.")
    end: int = Field(description="End offset (exclusive) of `quote` in `context`.")


class Question(ApiModel):
    text: str = Field(description="The question, as the seller could ask it.")
    purpose: QuestionPurpose = Field(
        description="What the question uncovers (question_purpose label)."
    )
    why: str = Field(description="One sentence: why this question matters for this customer.")
    open: bool = Field(
        description="True when the question is open (not yes/no or either/or); decided by a "
        "deterministic check, not by the model."
    )
    anchor: Anchor | None = Field(
        None,
        description="The sentence of the notes this question builds on (the one sharing the "
        "most words with it), found by the service; null when it shares none.",
    )


class QuestionsResponse(ApiModel):
    questions: list[Question] = Field(description="The questions, duplicates removed.")
    meta: Meta = Field(
        description="Provenance: prompt, model, usage, latency and what the output checks did."
    )
