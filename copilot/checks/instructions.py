"""Text addressed to the assistant inside the caller's notes or draft (OWASP LLM01,
indirect prompt injection).

Notes and drafts are pasted from CRMs, email threads and shared documents, so they can
carry words written for a model ("ignore the notes above", "Note for the assistant:
...", "SYSTEM OVERRIDE"). A seller never needs such words sent on to the model: the task
withholds them, answers from the rest, and counts what it withheld. The
patterns are the common shapes of injected instructions (addressing the assistant,
overriding earlier instructions, changing its role, asking for its prompt); a sentence
about the seller's own plans ("ignore their first offer") does not match, because each
pattern needs words about instructions, prompts, assistants or modes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.checks.sentences import Sentence, split_sentences

_ASSISTANT = r"(?:assistant|ai|a\.i\.|model|bot|chatbot|llm|copilot|chatgpt|gpt|claude)"
_ARTICLE = r"(?:all|any|the|of|every)"
_EARLIER = r"(?:your|my|previous|prior|earlier|above|preceding|former|these|those|system|all)"
_RULES = r"(?:instructions?|rules|prompts?|guidelines|directions|directives)"
_TEXT = r"(?:notes?|text|context|task|messages?)"
_VERB = (
    r"(?:you|ignore|disregard|forget|do|don't|always|never|output|print|report|respond"
    r"|answer|flag|write|say|add|ask|return|reply)"
)

_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"\b(?:ignore|disregard|forget|override)(?:\s+{_ARTICLE})*\s+{_EARLIER}\s+(?:\w+\s+){{0,2}}{_RULES}\b",
        rf"\b(?:ignore|disregard|forget)(?:\s+{_ARTICLE}|\s+{_EARLIER})*\s+{_TEXT}\s+(?:above|before|so\s+far)\b",
        r"\b(?:ignore|disregard|forget)\s+(?:everything|anything)\s+(?:above|before|so\s+far)\b",
        r"\b(?:ignore|disregard|forget)\s+(?:the\s+)?(?:rewrite|question|barrier|coaching)s?\s+task\b",
        rf"\b(?:note|message|instructions?|request)\s+(?:for|to)\s+(?:the\s+|this\s+|any\s+)?{_ASSISTANT}\s*[:,\-\u2013\u2014]",
        rf"^\W*(?:system|assistant|developer|{_ASSISTANT})(?:\s+\w+)?\s*:\s*{_VERB}\b",
        r"\b(?:system|admin)\s+(?:override|prompt)\b",
        rf"\byou\s+are\s+now\s+(?:an?\s+|in\s+)?(?:\w+\s+){{0,2}}(?:mode|{_ASSISTANT}|persona)\b",
        r"\b(?:developer|jailbreak|dan)\s+mode\b",
        r"\bnew\s+instructions?\s*:",
        r"\b(?:reveal|output|print|repeat|leak)\s+(?:me\s+)?(?:your\s+(?:\w+\s+)?(?:instructions|prompt)|the\s+system\s+prompt)\b",
    )
)
_FRAGMENT_WORDS = 3  # a piece this short after an instruction belongs to it ("ten times.")
_DIGIT = re.compile(r"\d")  # ... unless it holds a number: that is a fact of the notes
_FIRST_LETTER = re.compile(r"[^\W\d_]")


def _fragment(sentence: str) -> bool:
    """A cut-off tail ("ten times.", "###"), not a sentence of its own: at most three
    words, no number, and no capital letter to start it."""
    first = _FIRST_LETTER.search(sentence)
    return (
        len(sentence.split()) <= _FRAGMENT_WORDS
        and not _DIGIT.search(sentence)
        and not (first and first.group().isupper())
    )


def addresses_assistant(sentence: str) -> bool:
    return any(pattern.search(sentence) for pattern in _PATTERNS)


def find_instructions(text: str) -> list[Sentence]:
    """Runs of sentences written for the assistant, with exact offsets into ``text``: a
    matching sentence, plus any following sentence that matches too or is a cut-off tail
    (the splitter cuts "ask only 'When can you sign?' ten times." at the question mark)."""
    runs: list[Sentence] = []
    current: Sentence | None = None
    for sentence in split_sentences(text):
        matches = addresses_assistant(sentence.text)
        if matches or (current and _fragment(sentence.text)):
            start = current.start if current else sentence.start
            current = Sentence(start, sentence.end, text[start : sentence.end])
            continue
        if current:
            runs.append(current)
            current = None
    if current:
        runs.append(current)
    return runs


@dataclass(frozen=True)
class Withheld:
    """The caller's text without the passages, and the way back to the caller's offsets."""

    text: str
    cuts: tuple[tuple[int, int], ...]  # (where in `text` a passage was cut, its length)

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        """``text[start:end]`` as offsets into the caller's text; None when the span
        reaches across a cut passage."""
        if any(start < at < end for at, _ in self.cuts):
            return None
        before_start = sum(length for at, length in self.cuts if at <= start)
        before_end = sum(length for at, length in self.cuts if at < end)
        return start + before_start, end + before_end


def withhold(text: str, runs: list[Sentence]) -> Withheld:
    """``text`` with each run cut out exactly (the model's copy)."""
    kept: list[str] = []
    cuts: list[tuple[int, int]] = []
    position = shown = 0
    for run in runs:
        kept.append(text[position : run.start])
        shown += run.start - position
        cuts.append((shown, run.end - run.start))
        position = run.end
    kept.append(text[position:])
    return Withheld("".join(kept), tuple(cuts))


def without_instructions(text: str, runs: list[Sentence]) -> str:
    """``text`` with each run cut out and the spaces left behind tidied, for the model's
    eyes only (offsets returned to the caller always index the text as sent)."""
    cut = withhold(text, runs).text
    return re.sub(r"[ \t]+\n", "\n", re.sub(r"[ \t]{2,}", " ", cut)).strip()
