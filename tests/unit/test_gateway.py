from __future__ import annotations

import httpx
import litellm
import pytest
from pydantic import BaseModel
from tenacity import wait_none

from copilot.errors import InputTooLarge, ModelOutputUnusable, ModelUnavailable
from copilot.llm import Gateway
from copilot.llm.fake import scripted
from copilot.llm.retry import is_transient, retry_after_s

MESSAGES = [{"role": "user", "content": "hi"}]


class Answer(BaseModel):
    value: int


def gateway(*answers: object) -> Gateway:
    return Gateway(scripted(*answers), timeout_s=5, wait=wait_none())


def rate_limited(retry_after: str | None = None) -> litellm.RateLimitError:
    headers = {"retry-after": retry_after} if retry_after else {}
    response = httpx.Response(429, headers=headers, request=httpx.Request("POST", "http://x"))
    return litellm.RateLimitError("slow down", llm_provider="openai", model="m", response=response)


async def test_schema_failure_is_reasked_once_with_the_error() -> None:
    gw = gateway({"value": "many"}, {"value": 3})
    completion = await gw.complete(MESSAGES, Answer)
    assert completion.output.value == 3
    assert completion.schema_reasks == 1 and completion.usage.calls == 2
    feedback = gw.backend.requests[1].messages[-1]["content"]
    assert "value" in feedback and "schema" in feedback


async def test_second_schema_failure_raises_with_last_output() -> None:
    with pytest.raises(ModelOutputUnusable) as caught:
        await gateway("nope", "still nope").complete(MESSAGES, Answer)
    assert caught.value.attempts == 2 and caught.value.last_output == "still nope"


async def test_transient_errors_are_retried_up_to_three_attempts() -> None:
    gw = gateway(rate_limited(), rate_limited(), {"value": 1})
    assert (await gw.complete(MESSAGES, Answer)).output.value == 1
    with pytest.raises(ModelUnavailable):
        await gateway(rate_limited(), rate_limited(), rate_limited(), {"value": 1}).complete(
            MESSAGES, Answer
        )


async def test_context_window_errors_are_not_retried() -> None:
    error = litellm.ContextWindowExceededError("too long", model="m", llm_provider="openai")
    gw = gateway(error, {"value": 1})
    with pytest.raises(InputTooLarge):
        await gw.complete(MESSAGES, Answer)
    assert len(gw.backend.requests) == 1


def test_retry_after_is_read_in_seconds_and_http_dates() -> None:
    assert retry_after_s(rate_limited("7")) == 7.0
    assert retry_after_s(rate_limited("Wed, 21 Oct 2015 07:28:00 GMT")) == 0.0
    assert retry_after_s(rate_limited()) is None


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (litellm.APIConnectionError(message="x", llm_provider="openai", model="m"), True),
        (litellm.Timeout(message="x", model="m", llm_provider="openai"), True),
        (litellm.InternalServerError(message="x", llm_provider="openai", model="m"), True),
        (litellm.ServiceUnavailableError(message="x", llm_provider="openai", model="m"), True),
        (litellm.BadRequestError(message="x", model="m", llm_provider="openai"), False),
        (litellm.AuthenticationError(message="x", llm_provider="openai", model="m"), False),
    ],
)
def test_transient_classification(error: Exception, transient: bool) -> None:
    assert is_transient(error) is transient


async def test_usage_is_summed_over_calls() -> None:
    gw = gateway({"value": "x"}, {"value": 2})
    completion = await gw.complete(MESSAGES, Answer)
    assert completion.usage.prompt_tokens > 0 and completion.usage.calls == 2


async def test_raw_newlines_inside_strings_are_tolerated() -> None:
    class Text(BaseModel):
        text: str

    completion = await gateway('{"text": "line one\nline two"}').complete(MESSAGES, Text)
    assert completion.output.text == "line one\nline two" and completion.schema_reasks == 0
