"""Compare a run with a blessed baseline, and gate on thresholds."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, model_validator

from copilot.evals.cases import Task
from copilot.evals.errors import EvalUsageError
from copilot.evals.graders import INFORMATIONAL, LOWER_IS_BETTER
from copilot.prompts import read_yaml


def run_name(run: dict[str, Any]) -> str:
    rule = f" (rule {run['rule']})" if run.get("rule") else ""
    return f"{run['prompt']['id']}@v{run['prompt']['version']} x {run['model']}{rule}"


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


_SPLIT_PREFIX = re.compile(r"^splits\.[a-z]+\.")


def lower_is_better(metric: str) -> bool:
    metric = _SPLIT_PREFIX.sub("", metric)  # splits.test.errors reads like errors
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
    base = (exact or same or [None])[0]
    return None if base is None else _on_the_same_cases(base, run.get("split"))


def _on_the_same_cases(base: dict[str, Any], split: str | None) -> dict[str, Any] | None:
    """A --split run is compared with the same split of the baseline, never with all of it."""
    if base.get("split") == split:
        return base
    if base.get("split") is None and split in base["metrics"].get("splits", {}):
        return base | {
            "split": split,
            "metrics": base["metrics"]["splits"][split],
            "cases": [c for c in base["cases"] if c.get("split") == split],
        }
    return None


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


def paired_scores(run: dict[str, Any], base: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per grader, on the cases both runs scored: how many got better, worse or stayed,
    and the two-sided sign-test p-value of that split, so a delta can be told from noise."""
    before = {c["id"]: c["scores"] for c in base["cases"]}
    paired: dict[str, dict[str, Any]] = {}
    for case in run["cases"]:
        for name, score in case["scores"].items():
            old = before.get(case["id"], {}).get(name)
            if old is None or name in INFORMATIONAL:
                continue
            delta = score["value"] - old["value"]
            if name in LOWER_IS_BETTER:
                delta = -delta
            tally = paired.setdefault(name, {"better": 0, "worse": 0, "same": 0})
            tally["better" if delta > 0 else "worse" if delta < 0 else "same"] += 1
    for tally in paired.values():
        tally["sign_test_p"] = sign_test(tally["better"], tally["worse"])
    return dict(sorted(paired.items()))


def sign_test(better: int, worse: int) -> float:
    """Two-sided exact sign test (ties left out): the chance of a split at least this
    uneven if the change made no difference."""
    n = better + worse
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(better, worse) + 1)) / 2**n
    return round(min(1.0, 2 * tail), 4)


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


class Gate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _has_a_bound(self) -> Gate:
        if self.min is None and self.max is None:
            raise ValueError("a gate needs min, max or both")
        return self


Thresholds = dict[Task, dict[str, Gate]]
_THRESHOLDS = TypeAdapter(Thresholds)


def load_thresholds(path: Path | None) -> Thresholds:
    """Gates per task and metric; a missing file or an unknown key is an error, not no gates."""
    if path is None:
        return {}
    try:
        return _THRESHOLDS.validate_python(read_yaml(path) or {})
    except OSError as exc:
        raise EvalUsageError(f"cannot read the thresholds {path}: {exc}") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise EvalUsageError(f"{path} is not a valid thresholds file: {exc}") from exc


def check_gates(run: dict[str, Any], thresholds: Thresholds) -> list[GateFailure]:
    flat = flatten(run["metrics"])
    name = run_name(run)
    failures = []
    for metric, gate in thresholds.get(run["task"], {}).items():
        value = flat.get(metric)
        if gate.min is not None and (value is None or value < gate.min):
            failures.append(GateFailure(name, metric, value, f">= {gate.min:g}"))
        if gate.max is not None and (value is None or value > gate.max):
            failures.append(GateFailure(name, metric, value, f"<= {gate.max:g}"))
    return failures
