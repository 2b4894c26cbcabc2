"""Barriers, decomposed: one short label per sentence from the model, cue hits from the
cue file, a decision rule that combines them, advice from data.

A 1.5B model asked for free-form warnings with quotes and advice (barriers@v1-v3) was
slow and unreliable; naming one label per numbered sentence is a small, constrained
answer it can give in a few tokens. Evidence is located by the service (the cue's words,
else the sentence), so it always indexes the input.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel

from copilot.checks.sentences import Sentence, split_sentences
from copilot.cues import AdviceSpec, CueHit
from copilot.embeddings import NearestRule, encoder_name
from copilot.errors import MODEL_FAILURES, EncoderUnavailable
from copilot.prompts import PromptRegistry
from copilot.schemas.barriers import BarrierWarning
from copilot.schemas.labels import Barrier, Severity
from copilot.tasks.base import TaskRun, with_exact_count

log = logging.getLogger(__name__)

MAX_SENTENCES = 40  # longer texts: the rest is judged by the cues alone
NONE = "none"
Rule = Literal["union", "model", "cues", "agree"]
SentenceLabel = StrEnum("SentenceLabel", [(b.value, b.value) for b in Barrier] + [(NONE, NONE)])


class SentenceLabels(BaseModel):
    labels: list[SentenceLabel]  # type: ignore[valid-type]


@dataclass(frozen=True)
class Finding:
    label: str
    sentence: Sentence
    cue: CueHit | None
    by_classifier: bool  # named by the sentence classifier (the model, or nearest examples)


async def label_sentences(run: TaskRun, sentences: list[Sentence]) -> list[set[str]]:
    """One label (or "none") per sentence, from one constrained model call."""
    if not sentences:
        return []
    output_type = with_exact_count(SentenceLabels, "labels", len(sentences))
    completion = await run.ask(output_type, sentences=[s.text for s in sentences])
    return [{str(label.value)} - {NONE} for label in completion.output.labels]  # type: ignore[attr-defined]


def combine(
    sentences: list[Sentence], classified: list[set[str]] | None, hits: list[CueHit], rule: Rule
) -> list[Finding]:
    """Apply the decision rule sentence by sentence. ``classified`` holds the labels a
    sentence classifier named per sentence; None means it could not answer, and the cues
    decide alone."""
    findings: list[Finding] = []
    for index, sentence in enumerate(sentences):
        named = classified[index] if classified and index < len(classified) else set()
        cues = {h.label: h for h in hits if sentence.start <= h.start < sentence.end}
        for label in sorted(set(cues) | named):
            from_classifier, from_cue = label in named, label in cues
            if _keep(rule if classified is not None else "cues", from_classifier, from_cue):
                findings.append(Finding(label, sentence, cues.get(label), from_classifier))
    return findings


def _keep(rule: Rule, from_classifier: bool, from_cue: bool) -> bool:
    if rule == "union":
        return from_classifier or from_cue
    if rule == "agree":
        return from_classifier and from_cue
    return from_classifier if rule == "model" else from_cue


def to_warnings(findings: list[Finding], source: str, advice: AdviceSpec) -> list[BarrierWarning]:
    """Evidence is the cue's words when a cue fired, else the whole sentence."""
    warnings = []
    for finding in findings:
        start, end = (
            (finding.cue.start, finding.cue.end)
            if finding.cue
            else (finding.sentence.start, finding.sentence.end)
        )
        label = Barrier(finding.label)
        both = finding.cue is not None and finding.by_classifier
        warnings.append(
            BarrierWarning(
                barrier=label,
                severity=Severity.high if both else Severity.medium,
                evidence=source[start:end],
                start=start,
                end=end,
                why=advice.barriers[label].why,
                instead=advice.barriers[label].instead,
            )
        )
    return sorted(warnings, key=lambda w: (w.start, w.barrier.value))


async def run_sentence_pipeline(run: TaskRun, text: str) -> list[BarrierWarning]:
    """The whole v4 pipeline; when every model call fails the cues answer alone and the
    response says so (meta.degraded)."""
    registry = run.require_registry()
    pipeline = run.pipeline
    sentences = split_sentences(text)
    hits = registry.cue_analyzer(pipeline["cues"]).find(text, kind="barrier")
    try:
        model_labels: list[set[str]] | None = await label_sentences(run, sentences[:MAX_SENTENCES])
    except MODEL_FAILURES:
        model_labels = None
        run.degraded = True
    findings = combine(sentences, model_labels, hits, pipeline.get("rule", "union"))
    return to_warnings(findings, text, registry.advice(pipeline["advice"]))


async def run_cue_pipeline(run: TaskRun, text: str) -> list[BarrierWarning]:
    """Barriers from the cue file, and (with `examples`) from the example sentences
    nearest to each sentence: no model call. On the embedded 1.5B model both measured
    better than any design that asked the model (see evals/README.md); a version that asks
    a stronger model can still be pinned. Without the sentence encoder the cues answer
    alone and the response says so (meta.degraded)."""
    pipeline, registry = run.pipeline, run.require_registry()
    sentences = split_sentences(text)
    named = await _nearest_labels(run, sentences) if "examples" in pipeline else None
    hits = registry.cue_analyzer(pipeline["cues"]).find(text, kind="barrier")
    findings = combine(sentences, named, hits, pipeline.get("rule", "union"))
    return to_warnings(findings, text, registry.advice(pipeline["advice"]))


async def _nearest_labels(run: TaskRun, sentences: list[Sentence]) -> list[set[str]] | None:
    """The barriers the nearest example sentences name per sentence, computed off the
    event loop; None (and meta.degraded) when the sentence encoder is unavailable."""
    registry, pipeline = run.require_registry(), run.pipeline
    rule = NearestRule(**pipeline["nearest"])
    listed = [s.text for s in sentences[:MAX_SENTENCES]]

    def label() -> list[set[str]]:
        return registry.example_index(pipeline["examples"]).label(listed, rule)

    try:
        named = await asyncio.to_thread(label)
    except EncoderUnavailable as exc:
        log.warning("encoder_unavailable", extra={"error": exc.detail})
        run.degraded = True
        return None
    run.encoder = encoder_name()
    return named


def cue_warnings(
    registry: PromptRegistry,
    text: str,
    cues: int | str | None = None,
    advice: int | str | None = None,
) -> list[BarrierWarning]:
    """Warnings from one cue file and one advice file (stable when not given)."""
    hits = registry.cue_analyzer(cues).find(text, kind="barrier")
    findings = combine(split_sentences(text), None, hits, "cues")
    return to_warnings(findings, text, registry.advice(advice))


def warm_examples(registry: PromptRegistry) -> None:
    """Encode the stable barriers version's example sentences at start-up (seconds on two
    cores the first time), so the first request does not wait for them. Blocking."""
    pipeline = registry.get("barriers").spec.pipeline
    if "examples" not in pipeline:
        return
    try:
        registry.example_index(pipeline["examples"])
    except EncoderUnavailable as exc:
        log.warning("encoder_unavailable", extra={"error": exc.detail})
