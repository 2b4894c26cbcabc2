"""Barrier warnings: each must quote the input; ungrounded ones are dropped."""

from __future__ import annotations

from pydantic import BaseModel, Field

from copilot.schemas.barriers import BarriersRequest, BarrierWarning
from copilot.schemas.common import Checks
from copilot.schemas.labels import Barrier, Severity
from copilot.tasks.barrier_sentences import run_cue_pipeline, run_sentence_pipeline
from copilot.tasks.base import TaskRun
from copilot.tasks.grounding import ground_quotes

MAX_WARNINGS = 8


class DraftWarning(BaseModel):
    evidence: str
    barrier: Barrier
    severity: Severity
    why: str
    instead: str


class WarningDrafts(BaseModel):
    warnings: list[DraftWarning] = Field(max_length=MAX_WARNINGS)


async def run_barriers(run: TaskRun, request: BarriersRequest) -> list[BarrierWarning]:
    kind = run.pipeline.get("kind")
    if kind == "sentence_labels":
        return await run_sentence_pipeline(run, request.text)
    if kind == "cues":
        return await run_cue_pipeline(run, request.text)
    completion = await run.ask(WarningDrafts, text=request.text)
    return finish_warnings(completion.output.warnings, request.text, run.checks)


def finish_warnings(
    drafts: list[DraftWarning], source: str, checks: Checks
) -> list[BarrierWarning]:
    """Ground each quote; the same barrier on the same words is reported once."""
    spans = ground_quotes([d.evidence for d in drafts], source, checks)
    warnings: dict[tuple[Barrier, int, int], BarrierWarning] = {}
    for draft, span in zip(drafts, spans, strict=True):
        if span is None:
            continue
        key = (draft.barrier, span.start, span.end)
        if key in warnings:
            checks.duplicates_merged += 1
            continue
        warnings[key] = BarrierWarning(
            barrier=draft.barrier,
            severity=draft.severity,
            evidence=source[span.start : span.end],
            start=span.start,
            end=span.end,
            why=draft.why.strip(),
            instead=draft.instead.strip(),
        )
    return sorted(warnings.values(), key=lambda w: w.start)
