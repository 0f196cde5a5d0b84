"""A worker carries its page's mask and tracer, and hands them to its procedure: nothing is
looked up by page or context."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from thiio_runbook.config import load_site_config
from thiio_runbook.masking import NO_MASK, Mask
from thiio_runbook.runbook import RetryProcedure
from thiio_runbook.rundir import RunFolder
from thiio_runbook.worker import close_worker, open_worker


class FakeContext:
    """Just what open_worker asks of a browser context."""

    async def new_page(self) -> FakePage:
        return FakePage(self)


class FakePage:
    def __init__(self, context: FakeContext) -> None:
        self.context = context


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
