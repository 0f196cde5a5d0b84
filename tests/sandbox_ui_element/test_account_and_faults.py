"""Login variants, session expiry and the sandbox's UI fault switches on the Element Plus UI."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from .ui import (
    DEMO_PASSWORD,
    log_in,
    notification_row,
    open_notifications,
    open_order_notifications,
    open_orders,
    open_row_menu,
    search_orders,
    status_cell,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETTLE_MS = 15_000


def demo_totp_secret(sandbox) -> str:
    """The 2FA user's secret, as the scenario gives it (the contract's demo user)."""
    return next(u.totp_secret for u in sandbox.scenario.users if u.email == "2fa@thiio.test")


def test_two_factor_login_asks_for_the_authentication_code(page: Page, element_sandbox):
    secret = demo_totp_secret(element_sandbox)
    log_in(page, element_sandbox.url, email="2fa@thiio.test", password=DEMO_PASSWORD)
    right_code = pyotp.TOTP(secret).now()
    page.get_by_label("Authentication code").fill("000000" if right_code != "000000" else "111111")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text("code was invalid")
    page.get_by_label("Authentication code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def test_wrong_password_is_refused_with_the_servers_words(page: Page, element_sandbox):
    log_in(page, element_sandbox.url, password="not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("These credentials do not match our records.")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()


def test_an_expired_session_goes_back_to_login_and_then_to_where_the_user_was(
    page: Page, context: BrowserContext, element_sandbox
):
    log_in(page, element_sandbox.url)
    open_orders(page)
    context.clear_cookies(name="thiio_session")
    search_orders(page, "12345")
    expect(page.get_by_text("Your session has expired")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login\?redirect="))
    page.get_by_label("Email").fill("demo@thiio.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Orders", level=1)).to_be_visible()


def test_whats_new_dialog_after_login_is_closed_with_got_it(page: Page, element_sandbox):
    element_sandbox.set_faults(post_login_dialog=True)
    log_in(page, element_sandbox.url)
    dialog = page.get_by_role("dialog", name="What's new")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Got it").click()
    expect(dialog).to_be_hidden()
    open_orders(page)


def test_confirm_retry_cancel_does_nothing_and_retry_retries(page: Page, element_sandbox):
    element_sandbox.set_faults(confirm_retry=True)
    log_in(page, element_sandbox.url)
    pane = open_order_notifications(page, "12345")
    ultracart = notification_row(pane, "Ultracart")

    open_row_menu(page, ultracart).get_by_role("menuitem", name="Retry").click()
    confirm = page.get_by_role("dialog").filter(has_text="Retry this notification?")
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    expect(status_cell(ultracart)).to_have_text("Failed")
    assert element_sandbox.ledger() == []

    open_row_menu(page, ultracart).get_by_role("menuitem", name="Retry").click()
    confirm.get_by_role("button", name="Retry").click()
    expect(status_cell(ultracart)).to_have_text("Success", timeout=SETTLE_MS)
    assert len(element_sandbox.ledger()) == 1


def test_a_lost_answer_to_retry_still_shows_the_truth(page: Page, element_sandbox):
    """The retry was recorded but the answer became a 502: the pane re-reads the order."""

    def lose_the_answer(route: Route) -> None:
        route.fetch()  # the server does the retry...
        route.fulfill(status=502, content_type="text/html", body="<h1>502 Bad Gateway</h1>")

    log_in(page, element_sandbox.url)
    page.goto(element_sandbox.url + "/orders/12345")
    pane = page.get_by_role("dialog", name="Order #12345")
    open_notifications(pane)
    ultracart = notification_row(pane, "Ultracart")
    page.route("**/api/notifications/*/retry", lose_the_answer)
    open_row_menu(page, ultracart).get_by_role("menuitem", name="Retry").click()
    expect(page.get_by_role("alert").filter(has_text="Something went wrong")).to_be_visible()
    expect(status_cell(ultracart)).to_have_text("Success", timeout=SETTLE_MS)
    assert len(element_sandbox.ledger()) == 1


def test_rerendering_pane_still_lets_a_person_retry(page: Page, element_sandbox):
    element_sandbox.set_faults(rerender_ms=400)
    log_in(page, element_sandbox.url)
    page.goto(element_sandbox.url + "/orders/12345")
    pane = page.get_by_role("dialog", name="Order #12345")
    open_notifications(pane)
    with page.expect_request("**/api/orders/12345"):  # the re-fetch is running
        pass
    ultracart = notification_row(pane, "Ultracart")
    open_row_menu(page, ultracart).get_by_role("menuitem", name="Retry").click()
    expect(status_cell(ultracart)).to_have_text("Success", timeout=SETTLE_MS)
    assert len(element_sandbox.ledger()) == 1


def test_customer_names_with_markup_are_shown_as_text(page: Page, start_sandboxes, markup_scenario):
    # 10028's customer: "<img src=x onerror=alert(1)> Smith"
    sandbox = start_sandboxes(scenario=markup_scenario, ui="element")
    scripts_ran: list[str] = []
    page.on("dialog", lambda dialog: (scripts_ran.append(dialog.message), dialog.dismiss()))
    log_in(page, sandbox.url)
    open_orders(page)
    search_orders(page, "xss.smith")
    expect(page.get_by_role("cell", name="<img src=x onerror=alert(1)> Smith")).to_be_visible()
    expect(page.locator("img[src='x']")).to_have_count(0)
    search_orders(page, "bold.buyer")
    expect(page.get_by_role("cell", name="<b>Bold</b> Buyer")).to_be_visible()
    assert scripts_ran == []
