"""What a person does on the sandbox's screens, written with the locators a person would use
(labels, roles, visible text): the sandbox's own UI tests share these steps."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

DEMO_EMAIL = "demo@thiio.test"
DEMO_PASSWORD = "demo-password"
TWO_FACTOR_EMAIL = "2fa@thiio.test"
TWO_FACTOR_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# A retry takes the scenario's retry_delay (1.5 s) plus up to one 1 s poll of the pane.
RETRY_OUTCOME_TIMEOUT_MS = 10_000


def submit_password(page: Page, email: str, password: str) -> None:
    """Fill the sign-in form and wait for the server's answer to it."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_response("**/api/login"):
        page.get_by_role("button", name="Sign in").click()


def sign_in(
    page: Page, base_url: str, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD
) -> None:
    page.goto(base_url + "/")
    submit_password(page, email, password)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def go_to_orders(page: Page) -> None:
    page.get_by_role("link", name="Orders").click()
    expect(page.get_by_role("heading", name="Orders")).to_be_visible()


def order_rows(page: Page) -> Locator:
    """The data rows of the orders table (the header row holds column headers, not cells)."""
    return page.get_by_role("row").filter(has=page.get_by_role("cell"))


def search_orders(page: Page, text: str) -> None:
    page.get_by_label("Search").fill(text)


def open_order(page: Page, number: str) -> Locator:
    """Click the order's row; returns the order details pane."""
    order_rows(page).filter(has_text=number).click()
    pane = page.get_by_role("navigation").filter(has_text=f"Order #{number}")
    expect(pane).to_be_visible()
    return pane


def open_notifications(pane: Locator) -> None:
    pane.get_by_role("tab", name="Notifications").click()
    expect(pane.get_by_role("columnheader", name="Integration")).to_be_visible()


def open_order_notifications(page: Page, number: str) -> Locator:
    """Orders in the menu, search for the number, open the order and its Notifications tab
    (the article's steps 1.2 to 1.4, signed in); returns the order details pane."""
    go_to_orders(page)
    search_orders(page, number)
    pane = open_order(page, number)
    open_notifications(pane)
    return pane


def notification_row(pane: Locator, integration: str) -> Locator:
    page = pane.page
    return pane.get_by_role("row").filter(
        has=page.get_by_role("cell", name=integration, exact=True)
    )


def choose_from_row_menu(row: Locator, item: str) -> None:
    """Click the ⋮ of that row (its only button, which has no name) and pick a menu item.

    The menu opens in Vuetify's overlay container at the end of <body>, so the item is looked
    up on the page, not inside the row."""
    row.get_by_role("button").click()
    menu_item = row.page.get_by_role("listitem").filter(has_text=item)
    expect(menu_item).to_be_visible()
    menu_item.click()


def status_chip(row: Locator, status: str) -> Locator:
    return row.get_by_role("cell", name=status, exact=True)
