"""What a person does on each of the sandbox's five front ends, one adapter per front end.

Every adapter offers the same steps (log in, Orders, search, open an order, its Notifications
tab, a row's ⋮ menu, ...) written with the locators a person would use on THAT front end:
roles, labels, visible text. The front ends are not adjusted to suit the tests (three were
written blind), so where one renders something its own way, its adapter says so.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import pytest
from _pytest.mark import ParameterSet
from playwright.sync_api import Locator, Page, expect

from thiio_sandbox.server import RunningSandbox

DEMO_EMAIL = "demo@thiio.test"
DEMO_PASSWORD = "demo-password"
TWO_FACTOR_EMAIL = "2fa@thiio.test"
TWO_FACTOR_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# A retry takes the scenario's retry_delay (1.5 s) plus up to one poll of the pane (1 to 1.5 s,
# by front end); the rest is room for a loaded machine.
RETRY_OUTCOME_TIMEOUT_MS = 15_000

# Every order number of the scenarios has five digits; most front ends show it as "#12345".
ORDER_NUMBER = re.compile(r"^#?\d{5}$")


@dataclass
class AdminUI(ABC):
    """One front end of the sandbox, driven in `page` like a person following the article."""

    page: Page
    sandbox: RunningSandbox

    # The words this front end uses where the front ends differ.
    sign_in_word: ClassVar[str] = "Log in"
    number_prefix: ClassVar[str] = "#"  # how an order number is shown in the orders table
    attempts_column: ClassVar[int]  # the Attempts cell's place in a notification row
    retry_requested: ClassVar[str] = "Retry requested."
    bad_gateway: ClassVar[str]  # what it says when the server answers 502
    resend_question: ClassVar[str] = "Resend this notification?"
    pane_role: ClassVar[str]  # the order details pane's role
    row_menu_role: ClassVar[str] = "menu"  # the role of a row's ⋮ menu

    # -- what each front end renders its own way ----------------------------------------------

    @abstractmethod
    def expect_dashboard(self) -> None:
        """The page a person lands on after logging in is shown."""

    @abstractmethod
    def orders_menu_entry(self) -> Locator:
        """Orders in the left-hand menu."""

    @abstractmethod
    def search_field(self) -> Locator:
        """The search bar above the orders table."""

    # -- the steps, the same on every front end -----------------------------------------------

    def visit(self, path: str = "/") -> None:
        self.page.goto(self.sandbox.url + path)

    def sign_in_button(self) -> Locator:
        return self.page.get_by_role("button", name=self.sign_in_word, exact=True)

    def submit_password(self, email: str, password: str) -> None:
        """Fill the login form and wait for the server's answer to it."""
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        with self.page.expect_response("**/api/login"):
            self.sign_in_button().click()

    def submit_code(self, code: str) -> None:
        """Type the authenticator code and wait for the server's answer to it."""
        self.page.get_by_label("Authentication code").fill(code)
        with self.page.expect_response("**/api/login/two-factor"):
            self.page.get_by_role("button", name="Verify").click()

    def log_in(self, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD) -> None:
        self.visit("/")
        self.submit_password(email, password)
        self.expect_dashboard()

    def open_orders(self) -> None:
        self.orders_menu_entry().click()
        expect(self.search_field()).to_be_visible()

    def search(self, text: str) -> None:
        """Type in the search bar, then Enter (typing alone searches too, after a pause)."""
        field = self.search_field()
        field.fill(text)
        field.press("Enter")

    def order_rows(self) -> Locator:
        """The orders table's rows that show an order: not its header, loading or empty row."""
        number_cell = self.page.get_by_role("cell", name=ORDER_NUMBER)
        return self.page.get_by_role("row").filter(has=number_cell)

    def order_row(self, number: str) -> Locator:
        number_cell = self.page.get_by_role(
            "cell", name=f"{self.number_prefix}{number}", exact=True
        )
        return self.page.get_by_role("row").filter(has=number_cell)

    def order_pane(self, number: str) -> Locator:
        # Titled "Order #12345"; matched exactly, as a confirmation dialog may name the order
        # in its text too ("... for order #12345 ...").
        title = self.page.get_by_text(f"Order #{number}", exact=True)
        return self.page.get_by_role(self.pane_role).filter(has=title)

    def open_order(self, number: str) -> Locator:
        """Click the order in the list; returns the order details pane."""
        row = self.order_row(number)
        expect(row).to_have_count(1)
        row.click()
        pane = self.order_pane(number)
        expect(pane).to_be_visible()
        return pane

    def open_notifications(self, pane: Locator) -> None:
        pane.get_by_role("tab", name="Notifications").click()
        expect(pane.get_by_role("columnheader", name="Integration")).to_be_visible()

    def open_order_notifications(self, number: str) -> Locator:
        """Orders in the menu, search for the number, open the order and its Notifications tab
        (the article's steps 1.2 to 1.4, logged in); returns the order details pane."""
        self.open_orders()
        self.search(number)
        pane = self.open_order(number)
        self.open_notifications(pane)
        return pane

    def notification_row(self, pane: Locator, integration: str) -> Locator:
        """The row whose integration is named so (some front ends show its message beside it)."""
        name = self.page.get_by_text(integration, exact=True)
        return pane.get_by_role("row").filter(has=name)

    def status(self, row: Locator, word: str) -> Locator:
        """The row's status, shown as that word (visible only while the row has that status)."""
        return row.get_by_text(word, exact=True)

    def attempts(self, row: Locator) -> Locator:
        return row.get_by_role("cell").nth(self.attempts_column)

    def open_row_menu(self, row: Locator) -> Locator:
        """Click the ⋮ of that row (its only button, icon-only, no name); returns the open menu.

        The menu opens in a container at the end of <body>, so it is looked up on the page,
        not in the row: the one shown that offers View payload (every row menu does)."""
        row.get_by_role("button").click()
        menus = self.page.get_by_role(self.row_menu_role).filter(visible=True)
        menu = menus.filter(has_text="View payload")
        expect(menu).to_be_visible()
        return menu

    def menu_item(self, menu: Locator, name: str) -> Locator:
        """An item of an open row menu, enabled or not."""
        return menu.get_by_role("menuitem", name=name)

    def expect_disabled(self, item: Locator, disabled: bool = True) -> None:
        """The menu item is (or is not) marked disabled, the way this front end marks it."""
        if disabled:
            expect(item).to_have_attribute("aria-disabled", "true")
        else:
            expect(item).not_to_have_attribute("aria-disabled", "true")

    def choose(self, row: Locator, item: str) -> None:
        """The row's ⋮, then an item of its menu (Retry, Resend, ...)."""
        self.menu_item(self.open_row_menu(row), item).click()

    def dialog(self, title: str) -> Locator:
        return self.page.get_by_role("dialog").filter(has_text=title)

    def retries(self) -> list[tuple[str, str, str]]:
        """What the sandbox recorded: (order, integration, action) of each accepted retry."""
        return [(r["order"], r["integration"], r["action"]) for r in self.sandbox.ledger()]


