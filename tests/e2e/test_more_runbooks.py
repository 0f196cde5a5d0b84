"""Sibling chores as YAML only: the same engine retries (or resends) another integration's row.

10017 has Order Desk, Ultracart and Klaviyo Failed; 10018 has Ultracart and System Webhook
Failed. Each runbook must touch only its own integration's row (the ledger says which).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

RUNBOOKS = Path(__file__).resolve().parents[2] / "runbooks"


def requests(sandbox) -> list[tuple[str, str, str]]:
    return [(r["order"], r["integration"], r["action"]) for r in sandbox.ledger()]


def test_resend_webhook_resends_only_the_system_webhook_row(sandbox, account, run_retry) -> None:
    run = run_retry("--runbook", str(RUNBOOKS / "resend-webhook.yaml"), "--order", "10018")

    assert run.code == 0, run.out + run.err
    assert requests(sandbox) == [("10018", "System Webhook", "resend")]
    order = run.order("10018")
    assert order["outcome"] == "succeeded"
    assert (order["status_before"], order["status_after"]) == ("Failed", "Success")
    names = [s["name"] for s in order["steps"]]
    assert "1.5 identify failed system webhook" in names
    assert "2.2 resend" in names
    assert run.results["run"]["runbook"] == "resend-webhook"
    assert "order 10018: SUCCEEDED" in run.out


def test_retry_order_desk_retries_only_the_order_desk_row(sandbox, account, run_retry) -> None:
    run = run_retry("--runbook", str(RUNBOOKS / "retry-order-desk.yaml"), "--order", "10017")

    assert run.code == 0, run.out + run.err
    assert requests(sandbox) == [("10017", "Order Desk", "retry")]
    order = run.order("10017")
    assert order["outcome"] == "succeeded"
    assert "1.5 identify failed order desk" in [s["name"] for s in order["steps"]]


def test_a_runbook_on_an_order_without_its_integration_names_that_integration(
    sandbox, account, run_retry
) -> None:
    # 10017 has no System Webhook row: nothing is clicked, and the words say which row is missing.
    run = run_retry("--runbook", str(RUNBOOKS / "resend-webhook.yaml"), "--order", "10017")

    assert run.code == 1
    assert sandbox.ledger() == []
    order = run.order("10017")
    assert order["outcome"] == "no_row"  # no System Webhook row
    assert "System Webhook" in order["note"]
    assert "Ultracart" not in order["note"]
