"""The help article, followed by hand in a real browser on every front end: each must let a
person do every step, and the sandbox must record exactly the retries they asked for."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .adapters import RETRY_OUTCOME_TIMEOUT_MS, AdminUI, OpenAdmin

pytestmark = pytest.mark.browser

PERSISTENT_ERROR = "Item [SKU-123] specified in import file does not exist."
NO_RESULTS = re.compile(r"^No orders match")


def test_a_person_following_the_article_retries_order_12345(admin: AdminUI) -> None:
    page = admin.page
    # Step 1.1 and 1.2: log in, Orders in the left-hand menu.
    admin.log_in()
    admin.open_orders()
    expect(page).to_have_url(re.compile(r"/orders$"))

    # Step 1.3: the search bar at the top; then click the order.
    admin.search("12345")
    expect(admin.order_rows()).to_have_count(1)
    pane = admin.open_order("12345")
    expect(page).to_have_url(re.compile(r"/orders/12345"))

    # Step 1.4 and 1.5: the Notifications tab lists Ultracart as Failed, with its error.
    admin.open_notifications(pane)
    ultracart = admin.notification_row(pane, "Ultracart")
    expect(ultracart).to_have_count(1)
    expect(admin.status(ultracart, "Failed")).to_be_visible()
    expect(ultracart).to_contain_text("500: any server side error.")

    # Step 2.1 to 2.3: ⋮ of that row, Retry, and the status updates while the pane stays open.
    admin.choose(ultracart, "Retry")
    expect(page.get_by_text(admin.retry_requested)).to_be_visible()
    expect(admin.status(ultracart, "Success")).to_be_visible(timeout=RETRY_OUTCOME_TIMEOUT_MS)
    expect(ultracart).to_contain_text("Order sent to UltraCart")
    expect(admin.attempts(ultracart)).to_have_text("2")

    # Retry is offered only for a Failed row.
    admin.expect_disabled(admin.menu_item(admin.open_row_menu(ultracart), "Retry"))

    ledger = admin.sandbox.ledger()
    assert [(r["order"], r["integration"], r["action"], r["user"]) for r in ledger] == [
        ("12345", "Ultracart", "retry", "demo@thiio.test")
    ]
    assert ledger[0]["outcome"] == "success"


def test_search_finds_orders_by_number_name_and_email(admin: AdminUI) -> None:
    admin.log_in()
    admin.open_orders()
    for key in ("12345", "Jane Doe", "JANE@example.com"):
        admin.search(key)
        expect(admin.order_rows()).to_have_count(1)
        expect(admin.order_row("12345")).to_contain_text("jane@example.com")

    admin.search("brian.miller@example.com")  # one email, three orders
    expect(admin.order_rows()).to_have_count(3)
    for number in ("10022", "10023", "10024"):
        expect(admin.order_row(number)).to_contain_text("brian.miller@example.com")

    admin.search("no-such-customer-anywhere")
    expect(admin.page.get_by_text(NO_RESULTS)).to_be_visible()
    expect(admin.order_rows()).to_have_count(0)


def test_typing_in_the_search_bar_searches_without_enter(admin: AdminUI) -> None:
    admin.log_in()
    admin.open_orders()
    admin.search_field().fill("Jane Doe")
    expect(admin.order_rows()).to_have_count(1)
    expect(admin.order_row("12345")).to_be_visible()


def test_customer_names_with_markup_are_shown_as_text(
    open_admin: OpenAdmin, markup_scenario: object
) -> None:
    admin = open_admin(scenario=markup_scenario)  # 10028: "<img src=x onerror=...> Smith"
    page = admin.page
    alerts: list[str] = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    admin.log_in()
    admin.open_orders()
    admin.search("xss.smith")
    expect(admin.order_row("10028")).to_contain_text("<img src=x onerror=alert(1)> Smith")
    expect(page.locator("img[src='x']")).to_have_count(0)

    admin.search("bold.buyer")
    expect(admin.order_row("10027")).to_contain_text("<b>Bold</b> Buyer")
    expect(admin.order_rows().locator("b")).to_have_count(0)
    pane = admin.open_order("10027")
    expect(pane).to_contain_text("<b>Bold</b> Buyer")
    assert alerts == []


def test_a_persistent_error_shows_failed_again_with_its_text(admin: AdminUI) -> None:
    admin.log_in()
    pane = admin.open_order_notifications("10004")
    ultracart = admin.notification_row(pane, "Ultracart")
    expect(ultracart).to_contain_text(PERSISTENT_ERROR)

    admin.choose(ultracart, "Retry")
    expect(admin.status(ultracart, "Processing")).to_be_visible()
    expect(admin.status(ultracart, "Failed")).to_be_visible(timeout=RETRY_OUTCOME_TIMEOUT_MS)
    expect(ultracart).to_contain_text(PERSISTENT_ERROR)
    expect(admin.attempts(ultracart)).to_have_text("2")

    ledger = admin.sandbox.ledger()
    assert admin.retries() == [("10004", "Ultracart", "retry")]
    assert (ledger[0]["outcome"], ledger[0]["message"]) == ("failed", PERSISTENT_ERROR)

    # Failed again, so Retry is offered again.
    admin.expect_disabled(admin.menu_item(admin.open_row_menu(ultracart), "Retry"), False)


def test_retry_is_disabled_on_a_row_that_did_not_fail(admin: AdminUI) -> None:
    admin.log_in()
    pane = admin.open_order_notifications("12345")
    klaviyo = admin.notification_row(pane, "Klaviyo")
    expect(admin.status(klaviyo, "Success")).to_be_visible()

    retry = admin.menu_item(admin.open_row_menu(klaviyo), "Retry")
    admin.expect_disabled(retry)
    retry.click(force=True)  # a disabled item does nothing even when clicked
    expect(admin.status(klaviyo, "Success")).to_be_visible()
    assert admin.sandbox.ledger() == []


def test_a_system_webhook_row_offers_resend_and_asks_first(admin: AdminUI) -> None:
    admin.sandbox.set_faults(confirm_retry=True)
    admin.log_in()
    pane = admin.open_order_notifications("10018")  # Ultracart and System Webhook Failed
    webhook = admin.notification_row(pane, "System Webhook")
    expect(admin.status(webhook, "Failed")).to_be_visible()

    menu = admin.open_row_menu(webhook)
    expect(admin.menu_item(menu, "Retry")).to_have_count(0)
    admin.menu_item(menu, "Resend").click()
    resend = admin.dialog(admin.resend_question)
    expect(resend).to_be_visible()
    resend.get_by_role("button", name="Cancel").click()
    expect(resend).to_be_hidden()
    expect(admin.status(webhook, "Failed")).to_be_visible()
    assert admin.sandbox.ledger() == []
