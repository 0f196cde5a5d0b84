"""A step's screenshot, taken the cheap way where the picture allows it.

With a screenshot at every step, encoding the pictures is a large share of a run's CPU
(bench/README.md). Chromium encodes a PNG of the viewport about a third cheaper when asked
to favour speed over size (DevTools' Page.captureScreenshot, optimizeForSpeed), which
Playwright's screenshot does not ask for. So a plain viewport picture is taken that way;
a full page or a masked one (personal data painted over), or a browser that has no DevTools
session to give, goes through Playwright's screenshot. Unlike Playwright's, these pictures
show a text field's caret where one blinks.
"""

from __future__ import annotations

import asyncio
import base64
import weakref

from playwright.async_api import CDPSession, Locator, Page

SCREENSHOT_SECONDS = 10.0  # as Playwright's screenshot is bounded here

# Each page's DevTools session, opened at its first picture; None: the page has none.
_sessions: weakref.WeakKeyDictionary[Page, CDPSession | None] = weakref.WeakKeyDictionary()


async def screenshot(
    page: Page, full_page: bool = False, mask: list[Locator] | None = None
) -> bytes:
    """The page's picture as PNG bytes; raises as Playwright's screenshot does (bounded)."""
    if not full_page and not mask:
        data = await asyncio.wait_for(_png_for_speed(page), SCREENSHOT_SECONDS)
        if data is not None:
            return data
    return await page.screenshot(
        full_page=full_page, mask=mask or None, timeout=SCREENSHOT_SECONDS * 1000
    )


async def _png_for_speed(page: Page) -> bytes | None:
    """The viewport through the page's DevTools session; None when it has none."""
    session = await _session(page)
    if session is None:
        return None
    answer = await session.send(
        "Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True}
    )
    return base64.b64decode(answer["data"])


async def _session(page: Page) -> CDPSession | None:
    if page not in _sessions:
        try:
            _sessions[page] = await page.context.new_cdp_session(page)
        except Exception:  # not Chromium, or a remote browser that gives no DevTools session
            _sessions[page] = None
    return _sessions[page]
