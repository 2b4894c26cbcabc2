"""Quoted threads and signatures in plain-text bodies; the sender's words never cut."""

from __future__ import annotations

import pytest

from copilot.email.thread import thread_parts
from tests.unit.email.bodies import (
    FORWARDED_TEXT,
    GMAIL_TEXT,
    IPHONE_TEXT,
    OUTLOOK_TEXT,
    SIGNATURE_DASHES_TEXT,
)


def _parts(text: str) -> list[tuple[str, str]]:
    return [(part.kind, text[part.start : part.end]) for part in thread_parts(text)]


def test_gmail_reply_and_sign_off_with_name_block() -> None:
    parts = _parts(GMAIL_TEXT)
    assert [kind for kind, _ in parts] == ["signature", "quoted_reply"]
    assert parts[0][1].startswith("Thanks,\nMarcus Lee")
    assert parts[1][1].startswith("On Tue, Nov 24, 2026")
    assert parts[1][1].endswith("> Priya\n")


def test_outlook_header_block_without_a_separator_line() -> None:
    parts = _parts(OUTLOOK_TEXT)
    assert parts[-1][0] == "quoted_reply"
    assert parts[-1][1].startswith("From: Tomas Berg")
    assert "Your legal team is the problem here." not in "".join(t for _, t in parts)


def test_device_line_and_quoted_lines() -> None:
    parts = _parts(IPHONE_TEXT)
    assert parts[0] == ("signature", "Sent from my iPhone\n\n")
    assert parts[1][0] == "quoted_reply" and parts[1][1].startswith("> On Nov 20")


def test_forwarded_message_header() -> None:
    ((kind, text),) = _parts(FORWARDED_TEXT)
    assert kind == "quoted_reply" and text.startswith("---------- Forwarded message")


def test_rfc_3676_signature_delimiter() -> None:
    ((kind, text),) = _parts(SIGNATURE_DASHES_TEXT)
    assert kind == "signature" and text == "-- \nAiko Tanaka\nSales Lead\n"


@pytest.mark.parametrize(
    "draft",
    [
        "Thanks, that helps a lot.\nCan we meet on Monday to go through the numbers?",
        "Hi Ana,\n\nThanks,\nbut we cannot accept a 30% cut in scope without a new price, "
        "and our board will not sign a contract that leaves us carrying every risk of the "
        "migration.\n",
        "Notes for Tuesday:\n- open with their Q3 goals\n- ask about the merger\n- price last",
        "From: the customer's side the goal is uptime.\nTo do: read their annual report.",
        "Best,\nJo",
    ],
)
def test_the_senders_words_are_never_cut(draft: str) -> None:
    assert thread_parts(draft) == []


def test_inline_reply_quotes_only_the_quoted_lines() -> None:
    text = "> Can you do 10%?\nNot this quarter.\n> And the rollout?\nMarch works for us.\n"
    parts = _parts(text)
    assert parts == [
        ("quoted_reply", "> Can you do 10%?\n"),
        ("quoted_reply", "> And the rollout?\n"),
    ]
