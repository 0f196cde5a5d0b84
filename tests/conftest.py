"""Shared fixtures: the browser pytest-playwright drives, and a fresh sandbox per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from thiio_runbook.browser import QUIET_ARGS, choose_browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, playwright) -> dict:
    choice = choose_browser(playwright.chromium.executable_path)
    args = dict(browser_type_launch_args)
    args["args"] = [*args.get("args", []), *QUIET_ARGS]
    if choice.executable_path:
        args["executable_path"] = choice.executable_path
    return args


@pytest.fixture
def sandbox(tmp_path) -> Iterator[object]:
    """A sandbox on a free port with the default scenario and its own database."""
    from thiio_sandbox.server import start_sandbox

    running = start_sandbox(db_path=tmp_path / "sandbox.sqlite3")
    try:
        yield running
    finally:
        running.stop()
