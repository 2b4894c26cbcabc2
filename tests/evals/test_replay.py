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
