"""POST /v1/highlights: labelled spans from the instant cues, no model involved."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from copilot.schemas.common import ApiModel, EmailDraft, Meta, PromptPinned, TextField


class HighlightsRequest(PromptPinned, EmailDraft, TextField):
    """`prompt_version` pins the cue file's version (a number or a label)."""

    text: str = Field(
        min_length=1,
        description="A draft email or meeting notes; analysed as sent, nothing is stored.",
        examples=["Your team has been dragging this out. Sign by Friday or we walk away."],
    )


class Highlight(ApiModel):
    label: str = Field(
        description="A `barrier` label (kind barrier) or a `rewrite_reason` label (kind "
        "rewrite_reason); us_vs_them exists in both sets."
    )
    kind: Literal["barrier", "rewrite_reason"] = Field(
        description="barrier: a barrier of the seller's own; rewrite_reason: wording a "
        "collaborative rewrite would change."
    )
    start: int = Field(
        description="Offset of `quote` in `text`, in Unicode code points (Python string "
        "indices): text[start:end] == quote."
    )
    end: int = Field(description="End offset (exclusive), in code points.")
    quote: str = Field(description="The exact words of the input that the cue matched.")
    why: str = Field(description="Why these words hurt the conversation, in one sentence.")


class HighlightsResponse(ApiModel):
    highlights: list[Highlight] = Field(
        description="Labelled spans in input order; the same words may carry several labels."
    )
    meta: Meta = Field(
        description="Provenance: the cue file's id, version and sha256 stand in `prompt`; "
        '`model` is "none".'
    )
