"""A sandbox that serves the Vue 3 + Vuetify 3 front end (static/vuetify3/) at the site root."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from thiio_sandbox.server import RunningSandbox, start_sandbox


@pytest.fixture
def running(tmp_path: Path) -> Iterator[RunningSandbox]:
    """A fresh sandbox (default scenario, own database) with the vuetify3 UI."""
    sandbox = start_sandbox(db_path=tmp_path / "sandbox.sqlite3", ui="vuetify3")
    try:
        yield sandbox
    finally:
        sandbox.stop()
