"""The LLM judge: rubric rendering, score validation, failures kept apart from scores."""

from __future__ import annotations

import pytest
from tenacity import wait_none

from copilot.errors import ModelUnavailable
from copilot.evals.errors import EvalUsageError
from copilot.evals.graders import grade
from copilot.evals.judge import JudgeSpec, judge_case
from copilot.evals.models import ModelSpec
from copilot.llm import Gateway
from copilot.llm.fake import scripted
from copilot.prompts import PromptRegistry
from tests.conftest import PROMPTS_DIR
from tests.evals.test_graders import REWRITE, rewrite_output

JUDGE = JudgeSpec(PromptRegistry.load(PROMPTS_DIR).get("rewrite_judge"), ModelSpec("embedded"))
REWRITTEN = "Could the $500 be settled by May 2? That keeps things moving."


def gateway(*answers: object) -> Gateway:
    return Gateway(scripted(*answers), 10, wait=wait_none())  # type: ignore[arg-type]


async def test_the_judge_sees_both_texts_and_its_scores_become_graders() -> None:
    backend_answer = {
        "hostile_left": [],
        "facts_lost": ["May 2"],
        "collaborative": 5,
        "meaning_kept": 3,
    }
    gw = gateway(backend_answer)
    output = rewrite_output(REWRITTEN, ["ultimatum"])
    output.judgement = await judge_case(REWRITE, output, gw, JUDGE)
    sent = gw.backend.requests[0].messages[-1]["content"]  # type: ignore[attr-defined]
    assert REWRITE.input.text in sent and REWRITTEN in sent
    assert output.judgement is not None
    assert output.judgement["judge"] == "rewrite_judge@v1 x embedded"
    scores = grade("rewrites", REWRITE, output)
    assert scores["judge_collaborative"].value == 5 and scores["judge_collaborative"].passed
    assert scores["judge_meaning_kept"].value == 3 and not scores["judge_meaning_kept"].passed
    assert "May 2" in scores["judge_meaning_kept"].explanation


async def test_an_out_of_scale_score_is_re_asked_then_an_error_not_a_score() -> None:
    bad = {"hostile_left": [], "facts_lost": [], "collaborative": 9, "meaning_kept": 0}
    output = rewrite_output(REWRITTEN, ["ultimatum"])
    output.judgement = await judge_case(REWRITE, output, gateway(bad, bad), JUDGE)
    assert output.judgement is not None and "error" in output.judgement
    assert "judge_collaborative" not in grade("rewrites", REWRITE, output)


async def test_a_failed_judge_call_is_an_error_on_the_case() -> None:
    output = rewrite_output(REWRITTEN, [])
    failing = [ModelUnavailable("down")] * 5
    output.judgement = await judge_case(REWRITE, output, gateway(*failing), JUDGE)
    assert output.judgement is not None and output.judgement["status"] == 503


async def test_nothing_to_judge_without_a_rewrite() -> None:
    output = rewrite_output(REWRITTEN, [])
    output.output = None
    assert await judge_case(REWRITE, output, gateway(), JUDGE) is None


def test_the_judge_grades_rewrites_only_and_is_not_an_eval_task() -> None:
    from copilot.evals.suite import EvalOptions, build_grid

    registry = PromptRegistry.load(PROMPTS_DIR)
    grid = build_grid(
        EvalOptions(prompts=["rewrites@1", "barriers@1"], judge="rewrite_judge@stable"), registry
    )
    assert [spec.judge is not None for spec in grid] == [True, False]
    with pytest.raises(EvalUsageError, match="grades rewrites only"):
        build_grid(EvalOptions(prompts=["barriers@1"], judge="rewrite_judge@stable"), registry)
    with pytest.raises(EvalUsageError, match="no eval dataset"):
        build_grid(EvalOptions(prompts=["rewrite_judge@1"]), registry)
    with pytest.raises(EvalUsageError, match="has no such version"):
        build_grid(EvalOptions(prompts=["rewrites@99"]), registry)
