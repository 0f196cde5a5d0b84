"""A run from start to end: the account, the browser, the journal, the phases, the outcome.

One order or a thousand take the same path: every run has a journal in its folder, so that
an interrupted run can be resumed and no order is retried twice. One browser, one logged-in
context, N pages sharing its cookies.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

from . import __version__
from .batch import BatchOptions, BatchRunner, BatchState, Job, describe_plan, intended_orders_of
from .batchfile import BatchEntry
from .browser import launch_or_connect, renderers_to_balance, start_playwright
from .config import RunbookSpec, SiteConfig
from .history import History, history_path
from .journal import DONE, Journal, journal_path
from .masking import NO_MASK, Mask
from .outcomes import ExitCode, OrderResult, Outcome, RunInfo, exit_code_for
from .pacing import ClickPacer, ErrorBrake
from .pages.common import AuthError, NotTheSite
from .pages.order_pane import RowReading
from .progress import BatchProgress
from .runbook import RetryProcedure
from .rundir import RunFolder, RunLock
from .session import Session, cache_dir
from .target import Target, sandbox_target
from .terminal import Interrupts, NullStream, ask
from .worker_pool import WorkerPool

Echo = Callable[[str], None]
Confirm = Callable[[str], Awaitable[bool]]


@dataclass(frozen=True)
class RunPlan:
    """What to do, decided before any browser starts."""

    site: SiteConfig
    spec: RunbookSpec
    target: Target | None  # None: start the embedded sandbox
    entries: tuple[BatchEntry, ...]  # empty when resuming
    screenshots_dir: Path
    options: BatchOptions = field(default_factory=BatchOptions)
    resume_dir: Path | None = None
    screenshots: str = "all"  # all | failures | none
    fresh_login: bool = False
    single: bool = False  # one order named on the command line: show each step
    command: str = "run-retry"
    trace: str = "retain-on-failure"  # on | off | retain-on-failure (tracing.TRACE_MODES)
    mask: bool = False  # --mask: paint over site.mask (personal data) in screenshots
    again: bool = False  # --again: retry orders the history would hold


@dataclass
class RunReport:
    info: RunInfo
    results: list[OrderResult]
    run_dir: Path
    not_done: int = 0  # entries left for --resume
    interrupted: bool = False
    braked: bool = False
    login_failed: str | None = None
    wrong_address: bool = False  # THIIO_URL is not a Thiio account's address (exit 2)
    single: bool = False  # one order named on the command line
    declined: bool = False  # the plan was shown and the person answered no

    @property
    def exit_code(self) -> ExitCode:
        if self.interrupted:
            return ExitCode.INTERRUPTED
        if self.wrong_address:
            return ExitCode.USAGE
        if self.login_failed or self.braked:
            return ExitCode.AUTOMATION_ERROR
        code = exit_code_for(r.outcome for r in self.results)
        if self.declined:
            # The planned orders are still Failed by the person's choice: they need a look,
            # but the automation did not fail (it used to say 3 when nothing else was done).
            return max(code, ExitCode.ATTENTION)
        if self.not_done and all(r.outcome is Outcome.NOT_DONE for r in self.results):
            return ExitCode.AUTOMATION_ERROR  # nothing got done at all
        return code


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


@asynccontextmanager
async def _account(plan: RunPlan, echo: Echo) -> AsyncIterator[Target]:
    """The target account; for --sandbox an embedded sandbox that lives as long as the run."""
    if plan.target is not None:
        yield plan.target
        return
    # Imported here: the sandbox's web server is a heavy import cli's start-up would pay.
    from thiio_sandbox.server import start_sandbox

    sandbox = await asyncio.to_thread(start_sandbox)
    try:
        target = sandbox_target(sandbox.url)
        echo(
            f"Running against the embedded Thiio SANDBOX at {target.url} (demo data, demo login "
            f"{target.email}) -- not a real Thiio account."
        )
        yield target
    finally:
        await asyncio.to_thread(sandbox.stop)


def _open_journal(plan: RunPlan, target: Target) -> tuple[RunFolder, Journal, RunInfo]:
    if plan.resume_dir is not None:
        run_dir = plan.resume_dir
        journal = Journal.open(journal_path(run_dir))
        info = journal.run_info()
        return RunFolder(run_dir, info.run_id), journal, info
    folder = RunFolder.create(plan.screenshots_dir)
    info = RunInfo(
        run_id=folder.run_id,
        started_at=_now(),
        target_url=target.url,
        runbook=plan.spec.name,
        sandbox=target.sandbox,
        dry_run=plan.options.dry_run,
        tool_version=__version__,
        command=plan.command,
    )
    journal = Journal.create(journal_path(folder.root), info, plan.entries)
    return folder, journal, info


def _jobs(journal: Journal) -> tuple[list[Job], int]:
    """What is left to do in this run's journal, and how many entries are finished."""
    left = journal.entries_to_resume()
    jobs = [Job(record.entry, reread=record.reread_targets) for record in left.reread]
    jobs += [Job(record.entry) for record in left.retry]
    order = {record.id: index for index, record in enumerate(journal.entries())}
    jobs.sort(key=lambda job: order[job.entry.id])
    return jobs, len(left.done)


