"""A sandbox that serves the Element Plus front end (static/element/) at the site root."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from thiio_sandbox.server import RunningSandbox, start_sandbox


@pytest.fixture
def element_sandbox(tmp_path: Path) -> Iterator[RunningSandbox]:
    """A fresh sandbox (default scenario, own database) with the Element Plus UI at its root."""
    running = start_sandbox(db_path=tmp_path / "sandbox.sqlite3", ui="element")
    try:
        yield running
    finally:
        running.stop()
