"""Email bodies through the API: HTML in, thread and signature left out, offsets in the
unit asked for, the rewrite returned in the format sent."""

from __future__ import annotations

import html
import re

from tests.conftest import ClientFactory
from tests.unit.email.bodies import GMAIL_HTML, GMAIL_TEXT

HOSTILE = "Your team has been dragging this out"


def _rewrite_answer(original: str, replacement: str) -> dict[str, object]:
    change = {"original": original, "replacement": replacement, "reason": "blame"}
    return {"rewrites": [{"changes": [change]}]}


def _rendered(fragment: str) -> str:
    """The characters a reader sees of an HTML fragment, spaces left out."""
    return "".join(html.unescape(re.sub(r"<[^>]*>", "", fragment)).split())


def test_html_rewrite_comes_back_as_html_with_the_thread_untouched(
    client_with: ClientFactory,
) -> None:
    client = client_with(
        _rewrite_answer(HOSTILE, "I know this has taken a while & I'd like to help")
    )
    response = client.post(
        "/v1/rewrites", json={"text": GMAIL_HTML, "format": "html", "prompt_version": 1}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    (rewrite,) = body["rewrites"]
    (change,) = rewrite["changes"]
    assert _rendered(GMAIL_HTML[change["start"] : change["end"]]) == "".join(
        change["original"].split()
    )
    assert rewrite["text"] == (
        GMAIL_HTML[: change["start"]]
        + "I know this has taken a while &amp; I'd like to help"
        + GMAIL_HTML[change["end"] :]
    )
    sent_to_model = client.app.state.fake.requests[0].messages[-1]["content"]
    assert "two weeks" not in sent_to_model and "Account Executive" not in sent_to_model
    excluded = body["meta"]["input"]["excluded"]
    assert [part["kind"] for part in excluded] == ["signature", "quoted_reply"]
    assert excluded[-1]["end"] == len(GMAIL_HTML)
    assert body["meta"]["input"]["format"] == "html"


def test_utf16_offsets_slice_in_javascript(client_with: ClientFactory) -> None:
    text = (
        "\U0001f44b\U0001f3fd Hi Marc, your team has dropped the ball twice. Take it or leave it."
    )
    body = client_with().post("/v1/highlights", json={"text": text, "offset_unit": "utf16"}).json()
    assert body["meta"]["input"]["offset_unit"] == "utf16"
    utf16 = text.encode("utf-16-le")
    for item in body["highlights"]:
        sliced = utf16[2 * item["start"] : 2 * item["end"]].decode("utf-16-le")
        assert sliced == item["quote"]
    assert body["highlights"]


def test_plain_text_thread_is_excluded_unless_asked(client_with: ClientFactory) -> None:
    client = client_with()
    cut = client.post("/v1/highlights", json={"text": GMAIL_TEXT}).json()
    assert {part["kind"] for part in cut["meta"]["input"]["excluded"]} == {
        "signature",
        "quoted_reply",
    }
    for item in cut["highlights"]:
        assert GMAIL_TEXT[item["start"] : item["end"]] == item["quote"]
        assert item["start"] < GMAIL_TEXT.index("Thanks,\nMarcus")
    whole = client.post("/v1/highlights", json={"text": GMAIL_TEXT, "exclude": []}).json()
    assert whole["meta"]["input"]["excluded"] == []


def test_a_body_that_is_only_a_thread_is_a_clear_422(client_with: ClientFactory) -> None:
    only_quote = "On Mon, Nov 23, 2026 at 8:00 AM Lee <lee@example.net> wrote:\n> Any news?\n"
    response = client_with().post("/v1/barriers", json={"text": only_quote})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "exclude" in response.json()["detail"]


def test_unknown_format_and_unit_are_rejected(client_with: ClientFactory) -> None:
    client = client_with()
    assert client.post("/v1/highlights", json={"text": "hi", "format": "rtf"}).status_code == 422
    bad_unit = {"text": "hi", "offset_unit": "bytes"}
    assert client.post("/v1/highlights", json=bad_unit).status_code == 422
