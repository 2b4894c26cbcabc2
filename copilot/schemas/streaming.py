"""`stream: true`: the request flag and the one event body that is not a response body."""

from __future__ import annotations

from pydantic import Field

from copilot.schemas.common import ApiModel

STREAM_DESCRIPTION = (
    "Answer with server-sent events (text/event-stream) instead of one JSON body: "
    "`highlights` at once (the /v1/highlights body; for /v1/questions they index `context`), "
    "`progress` after each model call (`prompt`, `step`, `model_calls`, `elapsed_ms`), one `warning`, `rewrite` or `question` event per "
    "finding as soon as the part it belongs to has passed its checks, then `result` with "
    "exactly the body this request returns without `stream`. An error after the first event "
    "arrives as an `error` event with the problem+json body (with `retry_after_s` where a "
    "plain answer would carry a Retry-After header) and ends the stream; errors "
    "found before it (bad input, unknown prompt version) are ordinary 4xx responses."
)


class Streamable(ApiModel):
    stream: bool = Field(False, strict=True, description=STREAM_DESCRIPTION)


class StreamProgress(ApiModel):
    """The body of a `progress` event."""

    prompt: str = Field(description='The prompt version that made the call, "id@vN".')
    step: str | None = Field(description="The step of that prompt's pipeline, if it has steps.")
    model_calls: int = Field(description="Model calls made so far by this request.")
    elapsed_ms: int = Field(description="Time since the request arrived.")
