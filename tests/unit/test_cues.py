"""The cue files prove themselves: every example must be flagged with its rule's label,
no counter-example may be; and the analyzer keeps exact offsets into the caller's text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from copilot.cues import CueAnalyzer, CueRule, CueSpec
from tests.conftest import PROMPTS_DIR

CUE_FILES = sorted((PROMPTS_DIR / "cues").glob("v*.yaml"))
SPECS = {
    path.name: CueSpec.model_validate(yaml.safe_load(path.read_text("utf-8"))) for path in CUE_FILES
}
CASES = [
    (name, index, rule) for name, spec in SPECS.items() for index, rule in enumerate(spec.rules)
]


def _labels(analyzer: CueAnalyzer, text: str) -> set[tuple[str, str]]:
    return {(hit.label, hit.kind) for hit in analyzer.find(text)}


@pytest.mark.parametrize(
    ("name", "index", "rule"), CASES, ids=lambda v: str(v)[:30] if isinstance(v, str) else None
)
def test_examples_are_flagged_and_counter_examples_are_not(
    name: str, index: int, rule: CueRule
) -> None:
    analyzer = CueAnalyzer(SPECS[name])
    for example in rule.examples:
        assert (rule.label, rule.kind) in _labels(analyzer, example), (rule.label, example)
    for counter in rule.counter_examples:
        assert (rule.label, rule.kind) not in _labels(analyzer, counter), (rule.label, counter)


def test_every_label_has_a_cue() -> None:
    from copilot.schemas.labels import Barrier, RewriteReason

    for spec in SPECS.values():
        covered = {(r.label, r.kind) for r in spec.rules}
        assert {(b.value, "barrier") for b in Barrier} <= covered
        assert {(r.value, "rewrite_reason") for r in RewriteReason} <= covered


def _spec(*rules: dict) -> CueSpec:
    return CueSpec.model_validate(
        {
            "id": "cues",
            "version": 1,
            "description": "d",
            "negators": ["not", "never", "no"],
            "rules": list(rules),
        }
    )


WIN_LOSE = {
    "label": "win_lose",
    "kind": "barrier",
    "why": "One side must lose.",
    "patterns": ["take it or leave it"],
    "examples": ["Take it or leave it."],
}


def test_hits_index_the_text_as_sent_with_curly_quotes_and_odd_spacing() -> None:
    analyzer = CueAnalyzer(
        _spec(WIN_LOSE | {"patterns": ["it''s final,? take it or leave it".replace("''", "'")]})
    )
    text = "Hi Ana 👋🏽,\n\nThe price: IT\u2019S   FINAL, take it or\nleave it."
    [hit] = analyzer.find(text)
    assert text[hit.start : hit.end] == hit.quote == "IT\u2019S   FINAL, take it or\nleave it"


def test_a_cue_never_matches_inside_a_word() -> None:
    analyzer = CueAnalyzer(_spec(WIN_LOSE | {"patterns": ["war"]}))
    assert analyzer.find("A software award.") == []
    assert [h.quote for h in analyzer.find("This is war.")] == ["war"]


def test_a_negated_cue_is_dropped_unless_the_rule_is_about_a_negation() -> None:
    pressure = WIN_LOSE | {"patterns": ["a problem"]}
    assert CueAnalyzer(_spec(pressure)).find("That is not a problem.") == []
    assert CueAnalyzer(_spec(pressure)).find("We never said it, but it is a problem.") != []
    kept = pressure | {"negatable": False}
    assert CueAnalyzer(_spec(kept)).find("That is not a problem.") != []


def test_overlapping_hits_of_one_label_merge() -> None:
    rule = WIN_LOSE | {"patterns": ["take it or leave", "leave it"]}
    [hit] = CueAnalyzer(_spec(rule)).find("so take it or leave it now")
    assert hit.quote == "take it or leave it"


def test_a_label_of_the_wrong_kind_is_rejected() -> None:
    with pytest.raises(ValidationError):
        _spec(WIN_LOSE | {"kind": "rewrite_reason"})


def test_the_cue_files_are_listed_and_served_like_prompts(tmp_path: Path) -> None:
    from copilot.prompts import PromptRegistry

    registry = PromptRegistry.load(PROMPTS_DIR)
    assert "cues" in registry.ids() and "advice" in registry.ids()
    analyzer = registry.cue_analyzer()
    assert analyzer.identity()["id"] == "cues" and len(str(analyzer.identity()["sha256"])) == 64
    assert registry.cue_analyzer() is analyzer  # compiled once
