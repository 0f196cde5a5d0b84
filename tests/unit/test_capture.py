"""A step's screenshot: the cheap DevTools PNG for a plain viewport picture, Playwright's
screenshot for a full page, a masked one, or a browser with no DevTools session."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from typing import Any

from thiio_runbook import capture


class FakeSession:
    def __init__(self) -> None:
        self.asked: list[tuple[str, dict[str, Any]]] = []

    async def send(self, method: str, params: dict[str, Any]) -> dict[str, str]:
        self.asked.append((method, params))
        return {"data": base64.b64encode(b"fast-png").decode()}


class FakeContext:
    def __init__(self, session: FakeSession | None) -> None:
        self.session = session
        self.opened = 0

    async def new_cdp_session(self, page: object) -> FakeSession:
        self.opened += 1
        if self.session is None:
            raise RuntimeError("CDP session is only available in Chromium")
        return self.session


class FakePage:
    def __init__(self, session: FakeSession | None) -> None:
        self.context = FakeContext(session)
        self.screenshots: list[dict[str, Any]] = []

    async def screenshot(self, **options: Any) -> bytes:
        self.screenshots.append(options)
        return b"playwright-png"


def shooter(off_loop: Callable[..., Any]) -> Callable[..., bytes]:
    """capture.screenshot on a loop of its own (off the browser tests' running loop)."""

    def shoot(page: FakePage, **options: Any) -> bytes:
        return off_loop(asyncio.run, capture.screenshot(page, **options))  # type: ignore[arg-type]

    return shoot


def test_a_plain_viewport_picture_is_encoded_for_speed_over_one_session(
    off_loop: Callable[..., Any],
) -> None:
    shoot = shooter(off_loop)
    session = FakeSession()
    page = FakePage(session)
    assert shoot(page) == shoot(page) == b"fast-png"
    assert page.context.opened == 1  # one DevTools session a page
    assert (
        session.asked
        == [("Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True})] * 2
    )
    assert page.screenshots == []


def test_full_page_and_masked_pictures_go_through_playwright(
    off_loop: Callable[..., Any],
) -> None:
    shoot = shooter(off_loop)
    page = FakePage(FakeSession())
    mask = [object()]
    assert shoot(page, full_page=True) == b"playwright-png"
    assert shoot(page, mask=mask) == b"playwright-png"
    assert [s["full_page"] for s in page.screenshots] == [True, False]
    assert page.screenshots[1]["mask"] == mask


def test_a_browser_without_devtools_sessions_gets_playwrights_screenshot(
    off_loop: Callable[..., Any],
) -> None:
    shoot = shooter(off_loop)
    page = FakePage(None)
    assert shoot(page) == shoot(page) == b"playwright-png"
    assert page.context.opened == 1  # not asked again for every picture
