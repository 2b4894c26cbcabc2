"""The one-call rewrite (rewrites@1, pinned): grounding, fact re-asks, variants. The stable
version (rewrites@7) runs this call for drafts that need changes."""

from __future__ import annotations

from tests.conftest import ClientFactory

DRAFT = (
    "Mark, your procurement team has been dragging this out for six weeks. Our price of "
    "$42,000 is final. Sign by March 14 or the 10% discount is gone."
)


def change(original: str, replacement: str, reason: str) -> dict[str, str]:
    return {"original": original, "replacement": replacement, "reason": reason}


FIRM = change(
    "Sign by March 14 or the 10% discount is gone.",
    "If we can sign by March 14, the 10% discount still applies.",
    "ultimatum",
)


def draft(*changes: dict[str, str]) -> dict[str, object]:
    return {"rewrites": [{"changes": list(changes)}]}


def test_changes_are_grounded_with_exact_offsets(client_with: ClientFactory) -> None:
    answer = draft(
        change(
            "your procurement team has been dragging this out", "I'd like to understand", "blame"
        ),
        change("YOUR PROCUREMENT TEAM  has been dragging this out", "duplicate", "blame"),
        change("you people never listen", "invented", "contempt"),
        change("Our price", "Our price", "pressure"),
        change("dragging this out for six weeks", "overlaps the first change", "blame"),
    )
    response = client_with(answer).post("/v1/rewrites", json={"text": DRAFT, "prompt_version": 1})
    assert response.status_code == 200, response.text
    body = response.json()
    changes = body["rewrites"][0]["changes"]
    assert len(changes) == 1
    for item in changes:
        assert DRAFT[item["start"] : item["end"]] == item["original"]
    assert body["rewrites"][0]["text"] == DRAFT.replace(
        "your procurement team has been dragging this out", "I'd like to understand"
    )
    checks = body["meta"]["checks"]
    assert checks["ungrounded_dropped"] == 1
    assert checks["duplicates_merged"] == 2
    assert checks["normalised_matches"] == 1
    assert checks["invalid_dropped"] == 1
    assert checks["model_calls"] == 1


def test_missing_facts_trigger_one_reask_naming_them(client_with: ClientFactory) -> None:
    lossy = draft(change("Our price of $42,000 is final.", "Our price is final.", "dismissive"))
    client = client_with(lossy, draft(FIRM))
    body = client.post("/v1/rewrites", json={"text": DRAFT, "prompt_version": 1}).json()
    checks = body["meta"]["checks"]
    assert checks["model_calls"] == 2
    assert len(checks["reasks"]) == 1 and "$42,000" in checks["reasks"][0]
    assert body["rewrites"][0]["facts"]["missing"] == []
    feedback = client.app.state.fake.requests[1].messages[-1]["content"]
    assert "$42,000" in feedback


def test_facts_still_missing_after_reask_are_reported(client_with: ClientFactory) -> None:
    lossy = draft(
        change("Our price of $42,000 is final.", "Our price is final.", "dismissive"),
        change("Sign by March 14 or the 10% discount is gone.", "Let's talk soon.", "ultimatum"),
    )
    body = (
        client_with(lossy, lossy)
        .post("/v1/rewrites", json={"text": DRAFT, "prompt_version": 1})
        .json()
    )
    missing = {fact["text"] for fact in body["rewrites"][0]["facts"]["missing"]}
    assert {"$42,000", "March 14"} <= missing
    assert body["meta"]["checks"]["facts_missing"] == len(body["rewrites"][0]["facts"]["missing"])
    for fact in body["rewrites"][0]["facts"]["missing"] + body["rewrites"][0]["facts"]["kept"]:
        assert DRAFT[fact["start"] : fact["end"]] == fact["text"]


def test_variants_are_enforced_by_the_schema(client_with: ClientFactory) -> None:
    one = draft(FIRM)
    two = {"rewrites": one["rewrites"] * 2}
    client = client_with(one, two)
    body = client.post(
        "/v1/rewrites", json={"text": DRAFT, "variants": 2, "prompt_version": 1}
    ).json()
    assert len(body["rewrites"]) == 2
    assert body["meta"]["checks"]["schema_reasks"] == 1
    schema = client.app.state.fake.requests[0].schema
    assert schema["properties"]["rewrites"]["minItems"] == 2


def test_meta_names_prompt_model_and_usage(client_with: ClientFactory) -> None:
    client = client_with(draft(FIRM))
    response = client.post(
        "/v1/rewrites",
        json={"text": DRAFT, "prompt_version": 1},
        headers={"X-Request-ID": "abc-123"},
    )
    meta = response.json()["meta"]
    assert response.headers["X-Request-ID"] == meta["request_id"] == "abc-123"
    prompt = client.get(f"/v1/prompts/rewrites/{meta['prompt']['version']}").json()
    assert meta["prompt"]["sha256"] == prompt["sha256"]
    assert meta["model"] == "fake/function"
    assert meta["usage"]["prompt_tokens"] > 0 and meta["usage"]["completion_tokens"] > 0


def test_replacements_are_spliced_into_the_input(client_with: ClientFactory) -> None:
    body = (
        client_with(draft(FIRM))
        .post("/v1/rewrites", json={"text": DRAFT, "prompt_version": 1})
        .json()
    )
    rewrite = body["rewrites"][0]
    assert rewrite["text"].endswith("If we can sign by March 14, the 10% discount still applies.")
    assert rewrite["text"].startswith(DRAFT[: rewrite["changes"][0]["start"]])
    assert rewrite["facts"]["missing"] == []


def test_a_quote_without_its_full_stop_does_not_double_it(client_with: ClientFactory) -> None:
    answer = draft(
        change(
            "Sign by March 14 or the 10% discount is gone",
            "Shall we sign by March 14 and keep the 10% discount?",
            "ultimatum",
        )
    )
    text = (
        client_with(answer)
        .post("/v1/rewrites", json={"text": DRAFT, "prompt_version": 1})
        .json()["rewrites"][0]["text"]
    )
    assert text.endswith("Shall we sign by March 14 and keep the 10% discount?")


def test_sentences_copied_from_elsewhere_are_cut_from_a_replacement(
    client_with: ClientFactory,
) -> None:
    pasted = change(
        "Mark, your procurement team has been dragging this out for six weeks.",
        "Mark, I'd like to understand what procurement still needs. Our price of $42,000 is final.",
        "blame",
    )
    only_pasted = change(
        "Our price of $42,000 is final.",
        "Sign by March 14 or the 10% discount is gone.",
        "pressure",
    )
    body = (
        client_with(draft(pasted, only_pasted))
        .post("/v1/rewrites", json={"text": DRAFT, "prompt_version": 1})
        .json()
    )
    changes = body["rewrites"][0]["changes"]
    assert [c["replacement"] for c in changes] == [
        "Mark, I'd like to understand what procurement still needs."
    ]
    assert body["meta"]["checks"]["repeated_text_removed"] == 2
    assert body["meta"]["checks"]["invalid_dropped"] == 1
    assert body["rewrites"][0]["text"].count("$42,000") == 1
