"""Deterministic checks on model output: grounding, fact survival, question openness."""

from copilot.checks.facts import (
    Fact,
    FactKind,
    check_facts,
    extract_facts,
    fact_survives,
    unique_facts,
)
from copilot.checks.grounding import Span, locate, locate_after, normalise, strip_quote
from copilot.checks.openness import is_open_question, normalise_question

__all__ = [
    "Fact",
    "FactKind",
    "Span",
    "check_facts",
    "extract_facts",
    "fact_survives",
    "is_open_question",
    "locate",
    "locate_after",
    "normalise",
    "normalise_question",
    "strip_quote",
    "unique_facts",
]
