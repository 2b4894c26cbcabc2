"""All three capabilities from one model call, checked exactly as the single tasks are."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from copilot.schemas.barriers import BarriersRequest, BarrierWarning
from copilot.schemas.coach import CoachRequest
from copilot.schemas.questions import Question, QuestionsRequest
from copilot.schemas.rewrites import Rewrite, RewriteRequest
from copilot.tasks.barriers import MAX_WARNINGS, DraftWarning, finish_warnings, run_barriers
from copilot.tasks.base import TaskRun
from copilot.tasks.questions import DraftQuestion, finish_questions, run_questions
from copilot.tasks.rewrites import DraftRewrite, finish_rewrite, keep_facts, run_rewrites

COACH_QUESTIONS = 5
PIECES = ("barriers", "rewrites", "questions")


class CoachDraft(BaseModel):
    warnings: list[DraftWarning] = Field(max_length=MAX_WARNINGS)
    rewrites: list[DraftRewrite] = Field(min_length=1, max_length=1)
    questions: list[DraftQuestion] = Field(min_length=COACH_QUESTIONS, max_length=COACH_QUESTIONS)


@dataclass
class CoachResult:
    rewrites: list[Rewrite]
    questions: list[Question]
    warnings: list[BarrierWarning]


async def run_coach(run: TaskRun, request: CoachRequest) -> CoachResult:
    """From the single endpoints' pieces (coach@2+) or from one call for everything (v1)."""
    if run.pipeline.get("kind") == "pieces":
        return await _from_pieces(run, request)
    completion = await run.ask(
        CoachDraft, text=request.text, context=request.context or "", count=COACH_QUESTIONS
    )
    drafts = await keep_facts(run, completion, request.text)
    output = completion.output
    result = CoachResult(
        rewrites=[finish_rewrite(draft, request.text, run.checks) for draft in drafts],
        questions=finish_questions(output.questions, run.checks, request.context or request.text),
        warnings=finish_warnings(output.warnings, request.text, run.checks),
    )
    run.part_done("warnings", result.warnings)
    run.part_done("rewrites", result.rewrites)
    run.part_done("questions", result.questions)
    return result


async def _from_pieces(run: TaskRun, request: CoachRequest) -> CoachResult:
    """Each part runs the prompt version the coach file pins, sharing this run's usage and
    checks; warnings first (no model), so they survive a failure of the later calls."""
    registry = run.require_registry()
    pieces = {name: run.piece(registry.get(name, run.pipeline[name])) for name in PIECES}
    run.pieces = [pieces[name].prompt for name in PIECES]
    warnings = await run_barriers(pieces["barriers"], BarriersRequest(text=request.text))
    run.part_done("warnings", warnings)
    rewrites = await run_rewrites(
        pieces["rewrites"], RewriteRequest(text=request.text, context=request.context)
    )
    run.part_done("rewrites", rewrites)
    notes = f"{request.context}\n\n{request.text}" if request.context else request.text
    count = int(run.pipeline.get("question_count", COACH_QUESTIONS))
    questions = await run_questions(
        pieces["questions"], QuestionsRequest(context=notes, count=count)
    )
    run.part_done("questions", questions)
    run.degraded = any(p.degraded for p in pieces.values())
    return CoachResult(rewrites=rewrites, questions=questions, warnings=warnings)
