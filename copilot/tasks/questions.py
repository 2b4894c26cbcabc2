"""Probing questions: the model proposes, deterministic checks judge openness, near
duplicates and the sentence of the notes each question builds on."""

from __future__ import annotations

from pydantic import BaseModel

from copilot.checks import is_open_question, normalise_question
from copilot.checks.anchors import find_anchor, near_duplicate
from copilot.schemas.common import Checks
from copilot.schemas.labels import QuestionPurpose
from copilot.schemas.questions import Anchor, Question, QuestionsRequest
from copilot.tasks.base import TaskRun, with_exact_count


class DraftQuestion(BaseModel):
    text: str
    purpose: QuestionPurpose
    why: str


class QuestionDrafts(BaseModel):
    questions: list[DraftQuestion]


class PurposeFirstQuestion(BaseModel):
    """Short keys, purpose before question: fewer tokens, and the question follows its
    purpose. (A third key for the words of the notes it builds on made the 1.5B model copy
    whole paragraphs into it until max_tokens on the dev split.)"""

    p: QuestionPurpose
    q: str


class PurposeFirstDrafts(BaseModel):
    questions: list[PurposeFirstQuestion]


async def run_questions(run: TaskRun, request: QuestionsRequest) -> list[Question]:
    """Purpose first (questions@3+: `why` from the prompt file) or all fields from the model."""
    if run.pipeline.get("kind") == "purpose_first":
        drafts = await _purpose_first(run, request)
    else:
        completion = await run.ask(
            with_exact_count(QuestionDrafts, "questions", request.count),
            context=request.context,
            count=request.count,
        )
        drafts = completion.output.questions
    return finish_questions(drafts, run.checks, request.context)


async def _purpose_first(run: TaskRun, request: QuestionsRequest) -> list[DraftQuestion]:
    completion = await run.ask(
        with_exact_count(PurposeFirstDrafts, "questions", request.count),
        context=request.context,
        count=request.count,
    )
    why: dict[str, str] = run.pipeline["why"]
    return [
        DraftQuestion(text=draft.q, purpose=draft.p, why=why[draft.p.value])
        for draft in completion.output.questions
    ]


def finish_questions(drafts: list[DraftQuestion], checks: Checks, notes: str) -> list[Question]:
    """Drop blanks and near duplicates; `open` and the anchor are decided here, never by
    the model."""
    kept: list[str] = []
    keys: set[str] = set()
    questions: list[Question] = []
    for draft in drafts:
        text = draft.text.strip()
        key = normalise_question(text)
        if not key:
            checks.invalid_dropped += 1
            continue
        if key in keys or near_duplicate(text, kept):
            checks.duplicates_merged += 1
            continue
        kept.append(text)
        keys.add(key)
        is_open = is_open_question(text)
        checks.closed_questions += int(not is_open)
        questions.append(
            Question(
                text=text,
                purpose=draft.purpose,
                why=draft.why.strip(),
                open=is_open,
                anchor=_anchor(text, notes),
            )
        )
    return questions


def _anchor(question: str, notes: str) -> Anchor | None:
    sentence = find_anchor(question, notes)
    if sentence is None:
        return None
    return Anchor(quote=sentence.text, start=sentence.start, end=sentence.end)
