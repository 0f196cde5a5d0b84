"""The ARIA facts a tool author relies on, pinned with aria snapshots; and the main screens
saved as screenshots (in the test's tmp_path) for a person to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .ui import (
    SEARCH_PLACEHOLDER,
    log_in,
    notification_row,
    open_notifications,
    open_order,
    open_orders,
    open_row_menu,
    search_orders,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_roles_and_names_of_the_screens_of_the_article(page: Page, element_sandbox, tmp_path):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(element_sandbox.url + "/")
    expect(page.get_by_role("textbox", name="Email")).to_be_visible()
    expect(page.get_by_role("textbox", name="Password")).to_be_visible()
    page.screenshot(path=tmp_path / "1-login.png")

    log_in(page, element_sandbox.url)
    # The left-hand menu: an el-menu is a menubar of menuitems (not links, no navigation role).
    expect(page.get_by_role("complementary")).to_match_aria_snapshot(
        """
        - menubar:
          - menuitem "Dashboard"
          - menuitem "Orders"
          - menuitem "Customers"
          - menuitem "Products"
          - menuitem "Integrations"
          - menuitem "Settings"
        """
    )
    open_orders(page)
    # The search bar: a textbox named only by its placeholder.
    search = page.get_by_role("textbox", name=SEARCH_PLACEHOLDER)
    expect(search).to_have_attribute("placeholder", SEARCH_PLACEHOLDER)
    expect(search).not_to_have_attribute("aria-label", SEARCH_PLACEHOLDER)
    page.screenshot(path=tmp_path / "2-orders.png")

    search_orders(page, "12345")
    # el-table: the header row and the body rows are in two separate tables.
    expect(page.get_by_role("main").get_by_role("table")).to_have_count(2)
    expect(page.get_by_role("main")).to_match_aria_snapshot(
        """
        - table:
          - rowgroup:
            - row "Order Date Customer Email Total Status":
              - columnheader "Order"
        - table:
          - rowgroup:
            - 'row /#12345 .* Jane Doe jane@example\\.com \\$59\\.90 .*/':
              - 'cell "#12345"'
        """
    )
    pane = open_order(page, "12345")
    # The order details pane: an el-drawer, a dialog named by its title, with a tablist.
    expect(pane).to_match_aria_snapshot(
        """
        - 'heading "Order #12345" [level=2]'
        - button "Close this dialog"
        - tablist:
          - tab "Details" [selected]
          - tab "Items"
          - tab "Notifications"
          - tab "History"
        - tabpanel "Details"
        """
    )
    open_notifications(pane)
    ultracart = notification_row(pane, "Ultracart")
    # A notification row: its cells, and at the right the ⋮, a button with no name at all.
    expect(ultracart).to_match_aria_snapshot(
        """
        - 'row /Ultracart Failed .* 1 500: any server side error\\./':
          - cell "Ultracart"
          - cell "Failed"
          - cell /.+/
          - cell "1"
          - 'cell "500: any server side error."'
          - cell:
            - button:
              - img
        """
    )
    page.screenshot(path=tmp_path / "3-notifications.png")
    trigger = ultracart.get_by_role("button")
    expect(trigger).to_have_accessible_name("")
    expect(trigger).to_have_attribute("aria-haspopup", "menu")
    menu = open_row_menu(page, ultracart)
    # The dropdown: a body-level menu (outside the drawer) of menuitems.
    expect(pane.get_by_role("menu")).to_have_count(0)
    expect(menu).to_match_aria_snapshot(
        """
        - menu:
          - menuitem "Retry"
          - menuitem "View payload"
          - menuitem "Copy message"
        """
    )
    page.screenshot(path=tmp_path / "4-row-menu.png")
    menu.get_by_role("menuitem", name="Retry").click()
    # The toast after Retry: an ElMessage, role alert.
    expect(page.get_by_role("alert")).to_contain_text("Retry started for Ultracart")
    page.screenshot(path=tmp_path / "5-after-retry.png")
