"""`copilot eval`: build the grid, run it (replay by default), report, compare, gate."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress

from copilot.errors import NotFound
from copilot.evals import compare, report
from copilot.evals.cases import ID_PREFIX, TASKS, load_cases
from copilot.evals.errors import EvalUsageError
from copilot.evals.judge import JUDGE_PROMPT_ID, JudgeSpec
from copilot.evals.models import EMBEDDED, ModelSpec
from copilot.evals.runner import RunOutcome, RunSpec, execute
from copilot.local_model import LocalModelServer
from copilot.prompts import PromptRegistry, PromptTemplate
from copilot.settings import Settings

CUES_ID = "cues"
NO_MODEL = "none"
EXIT_GATE_FAILED = 1
EXIT_NOT_RECORDED = 3  # 2 is the CLI's own code for a bad option
_REPO_EVALS = Path(__file__).resolve().parents[2] / "evals"
EVALS_DIR = _REPO_EVALS if _REPO_EVALS.is_dir() else Path("evals")


@dataclass
class EvalOptions:
    tasks: list[str] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=lambda: ["embedded"])
    record: bool = False
    concurrency: int = 2
    out: Path | None = None
    baseline: Path | None = None
    thresholds: Path | None = EVALS_DIR / "thresholds.yaml"  # None: no gates
    datasets: Path = EVALS_DIR / "datasets"
    cassettes: Path = EVALS_DIR / "cassettes"
    case_ids: list[str] = field(default_factory=list)
    split: str | None = None
    judge: str | None = None  # rewrite_judge@version|label: grade rewrites with the LLM judge too
    judge_model: str = EMBEDDED
    rule: str | None = None  # override a sentence-label pipeline's decision rule (ablations)


def build_grid(options: EvalOptions, registry: PromptRegistry) -> list[RunSpec]:
    """--prompt id@version|label (repeatable) x --model (repeatable); default: stable of each task."""
    prompt_refs = options.prompts or [f"{task}@stable" for task in (options.tasks or TASKS)]
    grid = []
    for ref in prompt_refs:
        prompt_id, _, version = ref.partition("@")
        if prompt_id == CUES_ID:
            grid.append(_cue_run(options, registry, version))
            continue
        if prompt_id not in TASKS:
            raise EvalUsageError(
                f"no eval dataset for prompt '{prompt_id}' (tasks: {', '.join(TASKS)})"
            )
        template = _prompt(registry, prompt_id, version)
        judge = _judge_spec(options, registry) if prompt_id == "rewrites" else None
        rule = _rule_for(options, template)
        grid += [
            RunSpec(prompt_id, template, ModelSpec(model), judge, registry, rule)
            for model in options.models
        ]
    if options.judge and not any(spec.judge for spec in grid):
        raise EvalUsageError("--judge grades rewrites only: add a rewrites prompt or task")
    return grid


def _rule_for(options: EvalOptions, template: PromptTemplate) -> str | None:
    if options.rule is None:
        return None
    pipeline = template.spec.pipeline
    if pipeline.get("kind") != "sentence_labels" and "examples" not in pipeline:
        raise EvalUsageError(
            f"--rule applies to prompts that label sentences (a model or nearest examples); "
            f"{template.id}@v{template.version} is not one"
        )
    return options.rule


def _cue_run(options: EvalOptions, registry: PromptRegistry, version: str) -> RunSpec:
    """The cue file as an eval subject: model-free barrier warnings, graded like any prompt."""
    if any(task != "barriers" for task in options.tasks):
        raise EvalUsageError("a cue file answers the barriers task only (--task barriers)")
    try:
        cues = registry.data_file(CUES_ID, version or None)
    except NotFound as exc:
        raise EvalUsageError(exc.detail) from exc
    return RunSpec("barriers", cues, ModelSpec(NO_MODEL), None, registry)


def _prompt(registry: PromptRegistry, prompt_id: str, version: str) -> PromptTemplate:
    try:
        return registry.get(prompt_id, version or None)
    except NotFound as exc:
        raise EvalUsageError(exc.detail) from exc


def _judge_spec(options: EvalOptions, registry: PromptRegistry) -> JudgeSpec | None:
    if options.judge is None:
        return None
    prompt_id, _, version = options.judge.partition("@")
    if prompt_id != JUDGE_PROMPT_ID:
        raise EvalUsageError(f"the judge prompt is '{JUDGE_PROMPT_ID}', not '{prompt_id}'")
    return JudgeSpec(_prompt(registry, prompt_id, version), ModelSpec(options.judge_model))


def _load_cases(options: EvalOptions, task: str) -> list[Any]:
    """The task's cases after --case and --split; an unknown case id is an error, not 0 cases."""
    if not (options.datasets / f"{task}.jsonl").is_file():
        raise EvalUsageError(f"no dataset {options.datasets / f'{task}.jsonl'}")
    cases = load_cases(options.datasets, task)
    wanted = [i for i in options.case_ids if i.startswith(ID_PREFIX[task])]
    unknown = sorted(set(wanted) - {c.id for c in cases})
    if unknown:
        raise EvalUsageError(f"no {task} case with id {', '.join(unknown)}")
    return [
        c
        for c in cases
        if (not options.case_ids or c.id in wanted)
        and (options.split is None or c.split == options.split)
    ]


