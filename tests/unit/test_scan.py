"""run-retry scan's pure parts: the list's dates, the --since/--until window, the batch file."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from thiio_runbook.batchfile import load_batch
from thiio_runbook.config import load_runbook
from thiio_runbook.outcomes import OrderResult, Outcome
from thiio_runbook.pages.orders import OrderMatch
from thiio_runbook.scan import Scan, ScanOptions, batch_text, by_error, keep, list_date
from thiio_runbook.target import Target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        ("2026-11-20 10:53", date(2026, 11, 20)),
        ("Nov 20, 2026", date(2026, 11, 20)),
        ("Nov 20, 2026, 10:53 AM", date(2026, 11, 20)),
        ("November 3 2026", date(2026, 11, 3)),
        ("20 Nov 2026", date(2026, 11, 20)),
        ("11/20/2026", date(2026, 11, 20)),
        ("03/04/2026", None),  # March 4th or 3 April: undated (kept), never guessed
        ("yesterday", None),
        ("2026-02-31", None),
        ("", None),
    ],
)
def test_list_date(text: str, expected: date | None) -> None:
    assert list_date(text) == expected


def test_the_window_keeps_undated_orders() -> None:
    window = ScanOptions(since=date(2026, 11, 1), until=date(2026, 11, 30))
    assert keep(OrderMatch("1", date="Nov 20, 2026"), window) is True
    assert keep(OrderMatch("2", date="Oct 31, 2026"), window) is False
    assert keep(OrderMatch("3", date="Dec 1, 2026"), window) is False
    assert keep(OrderMatch("4", date="n/a"), window) is None  # kept, counted as undated
    assert keep(OrderMatch("5", date="n/a"), ScanOptions()) is True


def failed(order: str, error: str, attempts: int = 1) -> OrderResult:
    return OrderResult(
        order=order,
        outcome=Outcome.DRY_RUN,
        status_before="Failed",
        attempts_before=attempts,
        error=error,
    )


def test_the_batch_file_lists_failed_orders_with_notes_and_loads_as_a_batch(tmp_path) -> None:
    scan = Scan(
        results=[
            failed("10004", "Item [SKU-123] specified in import file does not exist."),
            OrderResult(order="10010", outcome=Outcome.NOT_FAILED, status_before="Success"),
            failed("12345", "500: any server side error.", attempts=3),
            failed("10001", "500: any server side error."),
        ]
    )
    out = tmp_path / "failed.yaml"
    spec = load_runbook(None)
    text = batch_text(scan, spec, Target("https://shop.thiio.io", "a@b.c", "pw"), out)
    out.write_text(text)

    assert f"#   run-retry --batch {out}" in text
    assert "#      2  500: any server side error." in text
    entries = yaml.safe_load(text)
    assert [e["order"] for e in entries] == ["10004", "12345", "10001"]
    assert entries[1]["note"] == "Failed, 3 attempts: 500: any server side error."
    batch = load_batch(out)
    assert [(e.kind, e.value) for e in batch.entries] == [
        ("order", "10004"),
        ("order", "12345"),
        ("order", "10001"),
    ]
    assert by_error(scan.failed)[0] == ("500: any server side error.", 2)


def test_an_empty_scan_writes_an_empty_list(tmp_path) -> None:
    out = tmp_path / "failed.yaml"
    text = batch_text(Scan(), load_runbook(None), Target("https://x.io", "a@b.c", "pw"), out)
    assert yaml.safe_load(text) == []
    assert "0 order(s) with a Failed Ultracart row, of 0 read" in text
