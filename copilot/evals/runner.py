"""Run a grid of prompt versions x models over a task's dataset, replayed or recorded."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tenacity import wait_none

from copilot.evals.cases import SPLITS, BarrierCase, Case, RewriteCase
from copilot.evals.cassettes import cassette_path, open_cassette
from copilot.evals.graders import case_passed, found_barriers, grade, predicted_barriers
from copilot.evals.judge import JudgeSpec, judge_case
from copilot.evals.metrics import agreement, average_scores, confusion, label_metrics
from copilot.evals.models import ModelSpec, backend_for
from copilot.evals.solver import CaseOutput, solve, solve_with_cues
from copilot.llm import Gateway
from copilot.prompts import DataFile, PromptRegistry, PromptTemplate

RECORD_TIMEOUT_S = 600.0
NOT_RECORDED = "not-recorded"


@dataclass(frozen=True)
class RunSpec:
    task: str
    prompt: PromptTemplate | DataFile  # a data file: the cue patterns answer, no model
    model: ModelSpec
    judge: JudgeSpec | None = None
    registry: PromptRegistry | None = None  # data files (cues, advice) a pipeline reads
    rule: str | None = None  # a sentence-label pipeline's decision rule, overridden

    @property
    def label(self) -> str:
        suffix = f" (rule {self.rule})" if self.rule else ""
        return f"{self.prompt.id}@v{self.prompt.version} x {self.model.name}{suffix}"


@dataclass
class RunOutcome:
    spec: RunSpec
    cases: list[dict[str, Any]]
    metrics: dict[str, Any]
    missing_recordings: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.spec.task,
            "prompt": self.spec.prompt.identity(),
            "model": self.spec.model.name,
            "rule": self.spec.rule,
            "judge": self.spec.judge.to_json() if self.spec.judge else None,
            "metrics": self.metrics,
            "cases": self.cases,
        }


Progress = Callable[[], None]


async def execute(
    spec: RunSpec,
    cases: list[Case],
    *,
    cassettes_dir: Path,
    record: bool,
    api_base: str | None,
    concurrency: int,
    max_chars: int,
    progress: Progress,
    judge_api_base: str | None = None,
) -> RunOutcome:
    """Every case through the task code; replay fails fast and names what is not recorded."""
    if isinstance(spec.prompt, DataFile):
        return _outcome(spec, cases, _answer_with_cues(spec, cases, progress))
    if not spec.prompt.spec.calls_a_model:  # nothing to record or replay
        gateway = _gateway(spec.model, api_base, record=False)
        outputs = [await _solve_one(spec, case, gateway, max_chars, progress) for case in cases]
        return _outcome(spec, cases, outputs)
    path = cassette_path(cassettes_dir, spec.task, spec.prompt, spec.model.slug)
    if not record and not path.exists():
        for _ in cases:
            progress()
        return _outcome(spec, cases, [_unrecorded(c.id) for c in cases])
    gateway = _gateway(spec.model, api_base, record)
    path.parent.mkdir(parents=True, exist_ok=True)
    limit = asyncio.Semaphore(concurrency)

    async def one(case: Case) -> CaseOutput:
        async with limit:
            output = await _solve_one(spec, case, gateway, max_chars, progress)
        return _mark_unrecorded(output) if not record else output

    # A TaskGroup cancels the other cases if one fails, so nothing runs outside the cassette.
    with open_cassette(path, record):
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(one(case)) for case in cases]
    outputs = [task.result() for task in tasks]
    if spec.judge is not None and spec.task == "rewrites":
        await _judge(spec.judge, cases, outputs, path, record, judge_api_base, limit)
    return _outcome(spec, cases, outputs)


async def _solve_one(
    spec: RunSpec, case: Case, gateway: Gateway, max_chars: int, progress: Progress
) -> CaseOutput:
    assert isinstance(spec.prompt, PromptTemplate)
    output = await solve(case, gateway, spec.prompt, max_chars, spec.registry, spec.rule)
    progress()
    return output


def _answer_with_cues(spec: RunSpec, cases: list[Case], progress: Progress) -> list[CaseOutput]:
    assert isinstance(spec.prompt, DataFile) and spec.registry is not None
    outputs = []
    for case in cases:
        assert isinstance(case, BarrierCase)
        outputs.append(solve_with_cues(case, spec.prompt, spec.registry))
        progress()
    return outputs


def _gateway(model: ModelSpec, api_base: str | None, record: bool) -> Gateway:
    backend = backend_for(model, api_base, replay=not record)
    if record:
        return Gateway(backend, RECORD_TIMEOUT_S)
    return Gateway(backend, RECORD_TIMEOUT_S, wait=wait_none())


async def _judge(
    judge: JudgeSpec,
    cases: list[Case],
    outputs: list[CaseOutput],
    run_cassette: Path,
    record: bool,
    api_base: str | None,
    limit: asyncio.Semaphore,
) -> None:
    """Judge every rewrite with its own cassette beside the run's; replay stays offline."""
    path = judge.cassette_path(run_cassette)
    if not record and not path.exists():
        for output in outputs:
            if output.output is not None:
                output.judgement = {"judge": judge.label, "error": f"{NOT_RECORDED}: judge"}
        return
    gateway = _gateway(judge.model, api_base, record)

    async def one(case: Case, output: CaseOutput) -> None:
        if isinstance(case, RewriteCase):
            async with limit:
                output.judgement = await judge_case(case, output, gateway, judge)
        if not record and output.judgement and output.judgement.get("status") == 503:
            output.judgement["error"] = f"{NOT_RECORDED}: judge"

    with open_cassette(path, record):
        async with asyncio.TaskGroup() as group:
            for case, output in zip(cases, outputs, strict=True):
                group.create_task(one(case, output))


