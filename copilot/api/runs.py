"""Glue between a route and a task: pick the prompt, then describe the run in `meta`."""

from __future__ import annotations

import logging

from fastapi import Request

from copilot.api.bodies import ReadInput
from copilot.api.middleware import elapsed_ms
from copilot.llm import Gateway
from copilot.prompts import PromptRegistry
from copilot.schemas.common import Meta, PromptRef, TokenUsage
from copilot.tasks.base import TaskRun

log = logging.getLogger("copilot.runs")
NO_MODEL = "none"  # meta.model when no model answered (cue-only answers, degraded fallback)


def start_run(
    gateway: Gateway, prompts: PromptRegistry, prompt_id: str, version: int | str | None
) -> TaskRun:
    return TaskRun(gateway=gateway, prompt=prompts.get(prompt_id, version), registry=prompts)


def run_meta(request: Request, run: TaskRun, read: ReadInput) -> Meta:
    """The provenance of a response: prompt, model, cost, what the checks did, and how
    the input was read."""
    meta = Meta(
        request_id=request.state.request_id,
        prompt=PromptRef(**run.prompt.identity()),
        model=run.gateway.model_name if run.usage.calls else run.encoder or NO_MODEL,
        usage=TokenUsage(
            prompt_tokens=run.usage.prompt_tokens, completion_tokens=run.usage.completion_tokens
        ),
        latency_ms=elapsed_ms(request),
        checks=run.checks,
        degraded=run.degraded,
        pieces=[PromptRef(**piece.identity()) for piece in run.pieces],
        input=read.report(),
    )
    log.info(
        "task_done",
        extra={
            "request_id": meta.request_id,
            "prompt": f"{meta.prompt.id}@v{meta.prompt.version}",
            "model": meta.model,
            "calls": run.usage.calls,
            "prompt_tokens": run.usage.prompt_tokens,
            "completion_tokens": run.usage.completion_tokens,
            "checks": run.checks.model_dump(exclude={"reasks"}),
            "reasks": len(run.checks.reasks),
        },
    )
    return meta
