"""The model gateway: structured output, retries, one schema re-ask, a deadline.

It knows nothing of sales: callers hand it messages and a pydantic output type.
Retries live here and only here (litellm's own are switched off).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable

import litellm
from pydantic import ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from copilot.errors import (
    CopilotError,
    InputTooLarge,
    ModelDeadlineExceeded,
    ModelOutputUnusable,
    ModelUnavailable,
)
from copilot.llm.retry import MAX_ATTEMPTS, is_transient, status_of, wait_before_retry
from copilot.llm.schema import output_schema
from copilot.llm.types import (
    Completion,
    Message,
    ModelBackend,
    ModelReply,
    OutputT,
    StructuredRequest,
    Usage,
)

log = logging.getLogger(__name__)
WaitStrategy = Callable[[RetryCallState], float]
MAX_ERRORS_SHOWN = 5


class Gateway:
    def __init__(
        self, backend: ModelBackend, timeout_s: float, wait: WaitStrategy = wait_before_retry
    ) -> None:
        self.backend = backend
        self.timeout_s = timeout_s
        self._wait = wait

    @property
    def model_name(self) -> str:
        return self.backend.model_name

    async def complete(
        self,
        messages: list[Message],
        output_type: type[OutputT],
        params: dict[str, object] | None = None,
        usage: Usage | None = None,
    ) -> Completion[OutputT]:
        """One validated answer; on a schema failure the model is asked once more."""
        usage = usage if usage is not None else Usage()
        deadline = time.monotonic() + self.timeout_s
        try:
            async with asyncio.timeout(self.timeout_s):
                return await self._complete(messages, output_type, params or {}, usage, deadline)
        except TimeoutError as exc:
            raise ModelDeadlineExceeded(
                f"the model did not answer within {self.timeout_s:g} s"
            ) from exc

    async def _complete(
        self,
        messages: list[Message],
        output_type: type[OutputT],
        params: dict[str, object],
        usage: Usage,
        deadline: float,
    ) -> Completion[OutputT]:
        schema = output_schema(output_type)
        conversation = list(messages)
        for reasks in range(2):
            request = StructuredRequest(conversation, schema, output_type.__name__, dict(params))
            reply = await self._send_with_retries(request, deadline)
            usage.add(reply)
            conversation = [*conversation, {"role": "assistant", "content": reply.content}]
            try:
                output = parse_output(reply.content, output_type)
            except ValidationError as exc:
                log.info(
                    "schema_validation_failed",
                    extra={"attempt": reasks + 1, "errors": exc.error_count()},
                )
                if reasks == 1:
                    raise ModelOutputUnusable(
                        "the model's answer did not match the expected schema twice",
                        attempts=2,
                        last_output=reply.content,
                    ) from exc
                conversation.append({"role": "user", "content": _schema_feedback(exc)})
                continue
            return Completion(
                output=output, messages=conversation, usage=usage, schema_reasks=reasks
            )
        raise AssertionError("unreachable")

    async def _send_with_retries(self, request: StructuredRequest, deadline: float) -> ModelReply:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(MAX_ATTEMPTS),
            wait=self._wait,
            retry=retry_if_exception(is_transient),
            reraise=True,
            before_sleep=_log_retry,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self.backend.send(request, max(0.1, deadline - time.monotonic()))
        except (CopilotError, asyncio.CancelledError):
            raise
        except Exception as exc:
            raise _map_provider_error(exc) from exc
        raise AssertionError("unreachable")

    async def readiness(self) -> tuple[bool, str]:
        return await self.backend.readiness()


def parse_output(content: str, output_type: type[OutputT]) -> OutputT:
    """Validate against the schema; raw newlines inside strings (seen from llama.cpp) are tolerated."""
    try:
        data = json.loads(content, strict=False)
    except ValueError:
        return output_type.model_validate_json(content)  # raises the ValidationError with details
    return output_type.model_validate(data)


def _schema_feedback(exc: ValidationError) -> str:
    problems = [
        f"- {'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
        for err in exc.errors()[:MAX_ERRORS_SHOWN]
    ]
    return (
        "Your answer did not match the required JSON schema:\n"
        + "\n".join(problems)
        + "\nAnswer again with the complete JSON object only, fixing these problems."
    )


def _map_provider_error(exc: Exception) -> CopilotError:
    """Provider failures become typed errors with safe messages (no provider text leaks)."""
    if isinstance(exc, litellm.ContextWindowExceededError):
        return InputTooLarge("the input does not fit the model's context window")
    if isinstance(exc, json.JSONDecodeError):
        return ModelOutputUnusable("the model server returned a malformed response")
    status = status_of(exc)
    kind = type(exc).__name__
    if is_transient(exc):
        return ModelUnavailable(f"the model is unavailable after {MAX_ATTEMPTS} attempts ({kind})")
    suffix = f" (HTTP {status})" if status else f" ({kind})"
    return ModelUnavailable(f"the model provider rejected the request{suffix}")


def _log_retry(state: object) -> None:
    outcome = getattr(state, "outcome", None)
    exc = outcome.exception() if outcome else None
    log.warning(
        "model_call_retry",
        extra={"attempt": getattr(state, "attempt_number", 0), "error": type(exc).__name__},
    )
