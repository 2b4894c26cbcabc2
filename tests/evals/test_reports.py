"""The committed eval reports are exactly what their recordings replay to today.

A report edited by hand, or left stale after a grader or a prompt changed, fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.evals.test_replay import replay

REPORTS = sorted((REPO / "evals" / "reports").glob("*/report.json"))


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.parent.name)
def test_committed_reports_match_a_fresh_replay(path: Path, tmp_path: Path) -> None:
    committed = json.loads(path.read_text("utf-8"))
    for index, run in enumerate(committed["runs"]):
        prompt, judge = run["prompt"], run.get("judge")
        judge_ref = f"{judge['prompt']['id']}@{judge['prompt']['version']}" if judge else None
        _, fresh = replay(
            tmp_path / str(index),
            f"{prompt['id']}@{prompt['version']}",
            models=[run["model"]],
            judge=judge_ref,
        )
        assert fresh["prompt"] == prompt, "the prompt file changed since the report was made"
        assert fresh["judge"] == judge
        assert fresh["metrics"] == run["metrics"], f"{path}: re-run `copilot eval` for this report"
        assert [c["output"] for c in fresh["cases"]] == [c["output"] for c in run["cases"]]


def test_the_committed_reports_are_collected() -> None:
    assert REPORTS, "no committed eval report found"
