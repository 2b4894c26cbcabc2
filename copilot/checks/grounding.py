"""Locate model-quoted text in the source it claims to quote.

The model is never trusted to quote faithfully: every quote it returns is looked
up here, and only a located quote may be shown to the salesperson as "what the
customer said". Matching is deliberately strict (no fuzzy matching) so that an
invented or stitched-together quote is rejected rather than explained away.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

MIN_QUOTE_CHARS = 3
"""Quotes with fewer non-space characters are too short to ground anything."""

_CHAR_MAP = {
    "\u2018": "'",  # left single quotation mark
    "\u2019": "'",  # right single quotation mark
    "\u201a": "'",  # single low-9 quotation mark
    "\u201b": "'",  # single high-reversed-9 quotation mark
    "`": "'",
    "\u201c": '"',  # left double quotation mark
    "\u201d": '"',  # right double quotation mark
    "\u201e": '"',  # double low-9 quotation mark
    "\u201f": '"',  # double high-reversed-9 quotation mark
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2026": "...",  # horizontal ellipsis
}
_QUOTE_MARKS = "\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb"
_TRAILING_PUNCTUATION = ".,;:!?"


@dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` in the source text.

    ``normalised`` is True when only the case/typography-insensitive match found
    it, so callers can display the source's own wording instead of the model's.
    """

    start: int
    end: int
    normalised: bool


def _normalise_char(char: str) -> str:
    """Normalise one character on its own, so results never depend on context."""
    if char.isspace():
        return " "
    mapped = _CHAR_MAP.get(char, char)
    # Per character on purpose: str.lower() on a whole string is context
    # sensitive (Greek final sigma), which would break the offset map.
    return "".join(c.lower() for c in mapped)


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and record, per output character, its source index.

    Whitespace runs collapse to one space mapped to the run's first character;
    a character that expands (the ellipsis, some lowercase forms) maps every
    output character back to the same source index.
    """
    if _maps_one_to_one(text):
        return _normalise_one_to_one(text)
    out: list[str] = []
    index_map: list[int] = []
    for index, char in enumerate(text):
        piece = _normalise_char(char)
        if piece == " " and out and out[-1] == " ":
            continue
        out.extend(piece)
        index_map.extend([index] * len(piece))
    return "".join(out), index_map


def _maps_one_to_one(text: str) -> bool:
    """Whether every character normalises to exactly one character on its own (no
    ellipsis, no Greek capital sigma whose lowercase depends on context, no
    lowercase form that is longer), so the fast path gives the same result."""
    return "\u2026" not in text and "\u03a3" not in text and len(text.lower()) == len(text)


_ONE_TO_ONE = str.maketrans({k: v for k, v in _CHAR_MAP.items() if len(v) == 1})
_WHITESPACE_RUN = re.compile(r"\s+")


def _normalise_one_to_one(text: str) -> tuple[str, list[int]]:
    """The same normalisation without a Python loop per character: translate, lowercase,
    then collapse whitespace runs (the hot path of the instant cues)."""
    mapped = text.translate(_ONE_TO_ONE).lower()
    parts: list[str] = []
    index_map: list[int] = []
    position = 0
    for run in _WHITESPACE_RUN.finditer(mapped):
        parts.append(mapped[position : run.start()])
        index_map.extend(range(position, run.start()))
        parts.append(" ")
        index_map.append(run.start())
        position = run.end()
    parts.append(mapped[position:])
    index_map.extend(range(position, len(mapped)))
    return "".join(parts), index_map


def normalise(text: str) -> str:
    """Comparison form of ``text``: lowercased, ASCII quotes/dashes, collapsed whitespace."""
    return normalise_with_map(text)[0].strip(" ")


def strip_quote(quote: str) -> str:
    """Remove what models wrap around a quote: whitespace, quote marks, end punctuation."""
    previous = None
    stripped = quote
    while stripped != previous:
        previous = stripped
        stripped = stripped.strip().strip(_QUOTE_MARKS).rstrip(_TRAILING_PUNCTUATION)
    return stripped


def _exact_spans(needle: str, source: str) -> Iterator[Span]:
    """Every occurrence of ``needle`` in ``source``, overlapping ones included."""
    position = source.find(needle)
    while position != -1:
        yield Span(position, position + len(needle), normalised=False)
        position = source.find(needle, position + 1)


def _normalised_spans(needle: str, source: str) -> Iterator[Span]:
    """Occurrences of normalised ``needle`` mapped back to exact ``source`` offsets.

    A hit that starts or ends inside the expansion of one source character (for
    example two of the three dots of an ellipsis) is skipped, because no source
    substring normalises to it.
    """
    haystack, index_map = normalise_with_map(source)
    target = normalise(needle)
    position = haystack.find(target)
    while position != -1:
        last = position + len(target) - 1
        starts_clean = position == 0 or index_map[position - 1] != index_map[position]
        ends_clean = last + 1 == len(index_map) or index_map[last + 1] != index_map[last]
        if starts_clean and ends_clean:
            yield Span(index_map[position], index_map[last] + 1, normalised=True)
        position = haystack.find(target, position + 1)


def _on_word_boundaries(span: Span, source: str) -> bool:
    """A quote never starts or ends inside a word: "our vendor" is not in "your vendor"."""
    cuts_start = (
        span.start > 0 and source[span.start - 1].isalnum() and source[span.start].isalnum()
    )
    cuts_end = (
        span.end < len(source) and source[span.end - 1].isalnum() and source[span.end].isalnum()
    )
    return not (cuts_start or cuts_end)


def _candidates(quote: str, source: str) -> Iterator[Span]:
    """Every span ``quote`` may refer to, best match tier first, without repeats."""
    stripped = strip_quote(quote)
    if sum(not c.isspace() for c in stripped) < MIN_QUOTE_CHARS:
        return
    seen: set[tuple[int, int]] = set()
    tiers = (
        _exact_spans(quote.strip(), source),
        _exact_spans(stripped, source),
        _normalised_spans(quote, source),
        _normalised_spans(stripped, source),
    )
    for tier in tiers:
        for span in tier:
            if (span.start, span.end) not in seen and _on_word_boundaries(span, source):
                seen.add((span.start, span.end))
                yield span


def locate(quote: str, source: str) -> Span | None:
    """Find where a model-quoted string occurs in ``source``.

    Tries, in order: (a) the quote as given (outer whitespace removed, so a span
    never starts or ends on whitespace); (b) the quote without surrounding quote
    marks and trailing ``. , ; : ! ?``; (c) a normalised match (case, curly
    quotes, backticks, dashes, ellipsis, whitespace runs) of the quote, then of
    the stripped quote, mapped back to exact offsets in ``source``. The first
    occurrence of the first tier that matches wins. Returns None for quotes with
    fewer than three non-space characters after stripping, and when nothing
    matches: an elided quote ("a ... b") is not bridged.
    """
    return next(_candidates(quote, source), None)


def locate_after(quote: str, source: str, used: set[tuple[int, int]]) -> Span | None:
    """Like :func:`locate`, but skip spans already attributed to other items.

    Lets one phrase that occurs twice back two different items. When every
    occurrence is used, the first one is returned: the quote is still grounded.
    """
    first: Span | None = None
    for span in _candidates(quote, source):
        if (span.start, span.end) not in used:
            return span
        if first is None:
            first = span
    return first
