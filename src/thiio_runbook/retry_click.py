"""The click, steps 2.1 and 2.2: open the row's menu, read the row again, click once.

The caller's before-click hook runs (and must return) before the click; a menu the list
closed by re-rendering is opened again, never clicked a second time once the row moved.
"""

from __future__ import annotations

from playwright.async_api import Locator
from playwright.async_api import TimeoutError as PlaywrightTimeout

from .after_click import confirm_if_asked, row_moved
from .locate import poll_until
from .order_state import OrderState
from .order_walk import OrderWalk
from .outcomes import Outcome
from .pages.common import AutomationError
from .steps import OPEN_MENU

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
            dispatched = await item.is_visible()
            if dispatched:
                try:
                    # Short: a menu that is still open is clicked at once; if the list
                    # re-rendered and closed it, Playwright never dispatched the click.
                    await item.click(timeout=min(walk.screen.action_ms, 3000))
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
            # time out, and the screen takes a moment to show it, so the row is watched as
            # long as an interrupted click's is (timeouts.reread_after_seconds). (A menu
            # already closed before the click was never clicked: no need to wait then.)
            moved = dispatched and await poll_until(
                lambda: row_moved(walk, state),
                walk.screen.timeouts.reread_after_seconds,
                walk.screen.timeouts.poll_interval_ms,
            )
            fresh = await walk.pane.find_row()
            reading = await walk.pane.read_row(fresh) if fresh is not None else None
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
            item = await walk.pane.open_menu(fresh, spec.action)
        state.click.clicked()
        note.detail = f"clicked {spec.action!r}" + (
            f" (menu re-opened {reopened}x: the list re-rendered)" if reopened else ""
        )
        if await confirm_if_asked(walk):
            state.click.dialog_confirmed = True
            note.detail += "; confirmed the dialog"
    return True
