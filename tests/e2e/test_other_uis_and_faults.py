"""The sandbox's UI faults: a popup after login, a confirmation dialog, a list that keeps
re-rendering, a retry that never finishes, a search that fails. (Every front end with the
default configuration: test_front_ends.py.)"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from thiio_runbook.journal import Journal

from .batch_support import fail_searches, ledger_counts, write_batch

pytestmark = pytest.mark.browser


def test_popup_after_login_confirmation_dialog_and_rerendering_list(
    sandbox, account, run_retry
) -> None:
    sandbox.set_faults(post_login_dialog=True, confirm_retry=True, rerender_ms=1500)
    run = run_retry("--order", "10018")  # Ultracart Failed + System Webhook Failed

    assert run.code == 0, run.out
    assert [(r["order"], r["integration"]) for r in sandbox.ledger()] == [("10018", "Ultracart")]
    retry_step = next(s for s in run.order("10018")["steps"] if s["name"] == "2.2 retry")
    assert "confirmed the dialog" in retry_step["detail"]


def test_retry_that_never_finishes_is_pending_and_not_clicked_again(
    sandbox, account, run_retry, workdir: Path
) -> None:
    (workdir / "playwright.config.yaml").write_text(
        "timeouts: {retry_outcome_seconds: 5, reread_after_seconds: 2, element_seconds: 8}\n"
    )
    sandbox.set_faults(stuck_processing=["12345"])
    run = run_retry("--order", "12345")

    assert run.code == 1, run.out
    order = run.order("12345")
    assert order["outcome"] == "pending"
    assert order["status_after"] == "Processing"
    assert "outcome unknown" in order["note"]
    assert len(sandbox.ledger()) == 1  # re-read by re-opening the order, never a second click


def test_retry_request_that_fails_is_re_read_never_clicked_again(
    sandbox, account, run_retry, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Retry call answers 502 (half the time after the retry was recorded: the nasty
    real case). The tool re-reads by re-opening the order; it never clicks Retry again."""
    (workdir / "playwright.config.yaml").write_text(
        "timeouts: {retry_outcome_seconds: 10, reread_after_seconds: 2, element_seconds: 8}\n"
    )
    from thiio_runbook import journal, steps

    record_intent = journal.Journal.mark_intended

    def break_the_network(self, entry_id, order, status, attempts) -> None:
        # Right before the click (the intent is the last thing before it): every call fails.
        record_intent(self, entry_id, order, status, attempts)
        sandbox.set_faults(error_rate=1.0)

    original_add = steps.StepLog.add

    def add(self, record) -> None:
        original_add(self, record)
        if record.name == "2.2 retry":
            sandbox.set_faults(error_rate=0)

    monkeypatch.setattr(steps.StepLog, "add", add)
    monkeypatch.setattr(journal.Journal, "mark_intended", break_the_network)
    run = run_retry("--order", "12345")

    ledger = sandbox.ledger()
    assert len(ledger) <= 1
    outcome = run.order("12345")["outcome"]
    if ledger:  # recorded before the 502: re-reading shows the real result
        assert outcome == "succeeded", run.out
    else:  # never reached Thiio: the row still says Failed with the old attempts
        assert outcome == "pending", run.out
        assert "outcome unknown" in run.order("12345")["note"]


def test_a_search_that_keeps_failing_is_an_error_never_not_found(
    sandbox, account, run_retry, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """That is no evidence the order is missing: the outcome is `error` (safe to run again),
    not `not_found`, and nothing is clicked."""
    (workdir / "playwright.config.yaml").write_text("timeouts: {search_seconds: 3}\n")
    fail_searches(monkeypatch, sandbox, lambda term: True)
    run = run_retry("--order", "10004")  # not on the list's first page

    assert run.code == 3, run.out
    order = run.order("10004")
    assert order["outcome"] == "error", order
    assert "search results for '10004'" in order["error"]
    assert "looking once more at the end" in run.out  # and the second try failed too
    assert sandbox.ledger() == []


def test_an_order_that_met_a_passing_fault_is_tried_once_more_at_the_end(
    sandbox, account, run_retry, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search for 10004 fails until the batch has recorded that order's error; the
    second try at the end of the run then retries it, once."""
    (workdir / "playwright.config.yaml").write_text("timeouts: {search_seconds: 3}\n")
    write_batch(workdir, "orders.yaml", ["- 10004", "- 12345", "- 10002"])
    first_error_recorded = threading.Event()
    fail_searches(monkeypatch, sandbox, lambda term: not first_error_recorded.is_set())
    record = Journal.mark_done

    def mark_done(self, entry_id, result, **kwargs):
        if result.order == "10004" and result.outcome.value == "error":
            first_error_recorded.set()
        return record(self, entry_id, result, **kwargs)

    monkeypatch.setattr(Journal, "mark_done", mark_done)
    run = run_retry("--batch", "orders.yaml", "--yes", "--concurrency", "1")

    assert first_error_recorded.is_set()
    assert "10004: error (" in run.err and "looking once more at the end" in run.err
    assert ledger_counts(sandbox) == {"10004": 1, "12345": 1, "10002": 1}
    outcomes = {o["order"]: o["outcome"] for o in run.orders}
    assert outcomes == {"10004": "still_failed", "12345": "succeeded", "10002": "succeeded"}
    assert run.code == 1, run.out  # 10004's UltraCart error persists: a person looks
