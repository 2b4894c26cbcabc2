"""Run-level numbers: grader averages, and per-label precision/recall/F1 for barriers."""

from __future__ import annotations

from collections import Counter
from statistics import mean
from typing import Any

from copilot.schemas.labels import Barrier

NONE_LABEL = "(none)"


def average_scores(case_scores: list[dict[str, Any]]) -> dict[str, float]:
    """Mean of each grader over the cases where it applied."""
    names = sorted({name for scores in case_scores for name in scores})
    return {
        name: round(mean(s[name]["value"] for s in case_scores if name in s), 4) for name in names
    }


def agreement(case_scores: list[dict[str, Any]], first: str, second: str) -> float | None:
    """Share of cases where two graders pass or fail together: how far an LLM judge can be
    trusted where a deterministic grader measures the same thing."""
    both = [s for s in case_scores if first in s and second in s]
    if not both:
        return None
    return round(mean(s[first]["passed"] == s[second]["passed"] for s in both), 4)


def label_metrics(
    expected: list[set[str]], predicted: list[set[str]], found: list[set[str]] | None = None
) -> dict[str, Any]:
    """Multi-label precision, recall, F1 and support per label, plus micro and macro averages.

    ``found`` holds, per case, the predicted labels whose evidence was right: a label
    predicted with evidence elsewhere is then both a false alarm and a miss. Without it,
    labels are compared by name alone.
    """
    found = predicted if found is None else found
    per_label: dict[str, dict[str, float]] = {}
    totals = Counter[str]()
    rows = list(zip(expected, predicted, found, strict=True))
    for label in (b.value for b in Barrier):
        tp = sum(label in e and label in f for e, _, f in rows)
        fp = sum(label in p and not (label in e and label in f) for e, p, f in rows)
        fn = sum(label in e and label not in f for e, _, f in rows)
        totals.update(tp=tp, fp=fp, fn=fn)
        per_label[label] = _prf(tp, fp, fn) | {"support": tp + fn, "predicted": tp + fp}
    micro = _prf(totals["tp"], totals["fp"], totals["fn"])
    # Macro over every label that was expected or predicted: a label only ever predicted
    # wrongly pulls the average down instead of vanishing from it.
    seen = [m for m in per_label.values() if m["support"] or m["predicted"]]
    macro = {
        key: round(mean(m[key] for m in seen), 4) if seen else 0.0
        for key in ("precision", "recall", "f1")
    }
    return {"per_label": per_label, "micro": micro, "macro": macro}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def confusion(expected: list[set[str]], predicted: list[set[str]]) -> dict[str, dict[str, int]]:
    """For each expected label (or none), how often each label (or none) was predicted
    in the same case: a multi-label confusion view."""
    matrix: dict[str, Counter[str]] = {}
    for wanted, got in zip(expected, predicted, strict=True):
        for row in wanted or {NONE_LABEL}:
            matrix.setdefault(row, Counter()).update(got or {NONE_LABEL})
    return {row: dict(sorted(counts.items())) for row, counts in sorted(matrix.items())}
