"""barriers@v4: one label per sentence from the model, cues beside it, advice from data."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.checks.sentences import split_sentences
from copilot.cues import CueHit
from copilot.errors import ModelUnavailable
from copilot.tasks.barrier_sentences import combine
from tests.conftest import ClientFactory

NOTES = (
    "Call with Priya Raman at Harbor Freight on Monday. "
    "I haven't looked at their contract history, I'll wing it. "
    "They signed for 40 seats, but I'll pitch the enterprise tier again anyway."
)


def test_each_sentence_label_becomes_a_warning_on_that_sentence(
    client_with: ClientFactory,
) -> None:
    client = client_with({"labels": ["none", "lack_of_preparation", "overselling"]})
    response = client.post("/v1/barriers", json={"text": NOTES, "prompt_version": 4})
    assert response.status_code == 200, response.text
    body = response.json()
    labels = [w["barrier"] for w in body["warnings"]]
    assert "lack_of_preparation" in labels and "overselling" in labels
    for warning in body["warnings"]:
        assert NOTES[warning["start"] : warning["end"]] == warning["evidence"]
        assert warning["why"] and warning["instead"]
    assert body["meta"]["prompt"]["version"] == 4
    assert body["meta"]["degraded"] is False
    [request] = client.app.state.fake.requests
    assert "2. I haven't looked at their contract history" in request.messages[-1]["content"]


def test_the_answer_must_label_every_sentence(client_with: ClientFactory) -> None:
    client = client_with({"labels": ["none"]}, {"labels": ["none"] * 3})
    response = client.post("/v1/barriers", json={"text": NOTES, "prompt_version": 4})
    assert response.status_code == 200
    assert response.json()["meta"]["checks"]["schema_reasks"] == 1


def test_when_the_model_fails_the_cues_answer_alone_and_say_so(
    client_with: ClientFactory,
) -> None:
    client = client_with(*[ModelUnavailable("down")] * 3)
    response = client.post("/v1/barriers", json={"text": NOTES, "prompt_version": 4})
    assert response.status_code == 200
    body = response.json()
    assert body["meta"]["degraded"] is True
    assert "lack_of_preparation" in [w["barrier"] for w in body["warnings"]]


def _hit(text: str, quote: str, label: str) -> CueHit:
    start = text.index(quote)
    return CueHit(label, "barrier", start, start + len(quote), quote, "why")


def test_decision_rules_combine_model_and_cue_labels() -> None:
    text = "I'll wing it. We crush them."
    sentences = split_sentences(text)
    hits = [_hit(text, "wing it", "lack_of_preparation")]
    model = [set(), {"us_vs_them"}]
    found = lambda rule: {(f.label, f.sentence.text) for f in combine(sentences, model, hits, rule)}  # noqa: E731
    assert found("union") == {
        ("lack_of_preparation", "I'll wing it."),
        ("us_vs_them", "We crush them."),
    }
    assert found("model") == {("us_vs_them", "We crush them.")}
    assert found("cues") == {("lack_of_preparation", "I'll wing it.")}
    assert found("agree") == set()
    assert {f.label for f in combine(sentences, None, hits, "model")} == {"lack_of_preparation"}


def test_a_cue_pipeline_answers_without_calling_a_model(client_with: ClientFactory) -> None:
    client = client_with()
    response = client.post("/v1/barriers", json={"text": NOTES, "prompt_version": 5})
    assert response.status_code == 200, response.text
    body = response.json()
    assert client.app.state.fake.requests == []
    assert body["meta"]["model"] == "none" and body["meta"]["checks"]["model_calls"] == 0
    assert body["meta"]["prompt"] == {
        "id": "barriers",
        "version": 5,
        "sha256": body["meta"]["prompt"]["sha256"],
    }
    assert "lack_of_preparation" in [w["barrier"] for w in body["warnings"]]
    for warning in body["warnings"]:
        assert NOTES[warning["start"] : warning["end"]] == warning["evidence"]


@pytest.mark.parametrize(
    ("extra", "pipeline", "complaint"),
    [
        ("system: s\n", "{kind: cues, cues: 1, advice: 1}", "no template"),
        (
            "",
            "{kind: cues, cues: 2, advice: 1, examples: 1, nearest: {k: 3, agree: 5}}",
            "min_similarity",
        ),
    ],
)
def test_a_model_free_prompt_file_is_checked_when_it_loads(
    tmp_path: Path, extra: str, pipeline: str, complaint: str
) -> None:
    """No template beside a cues pipeline; a complete, consistent nearest-example rule."""
    from copilot.errors import PromptError
    from copilot.prompts import load_template

    path = tmp_path / "barriers" / "v9.yaml"
    path.parent.mkdir()
    path.write_text(
        f"id: barriers\nversion: 9\ndescription: d\ninputs: []\n{extra}pipeline: {pipeline}\n",
        "utf-8",
    )
    with pytest.raises(PromptError, match=complaint):
        load_template(path)


# The second sentence is one of prompts/barrier_examples v1's excessive_goal_focus
# examples, which no cue of the cue file v2 matches.
GOAL_FOCUS = (
    "Manager is watching my pipeline, so Tanaka Steel has to move to 'committed' after this call."
)
NOTES_WITHOUT_CUES = f"Call with the Brightwater Foods plant manager at nine. {GOAL_FOCUS}"


def test_v6_names_barriers_the_cues_miss_from_the_nearest_examples(
    client_with: ClientFactory,
) -> None:
    client = client_with()
    cues_only = client.post("/v1/barriers", json={"text": NOTES_WITHOUT_CUES, "prompt_version": 5})
    assert cues_only.json()["warnings"] == []
    response = client.post("/v1/barriers", json={"text": NOTES_WITHOUT_CUES, "prompt_version": 6})
    assert response.status_code == 200, response.text
    body = response.json()
    assert client.app.state.fake.requests == []
    assert body["meta"]["model"] == "encoder:all-MiniLM-L6-v2" and not body["meta"]["degraded"]
    [warning] = body["warnings"]
    assert warning["barrier"] == "excessive_goal_focus" and warning["evidence"] == GOAL_FOCUS
    assert NOTES_WITHOUT_CUES[warning["start"] : warning["end"]] == GOAL_FOCUS


def test_v6_without_the_encoder_answers_from_the_cues_and_says_so(
    client_with: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from copilot.errors import EncoderUnavailable

    def unavailable(*_: object) -> None:
        raise EncoderUnavailable("not installed")

    monkeypatch.setattr("copilot.prompts.example_index", unavailable)
    client = client_with()
    response = client.post("/v1/barriers", json={"text": NOTES, "prompt_version": 6})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["meta"]["degraded"] and body["meta"]["model"] == "none"
    assert "lack_of_preparation" in [w["barrier"] for w in body["warnings"]]
