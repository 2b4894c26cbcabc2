"""UTF-16 offsets, as JavaScript's String.prototype.slice counts them."""

from __future__ import annotations

import pytest

from copilot.email.units import offset_converter


def _js_slice(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("\U0001f44b\U0001f3fd Hi Marc, thanks for Tuesday.", "Marc"),
        ("Mar\u0327co, the offer stands until Friday \U0001f91d.", "Friday"),
        (
            "\u7530\u4e2d\u3055\u3093\u3001\U00020bb7\u91ce\u5bb6\u306e\u4ef6\u3067\u3059\u3002",
            "\u4ef6",
        ),
        ("plain ascii, nothing to convert", "nothing"),
    ],
)
def test_utf16_offsets_slice_the_same_words_in_javascript(text: str, word: str) -> None:
    start = text.index(word)
    to_utf16 = offset_converter(text, "utf16")
    assert _js_slice(text, to_utf16(start), to_utf16(start + len(word))) == word


def test_code_points_stay_as_they_are() -> None:
    to_codepoint = offset_converter("\U0001f44b Marc", "codepoint")
    assert to_codepoint(2) == 2
    assert offset_converter("\U0001f44b Marc", "utf16")(2) == 3
