"""`stream: true`: highlights first, findings as they pass their checks, then exactly the
plain answer; errors after the first byte as an `error` event."""

from __future__ import annotations

from typing import Any

import litellm
import pytest
from fastapi.testclient import TestClient

from copilot.main import create_app
from copilot.settings import Settings
from tests.api.sse import Event, read_events
from tests.conftest import ClientFactory

DRAFT = (
    "\U0001f44b\U0001f3fd Hi Marc, your team has been dragging this out. Sign by Friday or "
    "the 10% discount is gone. Honestly I'll wing it on the call."
)
NOTES = "Renewal call with Dana Ortiz (COO) on March 3; usage fell 30% after their merger."
ENDPOINTS = [
    ("/v1/rewrites", {"text": DRAFT}, "rewrites", "rewrite"),
    ("/v1/questions", {"context": NOTES}, "questions", "question"),
    ("/v1/barriers", {"text": DRAFT}, "warnings", "warning"),
    ("/v1/coach", {"text": DRAFT, "context": NOTES}, "warnings", "warning"),
]


def without_timing(body: dict[str, Any]) -> dict[str, Any]:
    meta = {k: v for k, v in body["meta"].items() if k not in ("request_id", "latency_ms")}
    return {**body, "meta": meta}


def names(events: list[Event]) -> list[str]:
    return [event.name for event in events]


@pytest.fixture
def stand_in(settings: Settings) -> TestClient:
    return TestClient(create_app(settings.model_copy(update={"model": "fake"})))


@pytest.mark.parametrize(("path", "body", "items", "item_event"), ENDPOINTS)
def test_the_stream_ends_with_the_plain_answer(
    stand_in: TestClient, path: str, body: dict[str, Any], items: str, item_event: str
) -> None:
    request = {**body, "offset_unit": "utf16"}
    with stand_in as client:
        plain = client.post(path, json=request).json()
        response = client.post(path, json={**request, "stream": True})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = read_events(response.text)
    assert events[0].name == "highlights" and names(events)[1:].count("highlights") == 0
    assert events[-1].name == "result" and names(events).count("result") == 1
    result = events[-1].data
    assert without_timing(result) == without_timing(plain)
    assert [e.data for e in events if e.name == item_event] == result[items]
    assert result["meta"]["input"]["offset_unit"] == "utf16"


def test_highlights_come_first_with_offsets_in_the_unit_asked_for(stand_in: TestClient) -> None:
    request = {"text": DRAFT, "offset_unit": "utf16"}
    with stand_in as client:
        instant = client.post("/v1/highlights", json=request).json()
        events = read_events(client.post("/v1/barriers", json={**request, "stream": True}).text)
    first = events[0].data
    assert first["highlights"] == instant["highlights"] and first["highlights"]
    as_js = DRAFT.encode("utf-16-le")
    for h in first["highlights"]:
        assert as_js[2 * h["start"] : 2 * h["end"]].decode("utf-16-le") == h["quote"]


def test_coach_from_pieces_streams_the_warnings_before_the_model_writes(
    stand_in: TestClient,
) -> None:
    unprepared = "I haven't read their file, so I'll just wing it. They always push back."
    with stand_in as client:
        body = {"text": unprepared, "context": NOTES, "stream": True, "prompt_version": 3}
        events = read_events(client.post("/v1/coach", json=body).text)
    warnings = [i for i, e in enumerate(events) if e.name == "warning"]
    progress = [i for i, e in enumerate(events) if e.name == "progress"]
    questions = [i for i, e in enumerate(events) if e.name == "question"]
    assert warnings and progress and questions
    assert max(warnings) < min(progress) < min(questions)
    calls = [events[i].data["model_calls"] for i in progress]
    assert calls == sorted(calls) and calls[-1] == events[-1].data["meta"]["checks"]["model_calls"]


def test_each_finding_is_sent_once_it_is_grounded(client_with: ClientFactory) -> None:
    answer = {
        "warnings": [
            {
                "evidence": e,
                "barrier": "lack_of_preparation",
                "severity": "high",
                "why": "w",
                "instead": "i",
            }
            for e in ("I'll wing it", "words that are not in the draft")
        ]
    }
    body = {"text": DRAFT, "prompt_version": 1, "stream": True}
    events = read_events(client_with(answer).post("/v1/barriers", json=body).text)
    assert names(events) == ["highlights", "progress", "warning", "result"]
    warning = events[2].data
    assert DRAFT[warning["start"] : warning["end"]] == "I'll wing it"
    assert events[-1].data["meta"]["checks"]["ungrounded_dropped"] == 1


def test_a_model_failure_after_the_first_event_is_an_error_event(
    client_with: ClientFactory,
) -> None:
    error = litellm.APIConnectionError(message="refused at 10.0.0.7", llm_provider="x", model="m")
    client = client_with(error, error, error)
    response = client.post(
        "/v1/barriers", json={"text": DRAFT, "prompt_version": 1, "stream": True}
    )
    assert response.status_code == 200
    events = read_events(response.text)
    assert names(events) == ["highlights", "error"]
    problem = events[-1].data
    assert problem["status"] == 503 and problem["type"] == "urn:copilot:problem:model-unavailable"
    assert problem["request_id"] == response.headers["X-Request-ID"]
    assert "10.0.0.7" not in response.text


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"text": "<blockquote>Sign now.</blockquote>", "format": "html", "stream": True}, 422),
        ({"text": DRAFT, "prompt_version": 99, "stream": True}, 404),
        ({"text": DRAFT, "stream": "yes please"}, 422),
    ],
)
def test_bad_input_is_refused_before_the_stream_starts(
    client_with: ClientFactory, body: dict[str, Any], status: int
) -> None:
    response = client_with().post("/v1/rewrites", json=body)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_busy_model_mid_stream_says_when_to_come_back(client_with: ClientFactory) -> None:
    from copilot.errors import ModelBusy

    client = client_with(ModelBusy("busy", retry_after_s=42))
    body = {"context": NOTES, "stream": True}
    events = read_events(client.post("/v1/questions", json=body).text)
    assert names(events) == ["highlights", "error"]
    assert events[-1].data["retry_after_s"] == 42 and events[-1].data["status"] == 503
