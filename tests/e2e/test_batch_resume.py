"""Exactly once across interruptions, the brake on repeated errors, a session expiring mid-batch.

The interruptions are deterministic: Journal methods are wrapped to raise KeyboardInterrupt at
the two dangerous moments (intent recorded but not clicked; clicked but outcome not recorded).
The sandbox's ledger says how many times each order was really retried.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from thiio_runbook.journal import DONE, INTENDED, Journal

from .batch_support import QUICK_CONFIG, journal_entries, ledger_counts, write_batch

pytestmark = pytest.mark.browser


def results_of(run_dir: Path) -> dict[str, Any]:
    return json.loads((run_dir / "results.json").read_text())


def test_killed_between_intent_and_click_resume_retries_once(
    sandbox, account, run_retry, workdir, monkeypatch
) -> None:
    write_batch(workdir, "orders.yaml", ["- 12345"])
    original = Journal.mark_intended

    def intend_then_die(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)  # the intent is on disk ...
        raise KeyboardInterrupt  # ... and the process dies before the click

    monkeypatch.setattr(Journal, "mark_intended", intend_then_die)
    first = run_retry("--batch", "orders.yaml", "--yes")

    assert first.code == 130, first.out + first.err
    assert ledger_counts(sandbox) == {}
    (record,) = journal_entries(first.run_dir)
    assert [(t.order, t.state, t.attempts_before) for t in record.targets] == [
        ("12345", INTENDED, 1)
    ]

    monkeypatch.setattr(Journal, "mark_intended", original)
    resumed = run_retry("--resume")

    # The re-read found the row still Failed with 1 attempt: the click never landed, so the
    # order was retried now, exactly once.
    assert resumed.code == 0, resumed.out + resumed.err
    assert ledger_counts(sandbox) == {"12345": 1}
    (order,) = results_of(first.run_dir)["orders"]
    assert (order["order"], order["outcome"]) == ("12345", "succeeded")
    assert (order["attempts_before"], order["attempts_after"]) == (1, 2)


def test_killed_after_the_click_resume_rereads_and_never_clicks_again(
    sandbox, account, run_retry, workdir, monkeypatch
) -> None:
    write_batch(workdir, "orders.yaml", ["- 12345"])
    original = Journal.mark_done
    calls: list[str] = []

    def die_once(self, entry_id, result, **kwargs):
        calls.append(result.order)
        if len(calls) == 1:
            raise KeyboardInterrupt  # clicked, but the outcome never reached the journal
        return original(self, entry_id, result, **kwargs)

    monkeypatch.setattr(Journal, "mark_done", die_once)
    first = run_retry("--batch", "orders.yaml", "--yes", "--concurrency", "2")
    assert first.code == 130, first.out + first.err
    assert ledger_counts(sandbox) == {"12345": 1}

    resumed = run_retry("--resume")

    assert resumed.code == 0, resumed.out + resumed.err
    assert ledger_counts(sandbox) == {"12345": 1}  # re-read, not clicked again
    (order,) = results_of(first.run_dir)["orders"]
    assert order["outcome"] == "succeeded"
    assert "not clicked again" in order["note"]
    assert [(r.state, r.targets[0].outcome.value) for r in journal_entries(first.run_dir)] == [
        (DONE, "succeeded")
    ]

    # (c) Nothing left: says so, exits by the recorded outcomes, clicks nothing.
    again = run_retry("--resume", first.run_dir.name)
    assert again.code == 0, again.out + again.err
    assert "nothing left to do" in again.out
    assert ledger_counts(sandbox) == {"12345": 1}

    # ... and --resume without an id looks for an unfinished run: there is none.
    latest = run_retry("--resume")
    assert latest.code == 2 and "no unfinished run to resume" in latest.err

    # (d) Another account (THIIO_URL) cannot resume this run.
    monkeypatch.setenv("THIIO_URL", "http://127.0.0.1:9")
    elsewhere = run_retry("--resume", first.run_dir.name)
    assert elsewhere.code == 2
    assert sandbox.url in elsewhere.err and "THIIO_URL" in elsewhere.err
    assert ledger_counts(sandbox) == {"12345": 1}


BROKEN_TAB_CONFIG = QUICK_CONFIG.replace("element_seconds: 8", "element_seconds: 3") + (
    'labels:\n  tabs:\n    notifications: ["Notification Log"]\n'
)
TEN = ["12345", "10001", "10002", "10010", "10011", "10012", "10013", "10015", "10016", "10019"]


def test_repeated_errors_stop_the_batch_and_resume_finishes_it(
    sandbox, account, run_retry, workdir
) -> None:
    # A label the site does not show: every order fails at step 1.4, before any click.
    quick = (workdir / "playwright.config.yaml").read_text()
    (workdir / "playwright.config.yaml").write_text(BROKEN_TAB_CONFIG)
    write_batch(workdir, "orders.yaml", [f"- {n}" for n in TEN])

    first = run_retry("--batch", "orders.yaml", "--yes", "--concurrency", "2", "--max-errors", "2")

    assert first.code == 3, first.out + first.err
    assert "stopped early after repeated automation errors" in first.out
    assert ledger_counts(sandbox) == {}
    errors = [o for o in first.orders if o["outcome"] == "error"]
    # K=2 in a row trips the brake; the other page may finish the order it had in hand.
    # The rest are in the report as not done: every entry of the input is accounted for.
    assert 2 <= len(errors) <= 3, first.orders
    assert sorted(o["order"] for o in first.orders) == sorted(TEN)
    assert {o["outcome"] for o in first.orders} == {"error", "not_done"}
    assert f"run-retry --resume {first.run_dir.name}" in first.out

    (workdir / "playwright.config.yaml").write_text(quick)  # the config fixed
    resumed = run_retry("--resume")

    assert resumed.code == 1, resumed.out + resumed.err  # 10015/10016 have no Ultracart row
    assert ledger_counts(sandbox) == {"12345": 1, "10001": 1, "10002": 1}
    outcomes = {o["order"]: o["outcome"] for o in results_of(first.run_dir)["orders"]}
    assert outcomes == {
        "12345": "succeeded",
        "10001": "succeeded",
        "10002": "succeeded",
        "10010": "not_failed",
        "10011": "not_failed",
        "10012": "not_failed",
        "10013": "not_failed",
        "10015": "no_row",
        "10016": "no_row",
        "10019": "not_failed",
    }


def test_session_expiring_mid_batch_logs_in_again_and_retries_nothing_twice(
    sandbox, account, run_retry, workdir, monkeypatch
) -> None:
    orders = ["12345", "10001", "10002", "10003", "10017", "10018"]
    write_batch(workdir, "orders.yaml", [f"- {n}" for n in orders])
    original_done = Journal.mark_done
    recorded: list[str] = []

    def done_then_expire(self, entry_id, result, **kwargs):
        recorded.append(result.order)
        if len(recorded) == 2:
            # Every session alive now ends: the pages meet the login form mid-work.
            sandbox.expire_sessions()
        return original_done(self, entry_id, result, **kwargs)

    monkeypatch.setattr(Journal, "mark_done", done_then_expire)
    run = run_retry("--batch", "orders.yaml", "--yes", "--concurrency", "2")

    assert run.code == 0, run.out + run.err
    assert ledger_counts(sandbox) == {n: 1 for n in orders}
    assert {o["order"]: o["outcome"] for o in run.orders} == {n: "succeeded" for n in orders}
    relogins = [
        step
        for o in run.orders
        for step in o["steps"][1:]
        if step["name"] == "1.1 log in" and "session expired" in step["detail"]
    ]
    assert relogins, [o["steps"] for o in run.orders]


def test_session_expiring_between_intent_and_click_rereads_then_clicks_once(
    sandbox, account, run_retry, monkeypatch
) -> None:
    """The journal holds the intent, then every session ends before the click lands. After
    logging in again the row still shows the attempt count read before: the click never
    reached the site, so the intent is withdrawn and Retry clicked once -- exactly once."""
    record_intent = Journal.mark_intended
    expired: list[str] = []

    def intend_then_expire(self, entry_id, order, status, attempts) -> None:
        record_intent(self, entry_id, order, status, attempts)
        if not expired:
            expired.append(order)
            sandbox.expire_sessions()

    monkeypatch.setattr(Journal, "mark_intended", intend_then_expire)
    run = run_retry("--order", "12345")

    assert expired == ["12345"]
    assert run.code == 0, run.out + run.err
    assert ledger_counts(sandbox) == {"12345": 1}
    order = run.order("12345")
    assert order["outcome"] == "succeeded"
    names = [step["name"] for step in order["steps"]]
    assert names.count("1.1 log in") == 2 and names.count("2.2 retry") == 2, names
