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

from .config import SiteConfig
from .masking import NO_MASK, Mask
from .pages.common import Screen
from .rundir import RunFolder
from .tracing import ContextTracer


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
) -> Worker:
    """A new page in `context`, its tracer not started yet."""
    page = await context.new_page()
    screen = Screen(page, site.labels, site.timeouts)
    worker = Worker(page, screen, ContextTracer(context, trace, folder), mask)
    page.on("crash", worker._on_crash)
    return worker


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
