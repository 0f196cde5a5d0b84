"""A fresh Thiio sandbox serving the Quasar admin, one per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from thiio_sandbox.server import RunningSandbox, start_sandbox


@pytest.fixture
def running(tmp_path) -> Iterator[RunningSandbox]:
    sandbox = start_sandbox(db_path=tmp_path / "sandbox.sqlite3", ui="quasar")
    try:
        yield sandbox
    finally:
        sandbox.stop()
