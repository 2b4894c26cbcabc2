"""One text field of a request as sent, and the part of it the analysis sees."""

from __future__ import annotations

import html
from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal

from copilot.email.html_text import html_to_text
from copilot.email.mapped import MappedText
from copilot.email.thread import PartKind, thread_parts

TextFormat = Literal["text", "html"]


@dataclass(frozen=True)
class ExcludedPart:
    """A range of the field as sent (code points) left out of the analysis."""

    kind: PartKind
    start: int
    end: int


@dataclass(frozen=True)
class Splice:
    """Replace `sent[start:end]` (code points) with `replacement` (plain text)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class EmailBody:
    format: TextFormat
    analysed: MappedText
    excluded: list[ExcludedPart]

    @property
    def sent(self) -> str:
        return self.analysed.source

    @property
    def text(self) -> str:
        """What the analysis sees: the sender's own words, as plain text."""
        return self.analysed.text

    @classmethod
    def read(cls, sent: str, format: TextFormat, exclude: Collection[PartKind]) -> EmailBody:
        """`sent` as plain text, minus the parts of kinds `exclude` (quoted thread, signature)
        that the HTML's markup or the text's own patterns show."""
        if format == "html":
            converted = html_to_text(sent)
            mapped = converted.mapped
            found = [
                (m.kind, *_text_range(mapped, m.start, len(sent) if m.to_end else m.end))
                for m in converted.marked
            ]
        else:
            mapped, found = MappedText.identity(sent), []
        found += [(part.kind, part.start, part.end) for part in thread_parts(mapped.text)]
        cuts = _merged((kind, start, end) for kind, start, end in found if kind in exclude)
        excluded = [
            ExcludedPart(kind, *_sent_range(mapped, start, end)) for kind, start, end in cuts
        ]
        return cls(format, mapped.without((start, end) for _, start, end in cuts), excluded)

    def sent_span(self, start: int, end: int) -> tuple[int, int]:
        """Where `text[start:end]` lies in what was sent (code points)."""
        return self.analysed.source_span(start, end)

    def spliced(self, splices: Iterable[Splice]) -> str:
        """What was sent with each splice applied, in the format it was sent in: HTML
        replacements are escaped and the markup inside a replaced span is kept, so the
        result stays well-formed and the thread and signature stay as they were."""
        parts, cursor = [], 0
        for splice in sorted(splices, key=lambda s: s.start):
            parts.append(self.sent[cursor : splice.start])
            if self.format == "html":
                parts += [html.escape(splice.replacement, quote=False)]
                parts += self._markup_within(splice.start, splice.end)
            else:
                parts.append(splice.replacement)
            cursor = splice.end
        return "".join([*parts, self.sent[cursor:]])

    def _markup_within(self, start: int, end: int) -> list[str]:
        """The tags of `sent[start:end]`: what no character of the text came from."""
        first = bisect_left(self.analysed.starts, start)
        pieces, cursor = [], start
        for index in range(first, len(self.text)):
            if self.analysed.starts[index] >= end:
                break
            if self.analysed.starts[index] > cursor:
                pieces.append(self.sent[cursor : self.analysed.starts[index]])
            cursor = max(cursor, self.analysed.ends[index])
        if cursor < end:
            pieces.append(self.sent[cursor:end])
        return pieces


def _text_range(mapped: MappedText, start: int, end: int) -> tuple[int, int]:
    """The characters of `mapped.text` that came from `source[start:end]`."""
    return bisect_left(mapped.starts, start), bisect_left(mapped.starts, end)


def _sent_range(mapped: MappedText, start: int, end: int) -> tuple[int, int]:
    """A cut range of the text in the source; one reaching the text's end takes the rest."""
    first, last = mapped.source_span(start, end)
    return first, len(mapped.source) if end == len(mapped.text) else last


def _merged(
    ranges: Iterable[tuple[PartKind, int, int]],
) -> list[tuple[PartKind, int, int]]:
    """Ranges in order, none overlapping: a range inside another (or of the same kind)
    joins it; otherwise the earlier one stops where the later begins (a signature ends
    where the quoted thread below it starts)."""
    merged: list[tuple[PartKind, int, int]] = []
    for kind, start, end in sorted((r for r in ranges if r[2] > r[1]), key=lambda r: r[1:]):
        if merged and start < merged[-1][2]:
            last_kind, last_start, last_end = merged[-1]
            if kind == last_kind or end <= last_end:
                merged[-1] = (last_kind, last_start, max(last_end, end))
                continue
            merged[-1] = (last_kind, last_start, start)
            if last_start == start:
                merged.pop()
        merged.append((kind, start, end))
    return merged
