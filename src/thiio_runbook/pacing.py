"""Pacing of Retry clicks and the brake on repeated automation errors.

UltraCart allows about 1,000 API calls an hour, and each Retry is one: a batch spaces its
clicks evenly, however many pages work in parallel. A run that keeps failing stops instead of
hammering the site.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


@dataclass
class ClickPacer:
    """Lets at most `per_minute` clicks through a minute, spaced evenly; None means no limit."""

    per_minute: float | None
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _next_slot: float = field(default=0.0, init=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)

    def __post_init__(self) -> None:
        if self.per_minute is not None and self.per_minute <= 0:
            raise ValueError("per_minute must be positive")

    async def wait_turn(self) -> None:
        """Return when the next click may happen; reserves that slot."""
        if self.per_minute is None:
            return
        interval = 60.0 / self.per_minute
        async with self._lock:
            now = self.clock()
            slot = max(now, self._next_slot)
            self._next_slot = slot + interval
        if slot > now:
            await self.sleep(slot - now)


@dataclass
class ErrorBrake:
    """Trips after `limit` automation errors in a row; any other outcome resets the count."""

    limit: int
    consecutive: int = 0

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError("limit must be at least 1")

    def record(self, automation_error: bool) -> None:
        self.consecutive = self.consecutive + 1 if automation_error else 0

    @property
    def tripped(self) -> bool:
        return self.consecutive >= self.limit
