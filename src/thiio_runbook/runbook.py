"""The help article's procedure, as named steps, for one order on one page.

Never act twice, never act blind: only a Failed Ultracart row is retried, its status is read
again right before the click, the caller's `before_retry_click` hook runs (and must return)
before the click, and after the click the outcome is only ever *read* (re-opening the order
if the screen looks stale), never retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, field

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator
from playwright.async_api import TimeoutError as PlaywrightTimeout

from .click import ClickLife, Next
from .config import RunbookSpec
from .locate import poll_until
from .masking import NO_MASK
from .outcomes import SETTLED, OrderResult, Outcome, StepRecord, attempts_text
from .pages.common import AuthError, AutomationError, Screen, SessionExpired
from .pages.order_pane import OrderPane, RowReading
from .pages.orders import OrderMatch, OrdersPage, SearchUnsettled
from .rundir import RunFolder
from .session import Session
from .steps import (
    CONFIRM_PROCESSING,
    LOCATE_ORDER,
    LOG_IN,
    NOTIFICATIONS_TAB,
    OPEN_MENU,
    ORDERS,
    PERSISTENT_ERRORS,
    StepLog,
    action_step,
    identify_step,
)
from .worker import Worker

# Called with (order number, status text, attempts) right before the Retry click; the click
# only happens if it returns (the batch journal writes and fsyncs its intent here).
BeforeRetryClick = Callable[[str, str, "int | None"], Awaitable[None]]
# Given (order number, the row as read), why the order is held (not clicked), or None.
HoldCheck = Callable[[str, RowReading], Awaitable["str | None"]]
IN_PROGRESS = ("pending", "processing")
RELOGIN_GAP = 5.0  # seconds: a session lasting less than this after a login is not usable
# Ambiguous matches whose integration row is read (read-only) to tell them apart.
MAX_MATCHES_READ = 10
# A list that re-renders closes the open menu; it is opened again this often before giving up.
MAX_MENU_REOPENS = 5


class ClickVetoed(Exception):
    """Raised by a before-click hook: do not click; the order ends in `outcome` with `reason`."""

    def __init__(self, outcome: Outcome, reason: str) -> None:
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason


@dataclass(frozen=True)
class Lookup:
    """How the person asked for the order: by number, customer email or customer name."""

    kind: str  # "order", "email" or "customer"
    value: str

    @property
    def by_number(self) -> bool:
        return self.kind == "order"


@dataclass
class OrderState:
    """One order's progress through the procedure: its click (click.py) and its logins."""

    number: str
    result: OrderResult
    log: StepLog
    click: ClickLife = field(default_factory=ClickLife)
    relogged: bool = False
    relogged_at: float = 0.0  # time.monotonic() of the last re-login
    relogins: int = 0


class NotClicked(Exception):
    """Re-reading proved an earlier intended click never reached the site."""


async def _no_hook(order: str, status: str, attempts: int | None) -> None:
    return None


async def _no_withdrawal(order: str) -> None:
    return None


