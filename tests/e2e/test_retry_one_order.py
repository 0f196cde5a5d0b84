"""run-retry for one order, through the real CLI, in headless Chromium, against a fresh sandbox.

Order numbers and what they exercise: see the top comment of
src/thiio_sandbox/scenarios/default.yaml.
"""

from __future__ import annotations

import stat

import pytest

pytestmark = pytest.mark.browser

STEPS_OF_A_RETRY = [
    "1.1 log in",
    "1.2 orders",
    "1.3 locate order",
    "1.4 notifications tab",
    "1.5 identify failed ultracart",
    "2.1 open menu",
    "2.2 retry",
    "2.3 confirm processing",
]


def retries(sandbox, order: str | None = None) -> list[dict]:
    return [r for r in sandbox.ledger() if order is None or r["order"] == order]


def test_success_path_retries_exactly_the_ultracart_row_once(sandbox, account, run_retry) -> None:
    run = run_retry("--order", "12345")

    assert run.code == 0, run.out + run.err
    ledger = retries(sandbox)
    assert [(r["order"], r["integration"], r["action"]) for r in ledger] == [
        ("12345", "Ultracart", "retry")
    ]
    order = run.order("12345")
    assert order["outcome"] == "succeeded"
    assert (order["status_before"], order["status_after"]) == ("Failed", "Success")
    assert (order["attempts_before"], order["attempts_after"]) == (1, 2)
    assert [s["name"] for s in order["steps"]] == STEPS_OF_A_RETRY
    assert all(s["seconds"] >= 0 for s in order["steps"])
    # One screenshot per step, NN-<step>.png in the order's folder, only the user can read them.
    names = sorted(p.name for p in (run.run_dir / "12345").iterdir())
    assert names == [
        "01-log-in.png",
        "02-orders.png",
        "03-locate-order.png",
        "04-notifications-tab.png",
        "05-identify-failed-ultracart.png",
        "06-open-menu.png",
        "07-retry.png",
        "08-confirm-processing.png",
    ]
    assert order["screenshots"] == [f"12345/{n}" for n in names]
    assert stat.S_IMODE(run.run_dir.stat().st_mode) == 0o700
    for path in run.files():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert (run.run_dir / "report.html").is_file()
    # The terminal showed each step as it happened and a one-line outcome.
    assert "1.5 identify failed ultracart" in run.out
    assert "order 12345: SUCCEEDED" in run.out
    assert str(run.run_dir / "results.json") in run.out


def test_persistent_failure_reports_the_error_and_the_article_advice(
    sandbox, account, run_retry
) -> None:
    run = run_retry("--order", "10004")

    assert run.code == 1
    assert len(retries(sandbox, "10004")) == 1
    order = run.order("10004")
    assert order["outcome"] == "still_failed"
    assert order["error"] == "Item [SKU-123] specified in import file does not exist."
    assert "resolve" in order["advice"]
    assert order["steps"][-1]["name"] == "2.4 persistent errors"
    assert (run.run_dir / "10004" / "09-persistent-errors.png").is_file()
    assert "STILL_FAILED" in run.out and "advice:" in run.out


@pytest.mark.parametrize(
    ("number", "outcome", "code"),
    [
        ("10010", "not_failed", 0),  # Ultracart already Success
        ("10013", "not_failed", 0),  # Pending
        ("99999", "not_found", 1),
        ("10015", "no_row", 1),  # Order Desk + Klaviyo only
    ],
)
def test_orders_that_must_not_be_retried(
    sandbox, account, run_retry, number, outcome, code
) -> None:
    run = run_retry("--order", number)

    assert (run.code, run.order(number)["outcome"]) == (code, outcome), run.out
    assert retries(sandbox) == []


def test_other_integrations_failed_rows_are_left_alone(sandbox, account, run_retry) -> None:
    run = run_retry("--order", "10017")  # Order Desk Failed, Ultracart Failed, Klaviyo Failed

    assert run.code == 0, run.out
    assert [(r["order"], r["integration"]) for r in retries(sandbox)] == [("10017", "Ultracart")]


