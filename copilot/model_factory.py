"""Choose the model backend from settings: a hosted litellm model, or the embedded one."""

from __future__ import annotations

import asyncio
import logging
import time

from copilot.errors import CopilotError, LocalModelError
from copilot.llm.admission import Admission
from copilot.llm.litellm_backend import LiteLLMBackend
from copilot.llm.stand_in import STAND_IN_MODEL, SchemaStandIn
from copilot.llm.types import ModelReply, StructuredRequest
from copilot.local_model import LocalModelServer
from copilot.settings import Settings

log = logging.getLogger(__name__)
LOCAL_API_KEY = "local-no-key"  # the OpenAI client insists on a key; the local server ignores it


class EmbeddedBackend:
    """The local llama.cpp server behind litellm; the API serves while the model loads."""

    def __init__(self, settings: Settings) -> None:
        self.server = LocalModelServer(settings)
        self.admission = Admission()
        self._startup: asyncio.Task[None] | None = None
        self._inner = LiteLLMBackend(
            self.server.litellm_model,
            api_base=lambda: self.server.api_base,
            response_format=settings.response_format,
            grammar_constrained=True,
            api_key=LOCAL_API_KEY,
        )

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    def start(self) -> None:
        self._startup = asyncio.create_task(self.server.start(), name="local-model-startup")
        self._startup.add_done_callback(_log_startup_failure)

    async def stop(self) -> None:
        if self._startup is not None and not self._startup.done():
            self._startup.cancel()
        await self.server.stop()

    async def send(self, request: StructuredRequest, timeout_s: float) -> ModelReply:
        await self._started(timeout_s)
        deadline = time.monotonic() + timeout_s
        async with self.admission.slot(timeout_s):
            return await self._inner.send(request, max(0.1, deadline - time.monotonic()))

    async def _started(self, timeout_s: float) -> None:
        if self._startup is None:
            raise LocalModelError("the embedded model was not started")
        try:
            await asyncio.wait_for(asyncio.shield(self._startup), timeout_s)
        except CopilotError:
            raise
        except TimeoutError:
            raise LocalModelError(
                "the embedded model is still loading; try again shortly"
            ) from None

    async def readiness(self) -> tuple[bool, str]:
        if self._startup is None:
            return False, "embedded model not started"
        if not self._startup.done():
            return False, "embedded model is loading"
        error = self._startup.exception()
        if error is not None:
            return False, getattr(error, "detail", type(error).__name__)
        return await self.server.is_ready()


def _log_startup_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        error = task.exception()
        log.error(
            "local_model_start_failed", extra={"error": getattr(error, "detail", repr(error))}
        )


def build_backend(settings: Settings) -> LiteLLMBackend | EmbeddedBackend | SchemaStandIn:
    """COPILOT_MODEL picks a hosted/remote model ("fake": a stand-in with no findings);
    without it the embedded model is used."""
    if settings.model == STAND_IN_MODEL:
        return SchemaStandIn()
    if settings.model:
        key = settings.api_key.get_secret_value() if settings.api_key else None
        return LiteLLMBackend(
            settings.model, settings.api_base, settings.response_format, api_key=key
        )
    return EmbeddedBackend(settings)
