"""Logging in (wrong password, lockout, 2FA), session expiry, server errors and the sandbox's
UI fault switches, on every front end: what a person sees in each case."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import Route, expect

from .adapters import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    RETRY_OUTCOME_TIMEOUT_MS,
    TWO_FACTOR_EMAIL,
    TWO_FACTOR_SECRET,
    AdminUI,
    front_end_params,
)

pytestmark = pytest.mark.browser

WRONG_CREDENTIALS = "These credentials do not match our records."
SESSION_EXPIRED = "Your session has expired"  # then "Please log in again." or "sign in"
LOGIN_TO_COME_BACK = re.compile(r"/login\?redirect=")


def test_wrong_passwords_are_refused_and_five_lock_the_account(admin: AdminUI) -> None:
    page = admin.page
    admin.visit("/login")
    for _ in range(5):
        admin.submit_password(DEMO_EMAIL, "not-the-password")
        expect(page.get_by_text(WRONG_CREDENTIALS)).to_be_visible()
        expect(admin.sign_in_button()).to_be_visible()
    admin.submit_password(DEMO_EMAIL, DEMO_PASSWORD)
    expect(page.get_by_text("Too many login attempts")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login$"))


def test_two_factor_login_back_to_a_deep_link_then_a_retry(admin: AdminUI) -> None:
    page = admin.page
    admin.visit("/orders/12345")
    admin.submit_password(TWO_FACTOR_EMAIL, DEMO_PASSWORD)
    right_code = pyotp.TOTP(TWO_FACTOR_SECRET).now()
    admin.submit_code("000000" if right_code != "000000" else "111111")
    expect(page.get_by_text("code was invalid")).to_be_visible()

    admin.submit_code(pyotp.TOTP(TWO_FACTOR_SECRET).now())
    # Back where the link pointed: the order details pane is open.
    expect(page).to_have_url(re.compile(r"/orders/12345$"))
    pane = admin.order_pane("12345")
    expect(pane).to_be_visible()
    expect(page.get_by_text("Two-Factor Admin")).to_be_visible()

    admin.open_notifications(pane)
    ultracart = admin.notification_row(pane, "Ultracart")
    admin.choose(ultracart, "Retry")
    expect(admin.status(ultracart, "Success")).to_be_visible(timeout=RETRY_OUTCOME_TIMEOUT_MS)
    assert [r["user"] for r in admin.sandbox.ledger()] == [TWO_FACTOR_EMAIL]


def test_an_expired_session_goes_back_to_login_and_then_to_where_the_user_was(
    admin: AdminUI,
) -> None:
    page = admin.page
    admin.log_in()
    admin.open_orders()
    admin.sandbox.expire_sessions()
    admin.search("12345")  # the next call the page makes is answered 401
    expect(page.get_by_text(SESSION_EXPIRED)).to_be_visible()
    expect(page).to_have_url(LOGIN_TO_COME_BACK)

    admin.submit_password(DEMO_EMAIL, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/orders"))
    expect(admin.search_field()).to_be_visible()
    pane = admin.open_order_notifications("10004")
    expect(admin.notification_row(pane, "Ultracart")).to_contain_text("Item [SKU-123]")


def test_a_session_expired_before_retry_retries_nothing_until_logged_in_again(
    admin: AdminUI,
) -> None:
    page = admin.page
    admin.log_in()
    pane = admin.open_order_notifications("12345")
    admin.sandbox.expire_sessions()
    admin.choose(admin.notification_row(pane, "Ultracart"), "Retry")
    expect(page.get_by_text(SESSION_EXPIRED)).to_be_visible()
    expect(page).to_have_url(LOGIN_TO_COME_BACK)
    assert admin.sandbox.ledger() == []

    admin.submit_password(DEMO_EMAIL, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/orders/12345"))  # the pane again
    pane = admin.order_pane("12345")
    admin.open_notifications(pane)
    ultracart = admin.notification_row(pane, "Ultracart")
    admin.choose(ultracart, "Retry")
    expect(admin.status(ultracart, "Success")).to_be_visible(timeout=RETRY_OUTCOME_TIMEOUT_MS)
    assert admin.retries() == [("12345", "Ultracart", "retry")]


def test_whats_new_dialog_after_login_is_closed_with_got_it(admin: AdminUI) -> None:
    admin.sandbox.set_faults(post_login_dialog=True)
    admin.log_in()
    whats_new = admin.dialog("What's new")
    expect(whats_new).to_be_visible()
    whats_new.get_by_role("button", name="Got it").click()
    expect(whats_new).to_be_hidden()

    admin.open_orders()
    admin.search("12345")
    expect(admin.order_row("12345")).to_contain_text("Jane Doe")


# Element's el-dialog and Vuetify 2's v-dialog (not persistent there) close on Escape.
@pytest.mark.parametrize("front_end", front_end_params("vuetify", "quasar", "vuetify3"))
def test_whats_new_dialog_is_persistent_escape_does_not_close_it(admin: AdminUI) -> None:
    admin.sandbox.set_faults(post_login_dialog=True)
    admin.log_in()
    expect(admin.dialog("What's new")).to_be_visible()
    admin.page.keyboard.press("Escape")
    expect(admin.dialog("What's new")).to_be_visible()
    admin.dialog("What's new").get_by_role("button", name="Got it").click()
    expect(admin.dialog("What's new")).to_be_hidden()


def test_confirm_retry_cancel_does_nothing_and_retry_retries(admin: AdminUI) -> None:
    admin.sandbox.set_faults(confirm_retry=True)
    admin.log_in()
    pane = admin.open_order_notifications("12345")
    ultracart = admin.notification_row(pane, "Ultracart")

    admin.choose(ultracart, "Retry")
    confirm = admin.dialog("Retry this notification?")
    expect(confirm).to_be_visible()
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    expect(admin.status(ultracart, "Failed")).to_be_visible()
    assert admin.sandbox.ledger() == []

    admin.choose(ultracart, "Retry")
    confirm.get_by_role("button", name="Retry", exact=True).click()
    expect(admin.status(ultracart, "Success")).to_be_visible(timeout=RETRY_OUTCOME_TIMEOUT_MS)
    assert admin.retries() == [("12345", "Ultracart", "retry")]


def test_a_lost_answer_to_retry_shows_the_error_then_the_truth(admin: AdminUI) -> None:
    """The retry was recorded but its answer became a 502: the pane reads the order again."""

    def lose_the_answer(route: Route) -> None:
        route.fetch()  # the server does the retry...
        route.fulfill(status=502, content_type="text/html", body="<h1>502 Bad Gateway</h1>")

    page = admin.page
    admin.log_in()
    pane = admin.open_order_notifications("12345")
    ultracart = admin.notification_row(pane, "Ultracart")
    page.route("**/api/notifications/*/retry", lose_the_answer)
    admin.choose(ultracart, "Retry")
    expect(page.get_by_text(admin.bad_gateway)).to_be_visible()
    expect(admin.status(ultracart, "Success")).to_be_visible(timeout=RETRY_OUTCOME_TIMEOUT_MS)
    assert admin.retries() == [("12345", "Ultracart", "retry")]


def test_a_server_error_on_search_shows_its_message_and_the_next_search_works(
    admin: AdminUI,
) -> None:
    admin.log_in()
    admin.open_orders()
    admin.sandbox.set_faults(error_rate=1.0)  # every API call answers 502
    admin.search("jane")
    expect(admin.page.get_by_text(admin.bad_gateway)).to_be_visible()

    admin.sandbox.set_faults(error_rate=0.0)
    admin.search("12345")
    expect(admin.order_rows()).to_have_count(1)
    expect(admin.order_row("12345")).to_contain_text("Jane Doe")


# These three re-render by drawing the rows anew (a new key each time): an open ⋮ menu closes
# with its row, so a person's Retry is a race there, not a test.
@pytest.mark.parametrize("front_end", front_end_params("vuetify", "quasar", "vuetify2"))
def test_a_rerendering_notification_list_draws_its_rows_anew(admin: AdminUI) -> None:
    admin.sandbox.set_faults(rerender_ms=300)
    admin.log_in()
    pane = admin.open_order_notifications("12345")
    row = admin.notification_row(pane, "Ultracart").element_handle()
    admin.page.wait_for_function("row => !row.isConnected", arg=row, timeout=3_000)
    expect(admin.notification_row(pane, "Ultracart")).to_be_visible()


# These two re-fetch the order and update its rows in place.
@pytest.mark.parametrize("front_end", front_end_params("element", "vuetify3"))
def test_a_refreshing_notification_list_still_lets_a_person_retry(admin: AdminUI) -> None:
    admin.sandbox.set_faults(rerender_ms=300)
    admin.log_in()
    pane = admin.open_order_notifications("10018")  # Ultracart and System Webhook Failed
    with admin.page.expect_request("**/api/orders/10018"):  # fetched again on its own
        pass
    ultracart = admin.notification_row(pane, "Ultracart")
    admin.choose(ultracart, "Retry")
    expect(admin.status(ultracart, "Success")).to_be_visible(timeout=RETRY_OUTCOME_TIMEOUT_MS)
    expect(admin.status(admin.notification_row(pane, "System Webhook"), "Failed")).to_be_visible()
    assert admin.retries() == [("10018", "Ultracart", "retry")]
