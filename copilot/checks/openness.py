"""Decide whether a suggested probing question is open or closed.

Probing questions exist to get the customer talking, so a yes/no question
returned by the model as "open" is caught here with fixed word-order rules
rather than trusted.
"""

import re
import unicodedata

from copilot.checks.sentences import split_sentences

_FILLER = re.compile(
    r"^(?:so|and|but|also|ok|okay|well|now|then|just|honestly|out of curiosity|quick question)"
    r"\b[\s,:;.-]*"
)
_INVITATION = re.compile(
    r"^(?:could|can|would|will) you (?:please )?(?:maybe )?"
    r"(?:tell me|walk me through|talk me through|share|describe|explain|help me understand"
    r"|give me a sense of|say more about|expand on|elaborate on)\b(?P<rest>.*)$"
)
_YES_NO_INVITATION = re.compile(r"^\s*(?:if|whether)\b")
_SUGGESTION = re.compile(r"^(?:how about|why not|why don't (?:we|you|i))\b")
_OPEN_START = re.compile(
    r"^(?:what|how|why|where|when|which|who|whom|whose|tell me|walk me through|describe"
    r"|explain|help me understand|in what way|to what extent)\b"
)
_CLOSED_START = re.compile(
    r"^(?:is|are|am|was|were|do|does|did|can|could|will|would|should|shall|may|might|have|has"
    r"|had|must|isn't|aren't|don't|doesn't|didn't|won't|wouldn't|can't|couldn't)\b"
)
_ASCII_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"'}
)
_WRAPPERS = "\"'()[]*-\u2022 "


def _clean(text: str) -> str:
    """Lowercase, ASCII quotes, single spaces, no wrapping quotes or bullets."""
    return " ".join(text.translate(_ASCII_QUOTES).lower().split()).strip(_WRAPPERS)


def _question_sentence(text: str) -> str:
    """The first sentence ending in '?', so a lead-in statement is not judged."""
    # One question may be wrapped over lines: only punctuation ends its sentences here.
    sentences = [_clean(s.text) for s in split_sentences(" ".join(text.split()))]
    return next((s for s in sentences if s.endswith("?")), _clean(text))


def _strip_filler(text: str) -> str:
    """Drop leading discourse words ("So,", "And", "Okay -") that carry no form."""
    previous = None
    while text != previous:
        previous = text
        text = _FILLER.sub("", text, count=1)
    return text


def _classify_clause(clause: str) -> bool | None:
    """True for an open start, False for a closed one, None when undecided."""
    invitation = _INVITATION.match(clause)
    if invitation:
        return _YES_NO_INVITATION.match(invitation.group("rest")) is None
    if _SUGGESTION.match(clause):
        return False
    if _OPEN_START.match(clause):
        return True
    if _CLOSED_START.match(clause):
        return False
    return None


def is_open_question(text: str) -> bool:
    """Whether ``text`` invites a free answer rather than yes/no or a pick.

    Rules, applied to the first sentence ending in '?' (else the whole text),
    lowercased, after dropping leading filler (so, and, but, also, ok, well,
    now, then, just, honestly, out of curiosity, quick question):

    1. "Could/can/would/will you (please) tell me / walk me through / share /
       describe / explain / help me understand / ..." is an open invitation,
       unless followed by "if"/"whether" (a yes/no question in disguise).
    2. Suggestions ("how about", "why not", "why don't we/you/I") are closed.
    3. Starting with what, how, why, where, when, which, who, whom, whose, tell
       me, walk me through, describe, explain, help me understand, in what way
       or to what extent is open.
    4. Starting with an auxiliary or modal (is, are, do, did, can, could, will,
       would, should, have, must, don't, won't, ...) is closed; this covers
       either/or questions ("Is it budget or timing?").
    5. Otherwise open only when a clause after a comma starts as in 1-3
       ("Given the timeline, what would need to change?"), else closed.
    """
    clauses = _strip_filler(_question_sentence(text)).split(",")
    first = _classify_clause(_strip_filler(_clean(clauses[0])))
    if first is not None:
        return first
    return any(_classify_clause(_strip_filler(_clean(c))) for c in clauses[1:])


def normalise_question(text: str) -> str:
    """Comparison key for spotting duplicate questions: lowercase, no punctuation."""
    text = text.translate(_ASCII_QUOTES).lower().replace("'", "")
    text = "".join(" " if unicodedata.category(c).startswith("P") else c for c in text)
    return " ".join(text.split())