class RetryProcedure:
    """Retrying a failed Ultracart order, step by step, on one logged-in page."""

    def __init__(
        self,
        screen: Screen,
        session: Session,
        spec: RunbookSpec,
        folder: RunFolder,
        *,
        dry_run: bool = False,
        all_matching: bool = False,
        before_retry_click: BeforeRetryClick | None = None,
        echo: Callable[[str], None] = print,
        full_page: bool = False,
        screenshots: str = "all",
        hold: HoldCheck | None = None,
        worker: Worker | None = None,
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
        self.dry_run = dry_run
        self.all_matching = all_matching
        self.before_retry_click = before_retry_click or _no_hook
        # Its counterpart: the intended click was proven not to have reached the site.
        self.click_withdrawn: Callable[[str], Awaitable[None]] = _no_withdrawal
        # A batch spaces its clicks here (pacing.ClickPacer.turn).
        self.click_turn: Callable[[], AbstractAsyncContextManager[None]] = nullcontext
        self.echo = echo
        self.full_page = full_page
        self.screenshots = screenshots
        self.orders = OrdersPage(screen)
        self.pane = OrderPane(screen, spec.integration)
        self.shared_steps: list[StepRecord] = []  # e.g. the run's login, shown with every order
        # Steps 1.5 and 2.2 in the runbook's words ("1.5 identify failed order desk").
        self.identify_step = identify_step(spec.integration)
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

    async def run(self, lookup: Lookup) -> list[OrderResult]:
        if lookup.by_number:
            return [await self.retry_order(lookup.value, lookup)]
        return await self._by_customer(lookup)

    async def _by_customer(self, lookup: Lookup) -> list[OrderResult]:
        """Find the orders of a name or email; one -> retry it; several -> list them unless
        --all-matching."""
        log = self.new_log(lookup.value)
        result = OrderResult(
            order=lookup.value, outcome=Outcome.ERROR, lookup=lookup.kind, query=lookup.value
        )
        try:
            matches = await self._search_with_refresh(log, lookup)
        except (AutomationError, PlaywrightError, SessionExpired) as exc:
            result.error = f"{log.current}: {exc}"
            await log.outcome_evidence()
            result.steps = [*self.shared_steps, *log.steps]
            self._say_outcome(result)
            return [result]
        if not matches or (len(set(m.number for m in matches)) > 1 and not self.all_matching):
            await log.outcome_evidence()
        result.steps = [*self.shared_steps, *log.steps]
        if not matches:
            result.outcome = Outcome.NOT_FOUND
            self._say_outcome(result)
            return [result]
        numbers = list(dict.fromkeys(m.number for m in matches))
        if len(numbers) > 1 and not self.all_matching:
            # So that the person can tell them apart: each one's integration row, read-only
            # (the first few: a name shared by hundreds of orders is no list to read out).
            for m in matches[:MAX_MATCHES_READ]:
                reading = await self.read_order(m.number)
                m.row_status = _row_status(reading, self.spec.integration)
            result.outcome = Outcome.AMBIGUOUS
            result.matches = [m.summary() for m in matches]
            result.note = (
                "several orders match; none was retried (use --all-matching to retry each)"
            )
            self._say_outcome(result)
            for m in matches:
                parts = [m.date, m.status, m.customer, m.email, m.row_status]
                self.echo(f"           - order {m.number}  " + "  ".join(p for p in parts if p))
            return [result]
        results: list[OrderResult] = []
        for match in matches:
            if match.number in (r.order for r in results):
                continue
            order = await self.retry_order(match.number, lookup, prefix=log.steps, match=match)
            results.append(order)
        return results

    async def _search_with_refresh(self, log: StepLog, lookup: Lookup) -> list[OrderMatch]:
        for attempt in range(2):
            try:
                async with log.step(ORDERS):
                    await self.orders.open_orders(anew=attempt > 0)
                async with log.step(LOCATE_ORDER) as note:
                    matches = await self.orders.search(lookup.value, by_number=False)
                    note.detail = f"{len(matches)} order(s) match {lookup.value!r}"
                return matches
            except SearchUnsettled:
                if attempt:
                    raise
            except SessionExpired:
                if attempt:
                    raise
                await self._relogin(log)
        raise AssertionError("unreachable")

    # ---- one order ---------------------------------------------------------------------

    async def retry_order(
        self,
        number: str,
        lookup: Lookup,
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
        state = OrderState(number, result, self.new_log(number))
        await self._drive(state)
        if result.outcome not in SETTLED:
            await state.log.outcome_evidence()
        result.steps = [*self.shared_steps, *(prefix or []), *state.log.steps]
        self._say_outcome(result)
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
        state = OrderState(number, result, self.new_log(number), ClickLife.resumed(before))
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
        self._say_outcome(result)
        return result

    async def read_order(self, number: str) -> OrderResult:
        """Steps 1.2 to 1.5 only, read-only (run-retry scan): the row as it stands. The
        outcome is `dry_run` for a row in the runbook's status (it would be retried),
        `not_failed`, `no_row`, `not_found` or `error`; nothing is clicked but the order, the
        search and the tab."""
        result = OrderResult(order=number, outcome=Outcome.ERROR, lookup="order", query=number)
        log = self.new_log(number)
        for attempt in range(2):
            try:
                await self._read(number, log, result)
                break
            except SessionExpired:
                if attempt:
                    result.error = f"{log.current}: the session expired again"
                    break
                await self._relogin(log)
            except (AutomationError, PlaywrightError) as exc:
                result.error = f"{log.current}: {exc}"
                break
        if result.outcome is Outcome.ERROR:
            await log.outcome_evidence()
        result.steps = log.steps
        return result

    async def _read(self, number: str, log: StepLog, result: OrderResult) -> None:
        if await self._open_order(number, log) is None:
            result.outcome = Outcome.NOT_FOUND
            return
        async with log.step(self.identify_step) as note:
            row = await self.pane.find_row()
            if row is None:
                result.outcome = Outcome.NO_ROW
                note.detail = f"no {self.spec.integration} notification on this order"
                return
            reading = await self._reading(row)
            note.detail = self._describe(reading)
        result.status_before = reading.status_text or None
        result.attempts_before = reading.attempts
        result.error = reading.error
        wanted = reading.status == self.spec.retryable_status
        result.outcome = Outcome.DRY_RUN if wanted else Outcome.NOT_FAILED

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
                await self.click_withdrawn(state.number)
                if not state.click.withdraw():
                    self._unfinished(
                        state,
                        f"the Retry click did not reach the site, {state.click.withdrawals} times",
                    )
                    return
            except (SessionExpired, AutomationError, PlaywrightError) as exc:
                # An action that timed out because the site logged us out meanwhile (the
                # element it waited on went with the page) is an expired session too.
                expired = isinstance(exc, SessionExpired) or await self._login_form_showing()
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
                await self._relogin(state.log)
                state.relogged = True
                state.relogins += 1
                state.relogged_at = time.monotonic()

    async def _login_form_showing(self) -> bool:
        try:
            return await self.screen.login_form_showing()
        except PlaywrightError:  # a closed page shows nothing
            return False

    async def _relogin(self, log: StepLog) -> None:
        """The site logged us out: log in again, once (AuthError stops everything)."""
        async with log.step(LOG_IN) as note:
            note.mask = [self.screen.page.locator("input[type=password]")]
            evidence = await self.session.log_in(self.screen, self.worker)
            note.detail = f"session expired; {evidence.detail}"

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
            await self._open_order(state.number, quiet=True)
        await self._after_click(state)

    async def _verify_click(self, state: OrderState) -> None:
        """Did the click reach the site (resuming, or after a session ended around it)?
        NotClicked when the row proves it did not: still Failed, same attempt count."""
        if await self._open_order(state.number, state.log) is None:
            raise AutomationError(f"order {state.number} in the search results")
        async with state.log.step(self.identify_step) as note:
            row = await self.pane.find_row()
            if row is None:
                raise AutomationError(f"the {self.spec.integration} row")
            reading = await self.pane.read_row(row)
            note.detail = "re-read: " + self._describe(reading)
        if not state.click.verified(reading, self.spec.retryable_status):
            raise NotClicked(state.number)

    async def _open_order(
        self, number: str, log: StepLog | None = None, quiet: bool = False
    ) -> OrderMatch | None:
        """Steps 1.2 to 1.4; the search result opened, None when there is no such order."""

        async def run(name, action):
            if log is None or quiet:
                return await action(None)
            async with log.step(name) as note:
                return await action(note)

        async def orders(note):
            await self.orders.open_orders()

        async def locate(note):
            try:
                matches = await self.orders.search(number, by_number=True)
            except SearchUnsettled:
                matches = []
            if not matches:
                # One second look before "not found": a search call that failed (a 502) may
                # show an empty list, or keep the old one. Unsettled twice is an error.
                await self.orders.open_orders(anew=True)
                matches = await self.orders.search(number, by_number=True)
            if not matches:
                if note:
                    note.detail = f"no order {number} in the search results"
                return None
            if note:
                note.detail = f"found order {matches[0].number}"
            await self._open_pane_of(number, matches[0])
            return matches[0]

        async def tab(note):
            await self.pane.open_notifications()

        await run(ORDERS, orders)
        match = await run(LOCATE_ORDER, locate)
        if match is None:
            return None
        await run(NOTIFICATIONS_TAB, tab)
        return match

    async def _open_pane_of(self, number: str, match: OrderMatch) -> None:
        """Click the result and wait until the pane shows *this* order. A pane still showing
        another one (left open, or slow to change) is closed and the order opened again,
        once; a stale pane is never read or clicked."""
        for attempt in range(2):
            await self.orders.open_order(match)
            await self.pane.wait_for_pane()
            if await self.pane.wait_for_order(number):
                return
            if attempt:
                break
            await self.pane.close()
            await self.orders.open_orders(anew=True)
            matches = await self.orders.search(number, by_number=True)
            if not matches:
                break
            match = matches[0]
        raise AutomationError(
            f"the order pane showing order {number}",
            await self.screen.describe_screen(await self.pane.pane()),
        )

    async def _reading(self, row: Locator) -> RowReading:
        """The row as read, with a Failed row's message from its tooltip when none shows."""
        reading = await self.pane.read_row(row)
        if reading.status == self.spec.retryable_status and reading.error is None:
            reading.error = await self.pane.message_from_tooltip(row)
        return reading

    async def _before_click(self, state: OrderState) -> bool:
        """1.2 .. 2.2; returns True when Retry was clicked."""
        result, log, spec = state.result, state.log, self.spec
        match = await self._open_order(state.number, log)
        if match is None:
            result.outcome = Outcome.NOT_FOUND
            return False
        result.customer = result.customer or match.customer or None
        async with log.step(self.identify_step) as note:
            row = await self.pane.find_row()
            if row is None:
                note.detail = f"no {spec.integration} notification on this order"
                result.outcome = Outcome.NO_ROW
                result.note = f"the order has no {spec.integration} notification"
                return False
            reading = await self._reading(row)
            result.status_before = reading.status_text or None
            result.attempts_before = reading.attempts
            note.detail = self._describe(reading)
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
        if self.dry_run:
            return await self._menu_and_click(state, row)
        # A batch's pacing: its turn is taken before the menu opens (never a long wait with
        # a menu open on a stale reading) and held until the click is done.
        async with self.click_turn():
            return await self._menu_and_click(state, row)

    async def _menu_and_click(self, state: OrderState, row: Locator) -> bool:
        """2.1 and 2.2: open the row's menu, read the row again, click once."""
        result, log, spec = state.result, state.log, self.spec
        async with log.step(OPEN_MENU) as note:
            item = await self.pane.open_menu(row, spec.action)
            note.detail = f"menu shows {spec.action!r}"
            # Read again with the menu open: act only on what is on screen right now.
            reading = (await self.pane.look()).reading
            if reading is None or reading.status != spec.retryable_status:
                await self.pane.close_menu(item)
                result.outcome = Outcome.NOT_FAILED
                result.note = "the row changed before the click: left alone"
                note.detail = "row no longer " + spec.retryable_status
                return False
            if self.dry_run:
                await self.pane.close_menu(item)
                result.outcome = Outcome.DRY_RUN
                result.note = (
                    f"dry run: would have clicked {spec.action!r} "
                    f"(status {reading.status_text}, attempts {reading.attempts})"
                )
                note.detail = f"dry run: {spec.action!r} is there; menu closed without clicking"
                return False
        async with log.step(self.action_step) as note:
            try:
                await self.before_retry_click(state.number, reading.status_text, reading.attempts)
                state.click.intended()
            except ClickVetoed as veto:
                await self.pane.close_menu(item)
                result.outcome = veto.outcome
                result.note = veto.reason
                note.detail = f"not clicked: {veto.reason}"
                return False
            except Exception as exc:  # e.g. the journal could not record the intent: no click
                await self.pane.close_menu(item)
                raise AutomationError(
                    "the go-ahead to click (the before-click hook failed; nothing was clicked)",
                    f"{type(exc).__name__}: {exc}",
                ) from exc
            reopened = 0
            while True:
                dispatched = await item.is_visible()
                if dispatched:
                    try:
                        # Short: a menu that is still open is clicked at once; if the list
                        # re-rendered and closed it, Playwright never dispatched the click.
                        await item.click(timeout=min(self.screen.action_ms, 3000))
                        break
                    except PlaywrightTimeout:
                        pass
                reopened += 1
                if reopened > MAX_MENU_REOPENS:
                    raise AutomationError(
                        f"the {spec.action!r} menu item staying open long enough to click",
                        "the menu closed each time (the list keeps re-rendering)",
                    )
                # Re-open the menu of the freshly located row, still Failed, and try again --
                # unless the row moves meanwhile: on a slow machine a click can land and still
                # time out, and the screen takes a moment to show it. (A menu already closed
                # before the click was never clicked: no need to wait for a move then.)
                moved = dispatched and await poll_until(
                    lambda: self._row_moved(state),
                    min(self.screen.timeouts.element_seconds, 3.0),
                    self.screen.timeouts.poll_interval_ms,
                )
                fresh = await self.pane.find_row()
                reading = await self.pane.read_row(fresh) if fresh is not None else None
                if moved or reading is None or reading.status != spec.retryable_status:
                    # On a slow machine a click can land and still time out: the row moved
                    # after our attempt, so it counts as clicked and 2.3 only reads it.
                    state.click.clicked()
                    state.click.moved()
                    note.detail = (
                        f"clicked {spec.action!r} (the click timed out, but the row then "
                        f"showed {reading.status_text if reading else 'nothing'}: it landed)"
                    )
                    return True
                assert fresh is not None  # it was read just now: still the Failed row
                item = await self.pane.open_menu(fresh, spec.action)
            state.click.clicked()
            note.detail = f"clicked {spec.action!r}" + (
                f" (menu re-opened {reopened}x: the list re-rendered)" if reopened else ""
            )
            if await self._confirm_if_asked():
                state.click.dialog_confirmed = True
                note.detail += "; confirmed the dialog"
        return True

    async def _row_moved(self, state: OrderState) -> bool | None:
        """True once the row is no longer the Failed row read before the click."""
        reading = (await self.pane.look()).reading
        if reading is None:
            return None
        before = state.click.reading_before
        if reading.status != self.spec.retryable_status:
            return True
        return _more(reading.attempts, before.attempts if before else None) or None

    async def _confirm_if_asked(self) -> bool:
        """Some sites ask "Retry this notification?": click the confirm button of that dialog."""
        button = self.pane.confirm_button()

        async def asked() -> str | None:
            look = await self.pane.look()
            if look.dialogs and await button.count():
                return "dialog"
            if look.reading is not None and look.reading.status != self.spec.retryable_status:
                return "moved"
            return None

        answer = await poll_until(
            asked,
            min(self.screen.timeouts.element_seconds, 3.0),
            self.screen.timeouts.poll_interval_ms,
        )
        if answer == "dialog":
            try:
                await button.first.click(timeout=self.screen.action_ms)
            except PlaywrightTimeout:
                return False  # step 2.3 looks for the dialog again
            return True
        return False

    async def _after_click(self, state: OrderState) -> None:
        """2.3: wait (bounded) until the row leaves Pending/Processing; 2.4 on a new failure."""
        result, log, spec = state.result, state.log, self.spec
        timeouts = self.screen.timeouts
        before = state.click.reading_before
        async with log.step(CONFIRM_PROCESSING) as note:
            deadline = time.monotonic() + timeouts.retry_outcome_seconds
            last_change = time.monotonic()
            last_text: str | None = None
            saw_in_progress = False
            reading: RowReading | None = None
            rereads = 0
            while True:
                look = await self.pane.look()  # one read of the pane a poll
                if look.login:
                    raise SessionExpired("the login form appeared")
                button = self.pane.confirm_button()
                if not state.click.dialog_confirmed and look.dialogs and await button.count():
                    with contextlib.suppress(PlaywrightTimeout):  # a late confirmation dialog
                        await button.first.click(timeout=min(self.screen.action_ms, 3000))
                        state.click.dialog_confirmed = True
                if look.reading is not None:
                    reading = look.reading
                    if reading.text != last_text:
                        last_text, last_change = reading.text, time.monotonic()
                    if reading.status in IN_PROGRESS:
                        saw_in_progress = True
                        state.click.moved()
                    elif reading.status == "success" or (
                        reading.status == spec.retryable_status
                        and (
                            saw_in_progress
                            or _more(reading.attempts, before.attempts if before else None)
                        )
                    ):
                        break
                now = time.monotonic()
                if now >= deadline:
                    break
                if now - last_change >= timeouts.reread_after_seconds:
                    # Nothing moved for a while: the screen may be stale. Re-open the order
                    # and read again -- never click Retry again.
                    rereads += 1
                    await self._open_order(state.number, quiet=True)
                    last_change = time.monotonic()
                    continue
                await asyncio.sleep(timeouts.poll_interval_ms / 1000)
            if reading is not None:
                result.status_after = reading.status_text or None
                result.attempts_after = reading.attempts
                note.detail = self._describe(reading) + (
                    f" (re-opened the order {rereads}x)" if rereads else ""
                )
            if reading is None:
                result.outcome = Outcome.PENDING
                result.note = "the row could not be read after the click; look at the order"
            elif reading.status == "success":
                result.outcome = Outcome.SUCCEEDED
            elif reading.status == spec.retryable_status and (
                saw_in_progress or _more(reading.attempts, before.attempts if before else None)
            ):
                result.outcome = Outcome.STILL_FAILED
                result.error = reading.error
                row = await self.pane.find_row_now() if result.error is None else None
                if row is not None:
                    result.error = await self.pane.message_from_tooltip(row)
            else:
                result.outcome = Outcome.PENDING
                result.note = (
                    f"still {reading.status_text or 'unknown'} after "
                    f"{timeouts.retry_outcome_seconds:g}s: outcome unknown; "
                    "look before retrying again"
                )
        if result.outcome is Outcome.STILL_FAILED:
            async with log.step(PERSISTENT_ERRORS) as note:
                result.advice = spec.advice_for(result.error)
                note.detail = f"error: {result.error or '(no text)'}"

    # ---- words -------------------------------------------------------------------------

    def _describe(self, reading: RowReading) -> str:
        parts = [f"{self.spec.integration}: {reading.status_text or '?'}"]
        if reading.attempts is not None:
            parts.append(f"{reading.attempts} attempt(s)")
        if reading.error:
            parts.append(reading.error[:120])
        return ", ".join(parts)

    def _say_outcome(self, result: OrderResult) -> None:
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


def _more(now: int | None, before: int | None) -> bool:
    return now is not None and before is not None and now > before


def _row_status(reading: OrderResult, integration: str) -> str:
    """How an order's integration row reads, for telling ambiguous matches apart."""
    if reading.outcome is Outcome.NO_ROW:
        return f"no {integration} row"
    if reading.outcome in (Outcome.DRY_RUN, Outcome.NOT_FAILED):
        count = attempts_text(reading.attempts_before)
        return f"{integration} {reading.status_before or '?'}" + (f", {count}" if count else "")
    return f"{integration} row unread"
