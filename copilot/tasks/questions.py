"""Probing questions: the model proposes, deterministic checks judge openness and duplicates."""

from __future__ import annotations

from pydantic import BaseModel

from copilot.checks import is_open_question, normalise_question
from copilot.schemas.common import Checks
from copilot.schemas.labels import QuestionPurpose
from copilot.schemas.questions import Question, QuestionsRequest
from copilot.tasks.base import TaskRun, with_exact_count


class DraftQuestion(BaseModel):
    text: str
    purpose: QuestionPurpose
    why: str


class QuestionDrafts(BaseModel):
    questions: list[DraftQuestion]


async def run_questions(run: TaskRun, request: QuestionsRequest) -> list[Question]:
    completion = await run.ask(
        with_exact_count(QuestionDrafts, "questions", request.count),
        context=request.context,
        count=request.count,
    )
    return finish_questions(completion.output.questions, run.checks)


def finish_questions(drafts: list[DraftQuestion], checks: Checks) -> list[Question]:
    """Drop blanks and duplicates; `open` is decided here, never by the model."""
    seen: set[str] = set()
    questions: list[Question] = []
    for draft in drafts:
        key = normalise_question(draft.text)
        if not key:
            checks.invalid_dropped += 1
            continue
        if key in seen:
            checks.duplicates_merged += 1
            continue
        seen.add(key)
        is_open = is_open_question(draft.text)
        checks.closed_questions += int(not is_open)
        questions.append(
            Question(
                text=draft.text.strip(), purpose=draft.purpose, why=draft.why.strip(), open=is_open
            )
        )
    return questions
