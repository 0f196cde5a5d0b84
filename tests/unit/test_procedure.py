"""The procedure (runbook.py) on fake page objects: what it clicks, and how each order ends.

The fakes are the few methods the steps call on OrdersPage and OrderPane, over one scripted
order whose Ultracart row reads as a test says; their Retry item counts its clicks. No browser:
the rule under test is the procedure's own -- only a Failed row is clicked, once, after reading
it again; after the click the outcome is only read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from thiio_runbook.after_click import outcome_poll_seconds
from thiio_runbook.config import Timeouts, load_runbook, load_site_config
from thiio_runbook.order_state import PLAIN_RUN, Lookup, OrderOptions
from thiio_runbook.outcomes import OrderResult, Outcome
from thiio_runbook.pages.order_pane import PaneLook, RowReading
from thiio_runbook.pages.orders import OrderMatch
from thiio_runbook.retry_click import ClickVetoed
from thiio_runbook.runbook import HoldCheck, RetryProcedure
from thiio_runbook.rundir import RunFolder
from thiio_runbook.steps import (
    CONFIRM_PROCESSING,
    LOCATE_ORDER,
    NOTIFICATIONS_TAB,
    OPEN_MENU,
    ORDERS,
)

NUMBER = "12345"
BY_NUMBER = Lookup("order", NUMBER)
ERROR_TEXT = "UltraCart: 500 server error"


@dataclass
class FakeSite:
    """One order as the fakes show it: its Ultracart row (None: no such row) and what the
    row does once the menu opens or Retry is clicked."""

    status: str | None = "failed"
    attempts: int = 1
    exists: bool = True  # the search finds the order
    on_menu: str | None = None  # the row turns to this as the menu opens (retried elsewhere)
    # What successive looks show after the click; the last one stays.
    after_click: tuple[str, ...] = ("processing", "success")
    click_raises: bool = False  # the click itself fails (after or without reaching the site)
    click_lands: bool = True  # the click reaches the site (else the row stays as it was)
    dies_on_click: bool = False  # the page is gone from the click on: every call fails
    late_looks: int = 0  # after a click that lands, this many looks still show the row as before
    click_times_out: bool = False  # the click's call times out once dispatched
    shows_attempts: bool = True  # the row shows its attempt count
    clicks: int = 0  # Retry clicks made (attempted) on the menu's item
    menus_opened: int = 0
    menus_closed: int = 0
    dead: bool = False
    _script: list[str] = field(default_factory=list)
    _stale: RowReading | None = None  # the row as before the click, while it shows late

    def alive(self) -> None:
        if self.dead:
            raise PlaywrightError("Target page, context or browser has been closed")

    def reading(self) -> RowReading | None:
        if self.status is None:
            return None
        text = self.status.capitalize()
        error = ERROR_TEXT if self.status == "failed" else None
        attempts = self.attempts if self.shows_attempts else None
        return RowReading(self.status, text, attempts, error, f"Ultracart {text}")

    def click(self) -> None:
        self.alive()
        self.clicks += 1
        if self.click_lands:
            self._stale = self.reading() if self.late_looks else None
            self.attempts += 1
            self._script = list(self.after_click)
            self.status = self._script[0]
        if self.dies_on_click:
            self.dead = True
        if self.click_raises or self.dies_on_click:
            raise PlaywrightError("Target crashed")
        if self.click_times_out:
            raise PlaywrightTimeout("Timeout 3000ms exceeded")

    def look(self) -> PaneLook:
        self.alive()
        if self._stale is not None and self.late_looks:
            self.late_looks -= 1
            return PaneLook(login=False, dialogs=0, rows=1, reading=self._stale)
        if self._script:
            self.status = self._script.pop(0) if len(self._script) > 1 else self._script[0]
        reading = self.reading()
        return PaneLook(login=False, dialogs=0, rows=int(reading is not None), reading=reading)


@dataclass
class FakeItem:
    """The menu's Retry item."""

    site: FakeSite

    async def is_visible(self) -> bool:
        return True

    async def click(self, timeout: float | None = None) -> None:
        self.site.click()


class NoDialog:
    """The confirm button of a dialog that never shows."""

    async def count(self) -> int:
        return 0


@dataclass
class FakeOrdersPage:
    site: FakeSite
    searches: int = 0

    async def open_orders(self, anew: bool = False) -> None:
        self.site.alive()

    async def search(self, query: str, by_number: bool) -> list[OrderMatch]:
        self.site.alive()
        self.searches += 1
        return [OrderMatch(query, customer="Maria Garcia")] if self.site.exists else []

    async def open_order(self, match: OrderMatch) -> None:
        self.site.alive()


