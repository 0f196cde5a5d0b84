"""The ARIA facts a tool author relies on, pinned with aria snapshots; and the main screens
saved as screenshots (in the test's tmp_path) for a person to look at."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from thiio_sandbox.server import RunningSandbox

from .adapters import ElementAdmin

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_roles_and_names_of_the_screens_of_the_article(
    page: Page, start_sandboxes: Callable[..., RunningSandbox], tmp_path: Path
) -> None:
    element = ElementAdmin(page, start_sandboxes(ui="element"))
    page.set_viewport_size({"width": 1440, "height": 900})
    element.visit("/")
    expect(page.get_by_role("textbox", name="Email")).to_be_visible()
    expect(page.get_by_role("textbox", name="Password")).to_be_visible()
    page.screenshot(path=tmp_path / "1-login.png")

    element.log_in()
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
    element.open_orders()
    # The search bar: a textbox named only by its placeholder.
    search = element.search_field()
    expect(search).to_have_attribute("placeholder", element.SEARCH_PLACEHOLDER)
    expect(search).not_to_have_attribute("aria-label", element.SEARCH_PLACEHOLDER)
    page.screenshot(path=tmp_path / "2-orders.png")

    element.search("12345")
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
    pane = element.open_order("12345")
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
    element.open_notifications(pane)
    ultracart = element.notification_row(pane, "Ultracart")
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
    menu = element.open_row_menu(ultracart)
    expect(trigger).to_have_attribute("aria-expanded", "true")
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
