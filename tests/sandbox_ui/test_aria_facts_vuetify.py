"""The sandbox renders what real Vuetify renders, not something friendlier: these are the
facts the runbook tool must cope with on the real Thiio, pinned so the sandbox keeps them."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from thiio_sandbox.server import RunningSandbox

from .adapters import VuetifyAdmin

pytestmark = pytest.mark.browser


@pytest.fixture
def vuetify(page: Page, sandbox: RunningSandbox) -> VuetifyAdmin:
    """The default front end on a fresh sandbox, logged in."""
    admin = VuetifyAdmin(page, sandbox)
    admin.log_in()
    return admin


def test_the_row_menu_is_an_unnamed_button_whose_menu_lives_at_the_end_of_body(
    vuetify: VuetifyAdmin,
) -> None:
    page = vuetify.page
    vuetify.open_orders()
    vuetify.search("10017")  # Order Desk, Ultracart and Klaviyo all Failed
    pane = vuetify.open_order("10017")

    expect(pane.get_by_role("tablist").get_by_role("tab")).to_have_text(
        ["Details", "Items", "Notifications", "History"]
    )
    vuetify.open_notifications(pane)
    expect(pane.get_by_role("tab", name="Notifications")).to_have_attribute("aria-selected", "true")

    ultracart = vuetify.notification_row(pane, "Ultracart")
    dots = ultracart.get_by_role("button")
    expect(dots).to_have_count(1)
    expect(dots).to_have_accessible_name("")  # icon only, no aria-label, no title
    expect(dots).to_have_attribute("aria-haspopup", "menu")
    expect(ultracart.get_by_role("cell", name="Failed", exact=True)).to_be_visible()

    menu = vuetify.open_row_menu(ultracart)
    expect(dots).to_have_attribute("aria-expanded", "true")
    items = menu.get_by_role("listitem")  # v-list-item in a v-menu: listitem, not menuitem
    expect(items).to_have_text(["Retry", "View payload", "Copy message"])
    expect(page.get_by_role("menuitem")).to_have_count(0)
    # In the DOM the menu is not inside the row but in the overlay container under <body>.
    expect(ultracart.get_by_text("View payload")).to_have_count(0)
    expect(page.locator("body > .v-overlay-container").get_by_text("View payload")).to_be_visible()

    items.filter(has_text="View payload").click()
    payload = vuetify.dialog("Ultracart payload")
    expect(payload).to_contain_text('"number": "10017"')


def test_a_disabled_menu_item_is_marked_by_class_only(vuetify: VuetifyAdmin) -> None:
    pane = vuetify.open_order_notifications("10010")  # Ultracart already Success
    ultracart = vuetify.notification_row(pane, "Ultracart")
    expect(ultracart.get_by_role("cell", name="Success", exact=True)).to_be_visible()

    retry = vuetify.menu_item(vuetify.open_row_menu(ultracart), "Retry")
    vuetify.expect_disabled(retry)  # by its class, v-list-item--disabled
    expect(retry).not_to_have_attribute("aria-disabled", "true")
    expect(retry).to_be_enabled()  # as far as ARIA can tell
