"""Facts shown to the model as markers while it rewrites a sentence, then put back.

Asked to rewrite a whole sentence, the 1.5B model often wrote a friendlier sentence that
had lost its amount, date or name (on the dev split, 52 of rewrites@5's 72 failed checks).
A short marker such as ``[F1]`` is easier to copy than "A$147,000" or "3 December", and
putting the facts back afterwards is exact: nothing is re-typed, so nothing is reformatted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.checks.facts import Fact

MARKER = re.compile(r"\[F(\d+)\]")


@dataclass(frozen=True)
class MarkedSentence:
    """A sentence whose facts stand as markers, and what each marker stands for."""

    source: str
    spans: tuple[tuple[int, int, str], ...]  # (start, end, marker) in `source`, in order
    facts: dict[str, str]  # marker -> fact text

    @property
    def text(self) -> str:
        return self.mask(0, len(self.source))

    def mask(self, start: int, end: int) -> str:
        """``source[start:end]`` with every fact wholly inside it shown as its marker."""
        parts, position = [], start
        for fact_start, fact_end, marker in self.spans:
            if fact_start >= start and fact_end <= end:
                parts += [self.source[position:fact_start], marker]
                position = fact_end
        return "".join([*parts, self.source[position:end]])

    def marker_for(self, fact: str) -> str:
        """The marker that stands for ``fact``, or the fact itself when none does."""
        return next((m for m, text in self.facts.items() if text == fact), fact)

    def unmark(self, text: str) -> str:
        """Markers back to their facts; a marker that stands for nothing is left as written
        (``unknown_markers`` reports it)."""
        return MARKER.sub(lambda m: self.facts.get(m.group(0), m.group(0)), text)


def mark_facts(sentence: str, facts: list[Fact]) -> MarkedSentence:
    """Each fact of ``sentence`` (offsets into it) replaced by ``[F1]``, ``[F2]``, ...; the
    same fact written twice gets the same marker; overlapping facts keep the first."""
    spans: list[tuple[int, int, str]] = []
    markers: dict[str, str] = {}  # fact text -> marker
    end_of_last = -1
    for fact in sorted(facts, key=lambda f: (f.start, -f.end)):
        if fact.start < end_of_last:
            continue
        marker = markers.setdefault(fact.text, f"[F{len(markers) + 1}]")
        spans.append((fact.start, fact.end, marker))
        end_of_last = fact.end
    return MarkedSentence(sentence, tuple(spans), {m: t for t, m in markers.items()})


def unknown_markers(text: str) -> list[str]:
    """Markers left in an unmarked text: the model made up a fact it was never shown."""
    return [m.group(0) for m in MARKER.finditer(text)]
