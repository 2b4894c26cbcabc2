"""The four model endpoints; each is route -> task -> presented findings -> meta, as one
JSON body or, with `stream: true`, as server-sent events."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from copilot import draft_score
from copilot.api.bodies import Field, ReadInput
from copilot.api.deps import GatewayDep, PromptsDep, SettingsDep
from copilot.api.highlighting import highlights_response
from copilot.api.presenting import Presenter
from copilot.api.problems import PROBLEM_RESPONSES
from copilot.api.runs import run_meta, start_run
from copilot.api.scoring import cue_hits, finding_hits, score_schema
from copilot.api.streaming import EventRelay, event_stream
from copilot.schemas.barriers import BarriersRequest, BarriersResponse
from copilot.schemas.coach import CoachRequest, CoachResponse
from copilot.schemas.questions import QuestionsRequest, QuestionsResponse
from copilot.schemas.rewrites import RewriteRequest, RewritesResponse
from copilot.schemas.streaming import STREAM_DESCRIPTION
from copilot.tasks.barriers import run_barriers
from copilot.tasks.base import TaskRun, enforce_input_limit
from copilot.tasks.coach import run_coach
from copilot.tasks.questions import run_questions
from copilot.tasks.rewrites import run_rewrites

STREAMED: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The answer; with `stream: true`, server-sent events.",
        "content": {
            "text/event-stream": {"schema": {"type": "string", "description": STREAM_DESCRIPTION}}
        },
    }
}
router = APIRouter(prefix="/v1", tags=["copilot"], responses={**PROBLEM_RESPONSES, **STREAMED})
Body = TypeVar("Body", bound=BaseModel)


async def _respond(
    stream: bool,
    request: Request,
    run: TaskRun,
    presenter: Presenter,
    highlighted: tuple[Field, str],
    answer: Callable[[], Awaitable[Body]],
) -> Body | Response:
    """The body, or the events that lead to it: highlights of `highlighted` (a field and
    its analysed text) first."""
    if not stream:
        return await answer()
    relay = EventRelay(request, presenter)
    run.listener = relay
    field, text = highlighted
    first = highlights_response(request, presenter.read, field, text, presenter.analyzer)
    return event_stream(relay, first, answer)


@router.post("/rewrites", operation_id="create_rewrites", response_model=RewritesResponse)
async def create_rewrites(
    body: RewriteRequest,
    request: Request,
    settings: SettingsDep,
    gateway: GatewayDep,
    prompts: PromptsDep,
) -> RewritesResponse | Response:
    """Rewrite combative, blaming or win/lose language collaboratively, keeping every fact."""
    read = ReadInput.of(body)
    analysed = read.analysed(body)
    enforce_input_limit(settings.max_chars, analysed.text, analysed.context)
    run = start_run(gateway, prompts, "rewrites", body.prompt_version)
    presenter = Presenter(read, analysed.text, prompts.cue_analyzer(None))

    async def answer() -> RewritesResponse:
        rewrites = await run_rewrites(run, analysed)
        run.part_done("rewrites", rewrites)
        return RewritesResponse(
            rewrites=presenter.rewrites(rewrites), meta=run_meta(request, run, read)
        )

    return await _respond(body.stream, request, run, presenter, ("text", analysed.text), answer)


@router.post("/questions", operation_id="create_questions", response_model=QuestionsResponse)
async def create_questions(
    body: QuestionsRequest,
    request: Request,
    settings: SettingsDep,
    gateway: GatewayDep,
    prompts: PromptsDep,
) -> QuestionsResponse | Response:
    """Open probing questions that uncover goals, problems, opportunities, changes and risks."""
    read = ReadInput.of(body)
    analysed = read.analysed(body)
    enforce_input_limit(settings.max_chars, analysed.context)
    run = start_run(gateway, prompts, "questions", body.prompt_version)
    presenter = Presenter(read, analysed.context, prompts.cue_analyzer(None), notes="context")

    async def answer() -> QuestionsResponse:
        questions = await run_questions(run, analysed)
        run.part_done("questions", questions)
        return QuestionsResponse(
            questions=presenter.questions(questions), meta=run_meta(request, run, read)
        )

    return await _respond(
        body.stream, request, run, presenter, ("context", analysed.context), answer
    )


@router.post("/barriers", operation_id="create_barrier_warnings", response_model=BarriersResponse)
async def create_barrier_warnings(
    body: BarriersRequest,
    request: Request,
    settings: SettingsDep,
    gateway: GatewayDep,
    prompts: PromptsDep,
) -> BarriersResponse | Response:
    """Warn about the seller's own barriers, each quoting the exact words that show it."""
    read = ReadInput.of(body)
    analysed = read.analysed(body)
    enforce_input_limit(settings.max_chars, analysed.text)
    run = start_run(gateway, prompts, "barriers", body.prompt_version)
    presenter = Presenter(read, analysed.text, prompts.cue_analyzer(None))

    async def answer() -> BarriersResponse:
        warnings = await run_barriers(run, analysed)
        run.part_done("warnings", warnings)
        return BarriersResponse(
            warnings=presenter.warnings(warnings), meta=run_meta(request, run, read)
        )

    return await _respond(body.stream, request, run, presenter, ("text", analysed.text), answer)


@router.post("/coach", operation_id="create_coaching", response_model=CoachResponse)
async def create_coaching(
    body: CoachRequest,
    request: Request,
    settings: SettingsDep,
    gateway: GatewayDep,
    prompts: PromptsDep,
) -> CoachResponse | Response:
    """Rewrite, questions and warnings in one response: from one model call (coach@1), or
    from the single endpoints' pieces (coach@2+), whose stream sends the warnings before
    any model call, then the rewrite, then the questions."""
    read = ReadInput.of(body)
    analysed = read.analysed(body)
    enforce_input_limit(settings.max_chars, analysed.text, analysed.context)
    run = start_run(gateway, prompts, "coach", body.prompt_version)
    notes: Field = "context" if analysed.context else "text"
    presenter = Presenter(read, analysed.text, prompts.cue_analyzer(None), notes=notes)

    async def answer() -> CoachResponse:
        result = await run_coach(run, analysed)
        score = draft_score.score_draft(
            analysed.text,
            cue_hits(presenter.analyzer, analysed.text),
            findings=finding_hits(result.warnings, result.rewrites),
        )
        return CoachResponse(
            rewrites=presenter.rewrites(result.rewrites),
            questions=presenter.questions(result.questions),
            warnings=presenter.warnings(result.warnings),
            score=score_schema(score, read),
            meta=run_meta(request, run, read),
        )

    return await _respond(body.stream, request, run, presenter, ("text", analysed.text), answer)
