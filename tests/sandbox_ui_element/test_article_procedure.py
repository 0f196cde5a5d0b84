"""The help article, followed by hand on the Element Plus UI, in real Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .ui import (
    log_in,
    notification_row,
    open_notifications,
    open_order,
    open_order_notifications,
    open_orders,
    open_row_menu,
    search_orders,
    status_cell,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETTLE_MS = 15_000  # the scenario's retry delay is 1.5 s; the pane polls every second


def test_retrying_the_failed_ultracart_order_as_the_article_says(page: Page, element_sandbox):
    # Step 1.1: log in.
    log_in(page, element_sandbox.url)
    # Step 1.2: Orders in the left-hand menu.
    open_orders(page)
    expect(page).to_have_url(re.compile(r"/orders$"))
    # Step 1.3: the search bar at the top, by order number; then click the order.
    search_orders(page, "12345")
    expect(page.get_by_role("row")).to_have_count(2)  # header row + the one match
    pane = open_order(page, "12345")
    expect(page).to_have_url(re.compile(r"/orders/12345"))
    # Step 1.4: the Notifications tab of the order details pane.
    open_notifications(pane)
    # Step 1.5: Ultracart, Failed.
    ultracart = notification_row(pane, "Ultracart")
    expect(ultracart).to_have_count(1)
    expect(status_cell(ultracart)).to_have_text("Failed")
    # Step 2.1 / 2.2: the ⋮ to the right of the Failed status, then Retry.
    menu = open_row_menu(page, ultracart)
    menu.get_by_role("menuitem", name="Retry").click()
    # Step 2.3: the system reprocesses the order; the status updates.
    expect(page.get_by_role("alert").filter(has_text="Retry started for Ultracart")).to_be_visible()
    expect(status_cell(ultracart)).to_have_text("Success", timeout=SETTLE_MS)
    expect(ultracart).to_contain_text("Order sent to UltraCart")

    retries = element_sandbox.ledger()
    assert [(r["order"], r["integration"], r["action"], r["user"]) for r in retries] == [
        ("12345", "Ultracart", "retry", "demo@thiio.test")
    ]


def test_search_finds_an_order_by_customer_name_and_by_email(page: Page, element_sandbox):
    log_in(page, element_sandbox.url)
    open_orders(page)
    search_orders(page, "jane doe")
    expect(page.get_by_role("row").filter(has_text="jane@example.com")).to_have_count(1)
    search_orders(page, "JANE@EXAMPLE")
    expect(page.get_by_role("row").filter(has_text="Jane Doe")).to_have_count(1)
    search_orders(page, "no-such-customer-anywhere")
    expect(page.get_by_text("No orders match your search")).to_be_visible()


def test_a_persistent_error_shows_failed_again_with_its_text(page: Page, element_sandbox):
    log_in(page, element_sandbox.url)
    pane = open_order_notifications(page, "10004")
    ultracart = notification_row(pane, "Ultracart")
    open_row_menu(page, ultracart).get_by_role("menuitem", name="Retry").click()
    expect(status_cell(ultracart)).to_have_text("Processing")
    expect(status_cell(ultracart)).to_have_text("Failed", timeout=SETTLE_MS)
    expect(ultracart).to_contain_text("Item [SKU-123] specified in import file does not exist.")
    expect(ultracart.get_by_role("cell").nth(3)).to_have_text("2")  # attempts
    assert len(element_sandbox.ledger()) == 1


def test_retry_is_disabled_on_a_row_that_did_not_fail(page: Page, element_sandbox):
    log_in(page, element_sandbox.url)
    page.goto(element_sandbox.url + "/orders/12345")  # history routing: a deep link works
    pane = page.get_by_role("dialog", name="Order #12345")
    open_notifications(pane)
    klaviyo = notification_row(pane, "Klaviyo")
    expect(status_cell(klaviyo)).to_have_text("Success")
    retry = open_row_menu(page, klaviyo).get_by_role("menuitem", name="Retry")
    expect(retry).to_have_attribute("aria-disabled", "true")
    retry.click(force=True)  # a disabled item does nothing even when clicked
    expect(status_cell(klaviyo)).to_have_text("Success")
    assert element_sandbox.ledger() == []


def test_a_system_webhook_row_offers_resend(page: Page, element_sandbox):
    log_in(page, element_sandbox.url)
    page.goto(element_sandbox.url + "/orders/10002")
    pane = page.get_by_role("dialog", name="Order #10002")
    open_notifications(pane)
    menu = open_row_menu(page, notification_row(pane, "System Webhook"))
    expect(menu.get_by_role("menuitem")).to_have_text(["Resend", "View payload", "Copy message"])
