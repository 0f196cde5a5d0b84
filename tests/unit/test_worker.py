"""A worker carries its page's mask and tracer; callers that name only a page still find them."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from thiio_runbook.config import load_site_config
from thiio_runbook.masking import NO_MASK, Mask
from thiio_runbook.rundir import RunFolder
from thiio_runbook.steps import StepLog
from thiio_runbook.tracing import tracer_for
from thiio_runbook.worker import close_worker, open_worker, worker_of


class FakeContext:
    """Just what open_worker asks of a browser context."""

    async def new_page(self) -> FakePage:
        return FakePage(self)


class FakePage:
    def __init__(self, context: FakeContext) -> None:
        self.context = context


def test_a_worker_is_found_by_its_context_until_it_is_closed(tmp_path: Path) -> None:
    async def scenario() -> None:
        context: Any = FakeContext()
        mask = Mask(("Email",))
        worker = await open_worker(
            context, load_site_config(None), RunFolder(tmp_path, "r"), mask=mask
        )
        assert worker.page.context is context and worker.screen.page is worker.page
        assert worker_of(context) is worker
        assert tracer_for(context) is worker.tracer  # batch.run_job's way in
        # runbook.new_log passes no mask yet: the step log takes the page's worker's
        assert StepLog(None, "1", worker.page, print)._run_mask() is mask  # type: ignore[arg-type]
        passed = StepLog(None, "1", worker.page, print, mask=NO_MASK)  # type: ignore[arg-type]
        assert passed._run_mask() is NO_MASK  # one passed in wins
        await close_worker(worker)
        assert worker_of(context) is None and tracer_for(context) is None
        assert StepLog(None, "1", worker.page, print)._run_mask() is NO_MASK  # type: ignore[arg-type]

    asyncio.run(scenario())


def test_no_mask_paints_nothing() -> None:
    assert NO_MASK.locators(None) == []  # type: ignore[arg-type]
