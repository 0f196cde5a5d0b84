"""A worker: one page of a run with what belongs to it (its screen, its tracer, its mask).

When orders are traced, each worker page has its own browser context, so that each order's
trace is its own (tracing.py); else the workers are pages of one context (worker_pool.py).
Whatever screenshots the page or types credentials on it is handed the worker (or its mask),
so the mask and the tracer are passed along, not found in a registry.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from playwright.async_api import BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from .config import SiteConfig
from .masking import NO_MASK, Mask
from .pages.common import Screen
from .rundir import RunFolder
from .tracing import ContextTracer

# How long a page's window.open may take to show a new page (else a page is opened anew).
POPUP_TIMEOUT_MS = 5000


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
    # Which renderer process the page was opened into, as far as the pool knows: a page
    # opened by another shares its process (worker_pool.WorkerPool balances them).
    renderer: int = 0

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
    beside: Page | None = None,
) -> Worker:
    """A new page in `context`, its tracer not started yet. `beside`: a page of `context`
    whose renderer process the new page is to share (see new_page_beside)."""
    page = await context.new_page() if beside is None else await new_page_beside(beside)
    screen = Screen(page, site.labels, site.timeouts)
    worker = Worker(page, screen, ContextTracer(context, trace, folder), mask)
    page.on("crash", worker._on_crash)
    return worker


async def new_page_beside(opener: Page) -> Page:
    """A new page in `opener`'s renderer process: a blank window the opener opens (same
    browsing instance, so the same process; it gets a copy of the opener's sessionStorage,
    as any window a page opens does). Chromium puts a page opened on its own into any of its
    renderers at random once --renderer-process-limit is reached, which can leave three of
    four pages on one renderer while another idles. Falls back to a page opened on its own
    when the opener cannot open one (navigating, or its window.open replaced)."""
    context = opener.context
    try:
        async with context.expect_page(timeout=POPUP_TIMEOUT_MS) as opened:
            await opener.evaluate("() => { window.open('about:blank', '_blank'); }")
        return await opened.value
    except PlaywrightError:
        return await context.new_page()


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