async def execute(plan: RunPlan, echo: Echo, confirm: Confirm | None = None) -> RunReport:
    """Run the plan; every outcome is in the journal as soon as it is known."""
    async with _account(plan, echo) as target:
        folder, journal, info = _open_journal(plan, target)
        history = History(
            history_path(
                cache_dir(plan.site.session_cache_dir), target.url, target.email, plan.spec.name
            ),
            plan.spec,
        )
        with journal, RunLock(folder.root):  # one process a run (rundir.RunLock)
            report = RunReport(info, [], folder.root, single=plan.single)
            jobs, finished = _jobs(journal)
            echo(
                f"run {info.run_id}: {plan.spec.title} on {target.url}"
                + (f" (resumed: {finished} entries already done)" if plan.resume_dir else "")
                + (" (dry run: nothing will be clicked)" if plan.options.dry_run else "")
            )
            # One order prints each of its steps instead of a progress bar.
            progress = (
                BatchProgress(stream=NullStream(), say=echo)
                if plan.single
                else BatchProgress(stream=sys.stderr)
            )
            state = BatchState(
                journal=journal,
                pacer=ClickPacer(plan.options.max_per_minute),
                brake=ErrorBrake(plan.options.max_consecutive_errors),
                progress=progress,
                intended_orders=intended_orders_of(journal),
                history=history,
            )
            say_step = echo if plan.single else (lambda line: None)
            async with start_playwright() as playwright:
                # Launched here, or connected to one running elsewhere (browser.connect.*).
                browser = await launch_or_connect(
                    playwright, plan.site.browser, pages=plan.options.concurrency
                )
                session = Session(target, plan.site, fresh_login=plan.fresh_login)
                context = await session.new_context(browser)
                pool = WorkerPool(
                    browser,
                    session,
                    context,
                    plan.site,
                    folder,
                    procedure_for=partial(
                        RetryProcedure,
                        session=session,
                        spec=plan.spec,
                        folder=folder,
                        echo=say_step,
                        full_page=plan.site.full_page_screenshots,
                        screenshots=plan.screenshots,
                        hold=None if plan.again else held_by(history),
                    ),
                    trace=plan.trace,
                    mask=Mask(plan.site.mask) if plan.mask else NO_MASK,
                    renderers=renderers_to_balance(plan.site.browser, plan.options.concurrency),
                )
                login_key = jobs[0].entry.value if jobs else "login"

                async def worker_procedure(index: int) -> RetryProcedure:
                    # The batch opens its pages as its first phase starts: worker 0 logs in then.
                    return await (pool.log_in(login_key) if index == 0 else pool.add_worker())

                runner = BatchRunner(state, plan.options, worker_procedure, pool.renew)
                try:
                    with Interrupts(state.stopping, progress.message):
                        report.declined = await _phases(plan, runner, jobs, echo, confirm or ask)
                    await session.save_state(context)
                except AuthError as exc:
                    report.login_failed = str(exc)
                    report.wrong_address = isinstance(exc, NotTheSite)
                    echo(f"login failed: {exc}")
                    if not report.wrong_address:  # a page that never showed decides nothing
                        session.forget_state()
                    _record_login_failure(journal, str(exc))
                except asyncio.CancelledError:
                    report.interrupted = True
                finally:
                    await pool.close()
                    with suppress(Exception):
                        await browser.close()
            report.interrupted = report.interrupted or state.stopping.is_set()
            report.braked = state.braked
            info.finished_at = _now()
            journal.update_run(info)
            report.results = journal.results()
            report.not_done = len(_jobs(journal)[0])
    return report


def held_by(history: History) -> Callable[[str, RowReading], Awaitable[str | None]]:
    """The memory's verdict on a Failed row, read off the event loop (SQLite may wait)."""

    async def hold(order: str, reading: RowReading) -> str | None:
        return await asyncio.to_thread(history.hold_reason, order, reading)

    return hold


def _record_login_failure(journal: Journal, why: str) -> None:
    """Every unfinished entry ends in an automation error: safe to run again once fixed."""
    for record in journal.entries_to_resume().retry:
        # An unrecorded click (entries_to_resume().reread) stays to be re-read, never marked
        # safe to run again. Each order the entry already led to gets the error, not the entry.
        orders = [t.order for t in record.targets if t.state != DONE]
        if not record.targets:
            orders = [record.entry.value]
        for order in orders:
            journal.mark_done(
                record.id,
                OrderResult(
                    order=order,
                    outcome=Outcome.ERROR,
                    lookup=record.entry.kind,
                    query=record.entry.value,
                    error=f"1.1 log in: {why}",
                    note=record.entry.note,
                ),
            )


async def _phases(
    plan: RunPlan, runner: BatchRunner, jobs: list[Job], echo: Echo, confirm: Confirm
) -> bool:
    """Plan then apply; with --yes (or one order named on the command line) in one visit.

    True when the plan was shown and the person declined it."""
    options = plan.options
    if not jobs:
        echo("nothing left to do in this run")
        return False
    if options.yes or plan.single or options.dry_run:
        done = await runner.run_phase(
            "dry run" if options.dry_run else "retrying", jobs, planning=False
        )
        if options.dry_run and not plan.single:
            echo(describe_plan([result for _, results in done for result in results]))
        return False
    checked = await runner.run_phase("checking (read-only)", jobs, planning=True)
    echo(describe_plan([result for _, results in checked for result in results]))
    to_retry = [
        job
        for job, results in checked
        if any(r.outcome in (Outcome.DRY_RUN, Outcome.ERROR) for r in results)
    ]
    if runner.state.stopping.is_set() or not to_retry:
        return False
    question = f"Retry {len(to_retry)} order(s) on {runner.state.journal.run_info().target_url}?"
    if not await confirm(question + " [y/N] "):
        echo("nothing was retried (run-retry --resume carries on from this plan)")
        return True
    await runner.run_phase("retrying", to_retry, planning=False)
    return False