class Vuetify3Markup(AdminUI):
    """What the Vuetify 3 library renders, shared by the two front ends built on it."""

    pane_role: ClassVar[str] = "navigation"  # a v-navigation-drawer is a <nav>
    # A v-menu of v-list-items is a list of listitems, not a menu of menuitems.
    row_menu_role: ClassVar[str] = "list"

    def menu_item(self, menu: Locator, name: str) -> Locator:
        return menu.get_by_role("listitem").filter(has_text=name)

    def expect_disabled(self, item: Locator, disabled: bool = True) -> None:
        # Vuetify 3 marks a disabled v-list-item by a class only: no aria-disabled.
        mark = re.compile(r"\bv-list-item--disabled\b")
        if disabled:
            expect(item).to_have_class(mark)
        else:
            expect(item).not_to_have_class(mark)


class VuetifyAdmin(Vuetify3Markup):
    """The default front end (static/app.js, static/js/), written beside the tool."""

    sign_in_word: ClassVar[str] = "Sign in"
    number_prefix: ClassVar[str] = ""
    attempts_column: ClassVar[int] = 3
    retry_requested: ClassVar[str] = "Retry requested for Ultracart"
    bad_gateway: ClassVar[str] = "Something went wrong. Please try again."
    # Its confirmation dialog asks "Retry this notification?" for a System Webhook row too.
    resend_question: ClassVar[str] = "Retry this notification?"

    def expect_dashboard(self) -> None:
        expect(self.page.get_by_role("heading", name="Dashboard")).to_be_visible()

    def orders_menu_entry(self) -> Locator:
        return self.page.get_by_role("link", name="Orders")

    def search_field(self) -> Locator:
        return self.page.get_by_label("Search")


class Vuetify3Admin(Vuetify3Markup):
    """The Vue 3 + Vuetify 3 admin written blind (static/vuetify3/)."""

    attempts_column: ClassVar[int] = 1
    bad_gateway: ClassVar[str] = "The server had a problem (HTTP 502). Please try again."

    def expect_dashboard(self) -> None:
        greeting = re.compile(r"^Welcome back")
        expect(self.page.get_by_role("heading", name=greeting)).to_be_visible()

    def orders_menu_entry(self) -> Locator:
        return self.page.get_by_role("link", name="Orders", exact=True)

    def search_field(self) -> Locator:
        # Labelled "Search by order #, customer name or email".
        return self.page.get_by_role("textbox", name=re.compile(r"^Search"))


