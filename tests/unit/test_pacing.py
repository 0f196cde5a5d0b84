from __future__ import annotations

import asyncio
import itertools
from concurrent.futures import ThreadPoolExecutor

import pytest

from thiio_runbook.pacing import SLOWEST, ClickPacer, ErrorBrake


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
        self.slept.append(seconds)
        self.now += seconds


def test_pacer_spaces_clicks_a_full_interval_apart_across_concurrent_callers() -> None:
    fake = FakeTime()
    pacer = ClickPacer(per_minute=60, clock=fake.clock, sleep=fake.sleep)
    clicks: list[float] = []

    async def click(duration: float) -> None:
        async with pacer.turn():
            fake.now += duration  # opening the menu and clicking take a while
            clicks.append(fake.now)

    async def three_pages() -> None:
        await asyncio.gather(click(0.5), click(2.0), click(0.1))

    run(three_pages())
    # A turn starts a full second after the click before it; the first turn waits for none.
    assert [round(b - a, 3) for a, b in itertools.pairwise(clicks)] == [3.0, 1.1]
    assert fake.slept == [1.0, 1.0]


def test_pacer_without_limit_never_waits() -> None:
    fake = FakeTime()
    pacer = ClickPacer(per_minute=None, clock=fake.clock, sleep=fake.sleep)

    async def two_turns() -> None:
        for _ in range(2):
            async with pacer.turn():
                pass

    run(two_turns())
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


def test_the_rate_limit_halves_the_pace_once_a_minute_down_to_a_floor() -> None:
    now = [0.0]
    pacer = ClickPacer(None, clock=lambda: now[0])
    assert pacer.slow_down() == 30  # an unpaced run: from 60 a minute
    assert pacer.slow_down() == 30  # many orders meeting the same limit: one signal
    for minute in range(1, 10):
        now[0] = 60.0 * minute
        pacer.slow_down()
    assert pacer.per_minute == SLOWEST
