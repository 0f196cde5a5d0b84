"""A renderer crash mid-batch: the crashed pages are renewed and the batch goes on.

Real CLI entry point (in-process), headless Chromium with its pages sharing one renderer
process, a fresh sandbox; the sandbox's ledger is the ground truth of what was retried. The
crash is a real one (Chromium's chrome://crash), made from the test: after the first order
finishes, its page is sent there. With two pages in one renderer, the other page dies too,
possibly in the middle of an order.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Error as PlaywrightError

from thiio_runbook.batch import BatchRunner, Job
from thiio_runbook.browser import launch_or_connect, renderers_to_balance, start_playwright
from thiio_runbook.config import load_site_config
from thiio_runbook.locate import holds, poll_until
from thiio_runbook.outcomes import OrderResult
from thiio_runbook.runbook import RetryProcedure
from thiio_runbook.rundir import RunFolder
from thiio_runbook.worker_pool import WorkerPool

from .batch_support import QUICK_CONFIG, RETRIED, ledger_counts, write_batch

pytestmark = pytest.mark.browser

# What each order ends as against the default scenario (tests/e2e/test_batch_run.py).
EXPECTED = {
    "10001": "succeeded",
    "10002": "succeeded",
    "10003": "succeeded",
    "10005": "still_failed",
    "10010": "not_failed",
}

RunJob = Callable[..., Awaitable[list[OrderResult]]]


def crash_after_first_job(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Crash the renderer of the page that finished the batch's first job, once; returns the
    orders after which a page was crashed."""
    run_job: RunJob = BatchRunner.run_job
    crashed_after: list[str] = []

    async def crashing(
        self: BatchRunner, procedure: RetryProcedure, job: Job, *, planning: bool
    ) -> list[OrderResult]:
        results = await run_job(self, procedure, job, planning=planning)
        if not crashed_after and procedure.worker is not None:
            crashed_after.append(job.entry.value)
            worker = procedure.worker
            with suppress(PlaywrightError):  # the navigation fails: its renderer is gone
                await worker.page.goto("chrome://crash")
            # Bounded: the "crash" event reaches the worker soon after the goto fails.
            assert await poll_until(lambda: holds(worker.gone), 10.0), "the page did not crash"
        return results

    monkeypatch.setattr(BatchRunner, "run_job", crashing)
    return crashed_after


@pytest.mark.parametrize(
    ("concurrency", "trace"),
    [
        pytest.param("1", "off", id="one-page", marks=pytest.mark.slow),
        pytest.param("2", "off", id="two-pages"),  # the fast tier's: one crash takes both
        # Traced, each page has a context of its own (and so a renderer of its own): the
        # first, logged-in one may be the one renewed.
        pytest.param("2", "retain-on-failure", id="two-pages-traced", marks=pytest.mark.slow),
    ],
)
def test_a_crashed_page_is_renewed_and_every_order_ends_retried_at_most_once(
    sandbox, account, run_retry, workdir, monkeypatch, concurrency, trace
) -> None:
    # One renderer for the run's pages: with two pages, one crash takes both.
    (workdir / "playwright.config.yaml").write_text(
        QUICK_CONFIG + "browser:\n  renderer_processes: 1\n"
    )
    write_batch(workdir, "orders.txt", EXPECTED)
    crashed_after = crash_after_first_job(monkeypatch)

    run = run_retry(
        "--batch", "orders.txt", "--yes", "--concurrency", concurrency,
        "--screenshots", "none", "--trace", trace,
    )  # fmt: skip

    assert crashed_after, "no page was crashed"
    assert "crashed: opened a new one" in run.err, run.err
    outcomes = {row["order"]: row["outcome"] for row in run.orders}
    assert set(outcomes) == set(EXPECTED), run.out + run.err  # every order ended
    retried = ledger_counts(sandbox)
    assert max(retried.values(), default=0) <= 1, retried  # no order clicked twice
    for order, expected in EXPECTED.items():
        if outcomes[order] == "pending":
            # Open in the other page when the crash came, maybe clicked: never clicked again.
            assert concurrency == "2", outcomes
            continue
        # Any order left with an error (nothing clicked) was given its second try.
        assert outcomes[order] == expected, (order, outcomes, run.err)
        assert retried[order] == (1 if expected in RETRIED else 0), (order, retried)
    assert run.code == 1, run.out + run.err  # 10005 still_failed: needs a person


class AppOpener:
    """Stands in for the session: a worker page just opens the app."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def open_app_in_turn(self, screen: Any, worker: Any) -> None:
        await screen.page.goto(self.url)


class OpeningProcedure:
    """Stands in for the procedure: the first worker's "login" opens the app too."""

    def __init__(self, screen: Any, *, worker: Any, url: str) -> None:
        self.screen, self.worker, self.url = screen, worker, url
        self.shared_steps: list[Any] = []

    async def log_in(self, key: str) -> None:
        await self.screen.page.goto(self.url)


def test_four_pages_on_two_renderers_share_them_two_and_two(sandbox, tmp_path: Path) -> None:
    """Chromium would put each page past the renderer limit into a renderer at random (three
    pages on one, one on the other, as often as not). Crashing the first page's renderer
    shows which pages shared it: exactly the first and the third."""

    async def scenario() -> list[int]:
        site = load_site_config(None)
        site = dataclasses.replace(
            site, browser=dataclasses.replace(site.browser, renderer_processes=2, headless=True)
        )
        opener = AppOpener(sandbox.url)
        async with start_playwright() as playwright:
            browser = await launch_or_connect(playwright, site.browser, pages=4)
            try:
                context = await browser.new_context()
                pool = WorkerPool(
                    browser,
                    opener,  # type: ignore[arg-type]
                    context,
                    site,
                    RunFolder(tmp_path, "r"),
                    procedure_for=partial(OpeningProcedure, url=sandbox.url),  # type: ignore[arg-type]
                    renderers=renderers_to_balance(site.browser, 4),
                )
                first = await pool.log_in("login")
                for _ in range(3):
                    await pool.add_worker()
                assert first.worker is not None
                with suppress(PlaywrightError):  # its renderer is gone
                    await first.worker.page.goto("chrome://crash")
                assert await poll_until(lambda: holds(first.worker.gone), 10.0), "no crash"
                # Bounded: a crash reaches every page of the renderer at once.
                await poll_until(lambda: holds(sum(w.gone for w in pool.workers) >= 2), 5.0)
                gone = [i for i, w in enumerate(pool.workers) if w.gone]
                for worker in pool.workers:  # the other renderer's pages still answer
                    if not worker.gone:
                        assert await worker.page.evaluate("1 + 1") == 2
                return gone
            finally:
                await browser.close()

    with ThreadPoolExecutor(max_workers=1) as thread:  # off the browser tests' loop
        gone = thread.submit(asyncio.run, scenario()).result()
    assert gone == [0, 2]
