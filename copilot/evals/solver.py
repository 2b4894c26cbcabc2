"""Run one eval case through the same task code the API uses."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from copilot.errors import CopilotError
from copilot.evals.cases import BarrierCase, Case, QuestionCase, RewriteCase
from copilot.llm import Gateway
from copilot.prompts import PromptTemplate
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


async def solve(case: Case, gateway: Gateway, prompt: PromptTemplate, max_chars: int) -> CaseOutput:
    run = TaskRun(gateway=gateway, prompt=prompt)
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
    return CaseOutput(
        case.id, output, run.checks.model_dump(), _usage(run), None, None, _ms(started)
    )


async def _answer(case: Case, run: TaskRun, max_chars: int) -> dict[str, Any]:
    if isinstance(case, RewriteCase):
        enforce_input_limit(max_chars, case.input.text, case.input.context)
        rewrites = await run_rewrites(run, case.input)
        return {"rewrites": [r.model_dump(mode="json") for r in rewrites]}
    if isinstance(case, QuestionCase):
        enforce_input_limit(max_chars, case.input.context)
        questions = await run_questions(run, case.input)
        return {"questions": [q.model_dump(mode="json") for q in questions]}
    if isinstance(case, BarrierCase):
        enforce_input_limit(max_chars, case.input.text)
        warnings = await run_barriers(run, case.input)
        return {"warnings": [w.model_dump(mode="json") for w in warnings]}
    raise TypeError(f"unknown case type {type(case).__name__}")


def _usage(run: TaskRun) -> dict[str, int]:
    return {
        "prompt_tokens": run.usage.prompt_tokens,
        "completion_tokens": run.usage.completion_tokens,
        "calls": run.usage.calls,
    }


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
