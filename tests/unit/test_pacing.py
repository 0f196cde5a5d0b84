from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from thiio_runbook.pacing import ClickPacer, ErrorBrake


def run(coro) -> None:
    """asyncio.run in a thread of its own: pytest-playwright keeps a loop running in this one."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        # Record only: the callers all asked at the same instant.
        self.slept.append(seconds)


def test_pacer_spaces_clicks_evenly_across_concurrent_callers() -> None:
    fake = FakeTime()
    pacer = ClickPacer(per_minute=60, clock=fake.clock, sleep=fake.sleep)

    async def four_clicks() -> None:
        await asyncio.gather(*(pacer.wait_turn() for _ in range(4)))

    run(four_clicks())
    # First click at once; the others wait for their own slot, one second apart.
    assert sorted(fake.slept) == [1.0, 2.0, 3.0]


def test_pacer_without_limit_never_waits() -> None:
    fake = FakeTime()
    pacer = ClickPacer(per_minute=None, clock=fake.clock, sleep=fake.sleep)
    run(pacer.wait_turn())
    assert fake.slept == []


def test_pacer_rejects_a_non_positive_rate() -> None:
    with pytest.raises(ValueError):
        ClickPacer(per_minute=0)


def test_brake_trips_only_on_consecutive_errors() -> None:
    brake = ErrorBrake(limit=3)
    for error in (True, True, False, True, True):
        brake.record(error)
    assert not brake.tripped
    brake.record(True)
    assert brake.tripped
