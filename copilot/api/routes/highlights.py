"""POST /v1/highlights: instant labelled spans for as-you-type feedback, no model call."""

from __future__ import annotations

from fastapi import APIRouter, Request

from copilot.api.deps import PromptsDep, SettingsDep
from copilot.api.middleware import elapsed_ms
from copilot.api.problems import PROBLEM_RESPONSES
from copilot.api.runs import NO_MODEL
from copilot.schemas.common import Checks, Meta, PromptRef, TokenUsage
from copilot.schemas.highlights import Highlight, HighlightsRequest, HighlightsResponse
from copilot.tasks.base import enforce_input_limit

router = APIRouter(prefix="/v1", tags=["copilot"], responses=PROBLEM_RESPONSES)


@router.post("/highlights", operation_id="create_highlights", response_model=HighlightsResponse)
async def create_highlights(
    body: HighlightsRequest, request: Request, settings: SettingsDep, prompts: PromptsDep
) -> HighlightsResponse:
    """Words that signal a barrier or call for a collaborative rewrite, found by the
    versioned cue patterns (prompts/cues) in about a millisecond."""
    enforce_input_limit(settings.max_chars, body.text)
    analyzer = prompts.cue_analyzer(body.prompt_version)
    highlights = [
        Highlight(label=h.label, kind=h.kind, start=h.start, end=h.end, quote=h.quote, why=h.why)
        for h in analyzer.find(body.text)
    ]
    meta = Meta(
        request_id=request.state.request_id,
        prompt=PromptRef(**analyzer.identity()),
        model=NO_MODEL,
        usage=TokenUsage(prompt_tokens=0, completion_tokens=0),
        latency_ms=elapsed_ms(request),
        checks=Checks(),
    )
    return HighlightsResponse(highlights=highlights, meta=meta)
