"""The instant endpoints: answered from the versioned cue patterns (prompts/cues) in about
a millisecond, no model call, for feedback while the user types."""

from __future__ import annotations

from fastapi import APIRouter, Request

from copilot import draft_score
from copilot.api.bodies import ReadInput
from copilot.api.deps import PromptsDep, SettingsDep
from copilot.api.highlighting import cue_meta, highlights_response
from copilot.api.problems import PROBLEM_RESPONSES
from copilot.api.scoring import cue_hits, score_schema
from copilot.schemas.highlights import HighlightsRequest, HighlightsResponse
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
    return highlights_response(request, read, "text", text, analyzer)


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
    return ScoreResponse(**score.model_dump(), meta=cue_meta(request, analyzer, read))
