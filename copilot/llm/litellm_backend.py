"""The one place that talks to litellm."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Literal

import httpx
import litellm

from copilot.llm.types import ModelReply, StructuredRequest

litellm.disable_aiohttp_transport = True  # one HTTP stack (httpx) to record and replay
litellm.suppress_debug_info = True
litellm.telemetry = False

ResponseFormatMode = Literal["auto", "json_schema", "json_object"]
log = logging.getLogger(__name__)


class LiteLLMBackend:
    """Any litellm model string; `api_base` may move (the embedded server can restart)."""

    def __init__(
        self,
        model: str,
        api_base: Callable[[], str | None] | str | None = None,
        response_format: ResponseFormatMode = "auto",
        grammar_constrained: bool = False,
        api_key: str | None = None,
    ) -> None:
        self._model = model
        self._api_base = api_base if callable(api_base) else (lambda: api_base)
        self._mode = response_format
        self._grammar_constrained = grammar_constrained
        self._api_key = api_key

    @property
    def model_name(self) -> str:
        return self._model

    async def send(self, request: StructuredRequest, timeout_s: float) -> ModelReply:
        response = await litellm.acompletion(
            model=self._model,
            messages=request.messages,
            api_base=self._api_base(),
            api_key=self._api_key,
            response_format=self._response_format(request),
            timeout=timeout_s,
            num_retries=0,
            max_retries=0,
            **request.params,
        )
        usage = getattr(response, "usage", None)
        return ModelReply(
            content=response.choices[0].message.content or "",
            prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
            completion_tokens=getattr(usage, "completion_tokens", 0) or 0,
        )

    def _response_format(self, request: StructuredRequest) -> dict[str, Any]:
        if self._uses_json_schema():
            return {
                "type": "json_schema",
                "json_schema": {
                    "name": request.schema_name,
                    "schema": request.schema,
                    "strict": False,
                },
            }
        # llama.cpp's server turns this schema into a grammar; others treat it as json mode.
        return {"type": "json_object", "schema": request.schema}

    def _uses_json_schema(self) -> bool:
        if self._mode != "auto":
            return self._mode == "json_schema"
        if self._grammar_constrained:
            return False
        try:
            return bool(litellm.supports_response_schema(model=self._model))
        except Exception:  # unknown models are not in litellm's map
            return False

    async def readiness(self) -> tuple[bool, str]:
        base = self._api_base()
        if not base:
            return True, f"hosted model {self._model} (not probed)"
        try:
            async with httpx.AsyncClient(timeout=3.0) as client:
                response = await client.get(base.rstrip("/") + "/models")
        except httpx.HTTPError as exc:  # the address is for the operator's log, not /readyz
            log.warning("model_server_unreachable", extra={"api_base": base})
            return False, f"model server unreachable ({type(exc).__name__})"
        if response.status_code >= 500:  # 401/404 still prove a live server
            return False, f"model server answered HTTP {response.status_code}"
        return True, "model server ready"
