"""The committed recordings replay offline through the real gateway and graders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from copilot.evals.runner import NOT_RECORDED
from copilot.evals.suite import EXIT_NOT_RECORDED, EvalOptions, run_eval
from copilot.settings import Settings
from tests.conftest import PROMPTS_DIR, REPO

CASSETTES = REPO / "evals" / "cassettes"
RECORDED = sorted(
    p.parent.parent.parent.name + "@" + p.parent.parent.name.split("@v")[1]
    for p in CASSETTES.glob("*/*@v*/*/interactions.json")
)


@pytest.mark.parametrize("prompt", RECORDED)
def test_recorded_runs_replay_completely(prompt: str, tmp_path: Path) -> None:
    options = EvalOptions(
        prompts=[prompt],
        out=tmp_path,
        thresholds=tmp_path / "none.yaml",
        datasets=REPO / "evals" / "datasets",
        cassettes=CASSETTES,
    )
    settings = Settings(_env_file=None, prompts_dir=PROMPTS_DIR, model=None)
    assert run_eval(options, settings, Console(quiet=True)) != EXIT_NOT_RECORDED
    run = json.loads((tmp_path / "report.json").read_text("utf-8"))["runs"][0]
    unrecorded = [c["id"] for c in run["cases"] if (c["error"] or "").startswith(NOT_RECORDED)]
    assert unrecorded == []


def test_split_option_runs_only_held_out_cases_and_metrics_split_both_ways(
    tmp_path: Path,
) -> None:
    datasets = REPO / "evals" / "datasets"
    settings = Settings(_env_file=None, prompts_dir=PROMPTS_DIR, model=None)

    def run(split: str | None, out: Path) -> dict:
        options = EvalOptions(
            prompts=["barriers@1"],
            out=out,
            thresholds=tmp_path / "none.yaml",
            datasets=datasets,
            cassettes=CASSETTES,
            split=split,
        )
        run_eval(options, settings, Console(quiet=True))
        return json.loads((out / "report.json").read_text("utf-8"))["runs"][0]

    whole, test_only = run(None, tmp_path / "all"), run("test", tmp_path / "test")
    assert {c["split"] for c in test_only["cases"]} == {"test"}
    by_split = whole["metrics"]["splits"]
    assert by_split["dev"]["cases"] + by_split["test"]["cases"] == whole["metrics"]["cases"]
    assert by_split["test"]["cases"] == test_only["metrics"]["cases"]
    assert by_split["test"]["labels"] == test_only["metrics"]["labels"]
