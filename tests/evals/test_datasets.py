"""The datasets follow their JSON Schema, load into the runner's models, and are consistent."""

from __future__ import annotations

import json

import jsonschema
import pytest

from copilot.evals.cases import TASKS, load_cases
from tests.conftest import REPO

DATASETS = REPO / "evals" / "datasets"


@pytest.mark.parametrize("task", TASKS)
def test_every_case_matches_the_json_schema(task: str) -> None:
    schema = json.loads((DATASETS / "case.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for line in (DATASETS / f"{task}.jsonl").read_text("utf-8").splitlines():
        errors = list(validator.iter_errors(json.loads(line)))
        assert not errors, f"{line[:40]}: {errors[0].message}"


@pytest.mark.parametrize("task", TASKS)
def test_cases_load_with_unique_ids_and_at_least_40(task: str) -> None:
    cases = load_cases(DATASETS, task)
    assert len(cases) >= 40
    assert len({c.id for c in cases}) == len(cases)


@pytest.mark.parametrize("task", TASKS)
def test_a_held_out_test_split_of_about_a_third_covers_every_kind(task: str) -> None:
    cases = load_cases(DATASETS, task)
    test = [c for c in cases if c.split == "test"]
    assert 0.25 <= len(test) / len(cases) <= 0.4
    kinds = lambda group: {t for c in group for t in c.tags if t.startswith("kind:")}  # noqa: E731
    common = {k for k in kinds(cases) if sum(k in c.tags for c in cases) >= 2}
    assert common <= kinds(test)


def test_expected_quotes_are_substrings_of_the_input() -> None:
    for case in load_cases(DATASETS, "rewrites"):
        for phrase in case.expect.facts + case.expect.must_not_survive:
            assert phrase in case.input.text, (case.id, phrase)
    for case in load_cases(DATASETS, "questions"):
        for phrase in case.expect.must_reference:
            assert phrase in case.input.context, (case.id, phrase)
    for case in load_cases(DATASETS, "barriers"):
        assert set(case.expect.evidence) <= set(case.expect.barriers), case.id
        for quotes in case.expect.evidence.values():
            assert all(q in case.input.text for q in quotes), case.id


def test_the_schema_rejects_a_broken_case() -> None:
    schema = json.loads((DATASETS / "case.schema.json").read_text("utf-8"))
    broken = {"id": "ba-999", "input": {"text": "x"}, "expect": {"barriers": ["grumpiness"]}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
