"""All three capabilities from one model call, checked exactly as the single tasks are."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from copilot.schemas.barriers import BarrierWarning
from copilot.schemas.coach import CoachRequest
from copilot.schemas.questions import Question
from copilot.schemas.rewrites import Rewrite
from copilot.tasks.barriers import MAX_WARNINGS, DraftWarning, finish_warnings
from copilot.tasks.base import TaskRun
from copilot.tasks.questions import DraftQuestion, finish_questions
from copilot.tasks.rewrites import DraftRewrite, finish_rewrite, keep_facts

COACH_QUESTIONS = 5


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
    completion = await run.ask(
        CoachDraft, text=request.text, context=request.context or "", count=COACH_QUESTIONS
    )
    drafts = await keep_facts(run, completion, request.text)
    output = completion.output
    return CoachResult(
        rewrites=[finish_rewrite(draft, request.text, run.checks) for draft in drafts],
        questions=finish_questions(output.questions, run.checks),
        warnings=finish_warnings(output.warnings, request.text, run.checks),
    )
