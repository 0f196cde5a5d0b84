"""Shared by the unit tests."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest


def _off_loop(function: Callable[..., Any], *args: object) -> Any:
    """Call what calls asyncio.run in a thread of its own: the browser tests' session-wide
    event loop may be running in the main thread (the whole suite in one process)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


@pytest.fixture
def off_loop() -> Callable[..., Any]:
    return _off_loop
