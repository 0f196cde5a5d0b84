"""A worker carries its page's mask and tracer, and hands them to its procedure: nothing is
looked up by page or context."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.async_api import Error as PlaywrightError

from thiio_runbook import worker as worker_module
from thiio_runbook.config import load_site_config
from thiio_runbook.masking import NO_MASK, Mask
from thiio_runbook.outcomes import StepRecord
from thiio_runbook.runbook import RetryProcedure
from thiio_runbook.rundir import RunFolder
from thiio_runbook.worker import UNKNOWN_RENDERER, Worker, close_worker, open_worker
from thiio_runbook.worker_pool import WorkerPool


class FakeContext:
    """Just what open_worker and the worker pool ask of a browser context."""

    def __init__(self) -> None:
        self.closed = False

    async def new_page(self) -> FakePage:
        await asyncio.sleep(0)  # as a real one, it lets other tasks run meanwhile
        return FakePage(self)

    async def storage_state(self) -> dict[str, Any]:
        return {"cookies": ["the login"]}

    async def close(self) -> None:
        self.closed = True


class FakePopup:
    """page.expect_popup(): the window a window.open inside the block opened."""

    def __init__(self, opener: FakePage) -> None:
        self.opener = opener

    async def __aenter__(self) -> FakePopup:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    @property
    def value(self) -> Awaitable[FakePage]:
        async def opened() -> FakePage:
            assert self.opener.opened, "no window was opened"
            return FakePage(self.opener.context, opener=self.opener)

        return opened()


class FakePage:
    def __init__(self, context: FakeContext, opener: FakePage | None = None) -> None:
        self.context = context
        self.opener = opener  # the page that opened it (window.open), sharing its renderer
        self.cut_loose = False  # window.opener and the copied sessionStorage cleared
        self.opened = False
        self.handlers: dict[str, Callable[..., None]] = {}
        self.closed = False
        self.can_open = True  # False: as a page navigating away, its evaluate fails
        self.hung = False  # True: as a page whose renderer hangs, its evaluate never returns
        self.url = "about:blank"

    def expect_popup(self, timeout: float) -> FakePopup:
        return FakePopup(self)

    async def evaluate(self, expression: str) -> None:
        if self.hung:
            await asyncio.Event().wait()
        if not self.can_open:
            raise PlaywrightError("Execution context was destroyed")
        if "window.open(" in expression:
            self.opened = True
        else:
            assert "window.opener = null" in expression and "sessionStorage.clear()" in expression
            self.cut_loose = True

    def on(self, event: str, handler: Callable[..., None]) -> None:
        self.handlers[event] = handler

    def crash(self) -> None:
        """What Playwright does when the page's renderer process dies."""
        self.handlers["crash"](self)

    def is_closed(self) -> bool:
        return self.closed

    async def close(self) -> None:
        self.closed = True


