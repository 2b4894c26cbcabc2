"""Whether a phrase survives in another text, reworded a little.

An exact-substring test lets a rewrite pass by changing one word of a threat ("I'd
feel terrible explaining to your CEO why ..." -> "I will not be able to explain to
your CEO why ..."). Here a phrase survives when most of its content words (stemmed,
case and quotes folded) occur close together in the other text.
"""

from __future__ import annotations

import re

from copilot.checks import normalise

SURVIVAL_THRESHOLD = 0.7  # share of the phrase's content words found within one window
_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*%?")
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "they",
        "them",
        "their",
        "he",
        "she",
        "his",
        "her",
        "so",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "shall",
        "may",
        "might",
        "must",
        "have",
        "has",
        "had",
        "not",
        "d",
        "ll",
        "m",
        "re",
        "s",
        "t",
        "ve",
        "just",
        "very",
        "really",
    ]
)
_SUFFIXES = ("ing", "ed", "es", "ly", "s")


def _stem(word: str) -> str:
    """A crude suffix strip: enough to match "explaining" with "explain"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """Stemmed words of ``text`` in order, function words left out."""
    words = _TOKEN.findall(normalise(text).replace("'", " "))
    return [_stem(w) for w in words if w not in _FUNCTION_WORDS]


def overlap(phrase: str, text: str) -> float:
    """The largest share of the phrase's content words found in one window of ``text``
    about twice the phrase's length (1.0 when the phrase occurs as it is). A phrase of one
    or two content words ("take it or leave it") must find them side by side: in a wider
    window common words match by chance ("take your time and leave a comment")."""
    if normalise(phrase) in normalise(text):
        return 1.0
    wanted = set(content_words(phrase))
    if not wanted:
        return 0.0
    words = content_words(text)
    window = len(wanted) if len(wanted) <= 2 else max(2 * len(wanted), len(wanted) + 3)
    best = 0
    for start in range(max(1, len(words) - window + 1)):
        best = max(best, len(wanted & set(words[start : start + window])))
    return best / len(wanted)


def survives(phrase: str, text: str, threshold: float = SURVIVAL_THRESHOLD) -> bool:
    """Whether ``phrase`` is still said in ``text``, verbatim or lightly reworded."""
    return overlap(phrase, text) >= threshold
