"""Every POST endpoint through the real gateway and litellm, replayed from the embedded model."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from copilot.prompts import PromptRegistry
from tests.conftest import PROMPTS_DIR

DRAFT = (
    "Hi Mark,\n\nYour procurement team has been dragging this out for six weeks and it is "
    "costing both of us. Our price of $42,000 for 120 seats is final. If you don't sign by "
    "March 14, the 10% launch discount disappears. We have always delivered; your last "
    "vendor never did.\n\nPriya"
)
NOTES = (
    "Call with Halvorsen Foods tomorrow at 10am with their CFO, Ingrid Berg. Haven't looked "
    "at their Q3 numbers, I'll wing it. I really need this deal to hit quota this quarter. "
    "Their CFO always pushes back on price, so I'll stand firm and crush the objections. "
    "Not going to mention the outage we caused them in May."
)

pytestmark = pytest.mark.vcr


def assert_meta(body: dict[str, Any], prompt_id: str, vcr: Any) -> None:
    meta = body["meta"]
    assert meta["prompt"]["id"] == prompt_id and len(meta["prompt"]["sha256"]) == 64
    assert meta["model"] == "openai/qwen2.5-coder-1.5b-instruct"
    assert meta["usage"]["prompt_tokens"] > 0 and meta["usage"]["completion_tokens"] > 0
    assert meta["checks"]["model_calls"] == len(vcr.requests)
    if str(vcr.record_mode).lower().endswith("none"):
        assert vcr.all_played, "the cassette holds calls this test no longer makes"


def test_rewrites(recorded_client: TestClient, vcr: Any) -> None:
    response = recorded_client.post("/v1/rewrites", json={"text": DRAFT})
    assert response.status_code == 200, response.text
    body = response.json()
    rewrite = body["rewrites"][0]
    assert rewrite["text"] and rewrite["text"] != DRAFT
    for change in rewrite["changes"]:
        assert DRAFT[change["start"] : change["end"]] == change["original"]
    for fact in rewrite["facts"]["kept"] + rewrite["facts"]["missing"]:
        assert DRAFT[fact["start"] : fact["end"]] == fact["text"]
    assert len(rewrite["facts"]["missing"]) == body["meta"]["checks"]["facts_missing"]
    assert_meta(body, "rewrites", vcr)


def test_questions(recorded_client: TestClient, vcr: Any) -> None:
    response = recorded_client.post("/v1/questions", json={"context": NOTES, "count": 6})
    assert response.status_code == 200, response.text
    body = response.json()
    assert 1 <= len(body["questions"]) <= 6
    assert all(q["text"].strip() and q["why"].strip() for q in body["questions"])
    assert body["meta"]["checks"]["closed_questions"] == sum(
        not q["open"] for q in body["questions"]
    )
    assert_meta(body, "questions", vcr)


def test_barriers(recorded_client: TestClient, vcr: Any) -> None:
    # v1 is the design that asks the model (the stable v5 answers from the cue file alone).
    response = recorded_client.post("/v1/barriers", json={"text": NOTES, "prompt_version": 1})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["warnings"], "notes full of barriers produced no grounded warning"
    for warning in body["warnings"]:
        assert NOTES[warning["start"] : warning["end"]] == warning["evidence"]
    assert_meta(body, "barriers", vcr)


def test_coach(recorded_client: TestClient, vcr: Any) -> None:
    response = recorded_client.post("/v1/coach", json={"text": DRAFT})
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["rewrites"]) == 1 and body["questions"]
    for warning in body["warnings"]:
        assert DRAFT[warning["start"] : warning["end"]] == warning["evidence"]
    for change in body["rewrites"][0]["changes"]:
        assert DRAFT[change["start"] : change["end"]] == change["original"]
    assert_meta(body, "coach", vcr)


@pytest.mark.default_cassette("test_barriers.prettyjson")
def test_a_changed_prompt_misses_its_cassette(
    recorded_client: TestClient, vcr: Any, tmp_path: Path
) -> None:
    """Bodies are matched: an edited prompt must not replay the old prompt's answer."""
    prompts = tmp_path / "prompts"
    shutil.copytree(PROMPTS_DIR, prompts)
    edited = prompts / "barriers" / "v1.yaml"
    edited.write_text(
        edited.read_text("utf-8").replace("You are a sales coach.", "You coach sellers.")
    )
    recorded_client.app.state.prompts = PromptRegistry.load(prompts)
    # v1 is the design that asks the model (the stable v5 answers from the cue file alone).
    response = recorded_client.post("/v1/barriers", json={"text": NOTES, "prompt_version": 1})
    assert response.status_code == 503
    assert vcr.play_count == 0
