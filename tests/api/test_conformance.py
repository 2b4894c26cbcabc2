"""Small conformance gaps: types taken as declared, HTTP headers a client relies on."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.llm.litellm_backend import LiteLLMBackend
from tests.conftest import ClientFactory


@pytest.mark.parametrize(
    ("path", "field", "value"),
    [
        ("/v1/questions", "count", "5"),
        ("/v1/questions", "count", True),
        ("/v1/questions", "count", 2.0),
        ("/v1/rewrites", "variants", "2"),
        ("/v1/rewrites", "stream", "true"),
        ("/v1/barriers", "stream", 1),
    ],
)
def test_values_are_not_coerced_from_other_types(
    client_with: ClientFactory, path: str, field: str, value: Any
) -> None:
    text = {"context": "Call with Ana on Monday."} if "questions" in path else {"text": "Hi."}
    response = client_with().post(path, json={**text, field: value})
    assert response.status_code == 422, response.text
    assert any(field in error["loc"] for error in response.json()["errors"])


@pytest.mark.parametrize("context", ["", "   "])
def test_an_empty_optional_context_counts_as_none(client_with: ClientFactory, context: str) -> None:
    client = client_with()
    response = client.post("/v1/highlights", json={"text": "Hi Ana."})
    assert response.status_code == 200
    response = client.post(
        "/v1/coach", json={"text": "Hi Ana.", "context": context, "prompt_version": 99}
    )
    assert response.status_code == 404  # past validation: the version is what is missing


def test_a_405_says_which_methods_are_allowed(client_with: ClientFactory) -> None:
    response = client_with().get("/v1/rewrites")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("path", ["/healthz", "/v1/prompts", "/v1/nothing", "/"])
def test_every_response_forbids_content_sniffing(client_with: ClientFactory, path: str) -> None:
    assert client_with().get(path).headers["x-content-type-options"] == "nosniff"


async def test_readiness_does_not_show_the_model_servers_address() -> None:
    backend = LiteLLMBackend("openai/m", api_base="http://127.0.0.1:9/v1", api_key="k")
    ready, reason = await backend.readiness()
    assert not ready and "127.0.0.1" not in reason and "unreachable" in reason
