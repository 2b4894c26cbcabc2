"""Attach exact input offsets to model quotes; what cannot be found is dropped and counted."""

from __future__ import annotations

from copilot.checks import Span, locate_after
from copilot.schemas.common import Checks


def ground_quotes(quotes: list[str], source: str, checks: Checks) -> list[Span | None]:
    """One span per quote (None when the quote is not in `source`), counted in `checks`.

    A phrase quoted twice is attributed to two occurrences when the input has two.
    """
    used: set[tuple[int, int]] = set()
    spans: list[Span | None] = []
    for quote in quotes:
        span = locate_after(quote, source, used)
        if span is None:
            checks.ungrounded_dropped += 1
        else:
            used.add((span.start, span.end))
            checks.normalised_matches += int(span.normalised)
        spans.append(span)
    return spans
