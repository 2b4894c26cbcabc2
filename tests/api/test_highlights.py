from __future__ import annotations

from tests.conftest import ClientFactory

DRAFT = (
    "Hi Sam \U0001f44b,\n\nYour team has dropped the ball twice. The price is final: "
    "take it or leave it. I haven't read your RFP yet, I'll wing it on Tuesday."
)


def test_highlights_are_labelled_spans_that_index_the_text(client_with: ClientFactory) -> None:
    client = client_with()
    response = client.post("/v1/highlights", json={"text": DRAFT})
    assert response.status_code == 200
    body = response.json()
    assert body["highlights"], body
    for item in body["highlights"]:
        assert DRAFT[item["start"] : item["end"]] == item["quote"]
        assert item["kind"] in ("barrier", "rewrite_reason") and item["why"]
    kinds = {(h["label"], h["kind"]) for h in body["highlights"]}
    assert ("ultimatum", "rewrite_reason") in kinds
    assert ("lack_of_preparation", "barrier") in kinds
    assert body["meta"]["prompt"]["id"] == "cues"
    assert body["meta"]["model"] == "none"
    assert body["meta"]["usage"] == {"prompt_tokens": 0, "completion_tokens": 0}
    assert client.app.state.fake.requests == []  # no model was asked


def test_a_clean_note_has_no_highlights(client_with: ClientFactory) -> None:
    text = "Thanks for the call, Sam. I read your RFP and will bring the two pilot options."
    body = client_with().post("/v1/highlights", json={"text": text}).json()
    assert body["highlights"] == []


def test_highlights_reject_bad_input_with_problem_details(client_with: ClientFactory) -> None:
    client = client_with()
    blank = client.post("/v1/highlights", json={"text": "   "})
    assert blank.status_code == 422
    assert blank.headers["content-type"].startswith("application/problem+json")
    assert client.post("/v1/highlights", json={"text": "x" * 2001}).status_code == 413
    unknown = client.post("/v1/highlights", json={"text": "hello", "prompt_version": 99})
    assert unknown.status_code == 404
    assert client.post("/v1/highlights", json={"text": "hi", "extra": 1}).status_code == 422


def test_score_counts_the_cues_and_reports_readability(client_with: ClientFactory) -> None:
    client = client_with()
    body = client.post("/v1/score", json={"text": DRAFT, "offset_unit": "utf16"}).json()
    assert 0 <= body["score"] < 100
    utf16 = DRAFT.encode("utf-16-le")
    for reason in body["reasons"]:
        assert reason["points"] > 0 and reason["count"] == len(reason["spans"])
        for span in reason["spans"]:
            assert utf16[2 * span["start"] : 2 * span["end"]].decode("utf-16-le") == span["quote"]
    assert body["score"] == 100 - sum(reason["points"] for reason in body["reasons"])
    assert body["readability"]["words"] > 10
    assert body["meta"]["model"] == "none" and body["meta"]["input"]["offset_unit"] == "utf16"
    assert client.app.state.fake.requests == []
    clean = client.post("/v1/score", json={"text": "Thanks for the call, Sam."}).json()
    assert clean["score"] == 100
