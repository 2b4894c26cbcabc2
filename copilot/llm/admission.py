"""Admission for a model that answers one request at a time (the embedded llama.cpp server).

Its server queues requests: a fourth request behind three slow ones waits for their sum
and times out while the model still works on it. Here calls take turns on our side of
the socket, so each call's own time is measured and a waiting call that is abandoned
never reaches the model; a call whose expected wait (calls ahead x recent call time)
leaves it no time to finish is refused at once with a Retry-After.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from copilot.errors import ModelBusy

SMOOTHING = 0.3  # weight of the newest call in the running mean of call time


class Admission:
    def __init__(self) -> None:
        self.in_flight = 0  # running plus waiting
        self.mean_call_s: float | None = None  # None until a call has been timed
        self._turn = asyncio.Lock()

    def expected_wait_s(self) -> float:
        return self.in_flight * (self.mean_call_s or 0.0)

    @asynccontextmanager
    async def slot(self, time_left_s: float) -> AsyncIterator[None]:
        """Wait for this call's turn, or refuse it now when it could not finish in time."""
        wait = self.expected_wait_s()
        if self.mean_call_s is not None and wait + self.mean_call_s > time_left_s:
            raise ModelBusy(
                f"the embedded model is busy: about {wait:.0f} s of queued work is ahead "
                f"of this call, which has {time_left_s:.0f} s left",
                retry_after_s=max(1, math.ceil(wait)),
            )
        self.in_flight += 1
        try:
            async with self._turn:
                started = time.monotonic()
                yield
                self._observe(time.monotonic() - started)
        finally:
            self.in_flight -= 1

    def _observe(self, seconds: float) -> None:
        if self.mean_call_s is None:
            self.mean_call_s = seconds
        else:
            self.mean_call_s = (1 - SMOOTHING) * self.mean_call_s + SMOOTHING * seconds
