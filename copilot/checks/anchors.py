"""Which sentence of the notes a question builds on, and which questions say the same thing.

Both are decided from the words themselves, not by the model: the anchor is the notes'
sentence sharing the most meaningful words with the question (numbers count double,
being the specifics a good question picks up), so a client can show where each
question came from with exact offsets.
"""

from __future__ import annotations

from copilot.checks.sentences import Sentence, split_sentences
from copilot.checks.words import keywords

NEAR_DUPLICATE = 0.75  # share of meaningful words two questions have in common


def find_anchor(question: str, notes: str) -> Sentence | None:
    """The notes' sentence the question draws most on; None when it shares no word."""
    wanted = keywords(question)
    best, best_score = None, 0
    for sentence in split_sentences(notes):
        shared = wanted & keywords(sentence.text)
        score = sum(2 if _specific(word) else 1 for word in shared)
        if score > best_score:
            best, best_score = sentence, score
    return best


def _specific(word: str) -> bool:
    return any(ch.isdigit() for ch in word)


def near_duplicate(question: str, others: list[str]) -> bool:
    """Whether ``question`` asks what one of ``others`` already asks (word overlap)."""
    words = keywords(question)
    for other in others:
        theirs = keywords(other)
        union = words | theirs
        if union and len(words & theirs) / len(union) >= NEAR_DUPLICATE:
            return True
    return False
