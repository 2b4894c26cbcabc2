"""Compare a run with a blessed baseline, and gate on thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from copilot.evals.graders import INFORMATIONAL, LOWER_IS_BETTER


def flatten(metrics: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """Numeric leaves as dotted paths: scores.fact_preservation, labels.micro.f1, errors."""
    flat: dict[str, float] = {}
    for key, value in metrics.items():
        path = f"{prefix}{key}"
        if key == "confusion":
            continue
        if isinstance(value, dict):
            flat |= flatten(value, path + ".")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            flat[path] = float(value)
    return flat


def lower_is_better(metric: str) -> bool:
    leaf = metric.rsplit(".", 1)[-1]
    return (
        leaf in LOWER_IS_BETTER
        or metric in {"errors", "reasks", "judge.errors"}
        or metric.startswith("usage.")
    )


def find_baseline_run(baseline: dict[str, Any], run: dict[str, Any]) -> dict[str, Any] | None:
    """Same task, prompt id and model; the same version if the baseline has it."""
    same = [
        b
        for b in baseline.get("runs", [])
        if b["task"] == run["task"]
        and b["prompt"]["id"] == run["prompt"]["id"]
        and b["model"] == run["model"]
    ]
    exact = [b for b in same if b["prompt"]["version"] == run["prompt"]["version"]]
    return (exact or same or [None])[0]


def metric_deltas(run: dict[str, Any], base: dict[str, Any]) -> dict[str, dict[str, Any]]:
    now, before = flatten(run["metrics"]), flatten(base["metrics"])
    deltas = {}
    for metric in sorted(now.keys() & before.keys()):
        delta = now[metric] - before[metric]
        if metric.rsplit(".", 1)[-1] in INFORMATIONAL or delta == 0:
            verdict = "same" if delta == 0 else "changed"
        else:
            verdict = "worse" if (delta > 0) == lower_is_better(metric) else "better"
        deltas[metric] = {
            "now": now[metric],
            "before": before[metric],
            "delta": round(delta, 4),
            "verdict": verdict,
        }
    return deltas


def case_flips(run: dict[str, Any], base: dict[str, Any]) -> list[dict[str, Any]]:
    """Cases that went pass->fail or fail->pass, and barrier labels gained or lost."""
    before = {c["id"]: c for c in base["cases"]}
    flips = []
    for case in run["cases"]:
        old = before.get(case["id"])
        if old is None:
            continue
        flip: dict[str, Any] = {"id": case["id"]}
        if old["passed"] != case["passed"]:
            flip["flip"] = "fail->pass" if case["passed"] else "pass->fail"
        gained, lost = _label_changes(old, case)
        if gained or lost:
            flip |= {"labels_gained": gained, "labels_lost": lost}
        if len(flip) > 1:
            flips.append(flip)
    return flips


def _labels(case: dict[str, Any]) -> set[str]:
    return {w["barrier"] for w in (case.get("output") or {}).get("warnings", [])}


def _label_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], list[str]]:
    before, after = _labels(old), _labels(new)
    return sorted(after - before), sorted(before - after)


@dataclass(frozen=True)
class GateFailure:
    run: str
    metric: str
    value: float | None
    rule: str


def load_thresholds(path: Path) -> dict[str, dict[str, dict[str, float]]]:
    return yaml.safe_load(path.read_text("utf-8")) or {} if path.exists() else {}


def check_gates(
    run: dict[str, Any], thresholds: dict[str, dict[str, dict[str, float]]]
) -> list[GateFailure]:
    flat = flatten(run["metrics"])
    name = f"{run['prompt']['id']}@v{run['prompt']['version']} x {run['model']}"
    failures = []
    for metric, rule in (thresholds.get(run["task"]) or {}).items():
        value = flat.get(metric)
        if "min" in rule and (value is None or value < rule["min"]):
            failures.append(GateFailure(name, metric, value, f">= {rule['min']}"))
        if "max" in rule and (value is None or value > rule["max"]):
            failures.append(GateFailure(name, metric, value, f"<= {rule['max']}"))
    return failures
