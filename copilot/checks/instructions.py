"""Text addressed to the assistant inside the caller's notes (OWASP LLM01, indirect
prompt injection).

Notes are pasted from CRMs, emails and shared documents, so they can carry words
written for a model ("ignore the notes above", "Note for the assistant: ...",
"SYSTEM OVERRIDE"). A seller never needs such words sent on to the model: the task
withholds them, answers from the rest of the notes, and counts what it withheld. The
patterns are the common shapes of injected instructions (addressing the assistant,
overriding earlier instructions, changing its role, asking for its prompt); a sentence
about the seller's own plans ("ignore their first offer") does not match, because each
pattern needs words about instructions, prompts, assistants or modes.
"""

from __future__ import annotations

import re

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


def addresses_assistant(sentence: str) -> bool:
    return any(pattern.search(sentence) for pattern in _PATTERNS)


def find_instructions(text: str) -> list[Sentence]:
    """Runs of sentences written for the assistant, with exact offsets into ``text``: a
    matching sentence, plus any following sentence that matches too or is a fragment of
    at most three words and no number (the splitter cuts "ask only 'When can you sign?' ten times." at
    the question mark)."""
    runs: list[Sentence] = []
    current: Sentence | None = None
    for sentence in split_sentences(text):
        matches = addresses_assistant(sentence.text)
        fragment = len(sentence.text.split()) <= _FRAGMENT_WORDS and not _DIGIT.search(
            sentence.text
        )
        if matches or (current and fragment):
            start = current.start if current else sentence.start
            current = Sentence(start, sentence.end, text[start : sentence.end])
            continue
        if current:
            runs.append(current)
            current = None
    if current:
        runs.append(current)
    return runs


def without_instructions(text: str, runs: list[Sentence]) -> str:
    """``text`` with each run cut out, for the model's eyes only (offsets returned to the
    caller always index the text as sent)."""
    kept: list[str] = []
    position = 0
    for run in runs:
        kept.append(text[position : run.start])
        position = run.end
    kept.append(text[position:])
    return re.sub(r"[ \t]+\n", "\n", re.sub(r"[ \t]{2,}", " ", "".join(kept))).strip()
