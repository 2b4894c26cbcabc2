"""`copilot eval`: build the grid, run it (replay by default), report, compare, gate."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress

from copilot.evals import compare, report
from copilot.evals.cases import TASKS, load_cases
from copilot.evals.judge import JUDGE_PROMPT_ID, JudgeSpec
from copilot.evals.models import EMBEDDED, ModelSpec
from copilot.evals.runner import RunOutcome, RunSpec, execute
from copilot.local_model import LocalModelServer
from copilot.prompts import PromptRegistry
from copilot.settings import Settings

EXIT_GATE_FAILED = 1
EXIT_NOT_RECORDED = 2


@dataclass
class EvalOptions:
    tasks: list[str] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=lambda: ["embedded"])
    record: bool = False
    concurrency: int = 2
    out: Path | None = None
    baseline: Path | None = None
    thresholds: Path = Path("evals/thresholds.yaml")
    datasets: Path = Path("evals/datasets")
    cassettes: Path = Path("evals/cassettes")
    case_ids: list[str] = field(default_factory=list)
    split: str | None = None
    judge: str | None = None  # rewrite_judge@version|label: grade rewrites with the LLM judge too
    judge_model: str = EMBEDDED


def build_grid(options: EvalOptions, registry: PromptRegistry) -> list[RunSpec]:
    """--prompt id@version|label (repeatable) x --model (repeatable); default: stable of each task."""
    prompt_refs = options.prompts or [f"{task}@stable" for task in (options.tasks or TASKS)]
    grid = []
    for ref in prompt_refs:
        prompt_id, _, version = ref.partition("@")
        if prompt_id not in TASKS:
            raise ValueError(
                f"no eval dataset for prompt '{prompt_id}' (tasks: {', '.join(TASKS)})"
            )
        template = registry.get(prompt_id, version or None)
        judge = _judge_spec(options, registry) if prompt_id == "rewrites" else None
        grid += [RunSpec(prompt_id, template, ModelSpec(model), judge) for model in options.models]
    return grid


def _judge_spec(options: EvalOptions, registry: PromptRegistry) -> JudgeSpec | None:
    if options.judge is None:
        return None
    prompt_id, _, version = options.judge.partition("@")
    if prompt_id != JUDGE_PROMPT_ID:
        raise ValueError(f"the judge prompt is '{JUDGE_PROMPT_ID}', not '{prompt_id}'")
    return JudgeSpec(registry.get(prompt_id, version or None), ModelSpec(options.judge_model))


async def _run_grid(
    options: EvalOptions, grid: list[RunSpec], settings: Settings
) -> list[RunOutcome]:
    cases = {
        spec.task: _select(load_cases(options.datasets, spec.task), options.case_ids, options.split)
        for spec in grid
    }
    server = (
        LocalModelServer(settings)
        if options.record and any(_uses_embedded(s) for s in grid)
        else None
    )
    if server:
        await server.start()
    try:
        with Progress(transient=True) as progress:
            bar = progress.add_task("evaluating", total=sum(len(cases[s.task]) for s in grid))
            outcomes = []
            for spec in grid:
                progress.update(bar, description=spec.label)
                outcomes.append(
                    await execute(
                        spec,
                        cases[spec.task],
                        cassettes_dir=options.cassettes,
                        record=options.record,
                        api_base=_api_base(spec.model, server, settings),
                        judge_api_base=_api_base(spec.judge.model, server, settings)
                        if spec.judge
                        else None,
                        concurrency=options.concurrency if options.record else 8,
                        max_chars=settings.max_chars,
                        progress=lambda: progress.advance(bar),
                    )
                )
            return outcomes
    finally:
        if server:
            await server.stop()


def _api_base(model: ModelSpec, server: LocalModelServer | None, settings: Settings) -> str | None:
    return server.api_base if server and model.is_embedded else settings.api_base


def _uses_embedded(spec: RunSpec) -> bool:
    return spec.model.is_embedded or (spec.judge is not None and spec.judge.model.is_embedded)


def _select(cases: list[Any], ids: list[str], split: str | None) -> list[Any]:
    return [c for c in cases if (not ids or c.id in ids) and (split is None or c.split == split)]


def run_eval(options: EvalOptions, settings: Settings, console: Console) -> int:
    registry = PromptRegistry.load(settings.prompts_dir)
    grid = build_grid(options, registry)
    outcomes = asyncio.run(_run_grid(options, grid, settings))
    runs = [o.to_json() for o in outcomes]
    comparisons = _compare(runs, options.baseline)
    report.print_table(runs, console)
    report.print_comparison(comparisons, console)
    if options.out:
        _write_reports(runs, comparisons, options.out)
        console.print(f"reports written to {options.out}/ (report.json, report.html, junit.xml)")
    missing = [(o.spec, o.missing_recordings) for o in outcomes if o.missing_recordings]
    if missing and not options.record:
        _explain_missing(missing, console)
        return EXIT_NOT_RECORDED
    failures = [
        f
        for run in runs
        for f in compare.check_gates(run, compare.load_thresholds(options.thresholds))
    ]
    for failure in failures:
        console.print(
            f"[red]gate missed[/red] {failure.run}: {failure.metric} = {failure.value} (needs {failure.rule})"
        )
    return EXIT_GATE_FAILED if failures else 0


def _compare(runs: list[dict[str, Any]], baseline_path: Path | None) -> list[dict[str, Any]]:
    if baseline_path is None:
        return []
    baseline = json.loads(baseline_path.read_text("utf-8"))
    comparisons = []
    for run in runs:
        base = compare.find_baseline_run(baseline, run)
        if base is not None:
            comparisons.append(
                {
                    "run": report.run_name(run),
                    "baseline": report.run_name(base),
                    "deltas": compare.metric_deltas(run, base),
                    "flips": compare.case_flips(run, base),
                }
            )
    return comparisons


def _write_reports(
    runs: list[dict[str, Any]], comparisons: list[dict[str, Any]], out: Path
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    report.write_json({"runs": runs, "comparisons": comparisons}, out / "report.json")
    report.write_html(runs, comparisons, out / "report.html")
    report.write_junit(runs, out / "junit.xml")


def _explain_missing(missing: list[tuple[RunSpec, list[str]]], console: Console) -> None:
    console.print("[red]Some cases have no recording; replay never calls a model.[/red]")
    for spec, ids in missing:
        shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
        console.print(f"  {spec.label}: {shown}")
        judge = (
            f" --judge {spec.judge.prompt.id}@{spec.judge.prompt.version} --judge-model {spec.judge.model.name}"
            if spec.judge
            else ""
        )
        console.print(
            f"    record with: copilot eval --record --prompt {spec.prompt.id}@{spec.prompt.version} "
            f"--model {spec.model.name}{judge}"
        )
