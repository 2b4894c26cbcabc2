"""One sentence splitter for every check, grader and pipeline step that needs sentences.

Sales notes are full of titles and short forms ("Dr. Okafor", "St. Mary's", "4 p.m.
Thursday", "approx. 40 seats"): a split at every full stop judges "How does Dr. Okafor
plan ...?" by its first half. A library such as pysbd handles this too, but costs
milliseconds per paragraph, too slow for the instant highlights; a short rule set with
an abbreviation list is enough for prose of this kind and keeps exact offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Short forms after which a full stop never ends a sentence (the next word is a name).
TITLES = frozenset(
    {"mr", "mrs", "ms", "mx", "dr", "prof", "st", "jr", "sr", "vs", "rev", "hon", "gen", "capt"}
)
# Short forms that may end a sentence: the stop ends one only before a capital letter.
SHORT_FORMS = frozenset(
    {
        "etc", "approx", "inc", "ltd", "co", "corp", "dept", "est", "no", "vol", "fig",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
    }
)  # fmt: skip
_ALWAYS_CONTINUES = re.compile(r"(?:^|[\s(])(?:e\.g|i\.e|cf|viz)\.$", re.IGNORECASE)
_INITIALS = re.compile(r"(?:^|[\s(])(?:[A-Z]\.){1,3}$")  # J. R. Smith, U.S. Steel
_DOTTED = re.compile(r"(?:^|\s)(?:[a-z]\.){2,3}$")  # a.m., p.m.
_CANDIDATE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s)|\n\s*")
_LAST_WORD = re.compile(r"(\w+)\.$")


@dataclass(frozen=True)
class Sentence:
    """One sentence; ``source[start:end] == text``, without surrounding whitespace."""

    start: int
    end: int
    text: str


def _ends_here(text: str, stop: re.Match[str]) -> bool:
    """Whether the punctuation (or line break) at ``stop`` ends a sentence."""
    mark = stop.group()
    if "\n" in mark or mark[0] in "!?\u2026" or len(mark.rstrip("\"'\u201d\u2019)]")) > 1:
        return True
    before = text[max(0, stop.start() - 12) : stop.start() + 1]
    if _ALWAYS_CONTINUES.search(before):
        return False
    word = _LAST_WORD.search(before)
    next_char = text[stop.end() :].lstrip()[:1]
    if (word and word.group(1).lower() in TITLES) or _INITIALS.search(before):
        return False
    if (word and word.group(1).lower() in SHORT_FORMS) or _DOTTED.search(before):
        return next_char.isupper()
    return True


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with exact offsets. A line break always ends one (notes and
    email are written in lines and bullets); a stop after a title ("Dr.") never does."""
    sentences: list[Sentence] = []
    start = 0
    for stop in _CANDIDATE_END.finditer(text):
        if _ends_here(text, stop):
            end = stop.start() + len(stop.group().rstrip())
            _append(sentences, text, start, end)
            start = stop.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        offset = start + len(piece) - len(piece.lstrip())
        sentences.append(Sentence(offset, offset + len(stripped), stripped))


def sentence_at(sentences: list[Sentence], index: int) -> Sentence | None:
    """The sentence that holds character ``index``, if any."""
    return next((s for s in sentences if s.start <= index < s.end), None)
