"""Extract hard facts from an email and check that a rewrite kept them.

A collaborative rewrite may change the tone of an email but must not drop or
alter what it commits to: prices, discounts, dates, deadlines, people, links.
The model is not trusted to preserve them, so the facts are pulled out of the
original with regular expressions and looked for again in the rewrite.

Extraction is a heuristic tuned for sales email; see :func:`extract_facts`.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import regex

from copilot.checks.grounding import normalise
from copilot.checks.sentences import TITLES
from copilot.checks.words import STOPWORDS

FactKind = Literal["amount", "percentage", "date", "time", "name", "email", "url", "number"]


@dataclass(frozen=True)
class Fact:
    """One fact occurrence; ``text == source[start:end]``."""

    kind: FactKind
    text: str
    start: int
    end: int


# --- numbers, amounts, percentages -------------------------------------------

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUM_START = r"(?<![\w.,/])"
_NUM_END = r"(?!\w|[.,/]\d)"
_MULT = r"(?:(?:mm|bn|[kmb])(?![a-z0-9])|\s?(?:thousand|million|billion)\b)"
_SYMBOL = r"(?:US|CA|C|AU|A|NZ)?\$|[€£¥₹]"
_CODE = r"(?:USD|EUR|GBP|CAD|AUD|CHF|JPY|INR)(?![a-z])"
_CURRENCY_WORD = r"(?:dollars?|euros?|pounds?|bucks)\b"

_AMOUNT = re.compile(
    rf"(?:{_SYMBOL})\s?{_NUM}{_MULT}?"
    rf"|\b{_CODE}\s?{_NUM}{_MULT}?"
    rf"|{_NUM_START}{_NUM}{_MULT}?\s?(?:{_CODE}|{_CURRENCY_WORD}|[€£])",
    re.IGNORECASE,
)
_PERCENTAGE = re.compile(
    rf"{_NUM_START}({_NUM})\s?(?:%|percent\b|per\s?cent\b|pct\b)", re.IGNORECASE
)
_NUMBER = re.compile(rf"{_NUM_START}{_NUM}{_NUM_END}")
_UNIT = re.compile(
    r"[\s-]+(?:seats?|users?|licen[cs]es?|years?|yrs?|months?|weeks?|days?|hours?|hrs?"
    r"|minutes?|mins?|people|persons?|employees?|reps?|customers?|accounts?|locations?"
    r"|sites?|modules?|integrations?|calls?|meetings?|demos?|times?)\b",
    re.IGNORECASE,
)
_SCALED_NUMBER = re.compile(rf"{_NUM_START}({_NUM})({_MULT})?{_NUM_END}", re.IGNORECASE)
_MULTIPLIERS = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mm": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
}

# --- dates and times ---------------------------------------------------------

_MONTH = (  # only an abbreviation takes a dot ("Jul."); a full name's dot ends the sentence
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_BARE_MONTH = (  # "May" alone is the modal verb far more often than the month
    r"\b(?:January|February|March|April|June|July|August|September|October|November|December)\b"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\w)"
_YEAR = r"(?:,?\s+\d{4}(?!\w))"
_DATE = re.compile(
    rf"\b{_MONTH}\s+{_DAY}{_YEAR}?"
    rf"|(?<!\w){_DAY}(?:\s+of)?\s+{_MONTH}{_YEAR}?"
    rf"|\b{_MONTH}\s+\d{{4}}(?!\w)"
    rf"|{_BARE_MONTH}"
    r"|(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])"
    r"|(?<![\w/.])\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\w/])"
    r"|(?<![\w.-])\d{1,2}[.-]\d{1,2}[.-]\d{4}(?![\w.-])"
    r"|\bQ[1-4](?:\s+\d{4})?(?!\w)"
    r"|\b(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b"
)
_TIMEZONE = r"(?:\s?(?:ET|EST|EDT|PT|PST|PDT|CT|CST|CDT|MT|GMT|UTC|CET|CEST|BST)\b)?"
_TIME = re.compile(
    r"(?<![\w:.])(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s?(?i:[ap]\.m\.|[ap]m\b)"
    + _TIMEZONE
    + r"|(?<![\w:.])(?:[01]?\d|2[0-3]):[0-5]\d(?![\w:])"
    + _TIMEZONE
)

# --- emails and links ----------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]"
    r"|(?<![\w@.-])(?:[a-z0-9-]+\.)+(?:com|io|net|org|co|ai|app|dev|biz|info|eu|uk|de)"
    r"(?:/[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?])?(?![\w-])",
    re.IGNORECASE,
)

# --- names ---------------------------------------------------------------------

# Letters of any script (\p{Lu} upper, \p{Ll} lower): "Zoë", "Łukasz" and "Zając" are
# names too, and an ASCII-only pattern cut them short ("Zaj") or missed them.
_NAME_TOKEN = regex.compile(
    r"(?<![\w'\u2019-])"
    r"(?:(?:\p{Lu}['\u2019])?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}*)*(?:-\p{Lu}\p{Ll}+)*"
    r"(?!['\u2019](?:t|m|ll|re|ve|d)\b)(?![\p{L}0-9])"
    r"|\p{Lu}[\p{Lu}0-9&]{1,5}s?(?![\p{L}0-9])(?:\s\d{1,2}(?!\w|[.,]\d))?)"
)
_NAME_GAP = re.compile(r" (?:(?:of|&|de|del|der|da|di|du|la|le|van|von) )?")
_QUARTER = re.compile(r"Q[1-4]")
_MAX_NAME_TOKENS = 4
_SENTENCE_OPENERS = " \t\"'\u201c\u2018([{*\u2022>-\u2013\u2014"
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_WORD = regex.compile(r"\p{L}{2,}")
_SENTENCE_TEXT = re.compile(r"[^.!?\n]+")

_PRIORITY: dict[FactKind, int] = {
    "email": 0,
    "url": 1,
    "amount": 2,
    "percentage": 3,
    "date": 4,
    "time": 5,
    "name": 6,
    "number": 7,
}


def _matches(kind: FactKind, pattern: re.Pattern[str], text: str) -> Iterator[Fact]:
    """Every match of ``pattern`` as a fact of ``kind``."""
    for match in pattern.finditer(text):
        yield Fact(kind, match.group(), match.start(), match.end())


def _numbers(text: str) -> Iterator[Fact]:
    """Bare numbers worth keeping: two or more digits, or followed by a unit."""
    for fact in _matches("number", _NUMBER, text):
        if sum(c.isdigit() for c in fact.text) >= 2 or _UNIT.match(text, fact.end):
            yield fact


def _starts_sentence(text: str, index: int) -> bool:
    """Whether the word at ``index`` is the first of a sentence, line or bullet."""
    i = index - 1
    while i >= 0 and text[i] in _SENTENCE_OPENERS:
        i -= 1
    if i < 0 or text[i] in "\n!?":
        return True
    if text[i] != ".":
        return False
    previous_word = re.search(r"(\w+)$", text[max(0, i - 10) : i])
    return previous_word is None or previous_word.group(1).lower() not in TITLES


def _is_whole_line(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is alone on its line, like a signature."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end == -1 else line_end]
    return line.strip().rstrip(",.;:!") == text[start:end]


def _shouted(text: str) -> list[bool]:
    """Per character: inside a sentence written mostly in capitals."""
    shouted = [False] * len(text)
    for sentence in _SENTENCE_TEXT.finditer(text):
        words = _WORD.findall(sentence.group())
        if len(words) >= 3 and 2 * sum(w.isupper() for w in words) > len(words):
            shouted[sentence.start() : sentence.end()] = [True] * len(sentence.group())
    return shouted


def _is_skipped(token: regex.Match[str], shouted: list[bool]) -> bool:
    """Capitalised words that are grammar, greetings or dates, or all-caps anger."""
    word = token.group().split()[0]  # "USD 5" is the currency code USD
    return (
        word.lower() in STOPWORDS
        or _QUARTER.fullmatch(word) is not None
        or (word.isupper() and shouted[token.start()])
    )


def _token_runs(text: str) -> Iterator[list[regex.Match[str]]]:
    """Capitalised tokens joined by single spaces (or a connector such as "of")."""
    run: list[regex.Match[str]] = []
    for token in _NAME_TOKEN.finditer(text):
        if run and not _NAME_GAP.fullmatch(text, run[-1].end(), token.start()):
            yield run
            run = []
        run.append(token)
    if run:
        yield run


def _split_at_skipped(
    run: list[regex.Match[str]], shouted: list[bool]
) -> Iterator[list[regex.Match[str]]]:
    """Sub-runs of a run that contain no skipped word."""
    part: list[regex.Match[str]] = []
    for token in run:
        if _is_skipped(token, shouted):
            if part:
                yield part
            part = []
        else:
            part.append(token)
    if part:
        yield part


def _accept_name(text: str, part: list[regex.Match[str]], sentence_initial: bool) -> bool:
    """Keep a name unless it is a lone capitalised word opening a sentence.

    A sentence-initial word is capitalised anyway, so it only counts when the
    evidence says name: two or more capitalised words, a possessive, or a line
    of its own (a signature).
    """
    if len(part) > _MAX_NAME_TOKENS:
        return False
    if not sentence_initial or len(part) >= 2:
        return True
    start, end = part[0].start(), part[-1].end()
    return _POSSESSIVE.match(text, end) is not None or _is_whole_line(text, start, end)


def _names(text: str) -> Iterator[Fact]:
    """Names of people, companies and products, including acronyms like "SOC 2"."""
    shouted = _shouted(text)
    for run in _token_runs(text):
        run_initial = _starts_sentence(text, run[0].start())
        for part in _split_at_skipped(run, shouted):
            sentence_initial = run_initial and part[0] is run[0]
            if _accept_name(text, part, sentence_initial):
                start, end = part[0].start(), part[-1].end()
                yield Fact("name", text[start:end], start, end)


def _candidates(text: str) -> Iterator[Fact]:
    """Every fact every extractor sees, overlaps included."""
    yield from _matches("email", _EMAIL, text)
    yield from _matches("url", _URL, text)
    yield from _matches("amount", _AMOUNT, text)
    yield from _matches("percentage", _PERCENTAGE, text)
    yield from _matches("date", _DATE, text)
    yield from _matches("time", _TIME, text)
    yield from _names(text)
    yield from _numbers(text)


def extract_facts(text: str) -> list[Fact]:
    """Every fact occurrence in ``text``, sorted by start, never overlapping.

    Kinds: emails; URLs (scheme, ``www.`` or a bare common-TLD domain); amounts
    (currency symbol or code before, or code/word/symbol after the number, with
    k/m/bn/million multipliers); percentages (``%``, percent, per cent, pct);
    dates (month + day [+ year], day + month, month + year, bare month names
    except May, ISO, d/m/y with ``/`` or a four-digit year, Q1-Q4 [+ year],
    weekday names); times (``3pm``, ``3:30 PM``, ``14:00``, optional zone); names
    (1-4 capitalised words or short acronyms, see :func:`_accept_name`);
    numbers (two or more digits, or one digit followed by a unit such as
    "seats" or "years"). Relative dates ("end of month", "next week") are not
    facts. When candidates overlap, the longer wins, then the more specific
    kind (the order above).
    """
    taken = [False] * len(text)
    kept: list[Fact] = []
    ranked = sorted(_candidates(text), key=lambda f: (f.start - f.end, _PRIORITY[f.kind], f.start))
    for fact in ranked:
        if not any(taken[fact.start : fact.end]):
            taken[fact.start : fact.end] = [True] * (fact.end - fact.start)
            kept.append(fact)
    return sorted(kept, key=lambda f: f.start)


def unique_facts(facts: Iterable[Fact]) -> list[Fact]:
    """First occurrence of each fact, compared case- and whitespace-insensitively."""
    seen: set[str] = set()
    unique: list[Fact] = []
    for fact in facts:
        key = normalise(fact.text)
        if key not in seen:
            seen.add(key)
            unique.append(fact)
    return unique


def _scaled_numbers(text: str) -> set[Decimal]:
    """Values of every number in ``text``, with k/m/bn/million multipliers applied."""
    values: set[Decimal] = set()
    for match in _SCALED_NUMBER.finditer(text):
        value = Decimal(match.group(1).replace(",", ""))
        if match.group(2):
            value *= _MULTIPLIERS[match.group(2).strip().lower()]
        values.add(value)
    return values


def _percentages(text: str) -> set[Decimal]:
    """Values of every percentage in ``text``."""
    return {Decimal(m.group(1).replace(",", "")) for m in _PERCENTAGE.finditer(text)}


def _contains_text(needle: str, haystack: str) -> bool:
    """Case-, typography- and whitespace-insensitive match on word boundaries."""
    target = normalise(needle)
    prefix = r"(?<!\w)" if target[:1].isalnum() else ""
    suffix = r"(?!\w)" if target[-1:].isalnum() else ""
    return re.search(prefix + re.escape(target) + suffix, normalise(haystack)) is not None


def _key(fact: Fact) -> str:
    """Comparison form of a fact; for times "3 p.m." and "3pm" are the same."""
    key = normalise(fact.text)
    return re.sub(r"[\s.]", "", key) if fact.kind == "time" else key


def fact_survives(fact: Fact, rewritten: str) -> bool:
    """Whether ``rewritten`` still states ``fact``.

    Amounts and numbers compare by value against every number in the rewrite,
    so "$48,000" survives as "$48000", "48,000 dollars" or "$48k" (the currency
    itself is not compared). Percentages compare by value against percentages
    only, so "15%" survives as "15 percent". Emails, URLs and times must be
    extracted from the rewrite with the same text (ignoring case; times also
    spaces and dots), so a longer URL does not count. Dates and names must
    reappear as the same words on word boundaries, ignoring case, curly quotes
    and whitespace: "March 3" does not survive as "3 March".
    """
    if fact.kind == "percentage":
        return _percentages(fact.text) <= _percentages(rewritten)
    if fact.kind in ("amount", "number"):
        return _scaled_numbers(fact.text) <= _scaled_numbers(rewritten)
    if fact.kind in ("email", "url", "time"):
        key = _key(fact)
        return any(o.kind == fact.kind and _key(o) == key for o in extract_facts(rewritten))
    return _contains_text(fact.text, rewritten)


def check_facts(source: str, rewritten: str) -> tuple[list[Fact], list[Fact]]:
    """Split the source's unique facts into (kept, missing) in the rewrite."""
    kept: list[Fact] = []
    missing: list[Fact] = []
    for fact in unique_facts(extract_facts(source)):
        (kept if fact_survives(fact, rewritten) else missing).append(fact)
    return kept, missing
