"""Instant cues: labelled spans found by patterns, no model, in well under a millisecond
per paragraph.

Patterns run over a normalised copy of the text (lowercase, ASCII quotes and dashes,
single spaces) with a map back to the caller's characters, so every hit's offsets
index the text exactly as sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from copilot.checks.grounding import normalise_with_map
from copilot.cues.spec import CueKind, CueRule, CueSpec

NEGATION_WINDOW = 3  # words before a hit that can negate it ("not a problem")
_WORD = re.compile(r"[\w']+")
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n]|\b(?:but|although|though|however)\b")


@dataclass(frozen=True)
class CueHit:
    """One labelled span; ``text[start:end] == quote``."""

    label: str
    kind: CueKind
    start: int
    end: int
    quote: str
    why: str


@dataclass(frozen=True)
class _CompiledRule:
    rule: CueRule
    patterns: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """One pattern held to whole words. Patterns are compiled one by one, not as one
    alternation, so a match of one never hides an overlapping match of another. Cached:
    compiling a cue file takes about a second, and every app (every test) builds one."""
    return re.compile(rf"(?<![\w'])(?:{pattern})(?![\w'])")


class CueAnalyzer:
    """Every rule of one cue file, compiled once."""

    def __init__(self, spec: CueSpec, sha256: str = "") -> None:
        self.spec = spec
        self.sha256 = sha256
        self._rules = [
            _CompiledRule(rule, tuple(compile_pattern(p) for p in rule.patterns))
            for rule in spec.rules
        ]
        self._negators = frozenset(spec.negators)

    def identity(self) -> dict[str, object]:
        """Stands where a prompt's identity would in `meta` and in eval reports."""
        return {"id": self.spec.id, "version": self.spec.version, "sha256": self.sha256}

    def find(self, text: str, kind: CueKind | None = None) -> list[CueHit]:
        """Hits in ``text`` (of one kind, if given), sorted by position; one hit per label
        and span, overlapping hits of the same label merged."""
        normal, index_map = normalise_with_map(text)
        hits: list[CueHit] = []
        for compiled in self._rules:
            rule = compiled.rule
            if kind is not None and rule.kind != kind:
                continue
            matches = (m for pattern in compiled.patterns for m in pattern.finditer(normal))
            for match in matches:
                if match.end() == match.start():
                    continue
                if rule.negatable and self._negated(normal, match.start()):
                    continue
                start, end = index_map[match.start()], index_map[match.end() - 1] + 1
                hits.append(CueHit(rule.label, rule.kind, start, end, text[start:end], rule.why))
        return _merge(hits, text)

    def _negated(self, normal: str, start: int) -> bool:
        """Whether a negator stands among the few words before ``start`` in its clause."""
        before = _CLAUSE_BREAK.split(normal[max(0, start - 60) : start])[-1]
        words = _WORD.findall(before)[-NEGATION_WINDOW:]
        return any(w in self._negators or w.endswith("n't") for w in words)


def _merge(hits: list[CueHit], text: str) -> list[CueHit]:
    """Overlapping hits of one label and kind become one span covering both."""
    merged: list[CueHit] = []
    for hit in sorted(hits, key=lambda h: (h.kind, h.label, h.start, -h.end)):
        last = merged[-1] if merged else None
        if last and (last.kind, last.label) == (hit.kind, hit.label) and hit.start < last.end:
            if hit.end > last.end:
                quote = text[last.start : hit.end]
                merged[-1] = CueHit(last.label, last.kind, last.start, hit.end, quote, last.why)
            continue
        merged.append(hit)
    return sorted(merged, key=lambda h: (h.start, h.end, h.kind, h.label))
