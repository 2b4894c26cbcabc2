from __future__ import annotations

from fastapi.testclient import TestClient

from copilot.main import create_app
from copilot.settings import Settings
from tests.conftest import ClientFactory


def test_prompts_are_listed_with_hashes_and_labels(client_with: ClientFactory) -> None:
    body = client_with().get("/v1/prompts").json()
    ids = {p["id"] for p in body["prompts"]}
    assert {"rewrites", "questions", "barriers", "coach"} <= ids
    for prompt in body["prompts"]:
        assert prompt["labels"]["stable"] in [v["version"] for v in prompt["versions"]]
        assert all(len(v["sha256"]) == 64 for v in prompt["versions"])


def test_prompt_detail_by_label_and_unknown(client_with: ClientFactory) -> None:
    client = client_with()
    detail = client.get("/v1/prompts/questions/stable").json()
    assert "{{ context }}" in detail["template"]
    assert client.get("/v1/prompts/questions/77").status_code == 404
    assert client.get("/v1/prompts/nope/1").status_code == 404


def test_health_and_readiness(client_with: ClientFactory) -> None:
    client = client_with()
    assert client.get("/healthz").json() == {"status": "ok", "reason": None}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_cors_is_off_by_default(client_with: ClientFactory) -> None:
    response = client_with().get("/healthz", headers={"Origin": "https://addin.example.com"})
    assert "access-control-allow-origin" not in response.headers


def test_cors_allows_only_the_listed_origins(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"cors_origins": "https://addin.example.com"}))
    client = TestClient(app)
    preflight = {
        "Origin": "https://addin.example.com",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = client.options("/v1/highlights", headers=preflight)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://addin.example.com"
    assert "access-control-allow-credentials" not in allowed.headers
    other = client.options("/v1/highlights", headers=preflight | {"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    simple = client.post(
        "/v1/highlights",
        json={"text": "Sign by Friday or we walk away."},
        headers={"Origin": "https://addin.example.com"},
    )
    assert simple.headers["access-control-allow-origin"] == "https://addin.example.com"
    assert "x-request-id" in simple.headers["access-control-expose-headers"].lower()
