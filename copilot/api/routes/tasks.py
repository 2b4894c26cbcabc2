"""The four POST endpoints; each is route -> task -> meta, nothing more."""

from __future__ import annotations

from fastapi import APIRouter, Request

from copilot import draft_score
from copilot.api.bodies import ReadInput
from copilot.api.deps import GatewayDep, PromptsDep, SettingsDep
from copilot.api.problems import PROBLEM_RESPONSES
from copilot.api.runs import run_meta, start_run
from copilot.api.scoring import cue_hits, finding_hits, score_schema, with_score_change
from copilot.schemas.barriers import BarriersRequest, BarriersResponse
from copilot.schemas.coach import CoachRequest, CoachResponse
from copilot.schemas.questions import QuestionsRequest, QuestionsResponse
from copilot.schemas.rewrites import RewriteRequest, RewritesResponse
from copilot.tasks.barriers import run_barriers
from copilot.tasks.base import enforce_input_limit
from copilot.tasks.coach import run_coach
from copilot.tasks.questions import run_questions
from copilot.tasks.rewrites import run_rewrites

router = APIRouter(prefix="/v1", tags=["copilot"], responses=PROBLEM_RESPONSES)


@router.post("/rewrites", operation_id="create_rewrites", response_model=RewritesResponse)
async def create_rewrites(
    body: RewriteRequest,
    request: Request,
    settings: SettingsDep,
    gateway: GatewayDep,
    prompts: PromptsDep,
) -> RewritesResponse:
    """Rewrite combative, blaming or win/lose language collaboratively, keeping every fact."""
    read = ReadInput.of(body)
    analysed = read.analysed(body)
    enforce_input_limit(settings.max_chars, analysed.text, analysed.context)
    run = start_run(gateway, prompts, "rewrites", body.prompt_version)
    rewrites = with_score_change(
        await run_rewrites(run, analysed), analysed.text, prompts.cue_analyzer(None)
    )
    return RewritesResponse(
        rewrites=[read.rewrite(rewrite) for rewrite in rewrites],
        meta=run_meta(request, run, read),
    )


@router.post("/questions", operation_id="create_questions", response_model=QuestionsResponse)
async def create_questions(
    body: QuestionsRequest,
    request: Request,
    settings: SettingsDep,
    gateway: GatewayDep,
    prompts: PromptsDep,
) -> QuestionsResponse:
    """Open probing questions that uncover goals, problems, opportunities, changes and risks."""
    read = ReadInput.of(body)
    analysed = read.analysed(body)
    enforce_input_limit(settings.max_chars, analysed.context)
    run = start_run(gateway, prompts, "questions", body.prompt_version)
    questions = await run_questions(run, analysed)
    return QuestionsResponse(
        questions=[read.question(question, "context") for question in questions],
        meta=run_meta(request, run, read),
    )


@router.post("/barriers", operation_id="create_barrier_warnings", response_model=BarriersResponse)
async def create_barrier_warnings(
    body: BarriersRequest,
    request: Request,
    settings: SettingsDep,
    gateway: GatewayDep,
    prompts: PromptsDep,
) -> BarriersResponse:
    """Warn about the seller's own barriers, each quoting the exact words that show it."""
    read = ReadInput.of(body)
    analysed = read.analysed(body)
    enforce_input_limit(settings.max_chars, analysed.text)
    run = start_run(gateway, prompts, "barriers", body.prompt_version)
    warnings = await run_barriers(run, analysed)
    return BarriersResponse(
        warnings=[read.located(warning, "text") for warning in warnings],
        meta=run_meta(request, run, read),
    )


@router.post("/coach", operation_id="create_coaching", response_model=CoachResponse)
async def create_coaching(
    body: CoachRequest,
    request: Request,
    settings: SettingsDep,
    gateway: GatewayDep,
    prompts: PromptsDep,
) -> CoachResponse:
    """Rewrite, questions and warnings in one response, from a single model call when checks pass."""
    read = ReadInput.of(body)
    analysed = read.analysed(body)
    enforce_input_limit(settings.max_chars, analysed.text, analysed.context)
    run = start_run(gateway, prompts, "coach", body.prompt_version)
    result = await run_coach(run, analysed)
    notes = "context" if analysed.context else "text"
    analyzer = prompts.cue_analyzer(None)
    score = draft_score.score_draft(
        analysed.text,
        cue_hits(analyzer, analysed.text),
        findings=finding_hits(result.warnings, result.rewrites),
    )
    rewrites = with_score_change(result.rewrites, analysed.text, analyzer)
    return CoachResponse(
        rewrites=[read.rewrite(rewrite) for rewrite in rewrites],
        questions=[read.question(question, notes) for question in result.questions],
        warnings=[read.located(warning, "text") for warning in result.warnings],
        score=score_schema(score, read),
        meta=run_meta(request, run, read),
    )