@dataclass
class FakeOrderPane:
    site: FakeSite

    async def wait_for_pane(self) -> None:
        self.site.alive()

    async def wait_for_order(self, number: str) -> bool:
        self.site.alive()
        return True

    async def open_notifications(self) -> None:
        self.site.alive()

    async def find_row(self) -> str | None:
        self.site.alive()
        return None if self.site.status is None else "the Ultracart row"

    find_row_now = find_row

    async def read_row(self, row: str) -> RowReading:
        reading = self.site.look().reading
        assert reading is not None
        return reading

    async def message_from_tooltip(self, row: str) -> str | None:
        return None

    async def look(self) -> PaneLook:
        return self.site.look()

    async def open_menu(self, row: str, action: str) -> FakeItem:
        self.site.alive()
        self.site.menus_opened += 1
        if self.site.on_menu is not None:
            self.site.status = self.site.on_menu
        return FakeItem(self.site)

    async def close_menu(self, item: FakeItem) -> None:
        self.site.menus_closed += 1

    def confirm_button(self) -> NoDialog:
        return NoDialog()


class FakePage:
    async def screenshot(self, **options: object) -> bytes:
        return b"\x89PNG fake"


class NoLoginForm:
    async def count(self) -> int:
        return 0


@dataclass
class FakeScreen:
    page: FakePage
    timeouts: Timeouts
    action_ms: float = 1000.0

    def password_field(self) -> NoLoginForm:
        return NoLoginForm()

    async def describe_screen(self, container: object = None) -> str:
        return "a fake screen"


@dataclass
class Run:
    """A procedure over one FakeSite, and what it said."""

    site: FakeSite
    procedure: RetryProcedure
    folder: RunFolder
    lines: list[str]


def procedure_for(
    tmp_path: Path,
    site: FakeSite,
    *,
    outcome_seconds: float = 30.0,
    hold: HoldCheck | None = None,
) -> Run:
    # No real waiting: polls look again at once; the outcome's bound is the test's, and a row
    # that still reads as before a click proves it never landed after a tenth of a second.
    timeouts = replace(
        load_site_config(None).timeouts,
        reread_after_seconds=0.1,
        retry_outcome_seconds=outcome_seconds,
        element_seconds=1.0,
        poll_interval_ms=0,
    )
    screen: Any = FakeScreen(FakePage(), timeouts)
    orders: Any = FakeOrdersPage(site)
    pane: Any = FakeOrderPane(site)
    folder = RunFolder(tmp_path, "run")
    lines: list[str] = []
    procedure = RetryProcedure(
        screen,
        None,  # type: ignore[arg-type]  # no login happens: the session is never asked
        load_runbook(None),
        folder,
        echo=lines.append,
        hold=hold,
        orders=orders,
        pane=pane,
    )
    return Run(site, procedure, folder, lines)


def run(off_loop: Callable[..., Any], coroutine: Coroutine[Any, Any, Any]) -> Any:
    return off_loop(asyncio.run, coroutine)


def retry(
    off_loop: Callable[..., Any], tmp_path: Path, site: FakeSite, options: OrderOptions = PLAIN_RUN
) -> OrderResult:
    procedure = procedure_for(tmp_path, site).procedure
    return run(off_loop, procedure.retry_order(NUMBER, BY_NUMBER, options))


