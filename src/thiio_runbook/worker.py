"""A worker: one page of a run with what belongs to it (its screen, its tracer, its mask).

When orders are traced, each worker page has its own browser context, so that each order's
trace is its own (tracing.py); else the workers are pages of one context (worker_pool.py).
Whatever screenshots the page or types credentials on it is handed the worker (or its mask),
so the mask and the tracer are passed along, not found in a registry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from contextlib import suppress
from dataclasses import dataclass
from typing import TypeVar

from playwright.async_api import BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from .config import SiteConfig
from .masking import NO_MASK, Mask
from .pages.common import Screen
from .rundir import RunFolder
from .tracing import ContextTracer

# How long a page's window.open may take to show a new page (else a page is opened anew).
POPUP_TIMEOUT_MS = 5000
_OPEN_WINDOW = "() => { window.open('about:blank', '_blank'); }"
# sessionStorage throws where the window has no origin of its own to keep it for.
_CUT_LOOSE = "() => { window.opener = null; try { sessionStorage.clear(); } catch (e) {} }"
T = TypeVar("T")
# A page opened on its own once every renderer had pages: Chromium put it in one at random.
UNKNOWN_RENDERER = -1


@dataclass
class Worker:
    """One page of a run; its tracer starts once the page is logged in (tracing.py)."""

    page: Page
    screen: Screen
    tracer: ContextTracer
    mask: Mask = NO_MASK
    # Set by the page's "crash" event: its renderer died (with --renderer-process-limit it
    # takes the other pages it shared a renderer with); the page stays open but is dead.
    crashed: bool = False
    # Which renderer process the page is in, as the pool numbers them (None: not numbered
    # yet; UNKNOWN_RENDERER: Chromium chose): a page opened by another shares its process
    # (worker_pool.WorkerPool).
    renderer: int | None = None

    @property
    def context(self) -> BrowserContext:
        return self.page.context

    @property
    def gone(self) -> bool:
        """The page can do nothing more: crashed or closed (worker_pool.renew replaces it)."""
        return self.crashed or self.page.is_closed()

    def _on_crash(self, _page: Page) -> None:
        self.crashed = True


async def open_worker(
    context: BrowserContext,
    site: SiteConfig,
    folder: RunFolder,
    *,
    trace: str = "off",
    mask: Mask = NO_MASK,
    beside: Worker | None = None,
) -> Worker:
    """A new page in `context`, its tracer not started yet. `beside`: a worker of `context`
    whose renderer process the new page is to share (see new_page_beside); the new worker's
    `renderer` is then that one's, or UNKNOWN_RENDERER when it could not be; else None (a page
    opened on its own: the caller numbers it)."""
    if beside is None:
        page, renderer = await context.new_page(), None
    else:
        page, shared = await new_page_beside(beside.page)
        renderer = beside.renderer if shared else UNKNOWN_RENDERER
    screen = Screen(page, site.labels, site.timeouts)
    worker = Worker(page, screen, ContextTracer(context, trace, folder), mask, renderer=renderer)
    page.on("crash", worker._on_crash)
    return worker


async def new_page_beside(opener: Page) -> tuple[Page, bool]:
    """A new page in `opener`'s renderer process, and whether it is there: a blank window the
    opener opens (same browsing instance, so the same process), cut loose from it (no
    window.opener, none of the opener's sessionStorage) before it opens the app. Chromium
    puts a page opened on its own into any of its renderers at random once
    --renderer-process-limit is reached, which can leave three of four pages on one renderer
    while another idles. Falls back to a page opened on its own (False) when the opener
    cannot open one in time (navigating, crashed, hung, or its window.open replaced); a
    window it did open is closed then."""
    popup: Page | None = None
    try:
        async with opener.expect_popup(timeout=POPUP_TIMEOUT_MS) as opened:
            await _bounded(opener.evaluate(_OPEN_WINDOW))
        popup = await opened.value
        await _bounded(popup.evaluate(_CUT_LOOSE))
        return popup, True
    except (PlaywrightError, asyncio.TimeoutError):
        if popup is not None:
            with suppress(PlaywrightError):
                await popup.close()
        return await opener.context.new_page(), False


def _bounded(call: Awaitable[T]) -> Awaitable[T]:
    # A page's evaluate waits as long as its renderer takes: a hung one would hold the pool.
    return asyncio.wait_for(call, POPUP_TIMEOUT_MS / 1000)


async def close_worker(worker: Worker) -> None:
    """Stop its trace; the page closes with the browser."""
    await worker.tracer.close()


async def discard_worker(worker: Worker, *, own_context: bool) -> None:
    """What is left of a gone worker, closed; errors ignored (a crashed page or its context
    may refuse). own_context: the context was the worker's alone (traced), closed too."""
    with suppress(Exception):
        await close_worker(worker)
    with suppress(Exception):
        await worker.page.close()
    if own_context:
        with suppress(Exception):
            await worker.context.close()
