"""`prompt_version` and the prompt paths are validated: odd values are a 422 naming the
field, never a 500, and a 404 never echoes what was sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import ClientFactory

PROBLEM = "application/problem+json"
BAD_VERSIONS = [
    "\u00b2",  # a superscript two: str.isdigit() says yes, int() says no
    "1" * 5000,  # longer than int() converts
    "\ud800",  # a lone surrogate
    True,
    0,
    -3,
    "x" * 100,
    "stable; drop table",
    2.5,
]


@pytest.mark.parametrize("version", BAD_VERSIONS, ids=range(len(BAD_VERSIONS)))
@pytest.mark.parametrize("path", ["/v1/highlights", "/v1/barriers"])
def test_a_bad_version_in_a_body_is_a_422(
    client_with: ClientFactory, path: str, version: Any
) -> None:
    body = json.dumps({"text": "Sign by Friday.", "prompt_version": version})  # \u escapes
    response = client_with().post(path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert all("prompt_version" in error["loc"] for error in response.json()["errors"])


@pytest.mark.parametrize(
    "path",
    [
        "/v1/prompts/rewrites/%C2%B2",
        "/v1/prompts/rewrites/" + "1" * 5000,
        "/v1/prompts/rewrites/%ED%A0%80",
        "/v1/prompts/%ED%A0%80/1",
        "/v1/prompts/rewrites/v1%00",
    ],
)
def test_a_bad_version_in_a_path_is_a_422(client_with: ClientFactory, path: str) -> None:
    response = client_with().get(path)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)


@pytest.mark.parametrize("version", [1, "v1", "stable", "STABLE", 9999])
def test_good_versions_still_resolve_or_404(client_with: ClientFactory, version: Any) -> None:
    response = client_with().post(
        "/v1/highlights", json={"text": "Sign by Friday.", "prompt_version": version}
    )
    assert response.status_code in (200, 404), response.text


def test_an_unknown_version_is_a_404_that_does_not_echo_it(client_with: ClientFactory) -> None:
    client = client_with()
    for response in (
        client.post("/v1/highlights", json={"text": "Hi.", "prompt_version": "zzlabel"}),
        client.get("/v1/prompts/rewrites/zzlabel"),
        client.get("/v1/prompts/zzprompt/1"),
    ):
        detail = response.json()["detail"]
        assert response.status_code == 404
        assert "zz" not in detail and ("labels" in detail or "prompts" in detail)
