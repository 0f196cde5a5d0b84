"""The morning after an UltraCart outage: a second run of the same list holds what failed for
a persistent reason (the article: resolve it first) and retries what failed for a passing
one; the advice says which is which. The sandbox's ledger is the judge."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from .batch_support import failed_ultracart_orders, ledger_counts, write_batch

pytestmark = pytest.mark.browser


def test_a_second_run_holds_persistent_failures_and_retries_passing_ones(
    sandbox, account, run_retry, workdir: Path
) -> None:
    write_batch(workdir, "orders.yaml", ["- 10004", "- 10005", "- 10008", "- 12345"])

    first = run_retry("--batch", "orders.yaml", "--yes")

    outcomes = {o["order"]: o["outcome"] for o in first.orders}
    assert outcomes == {
        "10004": "still_failed",
        "10005": "still_failed",
        "10008": "still_failed",  # a 429: passes by itself
        "12345": "succeeded",
    }, first.out
    assert "resolve the cause" in first.order("10004")["advice"]
    assert "passing error" in first.order("10008")["advice"]

    second = run_retry("--batch", "orders.yaml", "--yes")

    outcomes = {o["order"]: o["outcome"] for o in second.orders}
    assert outcomes == {
        "10004": "held",
        "10005": "held",
        "10008": "succeeded",  # the rate limit had passed
        "12345": "not_failed",
    }, second.out
    held = second.order("10004")
    assert "same reason after our last retry" in held["note"] and "--again" in held["note"]
    assert held["error"] == "Item [SKU-123] specified in import file does not exist."
    assert second.code == 1
    assert ledger_counts(sandbox) == Counter({"10004": 1, "10005": 1, "10008": 2, "12345": 1})


def test_again_retries_a_held_order_and_a_changed_row_is_not_held(
    sandbox, account, run_retry
) -> None:
    assert run_retry("--order", "10004").order("10004")["outcome"] == "still_failed"
    assert run_retry("--order", "10004").order("10004")["outcome"] == "held"
    assert ledger_counts(sandbox) == Counter({"10004": 1})

    again = run_retry("--order", "10004", "--again")
    assert again.order("10004")["outcome"] == "still_failed", again.out
    assert ledger_counts(sandbox) == Counter({"10004": 2})

    # Someone retried it by hand since (the attempt count moved): no longer held.
    (row,) = sandbox.store.notifications_of("10004", "Ultracart")
    sandbox.store.request_retry(row["id"], "merchant@thiio.test")
    settle(lambda: sandbox.store.notifications_of("10004", "Ultracart")[0]["status"] == "Failed")
    run = run_retry("--order", "10004")
    assert run.order("10004")["outcome"] == "still_failed", run.out
    assert sum(ledger_counts(sandbox).values()) == 4


def settle(done: Callable[[], bool], seconds: float = 15.0) -> None:
    """Until `done()` (the sandbox resolving a retry when its delay has passed), bounded."""
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the sandbox never settled"
        time.sleep(0.1)


@pytest.mark.slow
def test_scan_finds_exactly_the_failed_orders_then_the_batch_retries_them(
    sandbox, account, run_retry, workdir: Path
) -> None:
    """scan -> review -> batch: the list is the sandbox's own set of Failed Ultracart orders,
    found read-only (the ledger stays empty), and the batch then retries each exactly once."""
    scan = run_retry("scan", "--out", "failed.yaml", "--concurrency", "3")

    assert scan.code == 0, scan.out + scan.err
    assert sandbox.ledger() == []
    failed = failed_ultracart_orders(sandbox)
    listed = yaml.safe_load((workdir / "failed.yaml").read_text())
    assert {entry["order"] for entry in listed} == failed
    note = next(e["note"] for e in listed if e["order"] == "10004")
    assert note == "Failed, 1 attempt: Item [SKU-123] specified in import file does not exist."
    assert "run-retry --batch" in (workdir / "failed.yaml").read_text()
    assert f"scan: {len(failed)} order(s) with a Failed Ultracart row, of 42 read" in scan.out

    batch = run_retry("--batch", "failed.yaml", "--yes", "--concurrency", "4")

    assert ledger_counts(sandbox) == Counter({number: 1 for number in failed}), batch.out
    assert {o["order"] for o in batch.orders} == failed


@pytest.mark.parametrize("ui", ["quasar", pytest.param("vuetify2", marks=pytest.mark.slow)])
def test_scan_pages_through_a_blind_front_end_with_a_limit(
    ui: str, sandbox_of, workdir: Path, run_retry
) -> None:
    """Front ends written without the tool (Quasar's paging buttons have no names): the
    first 30 listed orders, read-only, across the list's pages."""
    running = sandbox_of(ui)
    scan = run_retry("scan", "--limit", "30", "--out", "failed.yaml", "--concurrency", "3")
    assert scan.code == 0, scan.out + scan.err
    assert "of 30 read" in scan.out
    assert "list page 2:" in scan.out  # 25 a page: the walk went on to the next one
    assert running.ledger() == []
    listed = yaml.safe_load((workdir / "failed.yaml").read_text()) or []
    assert {e["order"] for e in listed} <= failed_ultracart_orders(running)
    assert len(listed) >= 10


def test_again_transient_retries_a_rate_limited_order_after_a_back_off(
    sandbox, account, run_retry, workdir: Path
) -> None:
    """10008: UltraCart's 429 on the first retry, success on the second. With --again-transient
    2 it gets one more round (and succeeds); 10004's persistent error gets none."""
    write_batch(workdir, "orders.yaml", ["- 10008", "- 10004"])

    run = run_retry(
        "--batch", "orders.yaml", "--yes", "--again-transient", "2", "--transient-wait", "1"
    )

    assert ledger_counts(sandbox) == Counter({"10008": 2, "10004": 1}), run.out
    order = run.order("10008")
    assert order["outcome"] == "succeeded", run.out
    assert "retried 1 more time(s) in this run after passing errors (429:" in order["note"]
    assert run.order("10004")["outcome"] == "still_failed"
    assert "UltraCart's rate limit: at most 30 clicks a minute now" in run.err
    assert "round 1 of 2" in run.err
