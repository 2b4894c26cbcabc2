from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from copilot.evals import compare, report
from copilot.evals.errors import EvalUsageError


def run(version: int, f1: float, passed: list[bool], labels: list[list[str]]) -> dict:
    cases = [
        {
            "id": f"ba-{i}",
            "split": "dev",
            "tags": [],
            "input": {"text": "some text"},
            "expect": {},
            "notes": "",
            "output": {
                "warnings": [{"barrier": b, "severity": "low", "evidence": "some"} for b in labs]
            },
            "error": None,
            "checks": {},
            "usage": {},
            "passed": ok,
            "scores": {"barrier_f1": {"value": f1, "passed": ok, "explanation": "x"}},
        }
        for i, (ok, labs) in enumerate(zip(passed, labels, strict=True))
    ]
    return {
        "task": "barriers",
        "prompt": {"id": "barriers", "version": version, "sha256": "0" * 64},
        "model": "embedded",
        "metrics": {"cases": 2, "errors": 0, "scores": {"barrier_f1": f1}},
        "cases": cases,
    }


def test_deltas_and_flips_against_a_baseline() -> None:
    base, now = (
        run(1, 0.5, [True, False], [["impatience"], []]),
        run(2, 0.75, [False, True], [[], ["win_lose"]]),
    )
    found = compare.find_baseline_run({"runs": [base]}, now)
    assert found is base
    deltas = compare.metric_deltas(now, base)
    assert deltas["scores.barrier_f1"] == {
        "now": 0.75,
        "before": 0.5,
        "delta": 0.25,
        "verdict": "better",
    }
    flips = compare.case_flips(now, base)
    assert flips[0] == {
        "id": "ba-0",
        "flip": "pass->fail",
        "labels_gained": [],
        "labels_lost": ["impatience"],
    }
    assert flips[1]["labels_gained"] == ["win_lose"]


def test_lower_is_better_metrics_read_the_right_way_also_per_split() -> None:
    base, now = run(1, 0.5, [True], [[]]), run(1, 0.5, [True], [[]])
    base["metrics"]["splits"] = {"test": {"errors": 0, "usage": {"calls": 2}}}
    now["metrics"]["splits"] = {"test": {"errors": 2, "usage": {"calls": 9}}}
    now["metrics"]["errors"] = 3
    deltas = compare.metric_deltas(now, base)
    assert deltas["errors"]["verdict"] == "worse"
    assert deltas["splits.test.errors"]["verdict"] == "worse"
    assert deltas["splits.test.usage.calls"]["verdict"] == "worse"


def test_a_split_run_is_compared_with_the_same_split_of_the_baseline() -> None:
    base = run(1, 0.5, [True, False], [["impatience"], []])
    base["cases"][1]["split"] = "test"
    base["metrics"]["splits"] = {"test": {"cases": 1, "scores": {"barrier_f1": 0.25}}}
    now = run(1, 0.75, [True], [[]]) | {"split": "test"}
    found = compare.find_baseline_run({"runs": [base]}, now)
    assert found is not None and found["metrics"]["scores"]["barrier_f1"] == 0.25
    assert [c["id"] for c in found["cases"]] == ["ba-1"]
    other_split = base | {"split": "dev"}
    assert compare.find_baseline_run({"runs": [other_split]}, now) is None


def test_gates(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.yaml"
    path.write_text("barriers:\n  scores.barrier_f1: {min: 0.6}\n  errors: {max: 0}\n")
    failures = compare.check_gates(run(1, 0.5, [True], [[]]), compare.load_thresholds(path))
    assert [(f.metric, f.rule) for f in failures] == [("scores.barrier_f1", ">= 0.6")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("barriers:\n  errors: {maximum: 0}\n", "not a valid thresholds file"),
        ("barriers:\n  errors: 2\n", "not a valid thresholds file"),
        ("barrier:\n  errors: {max: 0}\n", "not a valid thresholds file"),
        ("barriers:\n  errors: {}\n", "needs min, max or both"),
        ("barriers: [\n", "not a valid thresholds file"),
    ],
)
def test_a_malformed_thresholds_file_is_a_clear_error(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "thresholds.yaml"
    path.write_text(content)
    with pytest.raises(EvalUsageError, match=message):
        compare.load_thresholds(path)
    with pytest.raises(EvalUsageError, match="cannot read"):
        compare.load_thresholds(tmp_path / "missing.yaml")


def test_reports_are_written(tmp_path: Path) -> None:
    runs = [run(1, 0.5, [True, False], [["impatience"], []])]
    report.write_json({"runs": runs}, tmp_path / "report.json")
    report.write_html(runs, [], tmp_path / "report.html")
    report.write_junit(runs, tmp_path / "junit.xml")
    assert json.loads((tmp_path / "report.json").read_text())["runs"][0]["task"] == "barriers"
    page = (tmp_path / "report.html").read_text()
    assert "barriers@v1" in page and "impatience" in page and "<script" not in page
    assert "split only" not in page
    suite = ET.parse(tmp_path / "junit.xml").getroot()[0]
    assert suite.get("tests") == "2" and suite.get("failures") == "1"


def test_html_escapes_model_output(tmp_path: Path) -> None:
    runs = [run(1, 0.5, [True], [["<script>alert(1)</script>"]])]
    report.write_html(runs, [], tmp_path / "report.html")
    assert "<script>alert" not in (tmp_path / "report.html").read_text()


def test_html_shows_each_split_when_the_runs_have_them(tmp_path: Path) -> None:
    runs = [run(1, 0.5, [True], [[]])]
    runs[0]["metrics"]["splits"] = {
        "dev": {"scores": {"barrier_f1": 0.25}},
        "test": {"scores": {"barrier_f1": 0.75}},
    }
    report.write_html(runs, [], tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text()
    assert "test split only" in page and "0.75" in page and "dev split only" in page


def test_sign_test_matches_the_binomial_tails() -> None:
    assert compare.sign_test(0, 0) == 1.0
    assert compare.sign_test(5, 0) == 0.0625  # 2 * 0.5**5
    assert compare.sign_test(3, 3) == 1.0
    assert compare.sign_test(9, 1) == compare.sign_test(1, 9) == 0.0215


def test_paired_scores_count_cases_the_right_way_round() -> None:
    base = run(1, 0.5, [True, True], [[], []])
    now = run(2, 0.75, [True, True], [[], []])
    now["cases"][1]["scores"]["barrier_f1"]["value"] = 0.5
    for case, residue in zip(base["cases"], (0.5, 0.0), strict=True):
        case["scores"]["combative_residue"] = {"value": residue, "passed": True, "explanation": ""}
    for case, residue in zip(now["cases"], (0.0, 0.0), strict=True):
        case["scores"]["combative_residue"] = {"value": residue, "passed": True, "explanation": ""}
    paired = compare.paired_scores(now, base)
    assert paired["barrier_f1"] == {"better": 1, "worse": 0, "same": 1, "sign_test_p": 1.0}
    assert paired["combative_residue"]["better"] == 1  # less residue is better
