"""Probing questions: the model proposes, deterministic checks judge openness, near
duplicates and the sentence of the notes each question builds on."""

from __future__ import annotations

from pydantic import BaseModel

from copilot.checks import is_open_question, normalise_question
from copilot.checks.anchors import find_anchor, near_duplicate
from copilot.checks.instructions import find_instructions, without_instructions
from copilot.schemas.common import Checks
from copilot.schemas.labels import QuestionPurpose
from copilot.schemas.questions import Anchor, Question, QuestionsRequest
from copilot.tasks.base import TaskRun, with_exact_count
from copilot.tasks.question_selection import keep_best


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


class ReopenedQuestion(BaseModel):
    """An open rewrite of one closed question."""

    q: str


async def run_questions(run: TaskRun, request: QuestionsRequest) -> list[Question]:
    """Purpose first (questions@3+: `why` from the prompt file) or all fields from the model.
    With `extra` (questions@4+), that many more are asked for and the weakest left out.
    With `withhold_instructions` (questions@7), text addressed to the assistant never
    reaches the model."""
    notes = _notes_for_model(run, request.context)
    if run.pipeline.get("kind") == "purpose_first":
        extra = int(run.pipeline.get("extra", 0))
        drafts = await _purpose_first(run, notes, request.count + extra)
        questions = finish_questions(drafts, run.checks, request.context, keep=request.count)
        if run.pipeline.get("reopen"):
            questions = await reopen_closed(run, request, questions, notes)
        return questions
    completion = await run.ask(
        with_exact_count(QuestionDrafts, "questions", request.count),
        context=notes,
        count=request.count,
    )
    return finish_questions(completion.output.questions, run.checks, request.context)


def _notes_for_model(run: TaskRun, notes: str) -> str:
    """The notes as the model sees them. Offsets in the response always index the notes
    as sent; only the model's copy loses the passages addressed to it."""
    if not run.pipeline.get("withhold_instructions"):
        return notes
    passages = find_instructions(notes)
    run.checks.instructions_withheld += len(passages)
    return without_instructions(notes, passages) if passages else notes


async def _purpose_first(run: TaskRun, notes: str, count: int) -> list[DraftQuestion]:
    completion = await run.ask(
        with_exact_count(PurposeFirstDrafts, "questions", count),
        context=notes,
        count=count,
    )
    why: dict[str, str] = run.pipeline["why"]
    return [
        DraftQuestion(text=draft.q, purpose=draft.p, why=why[draft.p.value])
        for draft in completion.output.questions
    ]


def finish_questions(
    drafts: list[DraftQuestion], checks: Checks, notes: str, keep: int | None = None
) -> list[Question]:
    """Drop blanks and near duplicates; `open` and the anchor are decided here, never by
    the model; with `keep`, only that many of the strongest remain."""
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
        questions.append(
            Question(
                text=text,
                purpose=draft.purpose,
                why=draft.why.strip(),
                open=is_open_question(text),
                anchor=_anchor(text, notes),
            )
        )
    if keep is not None:
        kept_questions = keep_best(questions, keep, notes)
        checks.surplus_dropped += len(questions) - len(kept_questions)
        questions = kept_questions
    checks.closed_questions += sum(not question.open for question in questions)
    return questions


async def reopen_closed(
    run: TaskRun, request: QuestionsRequest, questions: list[Question], notes: str
) -> list[Question]:
    """One short call per closed question among those kept: the model rewrites it as an
    open one. A rewrite that is still closed, or repeats another question, leaves the
    original in place."""
    result = list(questions)
    for index, question in enumerate(questions):
        if question.open:
            continue
        answer = await run.ask_optional(
            ReopenedQuestion,
            "reopen",
            context=notes,
            count=request.count,
            question=question.text,
        )
        rewrite = answer.output.q.strip() if answer else ""
        others = [q.text for q in result if q is not result[index]]
        if rewrite and is_open_question(rewrite) and not near_duplicate(rewrite, others):
            result[index] = question.model_copy(
                update={"text": rewrite, "open": True, "anchor": _anchor(rewrite, request.context)}
            )
            run.checks.closed_questions -= 1
            run.checks.questions_reopened += 1
    return result


def _anchor(question: str, notes: str) -> Anchor | None:
    sentence = find_anchor(question, notes)
    if sentence is None:
        return None
    return Anchor(quote=sentence.text, start=sentence.start, end=sentence.end)
