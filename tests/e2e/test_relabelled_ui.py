"""A Thiio that words things differently (thiio_sandbox.relabel.RELABELLED: "Sales Orders",
"Notification Log", "Retry sync", "UltraCart", status "Error", a named ⋮, statuses as text):
the tool copes with configuration changes only, and `doctor` on the unmodified configuration
names every key that needs one.
"""

from __future__ import annotations

import pytest

from thiio_sandbox.relabel import RELABELLED
from thiio_sandbox.server import RunningSandbox

pytestmark = pytest.mark.browser

# Short waits: on this UI several things are, by design, never found.
QUICK = """\
timeouts:
  element_seconds: 3
  search_seconds: 6
  retry_outcome_seconds: 20
  reread_after_seconds: 4
"""

RELABELLED_CONFIG = (
    QUICK
    + """\
labels:
  nav: {orders: ["Sales Orders"]}
  tabs: {notifications: ["Notification Log"]}
  status_words: {failed: ["Error"]}
"""
)

RELABELLED_RUNBOOK = """\
name: retry-ultracart-relabelled
integration: UltraCart
action: Retry sync
"""


@pytest.fixture
def relabelled(sandbox_of) -> RunningSandbox:
    return sandbox_of(labels=RELABELLED)


def test_the_tool_passes_with_configuration_changes_only(relabelled, workdir, run_retry) -> None:
    (workdir / "playwright.config.yaml").write_text(RELABELLED_CONFIG)
    (workdir / "relabelled.yaml").write_text(RELABELLED_RUNBOOK)

    run = run_retry("--runbook", "relabelled.yaml", "--order", "12345")

    assert run.code == 0, run.out + run.err
    assert [(r["order"], r["integration"], r["action"]) for r in relabelled.ledger()] == [
        ("12345", "Ultracart", "retry")
    ]
    order = run.order("12345")
    assert order["outcome"] == "succeeded"
    assert (order["status_before"], order["status_after"]) == ("Error", "Success")

    # The doctor agrees: with the changed configuration every check resolves.
    doctor = run_retry("doctor", "--runbook", "relabelled.yaml", "--order", "10001")
    assert doctor.code == 0, doctor.out
    assert len(relabelled.ledger()) == 1


def test_doctor_pinpoints_every_renamed_word(relabelled, workdir, run_retry) -> None:
    (workdir / "playwright.config.yaml").write_text(QUICK)

    run = run_retry("doctor", "--order", "12345")

    assert run.code == 1, run.out + run.err
    assert relabelled.ledger() == []
    summary = next(line for line in run.out.splitlines() if "finding(s):" in line)
    assert summary.endswith(
        "4 finding(s): labels.nav.orders, labels.tabs.notifications, "
        "labels.status_words.failed, action"
    ), summary
    out = run.out
    assert "change labels.nav.orders in" in out and "include 'Sales Orders'" in out
    assert "change labels.tabs.notifications in" in out and "include 'Notification Log'" in out
    assert "add it to labels.status_words.failed" in out and "'Error' means failed" in out
    assert "change action in" in out and "to 'Retry sync' (now 'Retry')" in out
    # The integration resolves (names match regardless of case) and the doctor says how it reads.
    assert "the page writes it 'UltraCart'" in out
    # What the page offered instead is shown next to each finding.
    assert "'Dashboard', 'Sales Orders'" in out
    assert "'Retry sync', 'View payload', 'Copy message'" in out


def test_doctor_write_makes_the_next_run_pass(relabelled, workdir, run_retry) -> None:
    """Default words, a UI that words things otherwise: doctor proposes fixes it checked on
    the page, --write puts them in ./playwright.config.yaml, and the next run succeeds."""
    (workdir / "playwright.config.yaml").write_text(QUICK)

    run = run_retry("doctor", "--order", "12345", "--write")

    assert run.code == 1, run.out + run.err
    assert relabelled.ledger() == []
    assert "fix (checked on this page): locators.orders_nav:" in run.out
    assert "fix (checked on this page): locators.notifications_tab:" in run.out
    assert "fix (checked on this page): locators.menu_item:" in run.out
    written = (workdir / "playwright.config.yaml").read_text()
    assert "Sales Orders" in written and "Notification Log" in written
    assert "Retry sync" in written and "Error" in written
    assert (workdir / "playwright.config.yaml.bak").read_text() == QUICK

    again = run_retry("doctor", "--order", "12345")
    assert again.code == 0, again.out
    run = run_retry("--order", "12345")
    assert run.code == 0, run.out + run.err
    assert run.order("12345")["outcome"] == "succeeded"
    assert [(r["order"], r["integration"]) for r in relabelled.ledger()] == [("12345", "Ultracart")]
