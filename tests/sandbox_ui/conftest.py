"""One suite, every front end: `front_end` names one, `open_admin` starts a fresh sandbox
serving it and hands back its adapter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

from thiio_sandbox.server import RunningSandbox

from .adapters import ADAPTERS, AdminUI, OpenAdmin, front_end_params


@pytest.fixture(params=front_end_params())
def front_end(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def open_admin(
    front_end: str, page: Page, start_sandboxes: Callable[..., RunningSandbox]
) -> OpenAdmin:
    """Start a fresh sandbox serving the front end (start_sandbox's options: scenario, ...)
    and return its adapter, driving `page`."""

    def open_(**sandbox_options: Any) -> AdminUI:
        sandbox = start_sandboxes(ui=front_end, **sandbox_options)
        return ADAPTERS[front_end](page, sandbox)

    return open_


@pytest.fixture
def admin(open_admin: OpenAdmin) -> AdminUI:
    """The front end on a fresh sandbox with the default scenario, faults off."""
    return open_admin()
