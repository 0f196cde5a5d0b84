"""Debugging a failure: a Playwright trace per order when asked (--trace; off by default: it
doubles the browser's work), logins never in it, and an error that names the step, what was
looked for and what was on screen."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the sandbox's 2FA user


def unzipped_bytes(trace: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(trace) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def test_an_error_keeps_the_orders_trace_and_says_what_was_looked_for(
    sandbox, account, run_retry, workdir: Path
) -> None:
    (workdir / "rb.yaml").write_text("action: Reprocess\n")  # a word the menu does not offer
    run = run_retry("--order", "12345", "--runbook", "rb.yaml", "--trace", "retain-on-failure")

    assert run.code == 3, run.out
    error = run.order("12345")["error"]
    assert error.startswith("2.1 open menu: could not find a menu item named 'Reprocess'")
    assert "role menuitem" in error
    assert "accessibility snapshot:" in error and 'tab "Notifications"' in error
    trace = run.run_dir / "12345" / "trace.zip"
    assert stat.S_IMODE(trace.stat().st_mode) == 0o600
    names = [name for name, _ in unzipped_bytes(trace)]
    assert "trace.trace" in names and any(n.startswith("resources/") for n in names)
    assert f"playwright show-trace {trace}" in run.out
    assert sandbox.ledger() == []
    assert not list(run.run_dir.rglob(".trace-part-*"))


def test_no_trace_unless_asked_and_an_error_says_how_to_get_one(
    sandbox, account, run_retry, workdir: Path
) -> None:
    (workdir / "rb.yaml").write_text("action: Reprocess\n")  # a word the menu does not offer
    (workdir / "orders.yaml").write_text("- 12345\n")
    for command in (["--order", "12345"], ["--batch", "orders.yaml", "--yes"]):
        run = run_retry(*command, "--runbook", "rb.yaml")
        assert run.order("12345")["outcome"] == "error"
        assert not list(run.run_dir.rglob("*.zip"))
        assert "with --trace retain-on-failure" in run.out
    assert sandbox.ledger() == []


def test_successful_orders_keep_no_trace_unless_asked(sandbox, account, run_retry) -> None:
    run = run_retry("--order", "12345", "--trace", "retain-on-failure")
    assert run.order("12345")["outcome"] == "succeeded"
    assert not list(run.run_dir.rglob("*.zip"))

    run = run_retry("--order", "10010")
    assert not list(run.run_dir.rglob("*.zip"))


def test_a_login_in_the_middle_of_an_order_is_left_out_of_its_trace(
    sandbox, account, run_retry, workdir: Path
) -> None:
    """Sessions last 10 s, shorter than the four orders take: an order logs in again mid-way;
    its trace holds the parts before and after, and no trace the password or the TOTP
    secret."""
    account(email="2fa@thiio.test", password="demo-password", totp_secret=TOTP)
    sandbox.set_faults(session_ttl_seconds=10)
    batch = workdir / "orders.csv"
    batch.write_text("order\n12345\n10010\n10004\n10017\n")
    run = run_retry("--batch", str(batch), "--yes", "--concurrency", "1", "--trace", "on")

    assert run.code in (0, 1, 3), run.out + run.err  # a slow machine: an order may expire twice
    traces = sorted(run.run_dir.rglob("trace.zip"))
    assert len(traces) == 4
    relogged = [
        o["order"] for o in run.orders if [s["name"] for s in o["steps"]].count("1.1 log in") > 1
    ]
    assert relogged, "no order logged in again: the test proved nothing"
    for number in relogged:
        names = [name for name, _ in unzipped_bytes(run.run_dir / number / "trace.zip")]
        assert "trace.trace" in names and "part2-trace.trace" in names, names
    for trace in traces:
        for name, data in unzipped_bytes(trace):
            assert b"demo-password" not in data, (trace, name)
            assert TOTP.encode() not in data, (trace, name)
    retried = [r["order"] for r in sandbox.ledger()]
    assert len(retried) == len(set(retried)) and set(retried) <= {"10004", "10017", "12345"}
