"""run-retry doctor: the read-only walk of a runbook, against a fresh sandbox per test.

The ledger proves nothing was retried; the run folder holds a screenshot per step.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

RUNBOOKS = Path(__file__).resolve().parents[2] / "runbooks"


def test_doctor_passes_on_the_sandbox_and_clicks_nothing(sandbox, account, run_retry) -> None:
    run = run_retry("doctor", "--order", "12345")

    assert run.code == 0, run.out + run.err
    assert sandbox.ledger() == []
    assert "doctor: all 10 checks resolved exactly once (order 12345)" in run.out
    for key in (
        "labels.nav.orders",
        "labels.search",
        "labels.tabs.notifications",
        "integration",
        "labels.status_words.failed",
        "labels.row_menu",
        "action",
    ):
        assert f"{key} " in run.out, key
    assert "2.2 retry  not clicked" in run.out
    shots = sorted(p.relative_to(run.run_dir).as_posix() for p in run.run_dir.rglob("*.png"))
    assert shots == [
        "12345/01-locate-order.png",
        "12345/02-notifications-tab.png",
        "12345/03-identify-failed-ultracart.png",
        "12345/04-open-menu.png",
        "doctor/01-log-in.png",
        "doctor/02-orders.png",
    ]
    report = json.loads((run.run_dir / "doctor.json").read_text())
    assert report["order"] == "12345" and report["findings"] == []


def test_doctor_finds_a_failed_order_itself(sandbox, account, run_retry) -> None:
    run = run_retry("doctor")

    assert run.code == 0, run.out + run.err
    assert sandbox.ledger() == []
    report = json.loads((run.run_dir / "doctor.json").read_text())
    # The order it settled on really has a Failed Ultracart row (the one the walk read).
    rows = sandbox.store.order(report["order"])["notifications"]
    assert ("Ultracart", "Failed") in [(n["integration"], n["status"]) for n in rows]


def test_doctor_walks_another_runbook(sandbox, account, run_retry) -> None:
    run = run_retry(
        "doctor", "--runbook", str(RUNBOOKS / "resend-webhook.yaml"), "--order", "10018"
    )

    assert run.code == 0, run.out + run.err
    assert sandbox.ledger() == []
    assert "1.5 identify failed system webhook" in run.out
    assert "2.2 resend  not clicked" in run.out
