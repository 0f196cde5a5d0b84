"""After the click, steps 2.3 and 2.4: the outcome is only ever *read* -- waiting (bounded)
for the row to leave Pending/Processing, re-opening the order if the screen looks stale --
never clicked again. Also what the click itself reads: whether the row moved, and a
confirmation dialog some sites show.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from playwright.async_api import TimeoutError as PlaywrightTimeout

from .locate import poll_until
from .order_state import OrderState
from .order_walk import OrderWalk
from .outcomes import Outcome
from .pages.common import SessionExpired
from .pages.order_pane import RowReading
from .steps import CONFIRM_PROCESSING, PERSISTENT_ERRORS

IN_PROGRESS = ("pending", "processing")
QUICK_OUTCOME_SECONDS = 3.0  # after the click, the row is looked at every poll interval ...
RELAXED_POLLS = 4  # ... and then at this many times the interval


async def read_outcome(walk: OrderWalk, state: OrderState) -> None:
    """2.3: wait (bounded) until the row leaves Pending/Processing; 2.4 on a new failure."""
    result, log, spec = state.result, state.log, walk.spec
    timeouts = walk.screen.timeouts
    before = state.click.reading_before
    async with log.step(CONFIRM_PROCESSING) as note:
        started = time.monotonic()
        deadline = started + timeouts.retry_outcome_seconds
        last_change = started
        last_text: str | None = None
        saw_in_progress = False
        reading: RowReading | None = None
        rereads = 0
        while True:
            look = await walk.pane.look()  # one read of the pane a poll
            if look.login:
                raise SessionExpired("the login form appeared")
            button = walk.pane.confirm_button()
            if not state.click.dialog_confirmed and look.dialogs and await button.count():
                with contextlib.suppress(PlaywrightTimeout):  # a late confirmation dialog
                    await button.first.click(timeout=min(walk.screen.action_ms, 3000))
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
                        or more(reading.attempts, before.attempts if before else None)
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
                await walk.open_order(state.number, quiet=True)
                last_change = time.monotonic()
                continue
            await asyncio.sleep(outcome_poll_seconds(timeouts.poll_interval_ms, now - started))
        if reading is not None:
            result.status_after = reading.status_text or None
            result.attempts_after = reading.attempts
            note.detail = walk.describe(reading) + (
                f" (re-opened the order {rereads}x)" if rereads else ""
            )
        if reading is None:
            result.outcome = Outcome.PENDING
            result.note = "the row could not be read after the click; look at the order"
        elif reading.status == "success":
            result.outcome = Outcome.SUCCEEDED
        elif reading.status == spec.retryable_status and (
            saw_in_progress or more(reading.attempts, before.attempts if before else None)
        ):
            result.outcome = Outcome.STILL_FAILED
            result.error = reading.error
            row = await walk.pane.find_row_now() if result.error is None else None
            if row is not None:
                result.error = await walk.pane.message_from_tooltip(row)
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


async def row_moved(walk: OrderWalk, state: OrderState) -> bool | None:
    """True once the row is no longer the Failed row read before the click."""
    reading = (await walk.pane.look()).reading
    if reading is None:
        return None
    before = state.click.reading_before
    if reading.status != walk.spec.retryable_status:
        return True
    return more(reading.attempts, before.attempts if before else None) or None


async def confirm_if_asked(walk: OrderWalk) -> bool:
    """Some sites ask "Retry this notification?": click the confirm button of that dialog."""
    button = walk.pane.confirm_button()

    async def asked() -> str | None:
        look = await walk.pane.look()
        if look.dialogs and await button.count():
            return "dialog"
        if look.reading is not None and look.reading.status != walk.spec.retryable_status:
            return "moved"
        return None

    answer = await poll_until(
        asked,
        min(walk.screen.timeouts.element_seconds, 3.0),
        walk.screen.timeouts.poll_interval_ms,
    )
    if answer == "dialog":
        try:
            await button.first.click(timeout=walk.screen.action_ms)
        except PlaywrightTimeout:
            return False  # step 2.3 looks for the dialog again
        return True
    return False


def outcome_poll_seconds(interval_ms: int, waited_seconds: float) -> float:
    """How long to wait before looking at the row again: the poll interval while most
    retries settle (QUICK_OUTCOME_SECONDS), then RELAXED_POLLS times as long (a retry that
    stays Processing for a minute is not looked at ten times a second)."""
    relaxed = waited_seconds >= QUICK_OUTCOME_SECONDS
    return interval_ms / 1000 * (RELAXED_POLLS if relaxed else 1)


def more(now: int | None, before: int | None) -> bool:
    """More attempts now than read before the click (both known)."""
    return now is not None and before is not None and now > before
