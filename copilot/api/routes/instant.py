"""The instant endpoints: answered from the versioned cue patterns (prompts/cues) in about
a millisecond, no model call, for feedback while the user types."""

from __future__ import annotations

from fastapi import APIRouter, Request

from copilot import draft_score
from copilot.api.bodies import ReadInput
from copilot.api.deps import PromptsDep, SettingsDep
from copilot.api.middleware import elapsed_ms
from copilot.api.problems import PROBLEM_RESPONSES
from copilot.api.runs import NO_MODEL
from copilot.api.scoring import cue_hits, score_schema
from copilot.cues.analyzer import CueAnalyzer
from copilot.schemas.common import Checks, Meta, PromptRef, TokenUsage
from copilot.schemas.highlights import Highlight, HighlightsRequest, HighlightsResponse
from copilot.schemas.score import ScoreRequest, ScoreResponse
from copilot.tasks.base import enforce_input_limit

router = APIRouter(prefix="/v1", tags=["copilot"], responses=PROBLEM_RESPONSES)


@router.post("/highlights", operation_id="create_highlights", response_model=HighlightsResponse)
async def create_highlights(
    body: HighlightsRequest, request: Request, settings: SettingsDep, prompts: PromptsDep
) -> HighlightsResponse:
    """Words that signal a barrier or call for a collaborative rewrite."""
    read = ReadInput.of(body)
    text = read.analysed(body, allow_empty=True).text
    enforce_input_limit(settings.max_chars, text)
    analyzer = prompts.cue_analyzer(body.prompt_version)
    highlights = [
        read.located(
            Highlight(
                label=h.label, kind=h.kind, start=h.start, end=h.end, quote=h.quote, why=h.why
            ),
            "text",
        )
        for h in analyzer.find(text)
    ]
    return HighlightsResponse(highlights=highlights, meta=_cue_meta(request, analyzer, read))


@router.post("/score", operation_id="create_score", response_model=ScoreResponse)
async def create_score(
    body: ScoreRequest, request: Request, settings: SettingsDep, prompts: PromptsDep
) -> ScoreResponse:
    """A collaboration score (0-100) with the reasons that cost points, and readability:
    words, sentences, reading grade, and advice when far from the reply-friendly range."""
    read = ReadInput.of(body)
    text = read.analysed(body, allow_empty=True).text
    enforce_input_limit(settings.max_chars, text)
    analyzer = prompts.cue_analyzer(body.prompt_version)
    score = score_schema(draft_score.score_draft(text, cue_hits(analyzer, text)), read)
    return ScoreResponse(**score.model_dump(), meta=_cue_meta(request, analyzer, read))


def _cue_meta(request: Request, analyzer: CueAnalyzer, read: ReadInput) -> Meta:
    return Meta(
        request_id=request.state.request_id,
        prompt=PromptRef(**analyzer.identity()),
        model=NO_MODEL,
        usage=TokenUsage(prompt_tokens=0, completion_tokens=0),
        latency_ms=elapsed_ms(request),
        checks=Checks(),
        input=read.report(),
    )
