"""The help article's procedure, as named steps, for one order on one page: the driver.

Never act twice, never act blind: only a Failed Ultracart row is retried, its status is read
again right before the click, the caller's `before_retry_click` hook runs (and must return)
before the click, and after the click the outcome is only ever *read* (re-opening the order
if the screen looks stale), never retried.

Its parts: order_walk.py (1.2-1.5, read-only), retry_click.py (2.1-2.2), after_click.py
(2.3-2.4), by_customer.py (lookups by name or email); click.py is the click's state machine.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from contextlib import nullcontext

from playwright.async_api import Error as PlaywrightError

from .after_click import read_outcome
from .by_customer import retry_by_customer
from .click import ClickLife, Next
from .config import RunbookSpec
from .locate import poll_until
from .masking import NO_MASK
from .order_state import PLAIN_RUN, Lookup, OrderOptions, OrderState
from .order_walk import OrderWalk
from .outcomes import SETTLED, OrderResult, Outcome, StepRecord, attempts_text
from .pages.common import AuthError, AutomationError, Screen, SessionExpired
from .pages.order_pane import OrderPane, RowReading
from .pages.orders import OrderMatch, OrdersPage
from .retry_click import menu_and_click
from .rundir import RunFolder
from .session import Session
from .steps import LOG_IN, StepLog, action_step
from .worker import Worker

# Given (order number, the row as read), why the order is held (not clicked), or None.
HoldCheck = Callable[[str, RowReading], Awaitable["str | None"]]
RELOGIN_GAP = 5.0  # seconds: a session lasting less than this after a login is not usable


class NotClicked(Exception):
    """Re-reading proved an earlier intended click never reached the site."""


class RetryProcedure:
    """Retrying a failed Ultracart order, step by step, on one logged-in page."""

    def __init__(
        self,
        screen: Screen,
        session: Session,
        spec: RunbookSpec,
        folder: RunFolder,
        *,
        echo: Callable[[str], None] = print,
        full_page: bool = False,
        screenshots: str = "all",
        hold: HoldCheck | None = None,
        worker: Worker | None = None,
        orders: OrdersPage | None = None,
        pane: OrderPane | None = None,
    ) -> None:
        self.screen = screen
        # The page's worker (worker.py): its mask for screenshots, its tracer paused while
        # credentials are typed. None: a page of no worker (no mask, no trace).
        self.worker = worker
        # Memory across runs (history.py): why a Failed row is not clicked again, or None.
        self.hold = hold
        self.session = session
        self.spec = spec
        self.folder = folder
        self.echo = echo
        self.full_page = full_page
        self.screenshots = screenshots
        # The page objects every step works on: the caller's (a unit test's fakes), else
        # this page's own.
        self.orders = orders if orders is not None else OrdersPage(screen)
        self.pane = pane if pane is not None else OrderPane(screen, spec.integration)
        self.shared_steps: list[StepRecord] = []  # e.g. the run's login, shown with every order
        # The read-only walk to an order, steps 1.2 to 1.5, on these same page objects.
        self.walk = OrderWalk(screen, session, spec, self.orders, self.pane, worker)
        # Step 2.2 in the runbook's words ("2.2 retry").
        self.action_step = action_step(spec.action)

    def new_log(self, key: str) -> StepLog:
        return StepLog(
            self.folder,
            key,
            self.screen.page,
            self.echo,
            self.full_page,
            self.screenshots,
            mask=self.worker.mask if self.worker else NO_MASK,
        )

    async def log_in(self, key: str) -> StepRecord:
        """Step 1.1, once per run: open the site, reuse the saved session or log in."""
        log = self.new_log(key)
        started = time.monotonic()
        evidence = await self.session.open_app(self.screen, self.worker)
        record = StepRecord(
            LOG_IN,
            round(time.monotonic() - started, 2),
            # Only with --screenshots all: the login is filed under the first order, which
            # would otherwise show a picture for an order that may need no look at all.
            log.save_screenshot(LOG_IN, evidence.screenshot if self.screenshots == "all" else None),
            evidence.detail,
        )
        log.add(record)
        self.shared_steps = [record]
        return record

    # ---- lookups ----------------------------------------------------------------------

    async def run(self, lookup: Lookup, options: OrderOptions = PLAIN_RUN) -> list[OrderResult]:
        """The orders the person asked for, each worked as `options` say."""
        if lookup.by_number:
            return [await self.retry_order(lookup.value, lookup, options)]
        return await retry_by_customer(self, lookup, options)

    # ---- one order ---------------------------------------------------------------------

    async def retry_order(
        self,
        number: str,
        lookup: Lookup,
        options: OrderOptions = PLAIN_RUN,
        prefix: list[StepRecord] | None = None,
        match: OrderMatch | None = None,
    ) -> OrderResult:
        result = OrderResult(
            order=number,
            outcome=Outcome.ERROR,
            lookup=lookup.kind,
            query=lookup.value,
            customer=(match.customer or None) if match else None,
        )
        state = OrderState(number, result, self.new_log(number), options)
        await self._drive(state)
        if result.outcome not in SETTLED:
            await state.log.outcome_evidence()
        result.steps = [*self.shared_steps, *(prefix or []), *state.log.steps]
        self.say_outcome(result)
        return result

    async def reread(
        self,
        number: str,
        lookup: Lookup,
        status_before: str | None,
        attempts_before: int | None,
    ) -> OrderResult | None:
        """An earlier run meant to click Retry here but stopped before recording what happened.

        Only reads, never clicks: the outcome as the site shows it now (waiting, bounded, while
        the row is Pending/Processing); None when the row is still Failed with the attempt
        count read before that click, i.e. the click never reached the site.
        """
        result = OrderResult(
            order=number,
            outcome=Outcome.PENDING,
            lookup=lookup.kind,
            query=lookup.value,
            status_before=status_before,
            attempts_before=attempts_before,
        )
        before = RowReading(
            status=self.spec.retryable_status,
            status_text=status_before or "",
            attempts=attempts_before,
            error=None,
            text="",
        )
        state = OrderState(number, result, self.new_log(number), click=ClickLife.resumed(before))
        try:
            await self._drive(state)
        except NotClicked:
            self.echo(f"order {number}: the earlier Retry never reached the site (same attempts)")
            return None
        result.note = " ".join(
            part
            for part in ("re-read after an interrupted run, not clicked again.", result.note)
            if part
        )
        if result.outcome not in SETTLED:
            await state.log.outcome_evidence()
        result.steps = [*self.shared_steps, *state.log.steps]
        self.say_outcome(result)
        return result

    async def read_order(self, number: str) -> OrderResult:
        """Steps 1.2 to 1.5 only, read-only (run-retry scan): see OrderWalk.read_order."""
        return await self.walk.read_order(number, self.new_log(number))

    async def _drive(self, state: OrderState) -> None:
        """The procedure, logging in again when the session runs out, reading the outcome
        again when a read fails, and never clicking twice."""
        while True:
            try:
                await self._procedure(state)
                return
            except AuthError:
                raise
            except NotClicked:
                if not state.click.own_intent:
                    raise  # resuming an earlier run's click: its caller decides
                # This run's own intended click never reached the site (the row still shows
                # the attempt count read before it): withdraw it and click once more.
                await state.options.click_withdrawn(state.number)
                if not state.click.withdraw():
                    self._unfinished(
                        state,
                        f"the Retry click did not reach the site, {state.click.withdrawals} times",
                    )
                    return
            except (SessionExpired, AutomationError, PlaywrightError) as exc:
                # An action that timed out because the site logged us out meanwhile (the
                # element it waited on went with the page) is an expired session too.
                expired = isinstance(exc, SessionExpired) or await self.walk.login_form_showing()
                next_move = state.click.failed(expired)
                if next_move is Next.READ_AGAIN:
                    continue  # reading is safe to repeat; clicking is not
                if next_move is Next.GIVE_UP:
                    self._unfinished(state, f"{state.log.current}: {exc}")
                    return
                # A session that expires again long after the last login (a slow order, a
                # short-lived session) is logged in again; one that expires right after it,
                # or a sixth time, stops the order.
                if state.relogged and (
                    state.relogins >= 5 or time.monotonic() - state.relogged_at < RELOGIN_GAP
                ):
                    self._unfinished(state, "the session expired again right after logging in")
                    return
                await self.walk.relogin(state.log)
                state.relogged = True
                state.relogins += 1
                state.relogged_at = time.monotonic()

    def _unfinished(self, state: OrderState, why: str) -> None:
        result = state.result
        state.click.gave_up()
        if state.click.may_have_clicked:
            # The click happened: the outcome is unknown, never "safe to run again".
            result.outcome = Outcome.PENDING
            result.note = (
                f"Retry was clicked but the outcome could not be read ({why}); "
                "look at the order before retrying again"
            )
        else:
            result.outcome = Outcome.ERROR
            result.error = why

    async def _procedure(self, state: OrderState) -> None:
        if not state.click.may_have_clicked:
            if not await self._before_click(state):
                return
        elif state.click.verify_first:
            await self._verify_click(state)
        else:  # logged in again after the click: re-read only
            await self.walk.open_order(state.number, quiet=True)
        await read_outcome(self.walk, state)

    async def _verify_click(self, state: OrderState) -> None:
        """Did the click reach the site (resuming, or after a session ended around it)?
        NotClicked when the row proves it did not: still Failed, same attempt count, and so
        for timeouts.reread_after_seconds after the click (a click that landed may take a
        moment to show)."""
        click, status = state.click, self.spec.retryable_status
        reading = await self._reread_row(state, "re-read")
        timeouts = self.screen.timeouts
        wait = click.seconds_to_settle(timeouts.reread_after_seconds)
        if click.proves_not_clicked(reading, status) and wait > 0:

            async def moved() -> RowReading | None:
                row = await self.pane.find_row_now()
                now = await self.pane.read_row(row) if row is not None else None
                return now if now and not click.proves_not_clicked(now, status) else None

            reading = await poll_until(
                moved, wait, timeouts.poll_interval_ms
            ) or await self._reread_row(state, f"re-read after {wait:.1f}s more")
        if not click.verified(reading, status):
            raise NotClicked(state.number)

    async def _reread_row(self, state: OrderState, what: str) -> RowReading:
        """The order opened anew and its row read (steps 1.2 to 1.5, quietly)."""
        if await self.walk.open_order(state.number, state.log) is None:
            raise AutomationError(f"order {state.number} in the search results")
        async with state.log.step(self.walk.identify_step) as note:
            row = await self.pane.find_row()
            if row is None:
                raise AutomationError(f"the {self.spec.integration} row")
            reading = await self.pane.read_row(row)
            note.detail = f"{what}: " + self.walk.describe(reading)
        return reading

    async def _before_click(self, state: OrderState) -> bool:
        """1.2 .. 2.2; returns True when Retry was clicked."""
        result, log, spec = state.result, state.log, self.spec
        match = await self.walk.open_order(state.number, log)
        if match is None:
            result.outcome = Outcome.NOT_FOUND
            return False
        result.customer = result.customer or match.customer or None
        async with log.step(self.walk.identify_step) as note:
            row = await self.pane.find_row()
            if row is None and state.click.reading_before is not None:
                # This order's row was read earlier in this run (before a new login or a
                # withdrawn click): a screen without it now is not settled, not an answer.
                raise AutomationError(
                    f"the {spec.integration} row read earlier for this order",
                    await self.screen.describe_screen(),
                )
            if row is None:
                note.detail = f"no {spec.integration} notification on this order"
                result.outcome = Outcome.NO_ROW
                result.note = f"the order has no {spec.integration} notification"
                return False
            reading = await self.walk.read_row_and_message(row)
            result.status_before = reading.status_text or None
            result.attempts_before = reading.attempts
            note.detail = self.walk.describe(reading)
            if reading.status == spec.retryable_status:
                state.click.checked(reading)
            else:
                result.outcome = Outcome.NOT_FAILED
                shown = reading.status_text or "unreadable"
                result.note = f"the {spec.integration} row is {shown}: left alone"
                return False
            held = await self.hold(state.number, reading) if self.hold else None
            if held:
                result.outcome = Outcome.HELD
                result.error = reading.error
                result.advice = spec.advice
                result.note = held
                note.detail += "; held: not clicked"
                return False
        # A batch's pacing: its turn is taken before the menu opens (never a long wait with
        # a menu open on a stale reading) and held until the click is done. (Not in a dry run.)
        options = state.options
        pacing = nullcontext() if options.dry_run else options.click_turn()
        async with pacing:
            return await menu_and_click(self.walk, state, row, action_step=self.action_step)

    def say_outcome(self, result: OrderResult) -> None:
        extra = result.error or result.note or ""
        line = f"order {result.order}: {result.outcome.value.upper()}"
        if result.status_after:
            line += f" ({result.status_before or '?'} -> {result.status_after})"
        elif result.status_before:  # nothing was clicked: the status as it stands
            count = attempts_text(result.attempts_before)
            line += f" ({result.status_before}" + (f", {count})" if count else ")")
        if extra:
            line += f" - {extra}"
        self.echo(line)
        if result.advice:
            self.echo(f"  advice: {result.advice}")
