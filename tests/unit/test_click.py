"""The click's life (click.py): every transition the fault matrix drives, with readings of a
row instead of a browser."""

from __future__ import annotations

import pytest

from thiio_runbook.click import (
    MAX_OUTCOME_READS,
    MAX_WITHDRAWALS,
    ClickLife,
    ClickOrderError,
    Next,
    Stage,
)
from thiio_runbook.pages.order_pane import RowReading

FAILED = "failed"


def row(status: str | None, attempts: int | None) -> RowReading:
    return RowReading(status, (status or "").title(), attempts, None, "")


def clicked_life(attempts: int | None = 1) -> ClickLife:
    life = ClickLife()
    life.checked(row(FAILED, attempts))
    life.intended()
    life.clicked()
    return life


def test_the_plain_path_checked_intended_clicked_confirmed() -> None:
    life = ClickLife()
    assert not life.may_have_clicked
    life.checked(row(FAILED, 1))
    life.intended()
    assert life.stage is Stage.INTENDED and life.own_intent and not life.may_have_clicked
    life.clicked()
    assert life.may_have_clicked and not life.landed
    life.moved()  # Processing showed
    assert life.stage is Stage.CONFIRMED and life.landed


def test_no_click_without_a_recorded_intent_and_no_intent_without_a_reading() -> None:
    life = ClickLife()
    with pytest.raises(ClickOrderError):
        life.intended()
    life.checked(row(FAILED, 1))
    with pytest.raises(ClickOrderError):
        life.clicked()


def test_moving_before_any_click_proves_nothing() -> None:
    life = ClickLife()
    life.checked(row(FAILED, 1))
    life.moved()
    assert life.stage is Stage.CHECKED


def test_a_failure_before_the_intent_is_an_error_and_never_a_read_again() -> None:
    life = ClickLife()
    life.checked(row(FAILED, 1))
    assert life.failed(expired=False) is Next.GIVE_UP
    life.gave_up()
    assert not life.may_have_clicked  # the order ends in error: safe to run again


def test_an_expired_session_before_the_intent_logs_in_and_reads_the_row_again() -> None:
    life = ClickLife()
    life.checked(row(FAILED, 1))
    assert life.failed(expired=True) is Next.LOG_IN_AGAIN
    assert not life.verify_first and not life.may_have_clicked
    life.checked(row(FAILED, 1))  # read again after the new login: allowed


def test_a_failure_between_the_intent_and_the_click_counts_as_maybe_clicked() -> None:
    """The hook returned, then the click's own call failed: it may have been dispatched."""
    life = ClickLife()
    life.checked(row(FAILED, 1))
    life.intended()
    assert life.failed(expired=False) is Next.READ_AGAIN
    assert life.may_have_clicked and life.verify_first


def test_an_expired_session_after_the_click_re_reads_before_anything_else() -> None:
    life = clicked_life()
    assert life.failed(expired=True) is Next.LOG_IN_AGAIN
    assert life.verify_first


def test_reading_the_outcome_is_repeated_a_few_times_then_the_order_is_pending() -> None:
    life = clicked_life()
    for _ in range(MAX_OUTCOME_READS):
        assert life.failed(expired=False) is Next.READ_AGAIN
    assert life.failed(expired=False) is Next.GIVE_UP
    life.gave_up()
    assert life.stage is Stage.UNKNOWN and life.may_have_clicked  # pending, never again


def test_once_the_row_moved_a_new_login_does_not_re_verify() -> None:
    life = clicked_life()
    life.moved()
    assert life.failed(expired=True) is Next.LOG_IN_AGAIN
    assert not life.verify_first and life.landed


def test_the_same_attempt_count_proves_the_click_never_landed() -> None:
    life = clicked_life(attempts=2)
    life.failed(expired=True)
    assert life.verified(row(FAILED, 2), FAILED) is False
    assert not life.verify_first


@pytest.mark.parametrize(
    "now",
    [
        row(FAILED, 3),  # one more attempt: it landed and failed again
        row("processing", 2),  # in progress
        row("success", 2),
        row(FAILED, None),  # the count cannot be read: nothing is proven
    ],
)
def test_anything_else_counts_as_landed(now: RowReading) -> None:
    life = clicked_life(attempts=2)
    assert life.verified(now, FAILED) is True
    assert life.landed


def test_an_unreadable_count_before_the_click_proves_nothing_either() -> None:
    life = clicked_life(attempts=None)
    assert life.verified(row(FAILED, None), FAILED) is True


def test_a_withdrawn_click_is_made_again_at_most_twice() -> None:
    life = clicked_life()
    for round_number in range(1, MAX_WITHDRAWALS + 1):
        assert life.verified(row(FAILED, 1), FAILED) is False
        assert life.withdraw() is True
        assert life.stage is Stage.WITHDRAWN and not life.own_intent
        assert not life.may_have_clicked
        life.checked(row(FAILED, 1))
        life.intended()
        life.clicked()
        assert life.withdrawals == round_number
    assert life.withdraw() is False  # the third: the order ends, not clicked
    life.gave_up()
    assert not life.may_have_clicked


def test_an_earlier_runs_click_is_only_ever_read() -> None:
    life = ClickLife.resumed(row(FAILED, 4))
    assert life.may_have_clicked and life.verify_first and not life.own_intent
    assert life.verified(row(FAILED, 4), FAILED) is False
    with pytest.raises(ClickOrderError):
        life.withdraw()  # the journal takes it back (mark_not_clicked), the caller decides
    with pytest.raises(ClickOrderError):
        life.intended()


def test_an_earlier_runs_click_that_moved_the_row_is_read_to_its_end() -> None:
    life = ClickLife.resumed(row(FAILED, 4))
    assert life.verified(row("success", 5), FAILED) is True
    assert life.landed


def test_a_row_read_as_before_proves_nothing_until_it_has_settled() -> None:
    life = ClickLife()
    life.checked(row(FAILED, 1))
    life.intended()
    life.clicked(now=100.0)
    assert life.seconds_to_settle(6.0, now=101.5) == 4.5  # watched 4.5 s more first
    assert life.seconds_to_settle(6.0, now=107.0) == 0.0
    # A click interrupted in flight is dated when the interruption came.
    interrupted = ClickLife()
    interrupted.checked(row(FAILED, 1))
    interrupted.intended()
    assert interrupted.failed(expired=False) is Next.READ_AGAIN
    assert interrupted.clicked_at is not None and interrupted.seconds_to_settle(6.0) > 5.0
    # An earlier run's click: when it was made is not known here, so the whole of it.
    assert ClickLife.resumed(row(FAILED, 1)).seconds_to_settle(6.0) == 6.0


def test_a_click_that_timed_out_once_dispatched_is_dated_then_and_verified_first() -> None:
    life = ClickLife()
    life.checked(row(FAILED, 1))
    life.intended()
    life.maybe_clicked(at=100.0)
    assert life.stage is Stage.CLICKED and life.verify_first and life.clicked_at == 100.0
    assert life.seconds_to_settle(6.0, now=103.0) == 3.0
    life.maybe_clicked(at=200.0)  # interrupted again: still the first moment
    assert life.clicked_at == 100.0
