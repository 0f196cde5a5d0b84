"""The left-hand menu (article step 1.2): its Orders entry, found as a person finds it."""

from __future__ import annotations

from playwright.async_api import Locator

from ..locate import NAV_ROLES, by_roles, exact_words
from ..resolve import Tier, any_of, override_tier, tier
from .common import Screen

# Headings are what a page is called, never a menu entry to click.
NOT_A_HEADING = ":not(h1, h2, h3, h4, h5, h6, [role=heading])"
# The page's main content (a dashboard card titled "Orders") is not its menu.
OUTSIDE_MAIN = ":not(main *, [role=main] *)"


def orders_entry_tiers(screen: Screen) -> list[Tier]:
    """The Orders entry: the user's override; an entry with a role and that name in the
    navigation (a left menu renders as <nav> or <aside>); the visible word there (stock list
    items have the role listitem, which takes no name from its text); then the same anywhere
    on the page, headings excepted."""
    page = screen.page
    name = exact_words(screen.labels.nav_orders)
    menus = page.get_by_role("navigation").or_(page.get_by_role("complementary"))
    not_heading = page.locator(NOT_A_HEADING)
    outside_main = page.locator(OUTSIDE_MAIN)
    return [
        *override_tier(page, screen.labels.overrides, "orders_nav"),
        tier("role+name in the navigation", by_roles(menus, NAV_ROLES, name)),
        tier("visible text in the navigation", menus.get_by_text(name).and_(not_heading)),
        tier("role+name", by_roles(page, NAV_ROLES, name).and_(outside_main)),
        tier("visible text", page.get_by_text(name).and_(not_heading).and_(outside_main)),
    ]


def app_ready(screen: Screen) -> Locator:
    """The sign of being inside the app: the Orders entry shows, found any of those ways."""
    return any_of(orders_entry_tiers(screen)).first
