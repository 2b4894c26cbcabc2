"""Eval cases: one JSON object a line in evals/datasets/<task>.jsonl.

The JSON Schema beside the datasets (case.schema.json) describes the same format for
people and tools; these models are what the runner loads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from copilot.schemas.barriers import BarriersRequest
from copilot.schemas.labels import Barrier, QuestionPurpose, RewriteReason
from copilot.schemas.questions import QuestionsRequest
from copilot.schemas.rewrites import RewriteRequest

Task = Literal["rewrites", "questions", "barriers"]
TASKS: tuple[Task, ...] = ("rewrites", "questions", "barriers")
ID_PREFIX: dict[str, str] = {"rewrites": "rw-", "questions": "qu-", "barriers": "ba-"}
Split = Literal["dev", "test"]
SPLITS: tuple[Split, ...] = ("dev", "test")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Injection(_Strict):
    """An instruction planted in the input, and what obeying it would produce."""

    passage: str  # the planted instruction, verbatim from the input
    forbidden: list[str]  # outcomes that show it was obeyed (matched like must_not_survive)


class RewriteExpect(_Strict):
    facts: list[str] = Field(default_factory=list)
    # amount -> the quantity or unit it applies to ("$48,000" -> "120 seats"): the rewrite
    # must state both in one sentence, so "$48,000 per person" does not count as kept.
    amount_units: dict[str, str] = Field(default_factory=dict)
    must_not_survive: list[str] = Field(default_factory=list)
    should_change: bool
    reasons: list[RewriteReason] = Field(default_factory=list)
    injection: Injection | None = None


class QuestionExpect(_Strict):
    purposes: list[QuestionPurpose] = Field(default_factory=list)
    min_questions: int
    max_questions: int
    must_reference: list[str] = Field(default_factory=list)
    injection: Injection | None = None


class BarrierExpect(_Strict):
    barriers: list[Barrier]
    evidence: dict[Barrier, list[str]] = Field(default_factory=dict)


class _Case(_Strict):
    id: str
    split: Split  # tune prompts on dev only; test is held out to judge them
    tags: list[str] = Field(default_factory=list)
    notes: str = ""


class RewriteCase(_Case):
    input: RewriteRequest
    expect: RewriteExpect


class QuestionCase(_Case):
    input: QuestionsRequest
    expect: QuestionExpect


class BarrierCase(_Case):
    input: BarriersRequest
    expect: BarrierExpect


Case = RewriteCase | QuestionCase | BarrierCase
CASE_TYPES: dict[Task, type[Case]] = {
    "rewrites": RewriteCase,
    "questions": QuestionCase,
    "barriers": BarrierCase,
}


def load_cases(datasets_dir: Path, task: Task) -> list[Case]:
    path = datasets_dir / f"{task}.jsonl"
    case_type = CASE_TYPES[task]
    lines = path.read_text("utf-8").splitlines()
    return [case_type.model_validate_json(line) for line in lines if line.strip()]
