from __future__ import annotations

import pytest

from copilot.checks.sentences import sentence_at, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "How does Dr. Okafor plan to collect payments in KES? Next.",
            ["How does Dr. Okafor plan to collect payments in KES?", "Next."],
        ),
        ("Ask Mrs. Kowalczyk. Then St. Mary's.", ["Ask Mrs. Kowalczyk.", "Then St. Mary's."]),
        ("Demo at 4 p.m. Could we talk?", ["Demo at 4 p.m.", "Could we talk?"]),
        ("We meet at 4 p.m. on Friday.", ["We meet at 4 p.m. on Friday."]),
        (
            "We need approx. 40 seats, e.g. for sales.",
            ["We need approx. 40 seats, e.g. for sales."],
        ),
        (
            "J. R. Smith at U.S. Steel said no. I left.",
            ["J. R. Smith at U.S. Steel said no.", "I left."],
        ),
        (
            "Price is $4.50 per unit! Really?! Fine...",
            ["Price is $4.50 per unit!", "Really?!", "Fine..."],
        ),
        ("Hi Ana,\n\n- 40 seats\n- due May 2", ["Hi Ana,", "- 40 seats", "- due May 2"]),
        ('She said "no." Then left.', ['She said "no."', "Then left."]),
    ],
)
def test_sentences_split_where_a_reader_would(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_sentence_at_finds_the_sentence_holding_an_offset() -> None:
    text = "One. Two three."
    sentences = split_sentences(text)
    assert sentence_at(sentences, text.index("three")).text == "Two three."
    assert sentence_at(sentences, 3) is not None and sentence_at(sentences, 4) is None
