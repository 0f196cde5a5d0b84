"""What a person does on the Element Plus UI, with the locators a person would use."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

DEMO_EMAIL = "demo@thiio.test"
DEMO_PASSWORD = "demo-password"
SEARCH_PLACEHOLDER = "Search orders by number, customer name or email"


def log_in(page: Page, url: str, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD) -> None:
    page.goto(url + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def open_orders(page: Page) -> None:
    page.get_by_role("menuitem", name="Orders").click()
    expect(page.get_by_role("heading", name="Orders", level=1)).to_be_visible()


def search_orders(page: Page, text: str) -> None:
    page.get_by_role("textbox", name=SEARCH_PLACEHOLDER).fill(text)


def order_row(page: Page, number: str) -> Locator:
    number_cell = page.get_by_role("cell", name=f"#{number}", exact=True)
    return page.get_by_role("row").filter(has=number_cell)


def open_order(page: Page, number: str) -> Locator:
    """Click the order in the list; returns the order details pane (a dialog)."""
    row = order_row(page, number)
    expect(row).to_have_count(1)
    row.click()
    pane = page.get_by_role("dialog", name=f"Order #{number}")
    expect(pane).to_be_visible()
    return pane


def open_notifications(pane: Locator) -> None:
    pane.get_by_role("tab", name="Notifications").click()
    expect(pane.get_by_role("tab", name="Notifications")).to_have_attribute("aria-selected", "true")


def open_order_notifications(page: Page, number: str) -> Locator:
    """Orders in the menu, search for the number, open the order and its Notifications tab
    (the article's steps 1.2 to 1.4, logged in); returns the order details pane."""
    open_orders(page)
    search_orders(page, number)
    pane = open_order(page, number)
    open_notifications(pane)
    return pane


def notification_row(pane: Locator, integration: str) -> Locator:
    return pane.get_by_role("row").filter(
        has=pane.page.get_by_role("cell", name=integration, exact=True)
    )


def status_cell(row: Locator) -> Locator:
    # The body rows live in their own <table> without headers (el-table's real layout), so
    # the status cell is the second cell of the row, not a cell named by its column.
    return row.get_by_role("cell").nth(1)


def open_row_menu(page: Page, row: Locator) -> Locator:
    """Click the ⋮ of that row (its only button, icon-only, no name); returns the open menu."""
    trigger = row.get_by_role("button")
    trigger.click()
    expect(trigger).to_have_attribute("aria-expanded", "true")
    menu = page.get_by_role("menu").filter(visible=True)
    expect(menu).to_have_count(1)
    return menu
