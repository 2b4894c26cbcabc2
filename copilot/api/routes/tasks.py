"""The four POST endpoints; each is route -> task -> meta, nothing more."""

from __future__ import annotations

from fastapi import APIRouter, Request

from copilot.api.deps import GatewayDep, PromptsDep, SettingsDep
from copilot.api.problems import PROBLEM_RESPONSES
from copilot.api.runs import run_meta, start_run
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
    enforce_input_limit(settings.max_chars, body.text, body.context)
    run = start_run(gateway, prompts, "rewrites", body.prompt_version)
    rewrites = await run_rewrites(run, body)
    return RewritesResponse(rewrites=rewrites, meta=run_meta(request, run))


@router.post("/questions", operation_id="create_questions", response_model=QuestionsResponse)
async def create_questions(
    body: QuestionsRequest,
    request: Request,
    settings: SettingsDep,
    gateway: GatewayDep,
    prompts: PromptsDep,
) -> QuestionsResponse:
    """Open probing questions that uncover goals, problems, opportunities, changes and risks."""
    enforce_input_limit(settings.max_chars, body.context)
    run = start_run(gateway, prompts, "questions", body.prompt_version)
    questions = await run_questions(run, body)
    return QuestionsResponse(questions=questions, meta=run_meta(request, run))


@router.post("/barriers", operation_id="create_barrier_warnings", response_model=BarriersResponse)
async def create_barrier_warnings(
    body: BarriersRequest,
    request: Request,
    settings: SettingsDep,
    gateway: GatewayDep,
    prompts: PromptsDep,
) -> BarriersResponse:
    """Warn about the seller's own barriers, each quoting the exact words that show it."""
    enforce_input_limit(settings.max_chars, body.text)
    run = start_run(gateway, prompts, "barriers", body.prompt_version)
    warnings = await run_barriers(run, body)
    return BarriersResponse(warnings=warnings, meta=run_meta(request, run))


@router.post("/coach", operation_id="create_coaching", response_model=CoachResponse)
async def create_coaching(
    body: CoachRequest,
    request: Request,
    settings: SettingsDep,
    gateway: GatewayDep,
    prompts: PromptsDep,
) -> CoachResponse:
    """Rewrite, questions and warnings in one response, from a single model call when checks pass."""
    enforce_input_limit(settings.max_chars, body.text, body.context)
    run = start_run(gateway, prompts, "coach", body.prompt_version)
    result = await run_coach(run, body)
    return CoachResponse(
        rewrites=result.rewrites,
        questions=result.questions,
        warnings=result.warnings,
        meta=run_meta(request, run),
    )
