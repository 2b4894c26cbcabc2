from __future__ import annotations

from tests.conftest import ClientFactory

DRAFT = (
    "Mark, your procurement team has been dragging this out for six weeks. Our price of "
    "$42,000 is final. Sign by March 14 or the 10% discount is gone."
)
GOOD_TEXT = (
    "Mark, six weeks in, I'd like to understand what procurement still needs. Our price of "
    "$42,000 stands. If we can sign by March 14, the 10% discount still applies."
)


def change(original: str, replacement: str, reason: str) -> dict[str, str]:
    return {"original": original, "replacement": replacement, "reason": reason}


def draft(text: str, *changes: dict[str, str]) -> dict[str, object]:
    return {"rewrites": [{"changes": list(changes), "text": text}]}


def test_changes_are_grounded_with_exact_offsets(client_with: ClientFactory) -> None:
    answer = draft(
        GOOD_TEXT,
        change("your procurement team has been dragging this out", "I'd like to understand", "blame"),
        change("YOUR PROCUREMENT TEAM  has been dragging this out", "duplicate", "blame"),
        change("you people never listen", "invented", "contempt"),
        change("Our price", "Our price", "pressure"),
    )
    response = client_with(answer).post("/v1/rewrites", json={"text": DRAFT})
    assert response.status_code == 200, response.text
    body = response.json()
    changes = body["rewrites"][0]["changes"]
    assert len(changes) == 1
    for item in changes:
        assert DRAFT[item["start"] : item["end"]] == item["original"]
    checks = body["meta"]["checks"]
    assert checks["ungrounded_dropped"] == 1
    assert checks["duplicates_merged"] == 1
    assert checks["normalised_matches"] == 1
    assert checks["invalid_dropped"] == 1
    assert checks["model_calls"] == 1


def test_missing_facts_trigger_one_reask_naming_them(client_with: ClientFactory) -> None:
    lossy = draft("Mark, let's find a date that works. The 10% discount applies if we sign.")
    client = client_with(lossy, draft(GOOD_TEXT))
    body = client.post("/v1/rewrites", json={"text": DRAFT}).json()
    checks = body["meta"]["checks"]
    assert checks["model_calls"] == 2
    assert len(checks["reasks"]) == 1 and "$42,000" in checks["reasks"][0]
    assert body["rewrites"][0]["facts"]["missing"] == []
    feedback = client.app.state.fake.requests[1].messages[-1]["content"]
    assert "$42,000" in feedback and "March 14" in feedback


def test_facts_still_missing_after_reask_are_reported(client_with: ClientFactory) -> None:
    lossy = draft("Mark, let's find a date that works. The 10% discount applies if we sign.")
    body = client_with(lossy, lossy).post("/v1/rewrites", json={"text": DRAFT}).json()
    missing = {fact["text"] for fact in body["rewrites"][0]["facts"]["missing"]}
    assert {"$42,000", "March 14"} <= missing
    assert body["meta"]["checks"]["facts_missing"] == len(body["rewrites"][0]["facts"]["missing"])
    for fact in body["rewrites"][0]["facts"]["missing"] + body["rewrites"][0]["facts"]["kept"]:
        assert DRAFT[fact["start"] : fact["end"]] == fact["text"]


def test_variants_are_enforced_by_the_schema(client_with: ClientFactory) -> None:
    one = draft(GOOD_TEXT)
    two = {"rewrites": one["rewrites"] * 2}
    client = client_with(one, two)
    body = client.post("/v1/rewrites", json={"text": DRAFT, "variants": 2}).json()
    assert len(body["rewrites"]) == 2
    assert body["meta"]["checks"]["schema_reasks"] == 1
    schema = client.app.state.fake.requests[0].schema
    assert schema["properties"]["rewrites"]["minItems"] == 2


def test_meta_names_prompt_model_and_usage(client_with: ClientFactory) -> None:
    client = client_with(draft(GOOD_TEXT))
    response = client.post("/v1/rewrites", json={"text": DRAFT}, headers={"X-Request-ID": "abc-123"})
    meta = response.json()["meta"]
    assert response.headers["X-Request-ID"] == meta["request_id"] == "abc-123"
    prompt = client.get(f"/v1/prompts/rewrites/{meta['prompt']['version']}").json()
    assert meta["prompt"]["sha256"] == prompt["sha256"]
    assert meta["model"] == "fake/function"
    assert meta["usage"]["prompt_tokens"] > 0 and meta["usage"]["completion_tokens"] > 0
