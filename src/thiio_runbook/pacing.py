"""Pacing of Retry clicks and the brake on repeated automation errors.

UltraCart allows about 1,000 API calls an hour, and each Retry is one: a batch spaces its
clicks evenly, however many pages work in parallel. A run that keeps failing stops instead of
hammering the site.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

SLOWEST = 6.0  # clicks a minute: the rate limit slows a batch down to this at the most
# UltraCart's answers when a merchant's application calls it too often.
RATE_LIMITED = re.compile(r"\b429\b|rate limit|rate of .* exceeded", re.IGNORECASE)


@dataclass
class ClickPacer:
    """At most `per_minute` clicks a minute, at least 60/per_minute seconds apart, whichever
    page makes them; None means no limit."""

    per_minute: float | None
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _last_click: float | None = field(default=None, init=False)
    _slowed_at: float | None = field(default=None, init=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)

    def __post_init__(self) -> None:
        if self.per_minute is not None and self.per_minute <= 0:
            raise ValueError("per_minute must be positive")

    def slow_down(self) -> float:
        """After UltraCart's rate limit answered a retry: half the pace from now on (from 60
        a minute when the run was not paced), at most once a minute (many orders meeting the
        same limit at once are one signal) and never below SLOWEST clicks a minute. Returns
        the clicks per minute now."""
        now = self.clock()
        if self._slowed_at is None or now - self._slowed_at >= 60.0:
            self.per_minute = max(SLOWEST, (self.per_minute or 60.0) / 2)
            self._slowed_at = now
        return self.per_minute or 60.0

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold the only turn to click: it starts a full interval after the last click ended."""
        if self.per_minute is None:
            yield
            return
        interval = 60.0 / self.per_minute
        async with self._lock:
            if self._last_click is not None:
                wait = self._last_click + interval - self.clock()
                if wait > 0:
                    await self.sleep(wait)
            try:
                yield
            finally:
                self._last_click = self.clock()


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
