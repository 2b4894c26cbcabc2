"""Labels from the nearest example sentences, as one step of a pipeline.

Shared by the barrier pipeline (barrier_examples) and the rewrite decision
(rewrite_examples): the encoder runs off the event loop, and when it is unavailable the
step answers None and the response says it was degraded, so the caller falls back to
what it can do without it.
"""

from __future__ import annotations

import asyncio
import logging

from copilot.checks.sentences import Sentence
from copilot.embeddings import NearestRule, encoder_name
from copilot.errors import EncoderUnavailable
from copilot.prompts import PromptRegistry
from copilot.tasks.base import TaskRun

log = logging.getLogger(__name__)

MAX_SENTENCES = 40  # longer texts: the rest is judged without the examples


async def nearest_labels(
    run: TaskRun, data_id: str, sentences: list[Sentence]
) -> list[set[str]] | None:
    """The labels the nearest examples name per sentence, from the examples file and rule
    that the run's pipeline pins (`examples`, `nearest`); None (and meta.degraded) when
    the sentence encoder is unavailable."""
    registry, pipeline = run.require_registry(), run.pipeline
    rule = NearestRule(**pipeline["nearest"])
    listed = [s.text for s in sentences[:MAX_SENTENCES]]

    def label() -> list[set[str]]:
        return registry.example_index(data_id, pipeline["examples"]).label(listed, rule)

    try:
        named = await asyncio.to_thread(label)
    except EncoderUnavailable as exc:
        log.warning("encoder_unavailable", extra={"error": exc.detail})
        run.degraded = True
        return None
    run.encoder = encoder_name()
    return named


WARMED = {"barriers": "barrier_examples", "rewrites": "rewrite_examples"}


def warm_examples(registry: PromptRegistry) -> None:
    """Encode the example sentences that the stable versions use at start-up (seconds on
    two cores the first time), so the first request does not wait for them. Blocking."""
    for task, data_id in WARMED.items():
        pipeline = registry.get(task).spec.pipeline
        if "examples" not in pipeline:
            continue
        try:
            registry.example_index(data_id, pipeline["examples"])
        except EncoderUnavailable as exc:
            log.warning("encoder_unavailable", extra={"error": exc.detail})
            return
