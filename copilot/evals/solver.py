"""Run one eval case through the same task code the API uses."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from copilot.errors import CopilotError
from copilot.evals.cases import BarrierCase, Case, QuestionCase, RewriteCase
from copilot.llm import Gateway
from copilot.prompts import DataFile, PromptRegistry, PromptTemplate
from copilot.tasks.barrier_sentences import cue_warnings
from copilot.tasks.barriers import run_barriers
from copilot.tasks.base import TaskRun, enforce_input_limit
from copilot.tasks.questions import run_questions
from copilot.tasks.rewrites import run_rewrites


@dataclass
class CaseOutput:
    """What the service would have answered for this case (or the error it would have given)."""

    case_id: str
    output: dict[str, Any] | None
    checks: dict[str, Any] = field(default_factory=dict)
    usage: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    error_status: int | None = None
    latency_ms: int = 0
    judgement: dict[str, Any] | None = None  # the LLM judge's scores, when a judge ran


async def solve(
    case: Case,
    gateway: Gateway,
    prompt: PromptTemplate,
    max_chars: int,
    registry: PromptRegistry | None = None,
    rule: str | None = None,
) -> CaseOutput:
    overrides = {"rule": rule} if rule else {}
    run = TaskRun(gateway=gateway, prompt=prompt, registry=registry, pipeline_overrides=overrides)
    started = time.perf_counter()
    try:
        output = await _answer(case, run, max_chars)
    except CopilotError as exc:
        return CaseOutput(
            case.id,
            None,
            run.checks.model_dump(),
            _usage(run),
            f"{exc.slug}: {exc.detail}",
            exc.status,
            _ms(started),
        )
    checks = run.checks.model_dump() | ({"degraded": True} if run.degraded else {})
    return CaseOutput(case.id, output, checks, _usage(run), None, None, _ms(started))


async def _answer(case: Case, run: TaskRun, max_chars: int) -> dict[str, Any]:
    if isinstance(case, RewriteCase):
        enforce_input_limit(max_chars, case.input.text, case.input.context)
        rewrites = await run_rewrites(run, case.input)
        # `score` is filled at the API's edge from the cue file, not by the prompt under test
        return {"rewrites": [r.model_dump(mode="json", exclude={"score"}) for r in rewrites]}
    if isinstance(case, QuestionCase):
        enforce_input_limit(max_chars, case.input.context)
        questions = await run_questions(run, case.input)
        return {"questions": [q.model_dump(mode="json") for q in questions]}
    if isinstance(case, BarrierCase):
        enforce_input_limit(max_chars, case.input.text)
        warnings = await run_barriers(run, case.input)
        return {"warnings": [w.model_dump(mode="json") for w in warnings]}
    raise TypeError(f"unknown case type {type(case).__name__}")


def solve_with_cues(case: BarrierCase, cues: DataFile, registry: PromptRegistry) -> CaseOutput:
    """The cue file alone as the answer: the same warnings /v1/barriers falls back to."""
    started = time.perf_counter()
    warnings = cue_warnings(registry, case.input.text, cues=cues.version)
    output = {"warnings": [w.model_dump(mode="json") for w in warnings]}
    usage = {"prompt_tokens": 0, "completion_tokens": 0, "calls": 0}
    return CaseOutput(case.id, output, {}, usage, None, None, _ms(started))


def _usage(run: TaskRun) -> dict[str, int]:
    return {
        "prompt_tokens": run.usage.prompt_tokens,
        "completion_tokens": run.usage.completion_tokens,
        "calls": run.usage.calls,
    }


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
