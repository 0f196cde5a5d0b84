"""Helpers for the sandbox's own tests: a clock the test moves, scripted chance, log-in."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from thiio_sandbox.store import Store

START = datetime(2026, 11, 26, 4, 0, tzinfo=timezone.utc).timestamp()


@dataclass
class FakeClock:
    """Time stands still until a test moves it: retries resolve without sleeping."""

    now: float = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class ScriptedRandom(random.Random):
    """random() answers from a script (then 0.99): decides which calls a fault hits."""

    def __init__(self, script: list[float] | None = None) -> None:
        super().__init__(0)
        self.script = list(script or [])

    def random(self) -> float:
        return self.script.pop(0) if self.script else 0.99


def xsrf(client: Any) -> dict[str, str]:
    """The header a Laravel-style SPA echoes from the XSRF-TOKEN cookie."""
    return {"X-XSRF-TOKEN": client.cookies.get("XSRF-TOKEN", "")}


def log_in(client: Any, email: str = "demo@thiio.test", password: str = "demo-password"):
    return client.post("/api/login", json={"email": email, "password": password})


def notification_of(store: Store, order: str, integration: str = "Ultracart") -> dict:
    (row,) = store.notifications_of(order, integration)
    return row
