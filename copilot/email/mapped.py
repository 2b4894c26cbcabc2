"""Text derived from what the caller sent, with each character's place in the original.

HTML becomes text, a quoted thread is cut out: the analysis sees the derived text, the
caller needs offsets in what they sent. Keeping one source span per derived character
makes the way back exact whatever the derivation did (entities, collapsed spaces, cuts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class MappedText:
    """`text[i]` came from `source[starts[i]:ends[i]]` (an empty span for added line breaks)."""

    text: str
    source: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def identity(cls, source: str) -> MappedText:
        return cls(source, source, tuple(range(len(source))), tuple(range(1, len(source) + 1)))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Where `text[start:end]` lies in the source; an empty span stays empty."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside a text of {len(self.text)} characters")
        if start == end:
            at = self.starts[start] if start < len(self.text) else len(self.source)
            return at, at
        return self.starts[start], self.ends[end - 1]

    def without(self, ranges: Iterable[tuple[int, int]]) -> MappedText:
        """This text with `ranges` (offsets in `text`) cut out; the map still leads to the source."""
        cut = sorted(ranges)
        keep: list[int] = []
        cursor = 0
        for start, end in cut:
            keep += range(cursor, max(cursor, start))
            cursor = max(cursor, end)
        keep += range(cursor, len(self.text))
        return MappedText(
            "".join(self.text[i] for i in keep),
            self.source,
            tuple(self.starts[i] for i in keep),
            tuple(self.ends[i] for i in keep),
        )

    def source_ranges(self, ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """`ranges` of `text` as source ranges, each widened to whole source characters."""
        return [self.source_span(start, end) for start, end in ranges if end > start]
