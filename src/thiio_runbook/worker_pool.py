"""The run's worker pages: one logged-in browser context, and a page of it for each worker.

The first worker logs in (step 1.1, once per run); each later one opens the app in another
page of the same context, or, when orders are traced, in a context of its own made from the
first's storage state, so that each order's trace is its own (tracing.py). A worker's tracer
starts after its login: credentials are never traced.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.async_api import Browser, BrowserContext

from .config import SiteConfig
from .masking import NO_MASK, Mask
from .outcomes import StepRecord
from .runbook import RetryProcedure
from .rundir import RunFolder
from .session import Session
from .worker import UNKNOWN_RENDERER, Worker, close_worker, discard_worker, open_worker


@dataclass
class WorkerPool:
    """Opens the workers and their procedures; closes their traces at the end."""

    browser: Browser
    session: Session
    context: BrowserContext  # the first worker's: logged in; its state is saved at the end
    site: SiteConfig
    folder: RunFolder
    procedure_for: Callable[..., RetryProcedure]  # (screen, worker=...): RetryProcedure
    trace: str = "off"  # tracing.TRACE_MODES
    mask: Mask = NO_MASK
    # The renderers the pages are spread over (browser.renderers_to_balance); None: not spread.
    renderers: int | None = None
    workers: list[Worker] = field(default_factory=list)
    procedures: list[RetryProcedure] = field(default_factory=list)
    _renderers_opened: int = field(default=0, init=False)
    _opening: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)

    async def log_in(self, key: str) -> RetryProcedure:
        """The first worker, logged in (step 1.1, filed under `key`): open the site, reuse the
        saved session or log in. AuthError when the login is refused."""
        async with self._opening:
            worker = await self._open(self.context)
            procedure = self.procedure_for(worker.screen, worker=worker)
            await procedure.log_in(key)
        return await self._ready(worker, procedure)

    async def add_worker(self) -> RetryProcedure:
        """Another worker: a page of the first one's context when nothing is traced (one
        cookie jar, so a new login serves every page; less memory and CPU than a context a
        page), else in its own context with the first one's cookies (a trace covers all of a
        context's pages, and each order's trace must be its own)."""
        return await self._another(self.procedures[0].shared_steps)

    async def renew(self, old: RetryProcedure) -> RetryProcedure:
        """A fresh page for a worker whose page crashed or closed (worker.Worker.gone), opened
        as add_worker opens one; the new procedure takes the old one's place. What is left of
        the old page (and of its own context, when traced) is closed, errors ignored."""
        if old.worker is not None:
            gone = old.worker
            # The first context stays open even when its page crashed: the later contexts
            # are made from its cookies and its state is saved at the end.
            await discard_worker(gone, own_context=gone.context is not self.context)
            self.workers = [w for w in self.workers if w is not gone]
        self.procedures = [p for p in self.procedures if p is not old]
        return await self._another(old.shared_steps)

    async def _another(self, shared_steps: list[StepRecord]) -> RetryProcedure:
        if self.trace == "off":
            context = self.context
        else:
            state = await self.context.storage_state()
            context = await self.session.new_context(self.browser, state)
        # One page opened at a time, until it shows the app: pages renewed together after a
        # crash each count the other's page, and a page opens another only from the app.
        async with self._opening:
            worker = await self._open(context)
            procedure = self.procedure_for(worker.screen, worker=worker)
            await self.session.open_app_in_turn(worker.screen, worker)
        procedure.shared_steps = shared_steps  # the run's one login
        return await self._ready(worker, procedure)

    async def close(self) -> None:
        for worker in self.workers:
            await close_worker(worker)

    async def _open(self, context: BrowserContext) -> Worker:
        """A new worker page (the caller holds `_opening`)."""
        worker = await open_worker(
            context,
            self.site,
            self.folder,
            trace=self.trace,
            mask=self.mask,
            beside=self._least_shared(context),
        )
        if worker.renderer is None:  # opened on its own below the limit: a renderer of its own
            worker.renderer = self._renderers_opened
            self._renderers_opened += 1
        self.workers.append(worker)
        return worker

    def _least_shared(self, context: BrowserContext) -> Worker | None:
        """Once the pages fill every renderer the browser may have, a live worker on the
        renderer with the fewest pages: the new page is opened beside it, so the pages share
        the renderers evenly (e.g. two and two, never three and one). None: a page opened on
        its own (below the limit, no limit, or a context of its own)."""
        if self.renderers is None or context is not self.context:
            # Traced, each page has a context of its own, opened on its own; else every
            # page is in the first context.
            return None
        live = [w for w in self.workers if not w.gone and w.renderer != UNKNOWN_RENDERER]
        pages_on = Counter(w.renderer for w in live)
        if len(pages_on) < self.renderers:
            return None
        fewest = min(pages_on, key=lambda renderer: pages_on[renderer])
        # An opener showing the app: a blank or error page's window has no origin to open it
        # from (and would not be cut loose from it).
        return next(
            (
                w
                for w in live
                if w.renderer == fewest and w.page.url.startswith(("http://", "https://"))
            ),
            None,
        )

    async def _ready(self, worker: Worker, procedure: RetryProcedure) -> RetryProcedure:
        await worker.tracer.start()  # after the login: credentials are never traced
        self.procedures.append(procedure)
        return procedure