def test_a_workers_procedure_screenshots_with_its_mask(
    tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    async def scenario() -> None:
        context: Any = FakeContext()
        mask = Mask(("Email",))
        worker = await open_worker(
            context, load_site_config(None), RunFolder(tmp_path, "r"), mask=mask
        )
        assert worker.page.context is context and worker.screen.page is worker.page
        assert worker.tracer.context is context
        spec: Any = SimpleNamespace(integration="Ultracart", action="Retry")
        folder = RunFolder(tmp_path, "r")
        procedure = RetryProcedure(worker.screen, None, spec, folder, worker=worker)  # type: ignore[arg-type]
        assert procedure.new_log("12345").mask is mask
        alone = RetryProcedure(worker.screen, None, spec, folder)  # type: ignore[arg-type]
        assert alone.new_log("12345").mask is NO_MASK  # a page of no worker: nothing painted
        await close_worker(worker)

    off_loop(asyncio.run, scenario())


def test_no_mask_paints_nothing() -> None:
    assert NO_MASK.locators(None) == []  # type: ignore[arg-type]


def test_a_crashed_or_closed_page_is_gone(tmp_path: Path, off_loop: Callable[..., Any]) -> None:
    async def scenario() -> None:
        site, folder = load_site_config(None), RunFolder(tmp_path, "r")
        crashed = await open_worker(FakeContext(), site, folder)  # type: ignore[arg-type]
        closed = await open_worker(FakeContext(), site, folder)  # type: ignore[arg-type]
        assert not crashed.gone and not closed.gone
        crashed.page.crash()  # type: ignore[attr-defined]
        await closed.page.close()
        assert crashed.gone and closed.gone

    off_loop(asyncio.run, scenario())


class FakeSession:
    """What the pool asks of the session: a context from saved cookies, the app opened."""

    def __init__(self) -> None:
        self.opened: list[object] = []
        self.contexts: list[FakeContext] = []

    async def new_context(self, browser: object, state: dict[str, Any]) -> FakeContext:
        assert state == {"cookies": ["the login"]}  # the first context's login
        self.contexts.append(FakeContext())
        return self.contexts[-1]

    async def open_app_in_turn(self, screen: Any, worker: object) -> None:
        await asyncio.sleep(0)  # as a real one, it lets other tasks run meanwhile
        screen.page.url = APP_URL
        self.opened.append(screen)


class FakeProcedure:
    def __init__(self, screen: object, *, worker: Worker) -> None:
        self.screen, self.worker = screen, worker
        self.shared_steps: list[StepRecord] = []

    async def log_in(self, key: str) -> None:
        self.screen.page.url = APP_URL  # type: ignore[attr-defined]
        self.shared_steps = [StepRecord("1.1 log in", 1.0)]


APP_URL = "https://shop.thiio.test/orders"


def fake_pool(
    tmp_path: Path,
    session: FakeSession | None = None,
    context: FakeContext | None = None,
    **options: Any,
) -> WorkerPool:
    """A worker pool on the fakes: no browser, each worker's procedure a FakeProcedure."""
    return WorkerPool(
        None,  # type: ignore[arg-type]
        session or FakeSession(),  # type: ignore[arg-type]
        context or FakeContext(),  # type: ignore[arg-type]
        load_site_config(None),
        RunFolder(tmp_path, "r"),
        procedure_for=FakeProcedure,  # type: ignore[arg-type]
        **options,
    )


@pytest.mark.parametrize("trace", ["off", "on"])
def test_renewing_the_only_worker_opens_a_new_page_with_the_runs_login(
    tmp_path: Path, off_loop: Callable[..., Any], trace: str
) -> None:
    """Concurrency 1, and the crashed worker is the first (logged-in) one."""

    async def scenario() -> None:
        first, session = FakeContext(), FakeSession()
        pool = fake_pool(tmp_path, session, first, trace=trace)
        old = await pool.log_in("10001")
        assert old.worker is not None
        old.worker.page.crash()  # type: ignore[attr-defined]

        new = await pool.renew(old)

        assert new.worker is not None and not new.worker.gone
        assert pool.procedures == [new] and pool.workers == [new.worker]
        assert new.shared_steps is old.shared_steps and new.shared_steps  # the one login
        assert session.opened == [new.screen]  # the app opened on the new page
        assert old.worker.page.is_closed()
        # The first context stays (its cookies are saved at the end); a traced worker gets
        # a context of its own made from them.
        assert not first.closed
        expected = first if trace == "off" else session.contexts[0]
        assert new.worker.context is expected

    off_loop(asyncio.run, scenario())


def test_four_pages_share_two_renderers_two_and_two_also_after_a_crash(
    tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    """Below the renderer limit a page is opened on its own (a renderer of its own); after
    that each page is opened by a page of the renderer with the fewest, so Chromium puts it
    there (it would pick a renderer at random)."""

    async def scenario() -> None:
        pool = fake_pool(tmp_path, renderers=2)
        first = await pool.log_in("10001")
        others = [await pool.add_worker() for _ in range(3)]
        pages: list[Any] = [p.worker.page for p in [first, *others]]  # type: ignore[union-attr]
        assert [page.opener for page in pages] == [None, None, pages[0], pages[1]]
        assert [page.cut_loose for page in pages] == [False, False, True, True]
        assert [w.renderer for w in pool.workers] == [0, 1, 0, 1]

        # Renderer 0 crashes: both its pages are renewed at once, one on its own (below the
        # limit again), the other beside it.
        for index in (0, 2):
            pages[index].crash()
        renewed = await asyncio.gather(pool.renew(first), pool.renew(others[1]))
        new_pages: list[Any] = [p.worker.page for p in renewed]  # type: ignore[union-attr]
        assert new_pages[0].opener is None and new_pages[1].opener is new_pages[0]
        assert sorted(w.renderer for w in pool.workers) == [1, 1, 2, 2]  # type: ignore[type-var]

    off_loop(asyncio.run, scenario())


def test_a_page_that_cannot_open_a_window_gets_one_opened_on_its_own(
    tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    """Its renderer is then unknown: not counted, nor chosen to open another."""

    async def scenario() -> None:
        pool = fake_pool(tmp_path, renderers=2)
        first = await pool.log_in("10001")
        await pool.add_worker()
        first.worker.page.can_open = False  # type: ignore[union-attr]
        third = await pool.add_worker()
        assert third.worker.page.opener is None  # type: ignore[union-attr]
        assert [w.renderer for w in pool.workers] == [0, 1, UNKNOWN_RENDERER]
        first.worker.page.can_open = True  # type: ignore[union-attr]
        fourth = await pool.add_worker()  # the third counted nowhere: renderer 0 has one page
        assert fourth.worker.page.opener is first.worker.page  # type: ignore[union-attr]
        assert [w.renderer for w in pool.workers] == [0, 1, UNKNOWN_RENDERER, 0]

    off_loop(asyncio.run, scenario())


def test_a_hung_page_does_not_hold_the_pool_and_a_blank_one_opens_nothing(
    tmp_path: Path, off_loop: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker_module, "POPUP_TIMEOUT_MS", 50)

    async def scenario() -> None:
        pool = fake_pool(tmp_path, renderers=2)
        first = await pool.log_in("10001")
        second = await pool.add_worker()
        first.worker.page.hung = True  # type: ignore[union-attr]
        third = await pool.add_worker()  # the wait is bounded: a page opened on its own
        assert third.worker.page.opener is None  # type: ignore[union-attr]
        second.worker.page.url = "chrome-error://chromewebdata/"  # type: ignore[union-attr]
        fourth = await pool.add_worker()  # no opener showing the app: on its own
        assert fourth.worker.page.opener is None  # type: ignore[union-attr]

    off_loop(asyncio.run, scenario())


def test_without_a_renderer_limit_or_traced_every_page_is_opened_on_its_own(
    tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    async def scenario(renderers: int | None, trace: str) -> list[Any]:
        pool = fake_pool(tmp_path, renderers=renderers, trace=trace)
        await pool.log_in("10001")
        for _ in range(3):
            await pool.add_worker()
        return [w.page.opener for w in pool.workers]  # type: ignore[attr-defined]

    assert off_loop(asyncio.run, scenario(None, "off")) == [None] * 4
    # Traced, each page has a context of its own: no page can open another's.
    assert off_loop(asyncio.run, scenario(1, "on")) == [None] * 4