async def _run_grid(
    options: EvalOptions, grid: list[RunSpec], settings: Settings
) -> list[RunOutcome]:
    cases = {spec.task: _load_cases(options, spec.task) for spec in grid}
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
    """The embedded model is only reached through the server this run started (record)."""
    if model.is_embedded:
        return server.api_base if server else None
    return settings.api_base


def _uses_embedded(spec: RunSpec) -> bool:
    return spec.model.is_embedded or (spec.judge is not None and spec.judge.model.is_embedded)


def run_eval(options: EvalOptions, settings: Settings, console: Console) -> int:
    """Everything that can be wrong with the options is found before a model is called."""
    registry = PromptRegistry.load(settings.prompts_dir, settings.cache_dir)
    grid = build_grid(options, registry)
    _check_case_ids(options, grid)
    thresholds = compare.load_thresholds(options.thresholds)
    baseline = _load_baseline(options.baseline)
    outcomes = asyncio.run(_run_grid(options, grid, settings))
    runs = [o.to_json() | {"split": options.split} for o in outcomes]
    comparisons = _compare(runs, baseline)
    report.print_table(runs, console)
    report.print_comparison(comparisons, console)
    if options.out:
        _write_reports(runs, comparisons, options.out)
        console.print(f"reports written to {options.out}/ (report.json, report.html, junit.xml)")
    missing = [(o.spec, o.missing_recordings) for o in outcomes if o.missing_recordings]
    if missing and not options.record:
        _explain_missing(missing, console)
        return EXIT_NOT_RECORDED
    failures = [f for run in runs for f in compare.check_gates(run, thresholds)]
    for failure in failures:
        console.print(
            f"[red]gate missed[/red] {failure.run}: {failure.metric} = {failure.value} (needs {failure.rule})"
        )
    return EXIT_GATE_FAILED if failures else 0


def _check_case_ids(options: EvalOptions, grid: list[RunSpec]) -> None:
    prefixes = tuple(ID_PREFIX[spec.task] for spec in grid)
    stray = [i for i in options.case_ids if not i.startswith(prefixes)]
    if stray:
        raise EvalUsageError(f"case ids {', '.join(stray)} belong to no task in this run")


def _load_baseline(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        baseline = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalUsageError(f"cannot read the baseline {path}: {exc}") from exc
    if not isinstance(baseline, dict) or not isinstance(baseline.get("runs"), list):
        raise EvalUsageError(f"{path} is not a report.json written by `copilot eval`")
    return baseline


def _compare(runs: list[dict[str, Any]], baseline: dict[str, Any] | None) -> list[dict[str, Any]]:
    if baseline is None:
        return []
    comparisons = []
    for run in runs:
        base = compare.find_baseline_run(baseline, run)
        if base is not None:
            comparisons.append(
                {
                    "run": report.run_name(run),
                    "baseline": report.run_name(base),
                    "deltas": compare.metric_deltas(run, base),
                    "paired": compare.paired_scores(run, base),
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
