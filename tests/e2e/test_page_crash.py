"""A renderer crash mid-batch: the crashed pages are renewed and the batch goes on.

Real CLI entry point (in-process), headless Chromium with its pages sharing one renderer
process, a fresh sandbox; the sandbox's ledger is the ground truth of what was retried. The
crash is a real one (Chromium's chrome://crash), made from the test: after the first order
finishes, its page is sent there. With two pages in one renderer, the other page dies too,
possibly in the middle of an order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

import pytest
from playwright.async_api import Error as PlaywrightError

from thiio_runbook.batch import BatchRunner, Job
from thiio_runbook.locate import poll_until
from thiio_runbook.outcomes import OrderResult
from thiio_runbook.runbook import RetryProcedure

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
            assert await poll_until(lambda: _gone(worker), 10.0), "the page did not crash"
        return results

    monkeypatch.setattr(BatchRunner, "run_job", crashing)
    return crashed_after


async def _gone(worker: Any) -> bool | None:
    return True if worker.gone else None  # poll_until waits while None


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
