from __future__ import annotations

from copilot.evals.cases import BarrierCase, QuestionCase, RewriteCase
from copilot.evals.graders import grade
from copilot.evals.metrics import confusion, label_metrics
from copilot.evals.solver import CaseOutput

REWRITE = RewriteCase.model_validate(
    {
        "id": "rw-x",
        "split": "dev",
        "input": {"text": "Pay the $500 by May 2 or we walk, as you always do."},
        "expect": {
            "facts": ["$500", "May 2"],
            "must_not_survive": ["or we walk", "as you always do"],
            "should_change": True,
            "reasons": ["ultimatum", "absolute_language"],
        },
    }
)


def rewrite_output(text: str, reasons: list[str], dropped: int = 0) -> CaseOutput:
    changes = [
        {"original": "x", "replacement": "y", "reason": r, "start": 0, "end": 1} for r in reasons
    ]
    return CaseOutput(
        "rw-x",
        {"rewrites": [{"text": text, "changes": changes, "facts": {"kept": [], "missing": []}}]},
        checks={"ungrounded_dropped": dropped},
    )


def test_rewrite_graders() -> None:
    scores = grade(
        "rewrites",
        REWRITE,
        rewrite_output(
            "Could we settle the $500 by May 2? as you always do.", ["ultimatum"], dropped=1
        ),
    )
    assert scores["fact_preservation"].value == 1.0
    assert scores["combative_residue"].value == 0.5 and not scores["combative_residue"].passed
    assert scores["reason_recall"].value == 0.5
    assert scores["grounding_rate"].value == 0.5
    assert scores["change_decision"].passed
    assert scores["reason_validity"].value == 1.0


def test_a_reason_the_case_does_not_expect_lowers_reason_validity() -> None:
    output = rewrite_output("Could we settle the $500 by May 2?", ["ultimatum", "battle_metaphor"])
    scores = grade("rewrites", REWRITE, output)
    assert scores["reason_validity"].value == 0.5
    assert "battle_metaphor" in scores["reason_validity"].explanation


def test_a_failed_case_scores_only_schema_validity() -> None:
    scores = grade("rewrites", REWRITE, CaseOutput("rw-x", None, error="model-output-unusable: x"))
    assert set(scores) == {"schema_valid"} and scores["schema_valid"].value == 0.0


def test_clean_text_must_be_left_alone() -> None:
    clean = RewriteCase.model_validate(
        {
            "id": "rw-y",
            "split": "dev",
            "input": {"text": "Thanks, see you Monday."},
            "expect": {"should_change": False},
        }
    )
    assert not grade("rewrites", clean, rewrite_output("Thanks!", ["dismissive"]))[
        "change_decision"
    ].passed
    assert grade("rewrites", clean, rewrite_output("Thanks, see you Monday.", []))[
        "change_decision"
    ].passed


def test_question_graders() -> None:
    case = QuestionCase.model_validate(
        {
            "id": "qu-x",
            "split": "dev",
            "input": {"context": "Merger in May; churn up 30%.", "count": 3},
            "expect": {
                "purposes": ["change", "risk"],
                "min_questions": 2,
                "max_questions": 3,
                "must_reference": ["30%"],
            },
        }
    )
    questions = [
        {
            "text": "What changed after the merger in May?",
            "purpose": "change",
            "why": "",
            "open": True,
        },
        {"text": "Is churn a worry?", "purpose": "problem", "why": "", "open": False},
    ]
    scores = grade(
        "questions",
        case,
        CaseOutput("qu-x", {"questions": questions}, checks={"duplicates_merged": 1}),
    )
    assert scores["openness"].value == 0.5
    # "Is churn a worry?" serves risk by its words, whatever the model labelled it.
    assert scores["purpose_coverage"].value == 1.0
    assert scores["purpose_label_agreement"].value == 0.5
    assert scores["reference_coverage"].value == 0.0
    assert abs(scores["duplicate_rate"].value - 1 / 3) < 1e-9
    assert scores["count_in_range"].passed


def test_barrier_f1_and_clean_cases() -> None:
    case = BarrierCase.model_validate(
        {
            "id": "ba-x",
            "split": "dev",
            "input": {"text": "t"},
            "expect": {"barriers": ["impatience", "win_lose"]},
        }
    )
    warnings = [{"barrier": "impatience"}, {"barrier": "us_vs_them"}]
    assert (
        grade("barriers", case, CaseOutput("ba-x", {"warnings": warnings}))["barrier_f1"].value
        == 0.5
    )
    clean = BarrierCase.model_validate(
        {"id": "ba-y", "split": "dev", "input": {"text": "t"}, "expect": {"barriers": []}}
    )
    scores = grade("barriers", clean, CaseOutput("ba-y", {"warnings": []}))
    assert scores["barrier_f1"].value == 1.0 and scores["clean_text_left_alone"].passed


def test_label_metrics_micro_macro_and_support() -> None:
    expected = [{"impatience"}, {"impatience", "win_lose"}, set()]
    predicted = [{"impatience"}, {"us_vs_them"}, {"win_lose"}]
    metrics = label_metrics(expected, predicted)
    assert metrics["per_label"]["impatience"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.6667,
        "support": 2,
        "predicted": 1,
    }
    assert metrics["per_label"]["win_lose"]["precision"] == 0.0
    assert metrics["micro"] == {"precision": 0.3333, "recall": 0.3333, "f1": 0.3333}
    # Macro: mean over the labels expected or predicted (us_vs_them was only predicted).
    assert metrics["macro"]["recall"] == 0.1667
    assert metrics["macro"]["precision"] == 0.3333
    view = confusion(expected, predicted)
    assert view["(none)"] == {"win_lose": 1} and view["impatience"] == {
        "impatience": 1,
        "us_vs_them": 1,
    }


def test_agreement_counts_only_cases_where_both_graders_apply() -> None:
    from copilot.evals.metrics import agreement

    def s(passed: bool) -> dict:
        return {"value": 1.0, "passed": passed, "explanation": ""}

    cases = [
        {"judge": s(True), "residue": s(True)},
        {"judge": s(True), "residue": s(False)},
        {"judge": s(False)},
    ]
    assert agreement(cases, "judge", "residue") == 0.5
    assert agreement(cases[2:], "judge", "residue") is None


def test_duplicate_rate_counts_the_questions_left_out_as_surplus_among_the_proposed() -> None:
    case = QuestionCase.model_validate(
        {
            "id": "qu-y",
            "split": "dev",
            "input": {"context": "Merger in May.", "count": 1},
            "expect": {"purposes": ["change"], "min_questions": 1, "max_questions": 2},
        }
    )
    question = {"text": "What changed in May?", "purpose": "change", "why": "", "open": True}
    checks = {"duplicates_merged": 1, "surplus_dropped": 2}
    scores = grade("questions", case, CaseOutput("qu-y", {"questions": [question]}, checks=checks))
    assert abs(scores["duplicate_rate"].value - 1 / 4) < 1e-9
    assert scores["duplicate_rate"].explanation == "1 duplicate(s) among 4 proposed"