def _unrecorded(case_id: str) -> CaseOutput:
    return CaseOutput(
        case_id, None, error=f"{NOT_RECORDED}: no recording for this case", error_status=None
    )


def _mark_unrecorded(output: CaseOutput) -> CaseOutput:
    """In replay a model-unavailable error can only mean the request was never recorded."""
    if output.error_status == 503:
        output.error = f"{NOT_RECORDED}: no recording matches this case's request"
    return output


def _outcome(spec: RunSpec, cases: list[Case], outputs: list[CaseOutput]) -> RunOutcome:
    rows, scores = [], []
    for case, output in zip(cases, outputs, strict=True):
        case_scores = {
            name: {"value": s.value, "passed": s.passed, "explanation": s.explanation}
            for name, s in grade(spec.task, case, output).items()
        }
        scores.append(case_scores)
        rows.append(
            {
                "id": case.id,
                "split": case.split,
                "tags": case.tags,
                "input": case.input.model_dump(exclude_none=True),
                "expect": case.expect.model_dump(mode="json"),
                "notes": case.notes,
                "output": output.output,
                "error": output.error,
                "checks": output.checks,
                "judgement": output.judgement,
                "usage": output.usage,
                "passed": case_passed(case_scores),
                "scores": case_scores,
            }
        )
    missing = [o.case_id for o in outputs if o.error and o.error.startswith(NOT_RECORDED)]
    missing += [
        f"{o.case_id} (judge)"
        for o in outputs
        if (o.judgement or {}).get("error", "").startswith(NOT_RECORDED)
    ]
    metrics = _metrics(spec.task, cases, outputs, scores)
    metrics["splits"] = _metrics_by_split(spec.task, cases, outputs, scores)
    return RunOutcome(spec, rows, metrics, missing)


def _metrics_by_split(
    task: str, cases: list[Case], outputs: list[CaseOutput], scores: list[dict[str, Any]]
) -> dict[str, Any]:
    """The same numbers on dev and on the held-out test cases, so a prompt tuned on dev
    is judged on cases it was not tuned on."""
    by_split = {}
    for split in SPLITS:
        picked = [i for i, case in enumerate(cases) if case.split == split]
        if picked:
            by_split[split] = _metrics(
                task,
                [cases[i] for i in picked],
                [outputs[i] for i in picked],
                [scores[i] for i in picked],
            )
    return by_split


def _metrics(
    task: str, cases: list[Case], outputs: list[CaseOutput], scores: list[dict[str, Any]]
) -> dict[str, Any]:
    metrics: dict[str, Any] = {
        "cases": len(cases),
        "passed": sum(case_passed(s) for s in scores),
        "errors": sum(o.error is not None for o in outputs),
        "scores": average_scores(scores),
        "usage": {
            key: sum(o.usage.get(key, 0) for o in outputs)
            for key in ("prompt_tokens", "completion_tokens", "calls")
        },
        "reasks": sum(
            len(o.checks.get("reasks", [])) + o.checks.get("schema_reasks", 0) for o in outputs
        ),
    }
    judged = [o.judgement for o in outputs if o.judgement is not None]
    if judged:
        metrics["judge"] = {
            "errors": sum("error" in j for j in judged),
            "agrees_with_residue": agreement(scores, "judge_collaborative", "combative_residue"),
            "agrees_with_facts": agreement(scores, "judge_meaning_kept", "fact_preservation"),
        }
    if task == "barriers":
        # A case that failed predicted nothing: its expected labels count as missed.
        barrier_cases = [c for c in cases if isinstance(c, BarrierCase)]
        expected = [{b.value for b in c.expect.barriers} for c in barrier_cases]
        predicted = [predicted_barriers(o) for o in outputs]
        found = [found_barriers(c, o) for c, o in zip(barrier_cases, outputs, strict=True)]
        metrics["labels"] = label_metrics(expected, predicted, found)
        metrics["labels_label_only"] = label_metrics(expected, predicted)
        metrics["confusion"] = confusion(expected, predicted)
    return metrics
