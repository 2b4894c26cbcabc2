"""Where a plain-text email body stops being the sender's new words: the quoted thread
(found by quotequail's reply and forward patterns, plus Outlook header blocks and "> "
lines) and the signature (an RFC 3676 "-- " line, a sign-off with a short name block, a
"Sent from my ..." line)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import quotequail

PartKind = Literal["quoted_reply", "signature"]

_HEADER = re.compile(r"^\s*[*>\s]*(from|sent|date|to|cc|subject)\s*:", re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"^\s*(?:(?:best|kind|warm|warmest|many|with)?\s*(?:regards|wishes)|best|cheers|thanks"
    r"|thank you|many thanks|thanks again|thanks so much|sincerely|yours(?: truly)?"
    r"|all the best|talk soon|speak soon|take care|respectfully)"
    r"\s*[,.!]?\s*(?:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?)?\s*$",
    re.IGNORECASE,
)
_DEVICE_LINE = re.compile(
    r"^\s*(?:sent from my \w[\w ]{0,30}|sent from (?:outlook|mail|yahoo mail)\b.{0,30}"
    r"|get outlook for \w[\w ]{0,20})\s*$",
    re.IGNORECASE,
)
_NAME_BLOCK_LINES = 6  # name, title, company, phone, email, address
_NAME_BLOCK_WORDS = 9


@dataclass(frozen=True)
class Part:
    """A range of the text that is not the sender's new message."""

    kind: PartKind
    start: int
    end: int


def thread_parts(text: str) -> list[Part]:
    """The quoted thread and the signature of `text`, in text order, not overlapping."""
    lines = text.split("\n")
    starts = _line_starts(lines)
    quoted = _quoted_lines(lines)
    runs_to_end = bool(quoted) and quoted[-1][1] == len(lines)
    body_lines = quoted[-1][0] if runs_to_end else len(lines)
    parts = [Part("quoted_reply", starts[a], _end_of(starts, b, text)) for a, b in quoted]
    signature = _signature_start(lines[:body_lines])
    if signature is not None:
        parts.append(Part("signature", starts[signature], _end_of(starts, body_lines, text)))
    return sorted(parts, key=lambda part: part.start)


def _line_starts(lines: list[str]) -> list[int]:
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    return [*starts, at]


def _end_of(starts: list[int], line: int, text: str) -> int:
    """Offset where line `line` starts (or the text's end), the newline before it kept."""
    return len(text) if line >= len(starts) - 1 else starts[line]


def _quoted_lines(lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges [first, last+1) of quoted text; a reply or forward header runs to the end."""
    intro = _thread_start(lines)
    above = lines if intro is None else lines[:intro]
    ranges: list[tuple[int, int]] = []
    run_start: int | None = None
    for number, line in enumerate([*above, ""]):
        quoted = line.lstrip().startswith(">")
        if quoted and run_start is None:
            run_start = number
        elif not quoted and run_start is not None:
            ranges.append((run_start, number))
            run_start = None
    if intro is not None:
        ranges.append((intro, len(lines)))
    return ranges


def _thread_start(lines: list[str]) -> int | None:
    """The line where a reply or forward header begins ("On ... wrote:", "-----Original
    Message-----", an Outlook "From: / Sent: / To:" block), or None."""
    split = quotequail.quote("\n".join(lines), limit=len(lines) + 1, quote_intro_line=True)
    found = len(lines) - len(split[1][1].split("\n")) if len(split) == 2 else None
    block = next((n for n in range(len(lines)) if _header_block_at(lines, n)), None)
    candidates = [n for n in (found, block) if n is not None]
    return min(candidates) if candidates else None


def _header_block_at(lines: list[str], number: int) -> bool:
    """A "From:" line followed by at least two more header lines (Outlook's reply block)."""
    first = _HEADER.match(lines[number])
    if not first or first.group(1).lower() != "from":
        return False
    following = [line for line in lines[number + 1 : number + 6] if line.strip()]
    return sum(bool(_HEADER.match(line)) for line in following[:4]) >= 2


def _signature_start(lines: list[str]) -> int | None:
    """First line of the signature at the end of the body, or None.

    A sign-off counts only when what follows it is a short name block: "Thanks, that
    helps" mid-draft is the sender's words, "Thanks,\\nDana Ortiz\\nCOO" is a signature.
    """
    content = [n for n, line in enumerate(lines) if line.strip()]
    if not content:
        return None
    tail = content[-(_NAME_BLOCK_LINES + 2) :]
    for number in tail:
        if lines[number].rstrip() == "--":
            return number if number != content[0] else None
    for number in tail:
        if _SIGN_OFF.match(lines[number]) and number != content[0]:
            after = [n for n in content if n > number]
            if len(after) <= _NAME_BLOCK_LINES and all(_short(lines[n]) for n in after):
                return number
    devices = [n for n in tail if _DEVICE_LINE.match(lines[n])]
    return devices[0] if devices and devices[0] != content[0] else None


def _short(line: str) -> bool:
    words = line.split()
    return len(words) <= _NAME_BLOCK_WORDS and not line.rstrip().endswith("?")
