"""First contact: run-retry with its default configuration (only shorter waits) on every
front end of the sandbox, three of them written blind from the help article, their
component library's documentation and the sandbox's API contract (vuetify2: Vue 2.7 +
Vuetify 2, vuetify3: a second Vue 3 + Vuetify 3 admin, quasar: Vue 3 + Quasar), and the two
written beside the tool (vuetify, element). The sandbox's ledger is the judge.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from thiio_sandbox.server import RunningSandbox

from .batch_support import fail_searches, failed_ultracart_orders, ledger_counts, write_batch

pytestmark = pytest.mark.browser

# The fast tier (./dev test) runs one blind front end; the full suite runs every one.
FRONT_ENDS = [
    "vuetify2",
    *(
        pytest.param(ui, marks=pytest.mark.slow)
        for ui in ("vuetify3", "quasar", "element", "vuetify")
    ),
]

# Persistent UltraCart errors of the default scenario (its top comment), and the 429s whose
# first retry fails again.
PERSISTENT = {
    "10004": "Item [SKU-123] specified in import file does not exist.",
    "10005": "shipping service level [FreeEconomy] specified in import file does not map.",
    "10006": "401: invalid credentials supplied",
    "10007": "410: Your authorized application has been disabled by UltraCart",
}
RATE_LIMITED = {"10008", "10009", "10040"}


@pytest.fixture(params=FRONT_ENDS)
def front_end(request: pytest.FixtureRequest, sandbox_of) -> RunningSandbox:
    return sandbox_of(request.param)


def retried(sandbox: RunningSandbox) -> list[tuple[str, str]]:
    return [(row["order"], row["integration"]) for row in sandbox.ledger()]


def test_single_orders(front_end: RunningSandbox, run_retry) -> None:
    run = run_retry("--order", "12345")
    assert run.code == 0, run.out + run.err
    order = run.order("12345")
    assert order["outcome"] == "succeeded"
    assert (order["status_before"], order["status_after"]) == ("Failed", "Success")

    run = run_retry("--order", "10004")  # fails again, with its error text apart
    assert run.code == 1, run.out + run.err
    order = run.order("10004")
    assert order["outcome"] == "still_failed"
    assert order["status_after"] == "Failed"
    assert order["error"] == PERSISTENT["10004"]

    # Other integrations' failed rows beside the Ultracart one: only Ultracart is retried.
    assert run_retry("--order", "10017").order("10017")["outcome"] == "succeeded"
    assert retried(front_end) == [
        ("12345", "Ultracart"),
        ("10004", "Ultracart"),
        ("10017", "Ultracart"),
    ]


def test_orders_left_alone(front_end: RunningSandbox, workdir: Path, run_retry) -> None:
    doctor = run_retry("doctor", "--order", "12345")  # read-only, every check resolves
    assert doctor.code == 0, doctor.out + doctor.err

    # One batch (one browser, one login) of everything that must not be clicked.
    write_batch(
        workdir,
        "left-alone.yaml",
        ["- 10010", "- 10019", "- 10016", "- 99999", "- customer: Maria Garcia"],
    )
    run = run_retry("--batch", "left-alone.yaml", "--yes")
    assert run.code == 1, run.out
    outcomes = {(o["lookup"], o["order"]): o["outcome"] for o in run.orders}
    assert outcomes == {
        ("order", "10010"): "not_failed",  # Ultracart already Success
        ("order", "10019"): "not_failed",  # only Order Desk failed
        ("order", "10016"): "no_row",  # no notifications at all
        ("order", "99999"): "not_found",
        ("customer", "Maria Garcia"): "ambiguous",
    }, run.out
    ambiguous = next(o for o in run.orders if o["lookup"] == "customer")
    assert sorted(m["number"] for m in ambiguous["matches"]) == ["10020", "10021"]
    assert retried(front_end) == []


@pytest.mark.slow
def test_batch_of_24_at_concurrency_4(front_end: RunningSandbox, workdir: Path, run_retry) -> None:
    failed = sorted(failed_ultracart_orders(front_end))
    numbers = [*failed, "10010", "10019"][:24]
    assert len(numbers) == 24
    batch = write_batch(workdir, "orders.yaml", [f'- "{n}"' for n in numbers])

    run = run_retry("--batch", str(batch), "--yes", "--concurrency", "4")

    expected = {n for n in numbers if n in failed}
    assert ledger_counts(front_end) == Counter({n: 1 for n in expected}), run.out
    outcomes = {row["order"]: row["outcome"] for row in run.orders}
    assert set(outcomes) == set(numbers)
    for number in numbers:
        if number not in failed:
            want = "not_failed"
        elif number in PERSISTENT or number in RATE_LIMITED:
            want = "still_failed"
        else:
            want = "succeeded"
        assert outcomes[number] == want, (number, run.out)
    for number, text in PERSISTENT.items():
        if number in outcomes:
            assert run.order(number)["error"] == text
    assert run.code == 1  # the persistent failures need a person


def test_popup_after_login_and_a_confirmation(front_end: RunningSandbox, run_retry) -> None:
    """A "What's new" dialog after login and a "Retry this notification?" confirmation."""
    front_end.set_faults(post_login_dialog=True, confirm_retry=True)

    run = run_retry("--order", "12345")

    assert run.code == 0, run.out + run.err
    assert run.order("12345")["outcome"] == "succeeded"
    assert retried(front_end) == [("12345", "Ultracart")]


def test_a_failed_search_is_never_not_found(
    front_end: RunningSandbox, workdir: Path, run_retry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search for an existing order answers a server error, whatever the UI then shows
    (the old list, an empty one, a toast): `error`, safe to run again, never `not_found`."""
    (workdir / "playwright.config.yaml").write_text("timeouts: {search_seconds: 3}\n")
    fail_searches(monkeypatch, front_end, lambda term: "10004" in term)

    run = run_retry("--order", "10004")

    assert run.code == 3, run.out
    assert run.order("10004")["outcome"] == "error", run.out
    assert "looking once more at the end" in run.out
    assert retried(front_end) == []
