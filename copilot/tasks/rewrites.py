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
from copilot.checks.instructions import Withheld, find_instructions, withhold
from copilot.errors import MODEL_FAILURES
from copilot.llm import Completion
from copilot.schemas.common import Checks
from copilot.schemas.labels import RewriteReason
from copilot.schemas.rewrites import Change, Rewrite, RewriteRequest
from copilot.tasks.base import TaskRun, with_exact_count
from copilot.tasks.grounding import ground_quotes
from copilot.tasks.rewrite_output import apply_changes
from copilot.tasks.rewrite_sentences import (
    Candidate,
    assemble,
    candidate_change,
    hostile_sentences,
    needs_changes,
    rewrite_candidates,
    rewrite_from_changes,
    run_sentence_rewrites,
)

_SENTENCE_END = ".!?"
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
_MIN_REPEATED_CHARS = 20  # shorter sentences ("Thanks.") may repeat by chance
COVERED_SHARE = 0.9  # a hostile sentence changed less than this is swept


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
    rewrite (rewrites@6-8), or one call for every change (v1-v2). With
    `withhold_instructions` (rewrites@9), passages of the draft addressed to the assistant
    are cut from the model's copy and come back untouched."""
    passages = find_instructions(request.text) if run.pipeline.get("withhold_instructions") else []
    if not passages:
        return await _rewrites_of(run, request)
    run.checks.instructions_withheld += len(passages)
    withheld = withhold(request.text, passages)
    shown = request.model_copy(update={"text": withheld.text})
    return [
        _back_in_draft(rewrite, request.text, withheld, run.checks)
        for rewrite in await _rewrites_of(run, shown)
    ]


def _back_in_draft(rewrite: Rewrite, draft: str, withheld: Withheld, checks: Checks) -> Rewrite:
    """A rewrite of the model's copy, rebuilt on the caller's draft: each change moved to
    the caller's offsets (one that reaches across a withheld passage is dropped), facts
    checked again against the whole draft."""
    changes: list[Change] = []
    for change in rewrite.changes:
        span = withheld.source_span(change.start, change.end)
        if span is None:
            checks.invalid_dropped += 1
            continue
        changes.append(change.model_copy(update={"start": span[0], "end": span[1]}))
    checks.facts_missing -= len(rewrite.facts.missing)  # counted again on the whole draft
    return rewrite_from_changes(draft, changes, checks, summary=rewrite.summary is not None)


async def _rewrites_of(run: TaskRun, request: RewriteRequest) -> list[Rewrite]:
    kind = run.pipeline.get("kind")
    if kind == "sentence_rewrites":
        return await run_sentence_rewrites(run, request)
    if kind == "decide_then_rewrite":
        return await decide_then_rewrite(run, request)
    return [
        rewrite_from_changes(request.text, changes, run.checks, summary=False)
        for changes in await whole_draft_changes(run, request)
    ]


async def whole_draft_changes(
    run: TaskRun, request: RewriteRequest, reask: bool = True
) -> list[list[Change]]:
    """One call for every change of the draft (per variant), grounded, with its fact re-ask;
    without the re-ask, a change that loses or invents a fact is withdrawn instead."""
    completion = await run.ask(
        with_exact_count(RewriteDrafts, "rewrites", request.variants),
        text=request.text,
        context=request.context or "",
        variants=request.variants,
    )
    if not reask:
        return [
            _keeping_facts(
                ground_changes(draft.changes, request.text, run.checks), request.text, run.checks
            )
            for draft in completion.output.rewrites
        ]
    drafts = await keep_facts(run, completion, request.text)
    return [ground_changes(draft.changes, request.text, run.checks) for draft in drafts]


def _keeping_facts(changes: list[Change], source: str, checks: Checks) -> list[Change]:
    """The changes whose replacement keeps every fact of the words it replaces and brings
    in none that the draft does not hold."""
    kept = [
        c
        for c in changes
        if not fact_checks.check_facts(c.original, c.replacement)[1]
        and not fact_checks.check_facts(c.replacement, source)[1]
    ]
    checks.changes_withdrawn += len(changes) - len(kept)
    return kept


