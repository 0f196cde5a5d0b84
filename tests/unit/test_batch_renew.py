"""A worker whose page crashed gets a fresh one before its next job; when none can be opened,
that worker stops and the others go on. The jobs are fakes: what is tested is the worker
loop (batch.BatchRunner.run_phase), not the pages."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from thiio_runbook.batch import BatchOptions, BatchRunner, BatchState, Job
from thiio_runbook.batchfile import BatchEntry
from thiio_runbook.outcomes import OrderResult, Outcome
from thiio_runbook.pacing import ClickPacer, ErrorBrake
from thiio_runbook.pages.common import AuthError
from thiio_runbook.progress import BatchProgress
from thiio_runbook.runbook import RetryProcedure
from thiio_runbook.terminal import NullStream


@dataclass
class FakeWorker:
    gone: bool = False


@dataclass
class FakeProcedure:
    name: str
    worker: FakeWorker = field(default_factory=FakeWorker)
    done: list[str] = field(default_factory=list)  # the orders this page worked


class CrashingRunner(BatchRunner):
    """Each job succeeds on its page; the pages named in `crash_after` crash after a job."""

    crash_after: set[str]

    async def run_job(self, procedure: Any, job: Job, *, planning: bool) -> list[OrderResult]:
        procedure.done.append(job.entry.value)
        await asyncio.sleep(0)  # let the other pages take their jobs too
        if procedure.name in self.crash_after:
            self.crash_after.discard(procedure.name)
            procedure.worker.gone = True
        return [OrderResult(job.entry.value, Outcome.SUCCEEDED)]


def run(
    concurrency: int, crash_after: set[str], renew_fails: Exception | None = None
) -> tuple[CrashingRunner, list[str], list[Job], list[tuple[Job, list[OrderResult]]]]:
    said: list[str] = []
    state = BatchState(
        journal=None,  # type: ignore[arg-type]  # run_job is faked: nothing is recorded
        pacer=ClickPacer(None),
        brake=ErrorBrake(5),
        progress=BatchProgress(stream=NullStream(), say=said.append),
    )

    async def make(index: int) -> RetryProcedure:
        return FakeProcedure(f"page {index + 1}")  # type: ignore[return-value]

    async def renew(old: RetryProcedure) -> RetryProcedure:
        if renew_fails is not None:
            raise renew_fails
        return FakeProcedure(f"{old.name} renewed")  # type: ignore[attr-defined,return-value]

    runner = CrashingRunner(state, BatchOptions(concurrency=concurrency), make, renew)
    runner.crash_after = crash_after
    orders = [str(10001 + n) for n in range(4)]
    jobs = [Job(BatchEntry(f"order:{o}", "order", o, None, n + 1)) for n, o in enumerate(orders)]
    done = asyncio.run(runner.run_phase("retrying", jobs, planning=False))
    return runner, said, jobs, done


def test_the_only_page_crashes_and_a_new_one_does_the_rest(off_loop: Callable[..., Any]) -> None:
    runner, said, jobs, done = off_loop(run, 1, {"page 1"})

    assert said == ["page 1 crashed: opened a new one"]
    assert [job for job, _ in done] == jobs  # every job ended
    new: Any = runner._procedures[0]  # the next phase uses the new page
    assert new.name == "page 1 renewed"
    assert new.done == ["10002", "10003", "10004"]


def test_a_page_that_cannot_be_renewed_stops_and_the_other_goes_on(
    off_loop: Callable[..., Any],
) -> None:
    runner, said, jobs, done = off_loop(run, 2, {"page 1"}, RuntimeError("the browser is gone"))

    assert len(said) == 1 and said[0].startswith("page 1 crashed and no new one could be opened")
    assert "the browser is gone" in said[0]
    assert [job for job, _ in done] == jobs  # page 2 did the rest
    first: Any = runner._procedures[0]
    second: Any = runner._procedures[1]
    assert first.done == ["10001"]
    assert sorted(first.done + second.done) == ["10001", "10002", "10003", "10004"]


def test_a_login_refused_on_a_new_page_stops_the_run(off_loop: Callable[..., Any]) -> None:
    """As on any page: a refusal is never met by submitting the login again elsewhere."""
    refused = AuthError("the site refused the login: Invalid password")
    with pytest.raises(AuthError, match="Invalid password"):
        off_loop(run, 2, {"page 1"}, refused)
