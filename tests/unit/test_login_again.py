"""Logging in again after the site logged pages out: one page at a time, and a page that
waited while another logged in uses the renewed session instead of submitting again."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from thiio_runbook.session import LoginEvidence, Session


class Recorder(Session):
    """A Session whose logins and app openings are recorded, not done in a browser."""

    def __init__(self, app_shows_login_form: bool) -> None:  # no target, no browser
        self.logins = 0
        self._again = asyncio.Lock()
        self.app_shows_login_form = app_shows_login_form
        self.calls: list[str] = []

    async def log_in(self, screen: Any, worker: Any = None) -> LoginEvidence:
        self.calls.append(f"log_in {screen}")
        await asyncio.sleep(0)  # the other page asks meanwhile
        self.logins += 1
        return LoginEvidence(None, False, "logged in")

    async def open_app(self, screen: Any, worker: Any = None) -> LoginEvidence:
        self.calls.append(f"open_app {screen}")
        if self.app_shows_login_form:  # cookies not shared: this page logs in itself
            return await self.log_in(screen, worker)
        return LoginEvidence(None, True, "already logged in (saved session reused)")


def test_pages_sharing_cookies_log_in_once(off_loop: Callable[..., Any]) -> None:
    session = Recorder(app_shows_login_form=False)

    async def both() -> list[LoginEvidence]:
        return list(await asyncio.gather(session.log_in_again("a"), session.log_in_again("b")))

    first, second = off_loop(asyncio.run, both())
    assert session.calls == ["log_in a", "open_app b"] and session.logins == 1
    assert first.detail == "logged in"
    assert second.detail == "another page had logged in again: its session is used"


def test_pages_of_their_own_contexts_each_log_in(off_loop: Callable[..., Any]) -> None:
    session = Recorder(app_shows_login_form=True)

    async def both() -> None:
        await asyncio.gather(session.log_in_again("a"), session.log_in_again("b"))

    off_loop(asyncio.run, both())
    assert session.calls == ["log_in a", "open_app b", "log_in b"] and session.logins == 2


def test_a_page_alone_logs_in(off_loop: Callable[..., Any]) -> None:
    session = Recorder(app_shows_login_form=False)
    evidence = off_loop(asyncio.run, session.log_in_again("a"))
    assert session.calls == ["log_in a"] and evidence.detail == "logged in"
