"""The Vue 2 + Vuetify 2 admin driven by hand, as a person follows the help article."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEMO = ("demo@thiio.test", "demo-password")
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
WAIT = 15_000  # ms: a retry resolves after 1.5 s, polled every 1.5 s


def log_in(page: Page, email: str = DEMO[0], password: str = DEMO[1]) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def go_to_orders(page: Page) -> None:
    page.get_by_role("navigation").get_by_text("Orders", exact=True).click()
    expect(page).to_have_url(re.compile(r"/orders$"))


def search(page: Page, text: str) -> None:
    """The search field above the orders table. Vuetify 2 drops the single-line field's
    <label> once it is focused or filled, so after the first search it has no name: it is
    found by its place, the text box in the card title above the table."""
    box = page.locator(".v-card__title").get_by_role("textbox")
    box.fill(text)
    box.press("Enter")


def order_pane(page: Page, number: str) -> Locator:
    pane = page.get_by_role("complementary").filter(has_text=f"Order #{number}")
    expect(pane).to_be_visible()
    return pane


def open_order(page: Page, number: str) -> Locator:
    """Search the order by its number, click its row, and open the Notifications tab."""
    search(page, number)
    row = page.get_by_role("row").filter(has_text=f"#{number}")
    expect(page.get_by_role("row").filter(has=page.get_by_role("cell"))).to_have_count(1)
    row.click()
    pane = order_pane(page, number)
    pane.get_by_role("tab", name="Notifications").click()
    return pane


def notification_row(pane: Locator, integration: str) -> Locator:
    return pane.get_by_role("row").filter(has_text=re.compile(integration, re.IGNORECASE))


def choose_from_menu(page: Page, row: Locator, item: str) -> None:
    """The ⋮ button of the row (its only button), then an item of the menu it opens."""
    row.get_by_role("button").click()
    page.get_by_role("menuitem", name=item).click()


def shown_dialog(page: Page, title: str) -> Locator:
    """The open v-dialog with this title. A closed Vuetify 2 dialog keeps its role="dialog"
    wrapper in the DOM (only the inner .v-dialog is display:none), so the open one is found
    by Vuetify's active class, and a closed one by its title being hidden."""
    dialog = page.locator(".v-dialog--active").filter(has_text=title)
    expect(dialog).to_be_visible()
    return dialog


def test_article_procedure_retries_the_failed_ultracart_notification(page: Page, running) -> None:
    page.goto(running.url)
    log_in(page)
    expect(page.get_by_text("Welcome back, Demo")).to_be_visible()
    go_to_orders(page)
    pane = open_order(page, "12345")
    row = notification_row(pane, "Ultracart")
    expect(row).to_contain_text("Failed")
    expect(row).to_contain_text("500: any server side error.")

    choose_from_menu(page, row, "Retry")

    expect(page.get_by_role("status").filter(has_text="Retry requested.")).to_be_visible()
    expect(row).to_contain_text("Success", timeout=WAIT)
    expect(row).to_contain_text("Order sent to UltraCart")
    retries = running.ledger()
    assert [(r["order"], r["integration"], r["action"]) for r in retries] == [
        ("12345", "Ultracart", "retry")
    ]
    assert retries[0]["user"] == "demo@thiio.test"


def test_two_factor_login_and_login_errors(page: Page, running) -> None:
    page.goto(running.url + "/orders")
    log_in(page, "2fa@thiio.test", "wrong-password")
    expect(page.get_by_text("These credentials do not match our records.")).to_be_visible()

    log_in(page, "2fa@thiio.test", "demo-password")
    code = page.get_by_label("Authentication code")
    code.fill("000000" if pyotp.TOTP(TOTP_SECRET).now() != "000000" else "111111")
    page.get_by_role("button", name="Verify").click()
    invalid = "The provided two factor authentication code was invalid."
    expect(page.get_by_text(invalid)).to_be_visible()

    code.fill(pyotp.TOTP(TOTP_SECRET).now())
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/orders$"))
    expect(page.get_by_role("button", name="Two-Factor Admin")).to_be_visible()


