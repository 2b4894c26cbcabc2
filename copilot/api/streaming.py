"""`stream: true`: the answer as server-sent events, so an add-in shows something at once
and the model's findings as they are checked, instead of a blank pane for 30-90 s.

Events, in order: `highlights` (the instant cue analysis, the body /v1/highlights returns),
`progress` after each model call, one `warning`, `rewrite` or `question` per finding once
the part it belongs to has passed every check, then `result`: the body the same request
without `stream` returns, byte for byte the same schema and meta. An error once the stream
has begun arrives as an `error` event holding the problem+json body, and ends the stream.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from fastapi import Request
from pydantic import BaseModel
from sse_starlette import EventSourceResponse, ServerSentEvent

from copilot.api.middleware import elapsed_ms
from copilot.api.presenting import Presenter
from copilot.api.problems import problem_after_start
from copilot.schemas.streaming import StreamProgress
from copilot.tasks.base import Part, TaskRun

ITEM_EVENT: dict[Part, str] = {
    "warnings": "warning",
    "rewrites": "rewrite",
    "questions": "question",
}
KEEPALIVE_S = 15  # a comment line while the model works, so proxies keep the stream open

Answer = Callable[[], Awaitable[BaseModel]]


def _event(name: str, body: BaseModel | dict[str, Any]) -> ServerSentEvent:
    data = body.model_dump_json() if isinstance(body, BaseModel) else json.dumps(body)
    return ServerSentEvent(data=data, event=name)


class EventRelay:
    """Listens to a task run and queues each step as an event in the caller's terms."""

    def __init__(self, request: Request, presenter: Presenter) -> None:
        self.request = request
        self.presenter = presenter
        self.queue: asyncio.Queue[ServerSentEvent | None] = asyncio.Queue()

    def send(self, name: str, body: BaseModel | dict[str, Any]) -> None:
        self.queue.put_nowait(_event(name, body))

    def model_called(self, run: TaskRun, step: str | None) -> None:
        progress = StreamProgress(
            prompt=f"{run.prompt.id}@v{run.prompt.version}",
            step=step,
            model_calls=run.usage.calls,
            elapsed_ms=elapsed_ms(self.request),
        )
        self.send("progress", progress)

    def part_done(self, part: Part, items: list[Any]) -> None:
        for item in self.presenter.part(part, items):
            self.send(ITEM_EVENT[part], item)

    async def run(self, answer: Answer) -> None:
        """Produce the final body, or the error that ended the answer, then the end mark."""
        try:
            self.send("result", await answer())
        except Exception as exc:  # the status line has gone: the error travels as an event
            self.send("error", problem_after_start(self.request, exc))
        finally:
            self.queue.put_nowait(None)


def event_stream(relay: EventRelay, first: BaseModel, answer: Answer) -> EventSourceResponse:
    """`first` goes out at once; the answer runs while the events are read, and is
    cancelled (stopping the model call) when the caller goes away."""

    async def events() -> AsyncIterator[ServerSentEvent]:
        yield _event("highlights", first)
        producer = asyncio.create_task(relay.run(answer))
        try:
            while (event := await relay.queue.get()) is not None:
                yield event
        finally:
            producer.cancel()

    return EventSourceResponse(events(), ping=KEEPALIVE_S, headers={"Cache-Control": "no-store"})
