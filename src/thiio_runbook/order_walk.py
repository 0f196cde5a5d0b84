"""The read-only walk to an order, steps 1.2 to 1.5: the Orders list, the search, the order's
pane and its notifications tab, and the integration row as it reads. Logging in again when
the site logged us out belongs here too: it is what the walk needs to go on.

Nothing here clicks Retry; `read_order` is all of `run-retry scan`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator

from .config import RunbookSpec
from .outcomes import OrderResult, Outcome
from .pages.common import AutomationError, Screen, SessionExpired
from .pages.order_pane import OrderPane, RowReading
from .pages.orders import OrderMatch, OrdersPage, SearchUnsettled
from .session import Session
from .steps import LOCATE_ORDER, LOG_IN, NOTIFICATIONS_TAB, ORDERS, StepLog, identify_step
from .worker import Worker


@dataclass
class OrderWalk:
    """What the walk works with on one page: the procedure's own page objects, its session
    (for a new login) and its worker (its mask and tracer, handed to that login)."""

    screen: Screen
    session: Session
    spec: RunbookSpec
    orders: OrdersPage
    pane: OrderPane
    worker: Worker | None
    # Step 1.5 in the runbook's words ("1.5 identify failed order desk").
    identify_step: str = field(init=False)

    def __post_init__(self) -> None:
        self.identify_step = identify_step(self.spec.integration)

    async def read_order(self, number: str, log: StepLog) -> OrderResult:
        """Steps 1.2 to 1.5 only, read-only (run-retry scan): the row as it stands. The
        outcome is `dry_run` for a row in the runbook's status (it would be retried),
        `not_failed`, `no_row`, `not_found` or `error`; nothing is clicked but the order, the
        search and the tab."""
        result = OrderResult(order=number, outcome=Outcome.ERROR, lookup="order", query=number)
        for attempt in range(2):
            try:
                await self._read(number, log, result)
                break
            except SessionExpired:
                if attempt:
                    result.error = f"{log.current}: the session expired again"
                    break
                await self.relogin(log)
            except (AutomationError, PlaywrightError) as exc:
                result.error = f"{log.current}: {exc}"
                break
        if result.outcome is Outcome.ERROR:
            await log.outcome_evidence()
        result.steps = log.steps
        return result

    async def _read(self, number: str, log: StepLog, result: OrderResult) -> None:
        if await self.open_order(number, log) is None:
            result.outcome = Outcome.NOT_FOUND
            return
        async with log.step(self.identify_step) as note:
            row = await self.pane.find_row()
            if row is None:
                result.outcome = Outcome.NO_ROW
                note.detail = f"no {self.spec.integration} notification on this order"
                return
            reading = await self.read_row_and_message(row)
            note.detail = self.describe(reading)
        result.status_before = reading.status_text or None
        result.attempts_before = reading.attempts
        result.error = reading.error
        wanted = reading.status == self.spec.retryable_status
        result.outcome = Outcome.DRY_RUN if wanted else Outcome.NOT_FAILED

    async def login_form_showing(self) -> bool:
        """After a failed step: whether the login form shows, found as the login step finds it
        (its label or placeholder too, not only the cheap check of the polls)."""
        try:
            return await self.screen.password_field().count() > 0
        except PlaywrightError:  # a closed page shows nothing
            return False

    async def relogin(self, log: StepLog) -> None:
        """The site logged us out: log in again, once (AuthError stops everything)."""
        async with log.step(LOG_IN) as note:
            note.mask = [self.screen.page.locator("input[type=password]")]
            evidence = await self.session.log_in_again(self.screen, self.worker)
            note.detail = f"session expired; {evidence.detail}"

    async def open_order(
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

    async def read_row_and_message(self, row: Locator) -> RowReading:
        """The row as read, with a Failed row's message from its tooltip when none shows."""
        reading = await self.pane.read_row(row)
        if reading.status == self.spec.retryable_status and reading.error is None:
            reading.error = await self.pane.message_from_tooltip(row)
        return reading

    def describe(self, reading: RowReading) -> str:
        parts = [f"{self.spec.integration}: {reading.status_text or '?'}"]
        if reading.attempts is not None:
            parts.append(f"{reading.attempts} attempt(s)")
        if reading.error:
            parts.append(reading.error[:120])
        return ", ".join(parts)
