from __future__ import annotations

import asyncio

import pytest

from copilot.errors import ModelBusy
from copilot.llm.admission import Admission


async def _call(admission: Admission, seconds: float, time_left: float = 10.0) -> None:
    async with admission.slot(time_left):
        await asyncio.sleep(seconds)


def test_calls_take_turns_and_their_time_is_learned() -> None:
    async def scenario() -> float:
        admission = Admission()
        started = asyncio.get_running_loop().time()
        await asyncio.gather(_call(admission, 0.05), _call(admission, 0.05))
        assert admission.mean_call_s is not None and 0.04 < admission.mean_call_s < 0.2
        return asyncio.get_running_loop().time() - started

    assert asyncio.run(scenario()) >= 0.1  # one after the other, never together


def test_a_call_that_cannot_finish_in_time_is_refused_at_once_with_retry_after() -> None:
    async def scenario() -> ModelBusy:
        admission = Admission()
        await _call(admission, 0.05)  # learn: a call takes about 0.05 s
        running = [asyncio.create_task(_call(admission, 0.2)) for _ in range(3)]
        await asyncio.sleep(0.01)
        with pytest.raises(ModelBusy) as refused:
            await _call(admission, 0.01, time_left=0.1)
        await asyncio.gather(*running)
        await _call(admission, 0.01, time_left=1.0)  # the queue drained: admitted again
        return refused.value

    busy = asyncio.run(scenario())
    assert busy.status == 503 and busy.retry_after_s >= 1


def test_the_first_call_is_always_admitted() -> None:
    asyncio.run(_call(Admission(), 0.0, time_left=0.001))
