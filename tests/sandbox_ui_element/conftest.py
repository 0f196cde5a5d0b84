"""A sandbox that serves the Element Plus front end (static/element/) at the site root.

When the back end offers the switch (start_sandbox(ui="element")), it is used; until then the
sandbox's app is wrapped so that every page path answers static/element/index.html, exactly
as the main UI's index is answered (history-mode routing), and everything else (/api,
/__sandbox, /static) goes to the sandbox unchanged.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.responses import FileResponse
from starlette.types import ASGIApp, Receive, Scope, Send

import thiio_sandbox
from thiio_sandbox import server as sandbox_server
from thiio_sandbox.server import RunningSandbox, start_sandbox

ELEMENT_INDEX = Path(thiio_sandbox.__file__).parent / "static" / "element" / "index.html"
NOT_PAGES = ("/api/", "/__sandbox/", "/static/")


class ElementIndex:
    """Answers the Element Plus index for page paths; passes the rest to the sandbox."""

    def __init__(self, sandbox_app: ASGIApp) -> None:
        self.sandbox_app = sandbox_app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        is_page = (
            scope["type"] == "http"
            and scope["method"] in ("GET", "HEAD")
            and not scope["path"].startswith(NOT_PAGES)
        )
        if is_page:
            page = FileResponse(
                ELEMENT_INDEX, media_type="text/html", headers={"cache-control": "no-cache"}
            )
            await page(scope, receive, send)
            return
        await self.sandbox_app(scope, receive, send)


def start_element_sandbox(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, **options: Any
) -> RunningSandbox:
    if "ui" in inspect.signature(start_sandbox).parameters:
        return start_sandbox(db_path=db_path, ui="element", **options)
    create_app = sandbox_server.create_app
    with monkeypatch.context() as patch:
        patch.setattr(
            sandbox_server,
            "create_app",
            lambda *args, **kwargs: ElementIndex(create_app(*args, **kwargs)),
        )
        return start_sandbox(db_path=db_path, **options)


@pytest.fixture
def element_sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RunningSandbox]:
    """A fresh sandbox (default scenario, own database) with the Element Plus UI at its root."""
    running = start_element_sandbox(tmp_path / "sandbox.sqlite3", monkeypatch)
    try:
        yield running
    finally:
        running.stop()
