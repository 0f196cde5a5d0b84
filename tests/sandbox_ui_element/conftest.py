"""A sandbox that serves the Element Plus front end (static/element/) at the site root."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from thiio_sandbox.server import RunningSandbox


@pytest.fixture
def element_sandbox(start_sandboxes: Callable[..., RunningSandbox]) -> RunningSandbox:
    """A fresh sandbox (default scenario, own database) with the Element Plus UI at its root."""
    return start_sandboxes(ui="element")