def test_persistent_error_shows_again_after_retry(page: Page, running) -> None:
    page.goto(running.url + "/orders")
    log_in(page)
    pane = open_order(page, "10004")
    row = notification_row(pane, "Ultracart")
    expect(row).to_contain_text("Failed")

    choose_from_menu(page, row, "Retry")

    expect(row).to_contain_text("Processing")
    expect(row).not_to_contain_text("Processing", timeout=WAIT)
    expect(row).to_contain_text("Failed")
    expect(row).to_contain_text("Item [SKU-123] specified in import file does not exist.")
    expect(row.get_by_role("cell").nth(1)).to_have_text("2")
    assert len(running.ledger()) == 1


def test_confirm_retry_dialog(page: Page, running) -> None:
    running.set_faults(confirm_retry=True)
    page.goto(running.url + "/orders")
    log_in(page)
    pane = open_order(page, "10018")
    row = notification_row(pane, "Ultracart")

    choose_from_menu(page, row, "Retry")
    dialog = shown_dialog(page, "Retry this notification?")
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("Retry this notification?")).to_be_hidden()
    assert running.ledger() == []

    choose_from_menu(page, row, "Retry")
    dialog = shown_dialog(page, "Retry this notification?")
    dialog.get_by_role("button", name="Retry").click()
    expect(row).to_contain_text("Success", timeout=WAIT)
    # The System Webhook row of the same order says Resend, and its own dialog says so too.
    webhook = notification_row(pane, "System Webhook")
    choose_from_menu(page, webhook, "Resend")
    resend = shown_dialog(page, "Resend this notification?")
    resend.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("Resend this notification?")).to_be_hidden()
    assert [(r["integration"], r["action"]) for r in running.ledger()] == [("Ultracart", "retry")]


def test_whats_new_dialog_after_login(page: Page, running) -> None:
    running.set_faults(post_login_dialog=True)
    page.goto(running.url)
    log_in(page)
    dialog = shown_dialog(page, "What's new in Thiio")
    dialog.get_by_role("button", name="Got it").click()
    expect(page.get_by_text("What's new in Thiio")).to_be_hidden()
    go_to_orders(page)
    search(page, "12345")
    expect(page.get_by_role("row").filter(has_text="Jane Doe")).to_be_visible()


def test_session_expiry_goes_to_login_and_back(page: Page, running) -> None:
    page.goto(running.url + "/orders")
    log_in(page)
    pane = open_order(page, "12345")
    expect(page).to_have_url(re.compile(r"/orders/12345$"))

    running.expire_sessions()
    choose_from_menu(page, notification_row(pane, "Ultracart"), "Retry")

    expect(page.get_by_text("Your session has expired. Please log in again.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login\?redirect="))
    assert running.ledger() == []
    log_in(page)
    expect(page).to_have_url(re.compile(r"/orders/12345$"))
    pane = order_pane(page, "12345")
    pane.get_by_role("tab", name="Notifications").click()
    row = notification_row(pane, "Ultracart")
    choose_from_menu(page, row, "Retry")
    expect(row).to_contain_text("Success", timeout=WAIT)
    assert len(running.ledger()) == 1


def test_search_by_email_finds_several_orders(page: Page, running) -> None:
    page.goto(running.url + "/orders")
    log_in(page)
    search(page, "brian.miller@example.com")
    rows = page.get_by_role("row").filter(has_text="brian.miller@example.com")
    expect(rows).to_have_count(3)
    expect(page.get_by_text("1-3 of 3")).to_be_visible()

    search(page, "nobody-by-this-name")
    expect(page.get_by_text("No orders match your search.")).to_be_visible()

    # A customer name with markup is shown as text.
    search(page, "Bold")
    expect(page.get_by_role("row").filter(has_text="<b>Bold</b> Buyer")).to_have_count(1)
