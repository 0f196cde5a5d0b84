"""Signing in (2FA, lockout), session expiry, server errors, the UI fault switches, and
customer data that looks like markup: what a person sees in each case."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import Page, expect

from .screens import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    RETRY_OUTCOME_TIMEOUT_MS,
    TWO_FACTOR_EMAIL,
    TWO_FACTOR_SECRET,
    choose_from_row_menu,
    go_to_orders,
    notification_row,
    open_order,
    open_order_notifications,
    order_rows,
    search_orders,
    sign_in,
    status_chip,
    submit_password,
)

pytestmark = pytest.mark.browser

WRONG_CREDENTIALS = "These credentials do not match our records."


def test_two_factor_sign_in_and_a_deep_link_to_an_order(page: Page, sandbox) -> None:
    page.goto(sandbox.url + "/orders/12345")
    submit_password(page, TWO_FACTOR_EMAIL, DEMO_PASSWORD)
    expect(page.get_by_text("Two-factor authentication")).to_be_visible()

    page.get_by_label("Authentication code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    # Every Vuetify text field also carries an empty role=alert for its hints: filter by text.
    expect(page.get_by_role("alert").filter(has_text="code was invalid")).to_be_visible()

    page.get_by_label("Authentication code").fill(pyotp.TOTP(TWO_FACTOR_SECRET).now())
    page.get_by_role("button", name="Verify").click()
    # Back where the link pointed: the order details pane is open.
    expect(page.get_by_role("navigation").filter(has_text="Order #12345")).to_be_visible()
    expect(page).to_have_url(sandbox.url + "/orders/12345")


def test_five_wrong_passwords_lock_the_account(page: Page, sandbox) -> None:
    page.goto(sandbox.url + "/login")
    for _ in range(5):
        submit_password(page, DEMO_EMAIL, "not-the-password")
        expect(page.get_by_role("alert").filter(has_text=WRONG_CREDENTIALS)).to_be_visible()
    submit_password(page, DEMO_EMAIL, DEMO_PASSWORD)
    expect(page.get_by_role("alert").filter(has_text="Too many login attempts")).to_be_visible()
    expect(page.get_by_role("heading", name="Dashboard")).to_have_count(0)


def test_an_expired_session_bounces_to_the_login_page(page: Page, sandbox) -> None:
    sign_in(page, sandbox.url)
    sandbox.set_faults(session_ttl_seconds=0.001)  # the session just made is already older
    page.get_by_role("link", name="Orders").click()
    expect(page.get_by_text("Your session has expired. Please sign in again.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    sandbox.set_faults(session_ttl_seconds=None)
    submit_password(page, DEMO_EMAIL, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Orders")).to_be_visible()  # back where they were


def test_a_server_error_on_retry_shows_its_message(page: Page, sandbox) -> None:
    sign_in(page, sandbox.url)
    pane = open_order_notifications(page, "10001")
    ultracart = notification_row(pane, "Ultracart")
    expect(status_chip(ultracart, "Failed")).to_be_visible()

    sandbox.set_faults(error_rate=1.0)
    choose_from_row_menu(ultracart, "Retry")
    expect(page.get_by_text("Something went wrong. Please try again.")).to_be_visible()


def test_whats_new_dialog_and_retry_confirmation(page: Page, sandbox) -> None:
    sandbox.set_faults(post_login_dialog=True, confirm_retry=True)
    page.goto(sandbox.url + "/")
    submit_password(page, DEMO_EMAIL, DEMO_PASSWORD)
    dialog = page.get_by_role("dialog").filter(has_text="What's new in Thiio")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Got it").click()
    expect(dialog).to_be_hidden()

    pane = open_order_notifications(page, "12345")
    ultracart = notification_row(pane, "Ultracart")

    choose_from_row_menu(ultracart, "Retry")
    confirm = page.get_by_role("dialog").filter(has_text="Retry this notification?")
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    assert sandbox.ledger() == []

    choose_from_row_menu(ultracart, "Retry")
    confirm.get_by_role("button", name="Retry").click()
    expect(status_chip(ultracart, "Success")).to_be_visible(timeout=RETRY_OUTCOME_TIMEOUT_MS)
    assert [r["order"] for r in sandbox.ledger()] == ["12345"]


def test_the_notification_list_rerenders_when_switched_on(page: Page, sandbox) -> None:
    sandbox.set_faults(rerender_ms=300)
    sign_in(page, sandbox.url)
    pane = open_order_notifications(page, "12345")
    row = notification_row(pane, "Ultracart").element_handle()
    page.wait_for_function("row => !row.isConnected", arg=row, timeout=3_000)
    expect(notification_row(pane, "Ultracart")).to_be_visible()


def test_customer_names_with_markup_render_as_text(
    page: Page, start_sandboxes, markup_scenario
) -> None:
    sandbox = start_sandboxes(scenario=markup_scenario)  # 10028: <img src=x onerror=...> Smith
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, sandbox.url)
    go_to_orders(page)
    search_orders(page, "Smith")
    expect(order_rows(page).filter(has_text="10028")).to_contain_text(
        "<img src=x onerror=alert(1)> Smith"
    )
    expect(page.locator("img[src='x']")).to_have_count(0)
    search_orders(page, "Buyer")
    expect(order_rows(page).filter(has_text="10027")).to_contain_text("<b>Bold</b> Buyer")
    assert order_rows(page).locator("b").count() == 0

    pane = open_order(page, "10027")
    expect(pane).to_contain_text("<b>Bold</b> Buyer")
    assert dialogs == []
