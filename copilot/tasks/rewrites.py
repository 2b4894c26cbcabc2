"""Collaborative rewrites: the model proposes phrase replacements, the service applies them.

Applying grounded replacements to the input (instead of trusting a model-written full
text) keeps every untouched word and fact exactly as written, and makes every change's
offsets exact by construction.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from copilot import checks as fact_checks
from copilot.checks import Span, normalise
from copilot.llm import Completion
from copilot.schemas.common import Checks
from copilot.schemas.labels import RewriteReason
from copilot.schemas.rewrites import Change, Rewrite, RewriteRequest
from copilot.tasks.base import TaskRun, with_exact_count
from copilot.tasks.grounding import ground_quotes
from copilot.tasks.rewrite_output import apply_changes, fact_report
from copilot.tasks.rewrite_sentences import assemble, needs_changes, run_sentence_rewrites

_SENTENCE_END = ".!?"
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
_MIN_REPEATED_CHARS = 20  # shorter sentences ("Thanks.") may repeat by chance


class DraftChange(BaseModel):
    original: str
    replacement: str
    reason: RewriteReason


class DraftRewrite(BaseModel):
    changes: list[DraftChange]


class RewriteDrafts(BaseModel):
    rewrites: list[DraftRewrite]


async def run_rewrites(run: TaskRun, request: RewriteRequest) -> list[Rewrite]:
    """Decide-first sentence pipeline (rewrites@3-5), one version's decision then another's
    rewrite (rewrites@6), or one call for every change (v1-v2)."""
    kind = run.pipeline.get("kind")
    if kind == "sentence_rewrites":
        return await run_sentence_rewrites(run, request)
    if kind == "decide_then_rewrite":
        return await decide_then_rewrite(run, request)
    completion = await run.ask(
        with_exact_count(RewriteDrafts, "rewrites", request.variants),
        text=request.text,
        context=request.context or "",
        variants=request.variants,
    )
    drafts = await keep_facts(run, completion, request.text)
    return [finish_rewrite(draft, request.text, run.checks) for draft in drafts]


async def decide_then_rewrite(run: TaskRun, request: RewriteRequest) -> list[Rewrite]:
    """The decision of one version (cues, then one-digit ratings) and, only for a draft that
    needs changes, the rewrite of another: a clean or firm draft comes back untouched in
    seconds, a hostile one gets the whole-draft rewrite. meta.pieces names both."""
    registry = run.require_registry()
    decider = run.piece(registry.get("rewrites", run.pipeline["decide"]))
    writer = run.piece(registry.get("rewrites", run.pipeline["rewrite"]))
    run.pieces = [decider.prompt, writer.prompt]
    if not await needs_changes(decider, request):
        return [assemble(request.text, [], variant, run) for variant in range(request.variants)]
    return await run_rewrites(writer, request)


async def keep_facts(run: TaskRun, completion: Completion, source: str) -> list[DraftRewrite]:
    """Re-ask once naming the facts a draft lost; per variant, keep the draft that lost fewer."""
    drafts: list[DraftRewrite] = list(completion.output.rewrites)
    lost = [_missing_facts(source, draft) for draft in drafts]
    if not any(lost):
        return drafts
    names = sorted({fact.text for missing in lost for fact in missing})
    feedback = (
        "Your replacements dropped facts from the draft. A replacement must keep every fact "
        f"of its original, exactly as written: {'; '.join(names)}. Answer again with the "
        "complete JSON object."
    )
    retry = await run.reask(completion, feedback, reason="missing_facts: " + "; ".join(names))
    for index, draft in enumerate(retry.output.rewrites[: len(drafts)]):
        if len(_missing_facts(source, draft)) < len(lost[index]):
            drafts[index] = draft
    return drafts


def _missing_facts(source: str, draft: DraftRewrite) -> list[fact_checks.Fact]:
    text = apply_changes(source, ground_changes(draft.changes, source, Checks()))
    return fact_checks.check_facts(source, text)[1]


def finish_rewrite(draft: DraftRewrite, source: str, checks: Checks) -> Rewrite:
    changes = ground_changes(draft.changes, source, checks)
    text = apply_changes(source, changes)
    return Rewrite(text=text, changes=changes, facts=fact_report(source, text, checks))


def ground_changes(changes: list[DraftChange], source: str, checks: Checks) -> list[Change]:
    """Changes whose `original` is in the input, with exact offsets, sorted, none overlapping.

    A change that overlaps one already kept is a duplicate of it and is merged away.
    Sentences a replacement copies from elsewhere in the input are cut (small models
    paste the rest of the draft into a replacement); a replacement left empty is dropped.
    """
    meaningful = [c for c in changes if c.original.strip() != c.replacement.strip()]
    checks.invalid_dropped += len(changes) - len(meaningful)
    spans = ground_quotes([c.original for c in meaningful], source, checks)
    grounded: dict[tuple[int, int], Change] = {}
    for change, span in zip(meaningful, spans, strict=True):
        if span is None:
            continue
        span = _absorb_end_punctuation(span, source, change.replacement)
        if any(span.start < end and start < span.end for start, end in grounded):
            checks.duplicates_merged += 1
            continue
        replacement, repeated = _without_repeated_sentences(change.replacement, source, span)
        checks.repeated_text_removed += repeated
        if not replacement:
            checks.invalid_dropped += 1
            continue
        grounded[(span.start, span.end)] = Change(
            original=source[span.start : span.end],
            replacement=replacement,
            reason=change.reason,
            start=span.start,
            end=span.end,
        )
    return sorted(grounded.values(), key=lambda c: c.start)


def _without_repeated_sentences(replacement: str, source: str, span: Span) -> tuple[str, int]:
    """The replacement minus sentences that already stand elsewhere in the input."""
    elsewhere = normalise(f"{source[: span.start]} {source[span.end :]}")
    sentences = _SENTENCE_SPLIT.split(replacement.strip())
    kept = [
        s
        for s in sentences
        if len(normalise(s)) < _MIN_REPEATED_CHARS or normalise(s) not in elsewhere
    ]
    return " ".join(kept), len(sentences) - len(kept)


def _absorb_end_punctuation(span: Span, source: str, replacement: str) -> Span:
    """A quote matched without its final "." must not leave it after a replacement that has one."""
    follows = source[span.end : span.end + 1]
    if follows and follows in _SENTENCE_END and replacement.rstrip()[-1:] in _SENTENCE_END:
        return Span(span.start, span.end + 1, span.normalised)
    return span