async def decide_then_rewrite(run: TaskRun, request: RewriteRequest) -> list[Rewrite]:
    """The decision of one version (cues, then one-digit ratings) and, only for a draft that
    needs changes, the rewrite of another: a clean or firm draft comes back untouched in
    seconds, a hostile one gets the whole-draft rewrite. meta.pieces names both. With
    `sweep`, the hostile sentences the whole-draft rewrite left alone are then rewritten
    one by one."""
    registry = run.require_registry()
    decider = run.piece(registry.get("rewrites", run.pipeline["decide"]))
    writer = run.piece(registry.get("rewrites", run.pipeline["rewrite"]))
    run.pieces = [decider.prompt, writer.prompt]
    if run.pipeline.get("sweep"):
        return await rewrite_then_sweep(run, decider, writer, request)
    if not await needs_changes(decider, request):
        return _untouched(run, request)
    return await run_rewrites(writer, request)


async def rewrite_then_sweep(
    run: TaskRun, decider: TaskRun, writer: TaskRun, request: RewriteRequest
) -> list[Rewrite]:
    """A one-call rewrite of a whole draft leaves about a third of the hostile phrases where
    they were, all in words it did not touch (evals/README.md). Each of the decider's
    hostile sentences that the writer did not rewrite whole gets the decider's own checked
    sentence rewrite, which takes the place of the writer's changes inside that sentence.
    If the whole-draft call fails, the sentence rewrites answer alone. With `reask_whole`
    false (rewrites@8), the whole-draft answer is not asked again for the facts it lost:
    its changes that lose or invent one are withdrawn, and the sweep rewrites their
    sentences."""
    candidates = await hostile_sentences(decider, request)
    if not candidates:
        return _untouched(run, request)
    try:
        reask = bool(run.pipeline.get("reask_whole", True))
        whole = await whole_draft_changes(writer, request, reask=reask)
    except MODEL_FAILURES:
        run.checks.steps_failed += 1
        whole = [[] for _ in range(request.variants)]
    left = [c for c in candidates if any(not _all_changed(c, changes) for changes in whole)]
    run.checks.sentences_swept += len(left)
    await rewrite_candidates(decider, request, left)
    return [
        rewrite_from_changes(request.text, _joined(changes, left, variant), run.checks)
        for variant, changes in enumerate(whole)
    ]


def _untouched(run: TaskRun, request: RewriteRequest) -> list[Rewrite]:
    """The draft as written, once per variant, with the summary that says why."""
    return [assemble(request.text, [], variant, run) for variant in range(request.variants)]


def _all_changed(candidate: Candidate, changes: list[Change]) -> bool:
    """Whether changes cover (nearly) every character of the candidate sentence."""
    sentence = candidate.sentence
    covered = sum(max(0, min(sentence.end, c.end) - max(sentence.start, c.start)) for c in changes)
    return covered >= COVERED_SHARE * (sentence.end - sentence.start)


def _joined(whole: list[Change], swept: list[Candidate], variant: int) -> list[Change]:
    """The whole-draft changes, where each swept sentence's own rewrite replaces those that
    lie inside that sentence (they left hostile words in it); a whole-draft change that
    reaches beyond the sentence stays, and the sentence rewrite then gives way."""
    kept = list(whole)
    for candidate in swept:
        change = candidate_change(candidate, variant)
        if change is None:
            continue
        sentence = candidate.sentence
        inside = [w for w in kept if sentence.start <= w.start and w.end <= sentence.end]
        across = [
            w for w in kept if w not in inside and w.start < change.end and change.start < w.end
        ]
        if not across:
            kept = [w for w in kept if w not in inside] + [change]
    return sorted(kept, key=lambda c: c.start)


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
    return rewrite_from_changes(source, changes, checks, summary=False)


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