def test_dry_run_clicks_nothing(sandbox, account, run_retry) -> None:
    run = run_retry("--order", "12345", "--dry-run")

    assert run.code == 0
    assert retries(sandbox) == []
    order = run.order("12345")
    assert order["outcome"] == "dry_run"
    assert "would have clicked 'Retry'" in order["note"]
    assert "2.2 retry" not in [s["name"] for s in order["steps"]]
    assert run.results["run"]["dry_run"] is True


def test_ambiguous_name_lists_the_orders_and_retries_none(sandbox, account, run_retry) -> None:
    run = run_retry("--customer-name", "Maria Garcia")

    assert run.code == 1
    assert retries(sandbox) == []
    (result,) = run.orders
    assert result["outcome"] == "ambiguous"
    assert sorted(m["number"] for m in result["matches"]) == ["10020", "10021"]
    # What tells them apart: each one's email, and its Ultracart row read from the order.
    emails = {m["number"]: m["email"] for m in result["matches"]}
    assert emails == {"10020": "maria.garcia@example.com", "10021": "mgarcia.shop@example.net"}
    assert {m["row_status"] for m in result["matches"]} == {"Ultracart Failed, 1 attempt"}
    line = next(ln for ln in run.out.splitlines() if "- order 10021" in ln)
    assert "mgarcia.shop@example.net" in line and "Ultracart Failed, 1 attempt" in line


def test_all_matching_retries_each_matching_order(sandbox, account, run_retry) -> None:
    run = run_retry("--customer-name", "Maria Garcia", "--all-matching")

    assert run.code == 0, run.out
    assert sorted(r["order"] for r in retries(sandbox)) == ["10020", "10021"]
    assert sorted((o["order"], o["outcome"]) for o in run.orders) == [
        ("10020", "succeeded"),
        ("10021", "succeeded"),
    ]
    assert all(o["lookup"] == "customer" for o in run.orders)


def test_email_search_finds_the_one_order(sandbox, account, run_retry) -> None:
    run = run_retry("--customer-email", "jane@example.com")

    assert run.code == 0, run.out
    assert [r["order"] for r in retries(sandbox)] == ["12345"]
    assert run.order("12345")["outcome"] == "succeeded"
    assert run.order("12345")["lookup"] == "email"


def test_two_factor_user_logs_in_with_the_authenticator_code(sandbox, account, run_retry) -> None:
    account(email="2fa@thiio.test", totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    run = run_retry("--order", "12345")

    assert run.code == 0, run.out
    assert retries(sandbox)[0]["user"] == "2fa@thiio.test"
    assert "two-factor" in run.order("12345")["steps"][0]["detail"]


def test_two_factor_without_secret_says_what_to_set(sandbox, account, run_retry) -> None:
    account(email="2fa@thiio.test")
    run = run_retry("--order", "12345")

    assert run.code == 3
    assert "THIIO_TOTP_SECRET" in run.out
    assert retries(sandbox) == []


def test_report_with_markup_in_the_customer_name_stays_inert(sandbox, account, run_retry) -> None:
    from playwright.sync_api import sync_playwright

    from thiio_runbook.browser import QUIET_ARGS, choose_browser

    run = run_retry("--order", "10028")  # customer "<script>alert(1)</script> Smith"
    assert run.code == 0, run.out
    assert run.order("10028")["customer"] == "<script>alert(1)</script> Smith"

    with sync_playwright() as playwright:
        choice = choose_browser(playwright.chromium.executable_path)
        browser = playwright.chromium.launch(
            executable_path=choice.executable_path, args=list(QUIET_ARGS)
        )
        try:
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto((run.run_dir / "report.html").as_uri())
            page.get_by_text("<script>alert(1)</script> Smith").first.wait_for(timeout=5000)
            assert dialogs == []
            injected = "Array.from(document.scripts).some(s => s.textContent.includes('alert(1)'))"
            assert page.evaluate(injected) is False
        finally:
            browser.close()
