"""A scriptable in-process model for tests and demos (no network, no weights).

Ships in the package, like pydantic-ai's FunctionModel, so tests swap it in
through a dependency override instead of patching internals.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from copilot.llm.types import ModelReply, StructuredRequest

Responder = Callable[[StructuredRequest], str | dict[str, Any] | Exception]


class FunctionBackend:
    """Answers with whatever `respond` returns; an Exception is raised instead."""

    def __init__(
        self, respond: Responder, model_name: str = "fake/function", delay_s: float = 0.0
    ) -> None:
        self._respond = respond
        self._model_name = model_name
        self._delay_s = delay_s
        self.requests: list[StructuredRequest] = []

    @property
    def model_name(self) -> str:
        return self._model_name

    async def send(self, request: StructuredRequest, timeout_s: float) -> ModelReply:
        self.requests.append(request)
        if self._delay_s:
            await asyncio.sleep(self._delay_s)
        answer = self._respond(request)
        if isinstance(answer, Exception):
            raise answer
        content = answer if isinstance(answer, str) else json.dumps(answer)
        prompt_chars = sum(len(m["content"]) for m in request.messages)
        return ModelReply(
            content, prompt_tokens=prompt_chars // 4, completion_tokens=len(content) // 4
        )

    async def readiness(self) -> tuple[bool, str]:
        return True, "fake model"


def scripted(*answers: str | dict[str, Any] | Exception) -> FunctionBackend:
    """A backend that gives these answers in order, one per call."""
    queue = list(answers)

    def respond(request: StructuredRequest) -> str | dict[str, Any] | Exception:
        if not queue:
            raise AssertionError("the fake model was called more times than scripted")
        return queue.pop(0)

    return FunctionBackend(respond)
