"""The streamed answer's life cycle, apart from HTTP: it stops when the caller goes away."""

from __future__ import annotations

import asyncio
import contextlib
import time
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel

from copilot.api.streaming import EventRelay, event_stream
from copilot.schemas.streaming import StreamProgress


def fake_request() -> Any:
    return SimpleNamespace(state=SimpleNamespace(request_id="r1", started=time.perf_counter()))


async def test_the_model_work_is_cancelled_when_the_caller_goes_away() -> None:
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def slow_answer() -> BaseModel:
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        raise AssertionError("never reached")

    relay = EventRelay(fake_request(), presenter=None)  # type: ignore[arg-type]
    first = StreamProgress(prompt="cues@v3", step=None, model_calls=0, elapsed_ms=0)
    events = event_stream(relay, first, slow_answer).body_iterator
    assert (await anext(events)).event == "highlights"  # type: ignore[union-attr]
    pending = asyncio.ensure_future(anext(events))
    await asyncio.wait_for(started.wait(), 1)
    pending.cancel()  # the caller disconnects: sse-starlette cancels the task reading events
    with contextlib.suppress(asyncio.CancelledError):
        await pending
    await asyncio.wait_for(cancelled.wait(), 1)
