"""The committed recordings replay offline through the real gateway and graders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from copilot.evals.errors import EvalUsageError
from copilot.evals.runner import NOT_RECORDED
from copilot.evals.suite import EXIT_NOT_RECORDED, EvalOptions, run_eval
from copilot.settings import Settings
from tests.conftest import PROMPTS_DIR, REPO

CASSETTES = REPO / "evals" / "cassettes"
RECORDED = sorted(
    p.parent.parent.parent.name + "@" + p.parent.parent.name.split("@v")[1]
    for p in CASSETTES.glob("*/*@v*/*/interactions.json")
)


JUDGED = sorted(
    (
        p.parent.parent.parent.name + "@" + p.parent.parent.name.split("@v")[1],
        p.name.split("--")[1],
    )
    for p in CASSETTES.glob("*/*@v*/*/judge--*.json")
)
SETTINGS = Settings(_env_file=None, prompts_dir=PROMPTS_DIR, model=None)


def replay(tmp_path: Path, prompt: str, **extra: object) -> tuple[int, dict]:
    options = EvalOptions(
        prompts=[prompt],
        out=tmp_path,
        thresholds=None,
        datasets=REPO / "evals" / "datasets",
        cassettes=CASSETTES,
        **extra,  # type: ignore[arg-type]
    )
    code = run_eval(options, SETTINGS, Console(quiet=True))
    return code, json.loads((tmp_path / "report.json").read_text("utf-8"))["runs"][0]


# Not promoted, and recorded before the barriers dataset grew from 46 to 107 cases: they
# replay completely on the cases they were recorded on, and their comparison reports were
# retired (the numbers are in the git history and the README).
RETIRED = {"barriers@2": 46, "barriers@3": 46}


@pytest.mark.parametrize("prompt", RECORDED)
def test_recorded_runs_replay_completely(prompt: str, tmp_path: Path) -> None:
    recorded_on = RETIRED.get(prompt)
    ids = [f"ba-{n:03d}" for n in range(1, recorded_on + 1)] if recorded_on else []
    code, run = replay(tmp_path, prompt, case_ids=ids)
    assert code != EXIT_NOT_RECORDED
    unrecorded = [c["id"] for c in run["cases"] if (c["error"] or "").startswith(NOT_RECORDED)]
    assert unrecorded == []


@pytest.mark.parametrize(("prompt", "judge"), JUDGED)
def test_recorded_judgements_replay_completely(prompt: str, judge: str, tmp_path: Path) -> None:
    code, run = replay(tmp_path, prompt, judge=judge)
    assert code != EXIT_NOT_RECORDED
    answered = [c for c in run["cases"] if c["output"] is not None]
    assert all(c["judgement"] and "error" not in c["judgement"] for c in answered)
    assert run["metrics"]["judge"]["errors"] == 0


def test_a_judged_run_without_judge_recordings_says_what_to_record(tmp_path: Path) -> None:
    cassettes = tmp_path / "cassettes"
    shutil.copytree(
        CASSETTES / "rewrites",
        cassettes / "rewrites",
        ignore=shutil.ignore_patterns("judge--*"),
    )
    options = EvalOptions(
        prompts=["rewrites@1"],
        judge="rewrite_judge@1",
        case_ids=["rw-001"],
        thresholds=None,
        datasets=REPO / "evals" / "datasets",
        cassettes=cassettes,
    )
    console = Console(record=True, width=200)
    assert run_eval(options, SETTINGS, console) == EXIT_NOT_RECORDED
    said = console.export_text()
    assert "rw-001 (judge)" in said and "--judge rewrite_judge@1" in said


def test_split_option_runs_only_held_out_cases_and_metrics_split_both_ways(
    tmp_path: Path,
) -> None:
    whole = replay(tmp_path / "all", "barriers@1")[1]
    test_only = replay(tmp_path / "test", "barriers@1", split="test")[1]
    assert {c["split"] for c in test_only["cases"]} == {"test"}
    by_split = whole["metrics"]["splits"]
    assert by_split["dev"]["cases"] + by_split["test"]["cases"] == whole["metrics"]["cases"]
    assert by_split["test"]["cases"] == test_only["metrics"]["cases"]
    assert by_split["test"]["labels"] == test_only["metrics"]["labels"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"case_ids": ["ba-999"]}, "no barriers case with id ba-999"),
        ({"case_ids": ["rw-001"]}, "belong to no task in this run"),
        ({"baseline": Path("/nonexistent/report.json")}, "cannot read the baseline"),
        ({"datasets": Path("/nonexistent")}, "no dataset"),
    ],
)
def test_bad_options_are_named_before_anything_runs(options: dict, message: str) -> None:
    full = {"prompts": ["barriers@1"], "thresholds": None, "cassettes": CASSETTES} | options
    with pytest.raises(EvalUsageError, match=message):
        run_eval(EvalOptions(**full), SETTINGS, Console(quiet=True))


def test_every_kind_of_committed_recording_is_collected() -> None:
    assert RECORDED, "no eval cassettes found: the replay tests would test nothing"
