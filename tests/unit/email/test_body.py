"""HTML and text bodies: what the analysis sees, what is excluded, and the way back."""

from __future__ import annotations

import html
import re

import pytest

from copilot.email.body import EmailBody, Splice
from copilot.email.html_text import html_to_text
from tests.unit.email.bodies import (
    APPLE_MAIL_HTML,
    GMAIL_HTML,
    GMAIL_TEXT,
    OUTLOOK_HTML,
    OUTLOOK_TEXT,
)

BOTH = ("quoted_reply", "signature")


def _rendered(fragment: str) -> str:
    """The characters a reader sees of an HTML fragment, spaces left out."""
    return "".join(html.unescape(re.sub(r"<[^>]*>", "", fragment)).split())


def test_html_becomes_text_with_entities_breaks_and_no_head() -> None:
    text = html_to_text(OUTLOOK_HTML).mapped.text
    assert text.startswith("Hello Tomas,\n")
    assert "font-family" not in text
    assert "If you can\u2019t sign by 30 June, the price goes up by \u20ac12,000." in text
    assert "\n\n\n" not in text


@pytest.mark.parametrize("sent", [GMAIL_HTML, OUTLOOK_HTML, APPLE_MAIL_HTML])
def test_every_word_maps_back_to_the_html_that_renders_it(sent: str) -> None:
    body = EmailBody.read(sent, "html", exclude=())
    for match in re.finditer(r"\S+", body.text):
        start, end = body.sent_span(match.start(), match.end())
        assert _rendered(sent[start:end]) == match.group()
        assert not sent[start:end].startswith("<") and not sent[start:end].endswith(">")


def test_gmail_html_keeps_the_senders_words_only() -> None:
    body = EmailBody.read(GMAIL_HTML, "html", exclude=BOTH)
    assert "dragging this out & we can't hold the 15% discount" in body.text
    assert "Marcus Lee | Account Executive" not in body.text
    assert "two weeks" not in body.text and "wrote:" not in body.text
    kinds = [part.kind for part in body.excluded]
    assert kinds == ["signature", "quoted_reply"]
    quoted = body.excluded[-1]
    assert GMAIL_HTML[quoted.start :].startswith("On Tue")
    assert quoted.end == len(GMAIL_HTML)


def test_outlook_html_thread_starts_at_its_marker() -> None:
    body = EmailBody.read(OUTLOOK_HTML, "html", exclude=BOTH)
    assert body.text.rstrip().endswith("\u20ac12,000.")
    assert "Tomas Berg" not in body.text and "legal review" not in body.text
    assert [part.kind for part in body.excluded] == ["signature", "quoted_reply"]


def test_apple_mail_blockquote_is_excluded() -> None:
    body = EmailBody.read(APPLE_MAIL_HTML, "html", exclude=BOTH)
    assert "\U0001f642 to go over the rollout." in body.text
    assert "push the kickoff" not in body.text and "wrote:" not in body.text


def test_exclusion_can_be_turned_off() -> None:
    assert EmailBody.read(GMAIL_TEXT, "text", exclude=()).text == GMAIL_TEXT
    only_quote = EmailBody.read(GMAIL_TEXT, "text", exclude=("quoted_reply",))
    assert "Marcus Lee" in only_quote.text and "two weeks" not in only_quote.text


def test_text_offsets_index_what_was_sent() -> None:
    body = EmailBody.read(OUTLOOK_TEXT, "text", exclude=BOTH)
    start = body.text.index("Your legal team")
    span = body.sent_span(start, start + len("Your legal team"))
    assert OUTLOOK_TEXT[span[0] : span[1]] == "Your legal team"


def test_splicing_text_keeps_the_thread_and_signature_untouched() -> None:
    body = EmailBody.read(GMAIL_TEXT, "text", exclude=BOTH)
    start = body.text.index("We can't wait any longer.")
    span = body.sent_span(start, start + len("We can't wait any longer."))
    rewritten = body.spliced([Splice(*span, "Could we settle the timing together?")])
    assert rewritten == GMAIL_TEXT.replace(
        "We can't wait any longer.", "Could we settle the timing together?"
    )


def test_splicing_html_escapes_the_replacement_and_keeps_inner_tags() -> None:
    sent = "<p>Hi Jo,</p><p>You <b>must</b> sign now.</p><blockquote>old</blockquote>"
    body = EmailBody.read(sent, "html", exclude=BOTH)
    start = body.text.index("You must sign now.")
    span = body.sent_span(start, start + len("You must sign now."))
    rewritten = body.spliced([Splice(*span, "Could we agree on a date & a plan?")])
    assert rewritten == (
        "<p>Hi Jo,</p><p>Could we agree on a date &amp; a plan?<b></b></p>"
        "<blockquote>old</blockquote>"
    )


def test_broken_markup_never_raises() -> None:
    body = EmailBody.read("<div><p>Unclosed <b>bold &amp text</i></div></div>", "html", BOTH)
    assert body.text == "Unclosed bold & text"
    assert EmailBody.read("Cut off <di", "html", BOTH).text.startswith("Cut off")
