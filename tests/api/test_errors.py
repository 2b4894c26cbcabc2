"""Bad input gets a clear problem+json 4xx; model failures map to 502/503/504."""

from __future__ import annotations

import litellm
import pytest

from copilot.llm.fake import FunctionBackend
from tests.conftest import ClientFactory

PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/v1/rewrites", {"text": ""}, 422),
        ("/v1/rewrites", {"text": "   \n\t "}, 422),
        ("/v1/rewrites", {"text": "hello", "tone": "nice"}, 422),
        ("/v1/rewrites", {"text": "hello", "variants": 4}, 422),
        ("/v1/rewrites", {}, 422),
        ("/v1/questions", {"context": "notes", "count": 0}, 422),
        ("/v1/questions", {"context": "notes", "count": 16}, 422),
        ("/v1/barriers", {"text": "x" * 2001}, 413),
        ("/v1/rewrites", {"text": "x" * 1500, "context": "y" * 600}, 413),
        ("/v1/coach", {"text": "hello", "prompt_version": 99}, 404),
        ("/v1/coach", {"text": "hello", "prompt_version": "nightly"}, 404),
    ],
)
def test_bad_input_is_a_problem_json_4xx(
    client_with: ClientFactory, path: str, body: dict, status: int
) -> None:
    client = client_with()  # the fake model is never reached: any call would fail the test
    response = client.post(path, json=body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["status"] == status and problem["detail"] and problem["request_id"]
    assert client.app.state.fake.requests == []


def test_validation_errors_never_echo_the_input(client_with: ClientFactory) -> None:
    response = client_with().post(
        "/v1/questions", json={"context": "secret deal notes", "count": 99}
    )
    assert "secret deal notes" not in response.text


def test_malformed_json_is_400(client_with: ClientFactory) -> None:
    response = client_with().post(
        "/v1/barriers", content=b'{"text": "oops', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(PROBLEM)


def test_wrong_content_type_is_415(client_with: ClientFactory) -> None:
    response = client_with().post(
        "/v1/barriers", content=b"text=hi", headers={"content-type": "text/plain"}
    )
    assert response.status_code == 415
    assert response.json()["title"] == "Unsupported media type"


def test_unknown_route_is_problem_json(client_with: ClientFactory) -> None:
    response = client_with().get("/v1/nothing")
    assert response.status_code == 404 and response.headers["content-type"].startswith(PROBLEM)


def test_unusable_output_twice_is_502(client_with: ClientFactory) -> None:
    client = client_with("not json", {"warnings": [{"evidence": "x"}]})
    response = client.post("/v1/barriers", json={"text": "I will wing it.", "prompt_version": 1})
    assert response.status_code == 502
    assert len(client.app.state.fake.requests) == 2
    assert "not json" not in response.text


def test_unavailable_model_is_503_after_three_attempts(client_with: ClientFactory) -> None:
    error = litellm.APIConnectionError(message="refused", llm_provider="openai", model="m")
    client = client_with(error, error, error)
    response = client.post("/v1/barriers", json={"text": "I will wing it.", "prompt_version": 1})
    assert response.status_code == 503
    assert len(client.app.state.fake.requests) == 3
    assert "refused" not in response.text


def test_rejected_request_is_not_retried(client_with: ClientFactory) -> None:
    error = litellm.AuthenticationError(message="bad key sk-123", llm_provider="openai", model="m")
    client = client_with(error)
    response = client.post("/v1/barriers", json={"text": "I will wing it.", "prompt_version": 1})
    assert response.status_code == 503
    assert len(client.app.state.fake.requests) == 1
    assert "sk-123" not in response.text


def test_deadline_is_504(client_with: ClientFactory) -> None:
    slow = FunctionBackend(lambda request: {"warnings": []}, delay_s=2.0)
    response = client_with(backend=slow, timeout_s=0.2).post(
        "/v1/barriers", json={"text": "I will wing it.", "prompt_version": 1}
    )
    assert response.status_code == 504


def test_a_busy_embedded_model_is_503_with_retry_after(client_with: ClientFactory) -> None:
    from copilot.errors import ModelBusy

    client = client_with(ModelBusy("busy", retry_after_s=42))
    response = client.post("/v1/questions", json={"context": "Call with Ana on Monday."})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "42"
    assert response.json()["type"] == "urn:copilot:problem:model-busy"
    assert len(client.app.state.fake.requests) == 1  # refused at once, never retried