class ElementAdmin(AdminUI):
    """The Element Plus front end (static/element/)."""

    SEARCH_PLACEHOLDER: ClassVar[str] = "Search orders by number, customer name or email"

    attempts_column: ClassVar[int] = 3
    retry_requested: ClassVar[str] = "Retry started for Ultracart"
    bad_gateway: ClassVar[str] = "Something went wrong. Please try again."
    pane_role: ClassVar[str] = "dialog"  # an el-drawer is a dialog

    def expect_dashboard(self) -> None:
        expect(self.page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()

    def orders_menu_entry(self) -> Locator:
        # An el-menu is a menubar of menuitems, not links.
        return self.page.get_by_role("menuitem", name="Orders")

    def search_field(self) -> Locator:
        # A textbox named only by its placeholder.
        return self.page.get_by_role("textbox", name=self.SEARCH_PLACEHOLDER)


class QuasarAdmin(AdminUI):
    """The Quasar admin written blind (static/quasar/)."""

    SEARCH_PLACEHOLDER: ClassVar[str] = "Search by order number, customer name or email"

    attempts_column: ClassVar[int] = 2
    bad_gateway: ClassVar[str] = "The server is temporarily unavailable (502). Please try again."
    pane_role: ClassVar[str] = "dialog"  # a q-dialog at the right
    row_menu_role: ClassVar[str] = "list"  # a q-list in a q-menu

    def expect_dashboard(self) -> None:
        expect(self.page.get_by_text(re.compile(r"^Welcome back"))).to_be_visible()

    def orders_menu_entry(self) -> Locator:
        return self.page.get_by_role("link", name="Orders", exact=True)

    def search_field(self) -> Locator:
        return self.page.get_by_placeholder(self.SEARCH_PLACEHOLDER)

    def menu_item(self, menu: Locator, name: str) -> Locator:
        # A clickable q-item is a button; a disabled one is only a listitem.
        enabled = menu.get_by_role("button", name=name, exact=True)
        return enabled.or_(menu.get_by_role("listitem").filter(has_text=name))


class Vuetify2Admin(AdminUI):
    """The Vue 2 + Vuetify 2 admin written blind (static/vuetify2/)."""

    attempts_column: ClassVar[int] = 1
    bad_gateway: ClassVar[str] = "Something went wrong on our side (502). Please try again."
    pane_role: ClassVar[str] = "complementary"  # a Vuetify 2 v-navigation-drawer is an <aside>

    def expect_dashboard(self) -> None:
        expect(self.page.get_by_text(re.compile(r"^Welcome back"))).to_be_visible()

    def orders_menu_entry(self) -> Locator:
        return self.page.get_by_role("navigation").get_by_text("Orders", exact=True)

    def search_field(self) -> Locator:
        # Vuetify 2 drops a single-line field's <label> once it is focused or filled, so after
        # the first search it has no name: it is the text box in the card title above the table.
        return self.page.locator(".v-card__title").get_by_role("textbox")

    def menu_item(self, menu: Locator, name: str) -> Locator:
        # Vuetify 2 gives the menuitem role to a clickable v-list-item only: a disabled one has
        # no role (just aria-disabled), so the items are found by their class.
        return menu.locator(".v-list-item").filter(has_text=name)

    def dialog(self, title: str) -> Locator:
        # A closed Vuetify 2 dialog keeps its role="dialog" wrapper in the DOM (only the inner
        # .v-dialog is display:none), so the open one is found by Vuetify's active class.
        return self.page.locator(".v-dialog--active").filter(has_text=title)


ADAPTERS: dict[str, type[AdminUI]] = {
    "vuetify": VuetifyAdmin,
    "element": ElementAdmin,
    "quasar": QuasarAdmin,
    "vuetify2": Vuetify2Admin,
    "vuetify3": Vuetify3Admin,
}


# What the `open_admin` fixture hands a test: start a sandbox (start_sandbox's options) serving
# the test's front end, and get its adapter.
OpenAdmin = Callable[..., AdminUI]

# The fast tier (pytest -m "not slow") runs the suite on the front end written beside the
# tool; the full suite on all five.
FAST_TIER_FRONT_END = "vuetify"


def front_end_params(*names: str) -> list[ParameterSet]:
    """The named front ends (all five when none is named) as test parameters, each but the
    fast tier's marked slow. A test that holds only on some front ends parametrizes the
    `front_end` fixture itself with these."""
    return [
        pytest.param(name, id=name, marks=() if name == FAST_TIER_FRONT_END else pytest.mark.slow)
        for name in names or ADAPTERS
    ]
