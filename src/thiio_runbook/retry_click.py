"""The click, steps 2.1 and 2.2: open the row's menu, read the row again, click once.

The caller's before-click hook runs (and must return) before the click; a menu the list
closed by re-rendering before the click is opened again. A click that may have been made (it
timed out once dispatched) is never made again from here: unless the row shows it landed, the
order is read afresh first (runbook.RetryProcedure._verify_click), and only a row proved
untouched lets the intent be withdrawn and a new one made.
"""

from __future__ import annotations

import time

from playwright.async_api import Locator
from playwright.async_api import TimeoutError as PlaywrightTimeout

from .after_click import confirm_if_asked, row_moved
from .locate import poll_until
from .order_state import OrderState
from .order_walk import OrderWalk
from .outcomes import Outcome
from .pages.common import AutomationError
from .steps import OPEN_MENU, StepNote

# A list that re-renders closes the open menu; it is opened again this often before giving up.
MAX_MENU_REOPENS = 5


class ClickVetoed(Exception):
    """Raised by a before-click hook: do not click; the order ends in `outcome` with `reason`."""

    def __init__(self, outcome: Outcome, reason: str) -> None:
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason


async def menu_and_click(
    walk: OrderWalk,
    state: OrderState,
    row: Locator,
    *,
    action_step: str,
) -> bool:
    """2.1 and 2.2: open the row's menu, read the row again, click once."""
    result, log, spec = state.result, state.log, walk.spec
    dry_run, before_retry_click = state.options.dry_run, state.options.before_retry_click
    async with log.step(OPEN_MENU) as note:
        item = await walk.pane.open_menu(row, spec.action)
        note.detail = f"menu shows {spec.action!r}"
        # Read again with the menu open: act only on what is on screen right now.
        reading = (await walk.pane.look()).reading
        if reading is None or reading.status != spec.retryable_status:
            await walk.pane.close_menu(item)
            result.outcome = Outcome.NOT_FAILED
            result.note = "the row changed before the click: left alone"
            note.detail = "row no longer " + spec.retryable_status
            return False
        if dry_run:
            await walk.pane.close_menu(item)
            result.outcome = Outcome.DRY_RUN
            result.note = (
                f"dry run: would have clicked {spec.action!r} "
                f"(status {reading.status_text}, attempts {reading.attempts})"
            )
            note.detail = f"dry run: {spec.action!r} is there; menu closed without clicking"
            return False
    async with log.step(action_step) as note:
        try:
            await before_retry_click(state.number, reading.status_text, reading.attempts)
            state.click.intended()
        except ClickVetoed as veto:
            await walk.pane.close_menu(item)
            result.outcome = veto.outcome
            result.note = veto.reason
            note.detail = f"not clicked: {veto.reason}"
            return False
        except Exception as exc:  # e.g. the journal could not record the intent: no click
            await walk.pane.close_menu(item)
            raise AutomationError(
                "the go-ahead to click (the before-click hook failed; nothing was clicked)",
                f"{type(exc).__name__}: {exc}",
            ) from exc
        reopened = 0
        while True:
            if await item.is_visible():
                attempted_at = time.monotonic()
                try:
                    # Short: a menu that is still open is clicked at once; if the list
                    # re-rendered and closed it, Playwright never dispatched the click.
                    await item.click(timeout=min(walk.screen.action_ms, 3000))
                    break
                except PlaywrightTimeout:
                    # Maybe dispatched: on a slow machine a click can land and still time
                    # out, and the screen takes a moment to show it.
                    return await _after_an_uncertain_click(walk, state, attempted_at, note)
            reopened += 1
            if reopened > MAX_MENU_REOPENS:
                raise AutomationError(
                    f"the {spec.action!r} menu item staying open long enough to click",
                    "the menu closed each time (the list keeps re-rendering)",
                )
            # The menu closed before the click (never clicked): re-open the menu of the
            # freshly located row, still Failed, and try again.
            fresh = await walk.pane.find_row()
            reading = await walk.pane.read_row(fresh) if fresh is not None else None
            if reading is None or reading.status != spec.retryable_status:
                # The row changed meanwhile (retried elsewhere, or redrawn as it moves):
                # never clicked again; 2.3 only reads it.
                state.click.clicked()
                state.click.moved()
                note.detail = (
                    f"the row changed while the menu was opened again (it showed "
                    f"{reading.status_text if reading else 'nothing'}): only read from here"
                )
                return True
            assert fresh is not None  # it was read just now: still the Failed row
            item = await walk.pane.open_menu(fresh, spec.action)
        state.click.clicked()
        note.detail = f"clicked {spec.action!r}" + (
            f" (menu re-opened {reopened}x: the list re-rendered)" if reopened else ""
        )
        if await confirm_if_asked(walk):
            state.click.dialog_confirmed = True
            note.detail += "; confirmed the dialog"
    return True


async def _after_an_uncertain_click(
    walk: OrderWalk, state: OrderState, attempted_at: float, note: StepNote
) -> bool:
    """A click that timed out once dispatched may have landed. The row is watched as long as
    an interrupted click's (timeouts.reread_after_seconds): moved, it landed and 2.3 reads the
    outcome; else the order is re-read afresh before anything else (raises), and only a row
    proved untouched lets the intent be withdrawn, before any new click."""
    spec, timeouts = walk.spec, walk.screen.timeouts
    moved = await poll_until(
        lambda: row_moved(walk, state), timeouts.reread_after_seconds, timeouts.poll_interval_ms
    )
    if moved:
        state.click.clicked(now=attempted_at)
        state.click.moved()
        note.detail = f"clicked {spec.action!r} (the click timed out, but the row moved: it landed)"
        return True
    state.click.maybe_clicked(at=attempted_at)
    raise AutomationError(
        f"the {spec.action!r} click to show on the row",
        "the click timed out and the row did not move: the order is read afresh before "
        "anything else",
    )
