from __future__ import annotations

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
