"""The instant answer: cue highlights of one field, as /v1/highlights returns them and as
the first event of a streamed answer."""

from __future__ import annotations

from fastapi import Request

from copilot import draft_score
from copilot.api.bodies import Field, ReadInput
from copilot.api.middleware import elapsed_ms
from copilot.api.runs import NO_MODEL
from copilot.cues.analyzer import CueAnalyzer
from copilot.prompts import PromptRegistry
from copilot.schemas.common import Checks, Meta, PromptRef, TokenUsage
from copilot.schemas.highlights import Highlight, HighlightsResponse


def highlights_response(
    request: Request, read: ReadInput, field: Field, text: str, analyzer: CueAnalyzer
) -> HighlightsResponse:
    """The cues found in `text` (the analysed `field`), with offsets into `field` as sent."""
    highlights = [
        read.located(
            Highlight(
                label=h.label, kind=h.kind, start=h.start, end=h.end, quote=h.quote, why=h.why
            ),
            field,
        )
        for h in analyzer.find(text)
    ]
    return HighlightsResponse(highlights=highlights, meta=cue_meta(request, analyzer, read))


def cue_meta(request: Request, analyzer: CueAnalyzer, read: ReadInput) -> Meta:
    """The provenance of a cue-only answer: the cue file's version, no model."""
    return Meta(
        request_id=request.state.request_id,
        prompt=PromptRef(**analyzer.identity()),
        model=NO_MODEL,
        usage=TokenUsage(prompt_tokens=0, completion_tokens=0),
        latency_ms=elapsed_ms(request),
        checks=Checks(),
        input=read.report(),
    )


def warm_instant_answers(prompts: PromptRegistry) -> None:
    """Compile the stable cue file and load textstat's dictionaries at start-up (about 2.5 s
    on two cores), so the first keystroke's highlights and score come back at once.
    Blocking."""
    prompts.cue_analyzer(None)
    draft_score.measure("Thanks for the call. What would help your team next?")
