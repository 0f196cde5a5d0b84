"""The help article's procedure done by hand in the Quasar admin, plus the ui-config flags,
a persistent UltraCart error, an expired session and a search by email."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEARCH = "Search by order number, customer name or email"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
WAIT = 15_000  # ms: retries finish after 1.5 s in the default scenario


def log_in(page: Page, email: str = "demo@thiio.test", password: str = "demo-password") -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def open_order(page: Page, search: str, number: str):
    """Orders in the left menu, search, click the order: returns the order details pane."""
    page.get_by_role("link", name="Orders", exact=True).click()
    page.get_by_placeholder(SEARCH).fill(search)
    page.get_by_role("row").filter(has_text=f"#{number}").click()
    pane = page.get_by_role("dialog").filter(has_text=f"Order #{number}")
    expect(pane).to_be_visible()
    return pane


def notification_row(page: Page, pane, integration: str):
    pane.get_by_role("tab", name="Notifications").click()
    row = pane.get_by_role("row").filter(has_text=integration)
    expect(row).to_be_visible()
    return row


def retries(running) -> list[tuple[str, str, str]]:
    return [(r["order"], r["integration"], r["action"]) for r in running.ledger()]


def test_retry_failed_ultracart_order_as_the_article_says(page: Page, running) -> None:
    page.goto(running.url)
    log_in(page)
    expect(page).to_have_url(re.compile(r"/dashboard$"))

    pane = open_order(page, "12345", "12345")
    row = notification_row(page, pane, "Ultracart")
    expect(row.get_by_text("Failed", exact=True)).to_be_visible()

    row.get_by_role("button").click()  # the ⋮ to the right of the status
    page.get_by_role("button", name="Retry", exact=True).click()

    expect(page.get_by_role("alert").filter(has_text="Retry requested.")).to_be_visible()
    expect(row.get_by_text("Success", exact=True)).to_be_visible(timeout=WAIT)
    expect(row).to_contain_text("Order sent to UltraCart")
    assert retries(running) == [("12345", "Ultracart", "retry")]


def test_two_factor_login_then_retry(page: Page, running) -> None:
    page.goto(running.url + "/orders")
    log_in(page, email="2fa@thiio.test")
    code = page.get_by_label("Authentication code")
    code.fill("000000" if pyotp.TOTP(TOTP_SECRET).now() != "000000" else "111111")
    page.get_by_role("button", name="Verify").click()
    invalid = "The provided two factor authentication code was invalid."
    expect(page.get_by_text(invalid)).to_be_visible()

    code.fill(pyotp.TOTP(TOTP_SECRET).now())
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/orders$"))  # back where the person was going

    pane = open_order(page, "jane@example.com", "12345")
    row = notification_row(page, pane, "Ultracart")
    row.get_by_role("button").click()
    page.get_by_role("button", name="Retry", exact=True).click()
    expect(row.get_by_text("Success", exact=True)).to_be_visible(timeout=WAIT)
    assert [r["user"] for r in running.ledger()] == ["2fa@thiio.test"]


def test_persistent_ultracart_error_fails_again_with_its_text(page: Page, running) -> None:
    page.goto(running.url)
    log_in(page)
    pane = open_order(page, "10004", "10004")
    row = notification_row(page, pane, "Ultracart")

    row.get_by_role("button").click()
    page.get_by_role("button", name="Retry", exact=True).click()
    expect(row.get_by_text("Processing", exact=True)).to_be_visible()
    expect(row.get_by_text("Failed", exact=True)).to_be_visible(timeout=WAIT)
    expect(row).to_contain_text("Item [SKU-123] specified in import file does not exist.")
    expect(row.get_by_role("cell", name="2", exact=True)).to_be_visible()  # attempts

    # Retry is offered only for a Failed row: the Success row's menu has it disabled.
    klaviyo = pane.get_by_role("row").filter(has_text="Klaviyo")
    klaviyo.get_by_role("button").click()
    disabled_retry = page.get_by_role("listitem").filter(has_text="Retry")
    expect(disabled_retry).to_have_attribute("aria-disabled", "true")
    page.keyboard.press("Escape")
    assert retries(running) == [("10004", "Ultracart", "retry")]
    assert running.ledger()[0]["outcome"] == "failed"


def test_confirm_retry_asks_first(page: Page, running) -> None:
    running.set_faults(confirm_retry=True)
    page.goto(running.url)
    log_in(page)
    pane = open_order(page, "10001", "10001")
    row = notification_row(page, pane, "Ultracart")

    row.get_by_role("button").click()
    page.get_by_role("button", name="Retry", exact=True).click()
    confirm = page.get_by_role("dialog").filter(has_text="Retry this notification?")
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    expect(row.get_by_text("Failed", exact=True)).to_be_visible()
    assert running.ledger() == []

    row.get_by_role("button").click()
    page.get_by_role("button", name="Retry", exact=True).click()
    confirm.get_by_role("button", name="Retry").click()
    expect(row.get_by_text("Success", exact=True)).to_be_visible(timeout=WAIT)
    assert retries(running) == [("10001", "Ultracart", "retry")]


def test_whats_new_dialog_after_login_must_be_dismissed(page: Page, running) -> None:
    running.set_faults(post_login_dialog=True)
    page.goto(running.url)
    log_in(page)
    whats_new = page.get_by_role("dialog").filter(has_text="What's new")
    expect(whats_new).to_be_visible()
    page.keyboard.press("Escape")  # persistent: only its button closes it
    expect(whats_new).to_be_visible()
    whats_new.get_by_role("button", name="Got it").click()
    expect(whats_new).to_be_hidden()

    pane = open_order(page, "12345", "12345")
    row = notification_row(page, pane, "Ultracart")
    expect(row.get_by_text("Failed", exact=True)).to_be_visible()


def test_expired_session_goes_to_login_and_comes_back(page: Page, running) -> None:
    page.goto(running.url + "/orders")
    log_in(page)
    expect(page.get_by_role("row").filter(has_text="#12345")).to_be_visible()

    running.expire_sessions()
    page.get_by_placeholder(SEARCH).fill("10004")
    expect(page.get_by_text("Your session has expired. Please log in again.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login\?redirect="))

    log_in(page)
    expect(page).to_have_url(re.compile(r"/orders$"))
    pane = open_order(page, "10004", "10004")
    expect(notification_row(page, pane, "Ultracart")).to_contain_text("Item [SKU-123]")


def test_search_by_email_finds_several_orders(page: Page, running) -> None:
    page.goto(running.url)
    log_in(page)
    page.get_by_role("link", name="Orders", exact=True).click()
    page.get_by_placeholder(SEARCH).fill("brian.miller@example.com")
    rows = page.get_by_role("row").filter(has_text="brian.miller@example.com")
    expect(rows).to_have_count(3)
    for number in ("10022", "10023", "10024"):
        expect(rows.filter(has_text=f"#{number}")).to_have_count(1)

    page.get_by_placeholder(SEARCH).fill("no such customer anywhere")
    expect(page.get_by_text("No orders match your search")).to_be_visible()

    # Markup in a customer's name is shown as text.
    page.get_by_placeholder(SEARCH).fill("10027")
    expect(page.get_by_role("cell", name="<b>Bold</b> Buyer")).to_be_visible()


def test_wrong_password_shows_the_api_message(page: Page, running) -> None:
    page.goto(running.url)
    log_in(page, password="not-the-password")
    expect(page.get_by_text("These credentials do not match our records.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login"))