def test_a_failed_row_is_clicked_once_and_succeeds(
    tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    site = FakeSite(after_click=("processing", "processing", "success"))
    intents: list[tuple[str, str, int | None, int]] = []

    async def before_click(order: str, status: str, attempts: int | None) -> None:
        intents.append((order, status, attempts, site.clicks))

    result = retry(off_loop, tmp_path, site, OrderOptions(before_retry_click=before_click))
    assert result.outcome is Outcome.SUCCEEDED
    assert site.clicks == 1
    assert intents == [(NUMBER, "Failed", 1, 0)]  # the go-ahead, once, before the click
    assert (result.status_before, result.attempts_before) == ("Failed", 1)
    assert (result.status_after, result.attempts_after) == ("Success", 2)
    assert result.customer == "Maria Garcia"
    walked = [ORDERS, LOCATE_ORDER, NOTIFICATIONS_TAB, "1.5 identify failed ultracart"]
    clicked = [OPEN_MENU, "2.2 retry", CONFIRM_PROCESSING]
    assert [step.name for step in result.steps] == walked + clicked
    for step in result.steps:  # each step's picture, in the run folder
        assert step.screenshot and (tmp_path / step.screenshot).is_file()


def test_run_by_number_retries_that_one_order(tmp_path: Path, off_loop: Callable[..., Any]) -> None:
    made = procedure_for(tmp_path, FakeSite())
    results = run(off_loop, made.procedure.run(BY_NUMBER))
    assert [(r.order, r.outcome) for r in results] == [(NUMBER, Outcome.SUCCEEDED)]
    assert made.site.clicks == 1
    assert made.lines[-1] == f"order {NUMBER}: SUCCEEDED (Failed -> Success)"


def test_a_row_already_success_is_left_alone(tmp_path: Path, off_loop: Callable[..., Any]) -> None:
    site = FakeSite(status="success")
    result = retry(off_loop, tmp_path, site)
    assert result.outcome is Outcome.NOT_FAILED
    assert (site.clicks, site.menus_opened) == (0, 0)
    assert result.status_before == "Success"


def test_an_order_without_an_ultracart_row(tmp_path: Path, off_loop: Callable[..., Any]) -> None:
    site = FakeSite(status=None)
    result = retry(off_loop, tmp_path, site)
    assert result.outcome is Outcome.NO_ROW
    assert (site.clicks, site.menus_opened) == (0, 0)


def test_an_order_the_search_does_not_find(tmp_path: Path, off_loop: Callable[..., Any]) -> None:
    made = procedure_for(tmp_path, FakeSite(exists=False))
    result = run(off_loop, made.procedure.retry_order(NUMBER, BY_NUMBER))
    assert result.outcome is Outcome.NOT_FOUND
    assert made.site.clicks == 0
    assert made.procedure.orders.searches == 2  # type: ignore[attr-defined]  # a second look


def test_a_row_that_changes_as_the_menu_opens_is_not_clicked(
    tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    site = FakeSite(on_menu="processing")  # retried by someone else meanwhile
    result = retry(off_loop, tmp_path, site)
    assert result.outcome is Outcome.NOT_FAILED
    assert "changed before the click" in (result.note or "")
    assert (site.clicks, site.menus_closed) == (0, 1)


def test_a_dry_run_opens_the_menu_and_never_clicks(
    tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    site = FakeSite()
    result = retry(off_loop, tmp_path, site, OrderOptions(dry_run=True))
    assert result.outcome is Outcome.DRY_RUN
    assert (site.clicks, site.menus_opened, site.menus_closed) == (0, 1, 1)


def test_a_row_still_processing_past_the_bound_is_pending_after_one_click(
    tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    made = procedure_for(tmp_path, FakeSite(after_click=("processing",)), outcome_seconds=0)
    result = run(off_loop, made.procedure.retry_order(NUMBER, BY_NUMBER))
    assert result.outcome is Outcome.PENDING
    assert "still Processing after 0s" in (result.note or "")
    assert made.site.clicks == 1


def test_a_row_failed_again_after_the_click_is_still_failed(
    tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    site = FakeSite(after_click=("processing", "failed"))
    result = retry(off_loop, tmp_path, site)
    assert result.outcome is Outcome.STILL_FAILED
    assert result.error == ERROR_TEXT and result.advice
    assert site.clicks == 1


def test_a_page_that_dies_after_the_click_is_never_clicked_again(
    tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    for raises in (False, True):  # the click went through / the click call itself failed
        site = FakeSite(dies_on_click=True, click_raises=raises)
        result = retry(off_loop, tmp_path / str(raises), site)
        assert result.outcome is Outcome.PENDING
        assert "Retry was clicked but the outcome could not be read" in (result.note or "")
        assert "look at the order before retrying again" in (result.note or "")
        assert site.clicks == 1


@pytest.mark.parametrize(
    "late_looks",
    [
        pytest.param(0, id="shows-at-once"),
        # A retry queued behind others: read as before at first, it must not be clicked again.
        pytest.param(3, id="shows-late"),
    ],
)
def test_a_click_that_lands_though_its_call_fails_is_only_read(
    late_looks: int, tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    site = FakeSite(click_raises=True, late_looks=late_looks)
    result = retry(off_loop, tmp_path, site)
    assert result.outcome is Outcome.SUCCEEDED
    assert site.clicks == 1


def test_a_timed_out_click_is_not_made_again_when_nothing_proves_it_never_landed(
    tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    """The click's call timed out once dispatched and the row, still Failed for the whole
    watch, shows no attempt count: nothing proves the click never landed, so it is never
    made again; the order ends pending, for a person to look at."""
    site = FakeSite(click_times_out=True, shows_attempts=False, late_looks=10**6)
    result = run(
        off_loop,
        procedure_for(tmp_path, site, outcome_seconds=0.2).procedure.retry_order(
            NUMBER, BY_NUMBER, PLAIN_RUN
        ),
    )
    assert site.clicks == 1
    assert result.outcome is Outcome.PENDING


@pytest.mark.parametrize("how", ["click_raises", "click_times_out"])
def test_a_click_proven_not_to_have_landed_is_withdrawn_and_made_once_more(
    how: str, tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    """The one second click by design: the order read afresh, its row still Failed with the
    attempt count read before the click, i.e. the first click never reached the site. Its
    intent is withdrawn and a new go-ahead comes before the next click, whether the first
    click's call failed or timed out once dispatched (never re-clicked under one intent)."""
    site = FakeSite(click_lands=False)
    setattr(site, how, True)
    withdrawn: list[str] = []
    intents: list[int] = []

    async def before_click(order: str, status: str, attempts: int | None) -> None:
        intents.append(site.clicks)
        if site.clicks:  # the second go-ahead: this one lands
            setattr(site, how, False)
            site.click_lands = True

    async def click_withdrawn(order: str) -> None:
        withdrawn.append(order)

    options = OrderOptions(before_retry_click=before_click, click_withdrawn=click_withdrawn)
    result = retry(off_loop, tmp_path, site, options)
    assert result.outcome is Outcome.SUCCEEDED
    assert (site.clicks, intents, withdrawn) == (2, [0, 1], [NUMBER])


def test_a_held_order_is_not_clicked(tmp_path: Path, off_loop: Callable[..., Any]) -> None:
    asked: list[tuple[str, str | None]] = []

    async def hold(number: str, reading: RowReading) -> str | None:
        asked.append((number, reading.status))
        return "failed again for the same reason after the last retry"

    made = procedure_for(tmp_path, FakeSite(), hold=hold)
    result = run(off_loop, made.procedure.retry_order(NUMBER, BY_NUMBER))
    assert result.outcome is Outcome.HELD
    assert result.note == "failed again for the same reason after the last retry"
    assert asked == [(NUMBER, "failed")]
    assert (made.site.clicks, made.site.menus_opened) == (0, 0)


def test_a_vetoed_click_is_not_made(tmp_path: Path, off_loop: Callable[..., Any]) -> None:
    async def veto(order: str, status: str, attempts: int | None) -> None:
        raise ClickVetoed(Outcome.NOT_FAILED, "already retried in this run: not clicked again")

    site = FakeSite()
    result = retry(off_loop, tmp_path, site, OrderOptions(before_retry_click=veto))
    assert result.outcome is Outcome.NOT_FAILED
    assert result.note == "already retried in this run: not clicked again"
    assert (site.clicks, site.menus_closed) == (0, 1)


def test_a_failing_go_ahead_hook_means_no_click(
    tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    async def disk_full(order: str, status: str, attempts: int | None) -> None:
        raise OSError("disk full")

    site = FakeSite()
    result = retry(off_loop, tmp_path, site, OrderOptions(before_retry_click=disk_full))
    assert result.outcome is Outcome.ERROR
    assert "disk full" in (result.error or "") and "nothing was clicked" in (result.error or "")
    assert site.clicks == 0


def test_a_row_read_before_that_is_missing_after_a_withdrawal_is_an_error_not_no_row(
    tmp_path: Path, off_loop: Callable[..., Any]
) -> None:
    """The order's row was read in this run; a screen without it later (a panel not settled)
    is not taken for an order without the row: the order ends in error, to be looked at
    again, and is not clicked."""
    site = FakeSite(click_raises=True, click_lands=False)

    async def click_withdrawn(order: str) -> None:
        site.status = None  # the next look at the order shows no Ultracart row

    options = OrderOptions(click_withdrawn=click_withdrawn)
    result = retry(off_loop, tmp_path, site, options)
    assert result.outcome is Outcome.ERROR, result
    assert "read earlier" in (result.error or "")
    assert site.clicks == 1


def test_a_retry_that_stays_processing_is_looked_at_less_often() -> None:
    assert outcome_poll_seconds(100, 0.5) == 0.1  # most retries settle within seconds
    assert outcome_poll_seconds(100, 2.9) == 0.1
    assert outcome_poll_seconds(100, 3.0) == 0.4  # then four times the interval
    assert outcome_poll_seconds(250, 30.0) == 1.0
