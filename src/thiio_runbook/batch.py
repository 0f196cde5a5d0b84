"""A batch: many entries, N pages of one logged-in browser, exactly once, resumable.

Plan, then apply: without --yes every entry is first looked up and pre-checked read-only
(a dry run), the plan is shown and confirmed; then each planned order is pre-checked again
and retried in one visit. With --yes the two happen in one visit per order.

Exactly once: the journal records the intent to click (synced) before every Retry click, and
refuses a second intent for the same order; a run-wide set refuses a second click on an order
that another entry of the same batch already retried. A resumed run re-reads every order whose
intent has no recorded outcome and clicks it only when the site's own attempt counter proves
the earlier click never reached it.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field

from .batchfile import BatchEntry
from .history import History
from .journal import Journal, RetryAlreadyIntended, TargetRecord
from .order_state import Lookup, OrderOptions
from .outcomes import OrderResult, Outcome, join_notes
from .pacing import RATE_LIMITED, ClickPacer, ErrorBrake
from .pages.common import AuthError
from .progress import BatchProgress
from .retry_click import ClickVetoed
from .runbook import RetryProcedure


@dataclass(frozen=True)
class BatchOptions:
    concurrency: int = 2
    max_per_minute: float | None = None
    max_consecutive_errors: int = 5
    yes: bool = False
    dry_run: bool = False
    all_matching: bool = False
    again_transient: int = 0  # more rounds for an order that failed with a passing error
    transient_wait_seconds: float = 60.0  # before round k: k times this


@dataclass
class Job:
    """One entry to work on; `reread` holds the orders whose Retry outcome is unknown."""

    entry: BatchEntry
    reread: list[TargetRecord] = field(default_factory=list)


@dataclass
class BatchState:
    """What the workers share while a phase runs."""

    journal: Journal
    pacer: ClickPacer
    brake: ErrorBrake
    progress: BatchProgress
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    intended_orders: dict[str, str] = field(default_factory=dict)  # order -> entry id
    braked: bool = False
    history: History | None = None  # memory across runs: each retry as soon as it is known


# A worker's page and its procedure; the runner makes them, the phases use them.
ProcedureFactory = Callable[[int], Awaitable[RetryProcedure]]
# A procedure whose page crashed, replaced by one on a fresh page (worker_pool.renew).
ProcedureRenewal = Callable[[RetryProcedure], Awaitable[RetryProcedure]]


def lookup_of(entry: BatchEntry) -> Lookup:
    return Lookup(entry.kind, entry.value)


def plan_counts(results: list[OrderResult]) -> Counter[str]:
    return Counter("to retry" if r.outcome is Outcome.DRY_RUN else r.outcome.value for r in results)


def describe_plan(results: list[OrderResult]) -> str:
    counts = plan_counts(results)
    order = ["to retry", *(o.value for o in Outcome if o is not Outcome.DRY_RUN)]
    parts = [f"{counts[key]} {key}" for key in order if counts[key]]
    return "plan: " + (", ".join(parts) if parts else "nothing to do")


def intended_orders_of(journal: Journal) -> dict[str, str]:
    """Orders this run already meant to retry (from an earlier, interrupted attempt)."""
    seen: dict[str, str] = {}
    for record in journal.entries():
        for target in record.targets:
            if target.intended_at:
                seen.setdefault(target.order, record.id)
    return seen


class BatchRunner:
    """Runs jobs over N worker pages; records everything in the journal as it happens."""

    def __init__(
        self,
        state: BatchState,
        options: BatchOptions,
        make_procedure: ProcedureFactory,
        renew_procedure: ProcedureRenewal | None = None,
    ) -> None:
        self.state = state
        self.options = options
        self.make_procedure = make_procedure
        self.renew_procedure = renew_procedure  # None: a crashed page is not replaced
        self._procedures: list[RetryProcedure] = []

    async def procedures(self) -> list[RetryProcedure]:
        """The worker pages, made once and reused by every phase."""
        while len(self._procedures) < self.options.concurrency:
            self._procedures.append(await self.make_procedure(len(self._procedures)))
        return self._procedures

    async def run_phase(
        self, name: str, jobs: list[Job], *, planning: bool
    ) -> list[tuple[Job, list[OrderResult]]]:
        """Work through `jobs` on every page in parallel; each job's results, in input order.

        planning: the plan's read-only visit; retryable orders are only marked pre-checked.
        """
        state = self.state
        state.progress.start(name, len(jobs), planning=planning)
        queue: asyncio.Queue[tuple[int, Job]] = asyncio.Queue()
        for index, job in enumerate(jobs):
            queue.put_nowait((index, job))
        slots: dict[int, list[OrderResult]] = {}
        tried_twice: set[int] = set()
        second_try_due: set[int] = set()  # requeued, not yet taken again
        timers: list[asyncio.Future[None]] = []  # --again-transient rounds waiting their turn

        async def take() -> tuple[int, Job] | None:
            """The next job; while another round waits its back-off, wait for it (bounded
            polls, so that a stop is seen)."""
            while True:
                if not queue.empty():
                    return queue.get_nowait()
                if halted() or all(t.done() for t in timers):
                    return None
                with suppress(asyncio.TimeoutError):
                    return await asyncio.wait_for(queue.get(), 1.0)

        def halted() -> bool:
            return state.stopping.is_set() or state.braked

        async def after(seconds: float, index: int, job: Job, result: OrderResult) -> None:
            """The back-off, then the round: the order goes back to pre-checked only now, so
            a run stopped meanwhile keeps its recorded still_failed (no blind click later)."""
            deadline = asyncio.get_running_loop().time() + seconds
            while not halted() and asyncio.get_running_loop().time() < deadline:
                with suppress(asyncio.TimeoutError):  # bounded polls: a brake is seen too
                    await asyncio.wait_for(state.stopping.wait(), 1.0)
            reopened = None
            if not halted():
                reopened = await asyncio.to_thread(
                    state.journal.reopen_for_another_round,
                    job.entry.id,
                    result.order,
                    self.options.again_transient,
                )
            if reopened is None:
                state.progress.order_done(result)  # no round after all: it ends as it was
            else:
                queue.put_nowait((index, job))

        async def worker(slot: int) -> None:
            while not state.stopping.is_set() and not state.braked:
                procedure = await self._page_for(slot)
                if procedure is None:
                    return
                taken = await take()
                if taken is None:
                    return
                index, job = taken
                second_try_due.discard(index)
                results = await self.run_job(procedure, job, planning=planning)
                slots[index] = results
                for result in results:
                    state.brake.record(result.outcome is Outcome.ERROR)
                if state.brake.tripped and not state.braked:
                    state.braked = True
                    state.progress.message(
                        f"stopping: {state.brake.consecutive} automation errors in a row "
                        "(the site or the configuration needs a look; --resume carries on)"
                    )
                round_due = None if planning else await self._another_round(procedure, job, results)
                if round_due is not None:
                    again = after(round_due, index, Job(job.entry), results[0])
                    timers.append(asyncio.ensure_future(again))
                    continue
                if (
                    not state.braked
                    and index not in tried_twice
                    and _worth_a_second_try(job, results)
                ):
                    # A passing fault (a failed call, a slow screen) often is gone a few
                    # orders later; nothing was clicked, so trying once more is safe.
                    tried_twice.add(index)
                    second_try_due.add(index)
                    queue.put_nowait((index, job))
                    first = results[0]
                    why = (first.error or "")[:100] if first.outcome is Outcome.ERROR else ""
                    state.progress.message(
                        f"{first.order}: {first.outcome.value}"
                        + (f" ({why})" if why else "")
                        + "; looking once more at the end"
                    )
                    continue
                for result in results:
                    state.progress.order_done(result)

        try:
            procedures = await self.procedures()
            slots_used = range(min(len(procedures), max(1, len(jobs))))
            tasks = [asyncio.ensure_future(worker(slot)) for slot in slots_used]
            try:
                await asyncio.gather(*tasks)
                await asyncio.gather(*timers)  # done by now, or ended by a stop
            except BaseException:
                for timer in timers:
                    timer.cancel()
                # One page failed beyond the procedure's own handling (a refused login, a bug):
                # stop the others too; the journal already holds what they finished.
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                raise
            for index in sorted(second_try_due):  # stopped before their second try
                for result in slots[index]:
                    state.progress.order_done(result)
        finally:
            state.progress.close()
        return [(jobs[index], slots[index]) for index in sorted(slots)]

    async def _page_for(self, slot: int) -> RetryProcedure | None:
        """Worker `slot`'s procedure; a page that crashed (or closed) is renewed first, so
        that the next job does not fail on a dead page. The order that was on it when it
        crashed keeps the outcome its procedure gave it (an error if nothing was clicked,
        pending if a click may have landed). None: renewing failed and this worker stops."""
        procedure = self._procedures[slot]
        if procedure.worker is None or not procedure.worker.gone or self.renew_procedure is None:
            return procedure
        progress = self.state.progress
        try:
            renewed = await self.renew_procedure(procedure)
        except AuthError:
            raise  # a refused login stops the run at once, as on any page
        except Exception as exc:  # any other failure: this page stops, the others go on
            why = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            progress.message(
                f"page {slot + 1} crashed and no new one could be opened ({why}): "
                "it stops; the other pages go on"
            )
            return None
        self._procedures[slot] = renewed  # later phases use the new page too
        progress.message(f"page {slot + 1} crashed: opened a new one")
        return renewed

    async def run_job(
        self, procedure: RetryProcedure, job: Job, *, planning: bool
    ) -> list[OrderResult]:
        """One entry, recorded as one trace (kept per --trace: always, or on an error)."""
        tracer = procedure.worker.tracer if procedure.worker else None
        if tracer is None:
            return await self._run_job(procedure, job, planning=planning)
        async with tracer.recording(job.entry.value) as trace:
            results = await self._run_job(procedure, job, planning=planning)
            trace.failed = any(r.outcome is Outcome.ERROR for r in results)
        return results

    async def _run_job(
        self, procedure: RetryProcedure, job: Job, *, planning: bool
    ) -> list[OrderResult]:
        journal = self.state.journal
        entry = job.entry
        results: list[OrderResult] = []
        for target in job.reread:
            result = await procedure.reread(
                target.order, lookup_of(entry), target.status_before, target.attempts_before
            )
            if result is None:
                # The site's attempt counter shows the earlier click never reached it:
                # the order goes back to pre-checked and takes the normal path below.
                await asyncio.to_thread(journal.mark_not_clicked, entry.id, target.order)
                self.state.intended_orders.pop(target.order, None)
                continue
            results.append(await self._record(entry, result, complete=False))
        if job.reread and len(results) == len(job.reread):
            # Every order of the entry was accounted for by re-reading alone.
            results[-1] = await self._record(entry, results[-1], complete=True)
            return results
        options = OrderOptions(
            dry_run=planning or self.options.dry_run,
            all_matching=self.options.all_matching,
            before_retry_click=self._hook_for(entry),
            click_withdrawn=self._withdrawal_for(entry),
            click_turn=self.state.pacer.turn,
        )
        found = await procedure.run(lookup_of(entry), options)
        for result in found:
            result.note = join_notes(result.note, entry.note)
        if planning and any(r.outcome is Outcome.DRY_RUN for r in found):
            # The plan's read-only visit: the apply phase visits this entry again.
            for result in found:
                if result.outcome is Outcome.DRY_RUN:
                    await asyncio.to_thread(
                        journal.mark_prechecked,
                        entry.id,
                        result.order,
                        result.status_before,
                        result.attempts_before,
                    )
            return results + found
        for position, result in enumerate(found):
            last = position == len(found) - 1
            rounds, errors = await asyncio.to_thread(journal.rounds, entry.id, result.order)
            if rounds:
                earlier = "; ".join(e or "no text" for e in errors)
                result.note = join_notes(
                    f"retried {rounds} more time(s) in this run after passing errors ({earlier})",
                    result.note,
                )
            results.append(await self._record(entry, result, complete=last))
        return results

    async def _another_round(
        self, procedure: RetryProcedure, job: Job, results: list[OrderResult]
    ) -> float | None:
        """--again-transient: an entry of one order whose retry failed again with a passing
        error (a rate limit, a 5xx) gets another round after a back-off, each round's click
        its own journal intent. Returns the seconds to wait, or None."""
        options, state = self.options, self.state
        if options.again_transient < 1 or options.dry_run or len(results) != 1:
            return None
        result = results[0]
        if result.outcome is not Outcome.STILL_FAILED or not procedure.spec.is_transient(
            result.error
        ):
            return None
        done, _ = await asyncio.to_thread(state.journal.rounds, job.entry.id, result.order)
        if done >= options.again_transient:
            return None
        round_number = done + 1
        wait = options.transient_wait_seconds * round_number
        if RATE_LIMITED.search(result.error or ""):
            before = state.pacer.per_minute
            pace = state.pacer.slow_down()
            if pace != before:
                state.progress.message(
                    f"UltraCart's rate limit: at most {pace:g} clicks a minute now"
                )
        state.progress.message(
            f"{result.order}: still_failed ({(result.error or '')[:80]}), a passing error: "
            f"retrying it again in {wait:g} s (round {round_number} of {options.again_transient})"
        )
        return wait

    def _hook_for(self, entry: BatchEntry) -> Callable[[str, str, int | None], Awaitable[None]]:
        state = self.state

        async def before_click(order: str, status: str, attempts: int | None) -> None:
            other = state.intended_orders.get(order)
            if other is not None and other != entry.id:
                raise ClickVetoed(
                    Outcome.NOT_FAILED,
                    f"order {order} was already retried in this run (entry {other}): "
                    "not clicked again",
                )
            try:
                await asyncio.to_thread(
                    state.journal.mark_intended, entry.id, order, status, attempts
                )
            except RetryAlreadyIntended as exc:
                raise ClickVetoed(Outcome.PENDING, str(exc)) from None
            state.intended_orders[order] = entry.id

        return before_click

    def _withdrawal_for(self, entry: BatchEntry) -> Callable[[str], Awaitable[None]]:
        journal = self.state.journal

        async def withdrawn(order: str) -> None:
            # Proven by the row's unchanged attempt count: back to pre-checked, so the
            # next intent for this order is allowed.
            await asyncio.to_thread(journal.mark_not_clicked, entry.id, order)

        return withdrawn

    async def _record(
        self, entry: BatchEntry, result: OrderResult, *, complete: bool
    ) -> OrderResult:
        state = self.state
        recorded = await asyncio.to_thread(
            state.journal.mark_done, entry.id, result, complete=complete
        )
        if state.history is not None and not self.options.dry_run:
            run_id = state.journal.run_info().run_id
            await asyncio.to_thread(state.history.record, [recorded], run_id)
        return recorded


# Outcomes that clicked nothing and that a passing fault can cause: looked at once more at
# the end of the run (a `not_found` met during an outage may be an order that exists).
SECOND_LOOK = frozenset({Outcome.ERROR, Outcome.NOT_FOUND})


def _worth_a_second_try(job: Job, results: list[OrderResult]) -> bool:
    """Only an entry whose every order ended in an automation error or not found (so nothing
    of it was clicked) is run again as a whole, once."""
    return (
        not job.reread
        and bool(results)
        and all(result.outcome in SECOND_LOOK for result in results)
    )
