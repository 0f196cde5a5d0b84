"""The help article, followed by hand in a real browser against the sandbox: the sandbox
must let a person do every step, and record exactly the one retry they asked for."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .screens import (
    RETRY_OUTCOME_TIMEOUT_MS,
    choose_from_row_menu,
    go_to_orders,
    notification_row,
    open_notifications,
    open_order,
    open_order_notifications,
    order_rows,
    search_orders,
    sign_in,
    status_chip,
)

pytestmark = pytest.mark.browser


def test_a_person_following_the_article_retries_order_12345(page: Page, sandbox) -> None:
    # Step 1.1 and 1.2: log in, Orders in the left-hand menu.
    sign_in(page, sandbox.url)
    go_to_orders(page)

    # Step 1.3: the search bar at the top finds the order by each of the three keys.
    for key in ("12345", "Jane Doe", "JANE@example.com"):
        search_orders(page, key)
        expect(order_rows(page)).to_have_count(1)
        expect(order_rows(page)).to_contain_text("12345")
        expect(order_rows(page)).to_contain_text("jane@example.com")

    pane = open_order(page, "12345")

    # Step 1.4 and 1.5: the Notifications tab lists Ultracart as Failed.
    open_notifications(pane)
    ultracart = notification_row(pane, "Ultracart")
    expect(status_chip(ultracart, "Failed")).to_be_visible()

    # Step 2.1 to 2.3: ⋮ of that row, Retry, and the status updates while the pane stays open.
    choose_from_row_menu(ultracart, "Retry")
    expect(page.get_by_text("Retry requested for Ultracart")).to_be_visible()
    expect(status_chip(ultracart, "Success")).to_be_visible(timeout=RETRY_OUTCOME_TIMEOUT_MS)
    expect(ultracart.get_by_role("cell", name="2", exact=True)).to_be_visible()  # attempts

    # Retry is offered only for a Failed row: Vuetify marks a disabled item by class alone.
    ultracart.get_by_role("button").click()
    retry_item = page.get_by_role("listitem").filter(has_text="Retry")
    expect(retry_item).to_have_class(re.compile(r"\bv-list-item--disabled\b"))

    retries = sandbox.ledger()
    assert [(r["order"], r["integration"], r["action"]) for r in retries] == [
        ("12345", "Ultracart", "retry")
    ]
    assert retries[0]["user"] == "demo@thiio.test"


def test_a_persistent_ultracart_error_shows_its_text_after_the_retry(page: Page, sandbox) -> None:
    error = "Item [SKU-123] specified in import file does not exist."
    sign_in(page, sandbox.url)
    pane = open_order_notifications(page, "10004")
    ultracart = notification_row(pane, "Ultracart")

    choose_from_row_menu(ultracart, "Retry")
    expect(status_chip(ultracart, "Processing")).to_be_visible()
    expect(status_chip(ultracart, "Failed")).to_be_visible(timeout=RETRY_OUTCOME_TIMEOUT_MS)
    expect(ultracart.get_by_role("cell", name=error)).to_be_visible()
    expect(ultracart.get_by_role("cell", name="2", exact=True)).to_be_visible()  # attempts
    assert [r["order"] for r in sandbox.ledger()] == ["10004"]
