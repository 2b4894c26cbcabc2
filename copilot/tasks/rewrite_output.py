"""What every rewrite design shares once its changes are grounded: the spliced text and
the facts block (which facts of the input survived and which were lost)."""

from __future__ import annotations

from copilot import checks as fact_checks
from copilot.schemas.common import Checks
from copilot.schemas.rewrites import Change, Fact, FactReport


def fact_report(source: str, rewritten: str, checks: Checks) -> FactReport:
    """Which facts of the input the rewrite kept and lost (the lost ones are counted)."""
    kept, missing = fact_checks.check_facts(source, rewritten)
    checks.facts_missing += len(missing)
    return FactReport(kept=[_fact(f) for f in kept], missing=[_fact(f) for f in missing])


def _fact(fact: fact_checks.Fact) -> Fact:
    return Fact(text=fact.text, kind=fact.kind, start=fact.start, end=fact.end)


def apply_changes(source: str, changes: list[Change]) -> str:
    """Splice non-overlapping replacements (sorted by offset) into the input."""
    parts, cursor = [], 0
    for change in changes:
        parts += [source[cursor : change.start], change.replacement]
        cursor = change.end
    return "".join([*parts, source[cursor:]])
