"""run-retry doctor: walk the runbook read-only and say which words of the configuration the
site no longer shows.

It logs in, opens Orders, finds the order (the one given, or the first one with a failed row
of the runbook's integration), opens its Notifications tab, reads the row, opens the row's ⋮
menu and closes it again with Escape. It never clicks the runbook's action nor anything else
that changes an order. For every locator it records how many visible elements matched (0 or
more than 1 is a finding) and how long the first one took to appear; for every finding, the
configuration key to change and what the page offered instead.

Exit codes: 0 every locator resolved exactly once; 1 findings; 2 bad usage or configuration;
3 the walk itself failed (login refused, site unreachable).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeout

from .browser import NoDisplay, check_display, remote_browser
from .config import (
    RUNBOOK_NAME,
    SITE_CONFIG_NAME,
    ConfigError,
    RunbookSpec,
    SiteConfig,
    default_config_path,
    load_runbook,
    load_site_config,
    write_settings,
)
from .locate import (
    MENU_ITEM_ROLES_PREFERRED,
    NAV_ROLES,
    ROW_ROLES,
    accessible_names,
    any_word,
    by_roles,
    contains_text,
    exact_words,
    leading_words,
    poll_until,
)
from .outcomes import ExitCode
from .pages.common import AuthError, AutomationError, Screen
from .pages.cover import clear_cover, covered_by
from .pages.login import LoginPage
from .pages.nav import orders_entry_tiers
from .pages.order_pane import OrderPane
from .pages.orders import ORDER_NUMBER_IN_TEXT, OrdersPage, SearchUnsettled
from .resolve import Tier, first_match, wait_for_match
from .rundir import RunFolder, write_private
from .steps import (
    LOCATE_ORDER,
    LOG_IN,
    NOTIFICATIONS_TAB,
    OPEN_MENU,
    ORDERS,
    action_step,
    identify_step,
)
from .target import Target, TargetError, resolve_target
from .teach import install, selector_for, uninstall, wait_for_click

Echo = Callable[[str], None]
# What doctor says when a thing was found by a looser tier of the resolver than the first.
TIER_NOTES = {
    "visible text in the navigation": "found by its words in the menu (no role gives it that name)",
    "role+name": "found outside the navigation landmark",
    "visible text": "found by its words outside the navigation (no role gives it that name)",
    "button or link in the pane": "found as a button or link in the pane, not as a tab",
    "visible text in the pane": "found as bare text, not as a tab, button or link",
    "button or link outside any pane": "found as a button or link outside any pane: "
    "check it is the tab",
    "the main area's first text field": "found as the main area's first text field "
    "(no label matched)",
    "button or link the ⋮ made appear": "found as a button or link, not as a menu item",
    "text the ⋮ made appear": "found as bare text the ⋮ made appear, not as a menu item",
}
MAX_ORDERS_TO_OPEN = 12  # when no --order is given: how many listed orders to look into
MAX_OFFERED = 12  # names shown per finding


@dataclass
class Check:
    """One locator of one step: what was looked for, where it is configured, what was found."""

    what: str  # e.g. "the left-menu entry"
    key: str  # e.g. "labels.nav.orders"
    file: str  # the file where the key lives
    words: list[str]
    count: int = 0
    seconds: float | None = None  # until the first match showed; None: never
    offered: list[str] = field(default_factory=list)
    advice: str = ""
    note: str = ""
    found_by: str = ""  # the resolver's tier that found it (resolve.Tier.how)
    # Settings that make it resolve, each checked on the page: {"locators.orders_nav": ...}
    fix: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.count == 1


@dataclass
class DoctorStep:
    name: str
    checks: list[Check] = field(default_factory=list)
    screenshot: str | None = None
    detail: str = ""
    status: str | None = None  # step 1.5: the meaning of the row's status, when read

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


@dataclass
class Diagnosis:
    target_url: str
    runbook: str
    order: str | None = None
    steps: list[DoctorStep] = field(default_factory=list)
    error: str | None = None  # the walk could not go on (login refused, no orders, ...)
    run_dir: str = ""

    @property
    def findings(self) -> list[Check]:
        return [check for step in self.steps for check in step.checks if not check.ok]

    @property
    def exit_code(self) -> int:
        if self.error and not self.findings:
            return int(ExitCode.AUTOMATION_ERROR)
        return int(ExitCode.ATTENTION) if self.findings or self.error else int(ExitCode.OK)


class StopWalk(Exception):
    """A step failed in a way the walk cannot get past."""


def resembles(name: str, words: list[str] | tuple[str, ...]) -> bool:
    """'Sales Orders' for 'Orders', 'Notification Log' for 'Notifications', 'Retry sync' for
    'Retry': a configured word (or its stem) inside the name, or the name inside a word."""
    text = " ".join(name.lower().split())
    if not text:
        return False
    for word in words:
        w = word.strip().lower()
        stem = w[: max(4, len(w) - 2)]
        if w and (w in text or text in w or stem in text):
            return True
    return False


def _clean(names: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        one = " ".join(name.split())
        if one and len(one) <= 80:
            seen.setdefault(one, None)
    return list(seen)[:MAX_OFFERED]


class Walk:
    """The read-only walk on one page."""

    def __init__(
        self,
        screen: Screen,
        site: SiteConfig,
        spec: RunbookSpec,
        folder: RunFolder,
        site_file: str,
        runbook_file: str,
        echo: Echo,
    ) -> None:
        self.screen = screen
        self.page: Page = screen.page
        self.site = site
        self.spec = spec
        self.folder = folder
        self.site_file = site_file
        self.runbook_file = runbook_file
        self.echo = echo
        self.orders = OrdersPage(screen)
        self.pane = OrderPane(screen, spec.integration)
        self.wait_seconds = site.timeouts.element_seconds
        self.teach_seconds: float | None = None  # --teach: how long to wait for a click

    # ---- measuring ----------------------------------------------------------------------

    def check(self, what: str, key: str, words: tuple[str, ...] | list[str], runbook=False):
        return Check(what, key, self.runbook_file if runbook else self.site_file, list(words))

    async def measure(self, check: Check, locator: Locator, seconds: float | None = None) -> Check:
        """Wait (bounded) for the first visible match; then count the visible matches."""
        return await self.measure_tiers(check, [Tier("", locator.filter(visible=True))], seconds)

    async def measure_tiers(
        self, check: Check, tiers: list[Tier], seconds: float | None = None
    ) -> Check:
        """The run's own resolver (resolve.py): wait (bounded) until a tier matches, then
        count the visible matches of the first tier that has one, and say which it was."""
        started = time.monotonic()
        found = await wait_for_match(
            tiers,
            self.wait_seconds if seconds is None else seconds,
            self.site.timeouts.poll_interval_ms,
        )
        if found is None:
            found = await first_match(tiers)  # one last look after the wait
        check.count = found.count if found else 0
        check.found_by = found.how if found else ""
        note = TIER_NOTES.get(check.found_by, "")
        check.note = note or check.note
        cover = await covered_by(found.first) if found else None
        if cover:  # the run clears it first (pages/cover.py); a person should know
            check.note = "; ".join(n for n in (check.note, f"covered by {cover}") if n)
        check.seconds = round(time.monotonic() - started, 2) if check.count else None
        return check

    async def propose(
        self, check: Check, key: str, candidates: list[str], scope: Page | Locator | None = None
    ) -> str | None:
        """The first candidate selector that finds exactly one visible element on this page,
        as the fix for `check` (locators.<key>); None when none does."""
        where = scope if scope is not None else self.page
        for selector in dict.fromkeys(candidates):
            with suppress(Exception):
                if await where.locator(selector).filter(visible=True).count() == 1:
                    check.fix[f"locators.{key}"] = selector
                    return selector
        return None

    async def teach(self, check: Check, key: str, what: str) -> str | None:
        """--teach: the person clicks the thing in the browser window; the selector built for
        it (teach.py), checked to find exactly that element, becomes the fix for `check`.
        None when not teaching, no click came in time, or no selector finds just it. The
        page sees none of the person's input meanwhile (a Retry item included)."""
        if self.teach_seconds is None:
            return None
        token = await install(self.page, what)
        try:
            self.echo(
                f"teach: {what} ({check.key}) was not found. Click it in the browser window "
                f"(within {self.teach_seconds:g} s; the click changes nothing)"
            )
            try:
                await wait_for_click(self.page, token, self.teach_seconds)
            except PlaywrightTimeout:
                self.echo("teach: no click came in time")
                return None
            selector = await selector_for(self.page, token, css=key != "menu_item")
        finally:
            with suppress(Exception):  # the page may have gone; nothing is left on it then
                await uninstall(self.page)
        if selector is None:
            self.echo("teach: no selector finds exactly that element; see the screenshot")
            return None
        check.fix[f"locators.{key}"] = selector
        check.note = f"taught by a click: locators.{key}: {selector!r}"
        self.echo(f"teach: locators.{key}: {selector!r} (checked: exactly the element clicked)")
        return selector

    async def names_of(self, locator: Locator) -> list[str]:
        with suppress(Exception):
            return _clean(await accessible_names(locator.filter(visible=True)))
        return []

    def advise(self, check: Check, alternative: str | None) -> None:
        if check.count > 1:
            check.advice = (
                f"{check.count} elements match: make {check.key} in {check.file} more specific"
            )
        elif alternative and check.file == self.runbook_file:
            check.advice = (
                f"change {check.key} in {check.file} to {alternative!r} (now {check.words[0]!r})"
            )
        elif alternative:
            check.advice = (
                f"change {check.key} in {check.file} to include {alternative!r} (now {check.words})"
            )
        else:
            check.advice = (
                f"change {check.key} in {check.file} (now {check.words}) to the page's word "
                "for it (see what the page offered)"
            )

    async def screenshot(self, step: DoctorStep, key: str) -> None:
        with suppress(Exception):
            data = await self.page.screenshot(timeout=10_000, animations="disabled")
            path = self.folder.next_screenshot_path(key, step.name)
            write_private(path, data)
            step.screenshot = self.folder.relative(path)

    # ---- the steps ------------------------------------------------------------------------

    async def log_in(self, target: Target) -> DoctorStep:
        step = DoctorStep(LOG_IN)
        labels = self.site.labels
        login = LoginPage(self.screen)
        await self.page.goto(target.url + "/", wait_until="domcontentloaded")
        password = self.screen.password_field()
        with suppress(Exception):
            await password.wait_for(timeout=self.site.timeouts.navigation_seconds * 1000)
        if await password.count():
            email = self.check("the email field", "labels.login.email", labels.login.email)
            words = exact_words(labels.login.email)
            page = self.page
            await self.measure(
                email,
                page.get_by_label(words)
                .or_(page.get_by_placeholder(words))
                .or_(page.get_by_role("textbox", name=words)),
                seconds=1,
            )
            if not email.ok:
                email.note = "the tool falls back to input[type=email]"
                email.offered = await self.names_of(page.get_by_role("textbox"))
                self.advise(email, None)
            submit = self.check("the log-in button", "labels.login.submit", labels.login.submit)
            await self.measure(submit, login.submit_button(labels.login.submit), seconds=1)
            if not submit.ok:
                submit.note = "the tool presses Enter instead"
                submit.offered = await self.names_of(page.get_by_role("button"))
                self.advise(submit, None)
            step.checks += [email, submit]
            await login.fill_credentials(target.email, target.password)
            await login.submit(labels.login.submit, login.password_field())
            answer = await self._login_answer(login)
            if answer == "code":
                if not target.totp_secret:
                    raise AuthError("the site asks for a two-factor code: set THIIO_TOTP_SECRET")
                import pyotp

                field_ = login.code_field()
                await field_.fill(pyotp.TOTP(target.totp_secret).now())
                await login.submit(labels.login.two_factor_submit, field_)
                answer = await self._login_answer(login)
            if answer != "in":
                raise AuthError(f"the log-in did not go through ({answer or 'no answer'})")
            step.detail = "logged in (a fresh session; the saved one is left alone)"
        else:
            step.detail = "no login form (already logged in)"
        await self.screen.dismiss_dialogs()
        nav = self.check("the left-menu entry", "labels.nav.orders", labels.nav_orders)
        await self.measure_tiers(nav, orders_entry_tiers(self.screen))
        step.checks.append(nav)
        await self.screenshot(step, "doctor")
        return step

    async def _login_answer(self, login: LoginPage) -> str | None:
        password, code, error = login.password_field(), login.code_field(), login.error_message()

        async def answer() -> str | None:
            if await error.count():
                return "refused: " + " ".join((await error.inner_text()).split())
            if await code.count() and not await password.count():
                return "code"
            if not await password.count():
                return "in"
            return None

        return await poll_until(
            answer, self.site.timeouts.navigation_seconds, self.site.timeouts.poll_interval_ms
        )

    async def menu_words(self) -> list[str]:
        """What the left menu offers: its entries' names and the words shown in it."""
        menus = self.page.get_by_role("navigation").or_(self.page.get_by_role("complementary"))
        scope = menus if await menus.count() else self.page.locator("body")
        names = await self.names_of(by_roles(scope, NAV_ROLES))
        with suppress(Exception):
            for text in await scope.filter(visible=True).all_inner_texts():
                names += [line for line in text.splitlines() if line.strip()]
        return _clean(names)

    async def open_orders(self, step_nav: DoctorStep) -> DoctorStep:
        """1.2: click the menu entry (or, when it is missing, the entry that resembles it)."""
        step = DoctorStep(ORDERS)
        nav = step_nav.checks[-1]
        tiers = orders_entry_tiers(self.screen)
        if nav.ok:
            found = await first_match(tiers)
            assert found is not None
            await clear_cover(self.screen, found.first)
            await self.screen.click((await first_match(tiers) or found).first)
        else:
            nav.offered = await self.menu_words()
            alternative = next((n for n in nav.offered if resembles(n, nav.words)), None)
            self.advise(nav, alternative if nav.count == 0 else None)
            chosen = None
            if nav.count or alternative is not None:
                words = [alternative] if nav.count == 0 and alternative else list(nav.words)
                name = json.dumps(words[0])
                chosen = await self.propose(
                    nav,
                    "orders_nav",
                    [
                        f"role=navigation >> text={name}",
                        f"role=complementary >> text={name}",
                        f"text={name}",
                        *(f"role={r}[name={name}]" for r in NAV_ROLES),
                    ],
                )
            chosen = chosen or await self.teach(nav, "orders_nav", "the menu entry for Orders")
            if chosen is None:
                raise StopWalk("no single menu entry to open the orders with")
            await self.screen.click(self.page.locator(chosen).filter(visible=True).first)
            step.detail = f"carried on with {chosen!r}"
        search = self.check("the search bar", "labels.search", self.site.labels.search)
        await self.measure_tiers(search, self.orders.search_tiers())
        if search.count == 0:
            search.offered = await self.names_of(self.page.get_by_role("textbox"))
            self.advise(search, None)
            proposed = await self.propose(
                search,
                "search_field",
                [
                    *(f"role=textbox[name={json.dumps(n)}]" for n in search.offered),
                    "role=main >> role=textbox",
                    "input[type=search]",
                ],
            )
            if proposed or await self.teach(search, "search_field", "the Orders search bar"):
                search.count = 1  # found by the fix (checked on this page): the walk goes on
        elif search.found_by == "the main area's first text field":
            search.count = 1
        step.checks.append(search)
        await self.screenshot(step, "doctor")
        if search.count == 0:
            raise StopWalk("no search bar")
        return step

    async def listed_orders(self) -> list[str]:
        """Order numbers of the list as it first shows (for finding a failed one)."""

        async def some() -> list[str] | None:
            rows = await self.orders.data_rows()
            texts = await rows.all_inner_texts()
            numbers = [m.group(1) for t in texts if (m := ORDER_NUMBER_IN_TEXT.search(t))]
            return list(dict.fromkeys(numbers)) or None

        return (await poll_until(some, self.wait_seconds, 250)) or []

    async def locate(self, number: str) -> DoctorStep:
        """1.3: search the number; exactly one result row shows it; open it."""
        step = DoctorStep(LOCATE_ORDER)
        check = Check(f"the result row of order {number}", "--order", "(command line)", [number])
        unsettled: SearchUnsettled | None = None
        try:
            matches = await self.orders.search(number, by_number=True)
        except SearchUnsettled as exc:
            matches, unsettled = [], exc
        check.count = len(matches)
        check.seconds = 0.0 if matches else None
        if not matches:
            rows = await self.orders.data_rows()
            check.offered = _clean(await rows.all_inner_texts())
            check.advice = (
                f"the list never showed {unsettled.looked_for}: check labels.no_results"
                if unsettled
                else f"no result row shows order {number}: check the number"
            )
        elif len(matches) > 1:
            check.advice = f"{len(matches)} result rows show {number}"
        step.checks.append(check)
        if matches:
            await self.orders.open_order(matches[0])
            step.detail = f"opened order {matches[0].number}"
        await self.screenshot(step, number)
        if not matches:
            raise StopWalk(f"order {number} not found")
        return step

    async def notifications_tab(self, number: str) -> DoctorStep:
        step = DoctorStep(NOTIFICATIONS_TAB)
        labels = self.site.labels
        check = self.check("the order's tab", "labels.tabs.notifications", labels.tab_notifications)
        await self.measure_tiers(check, self.pane.tab_tiers())
        step.checks.append(check)
        chosen: str | None = None
        if not check.ok:
            check.offered = await self.names_of(self.page.get_by_role("tab"))
            alternative = next((n for n in check.offered if resembles(n, check.words)), None)
            self.advise(check, alternative if check.count == 0 else None)
            if check.count == 0 and alternative is not None:
                name = json.dumps(alternative)
                chosen = await self.propose(
                    check,
                    "notifications_tab",
                    [f"role=tab[name={name}]", f"role=dialog >> text={name}", f"text={name}"],
                )
            if check.count == 0 and chosen is None:
                chosen = await self.teach(check, "notifications_tab", "the Notifications tab")
            if check.count == 0 and chosen is None:
                await self.screenshot(step, number)
                raise StopWalk("no Notifications tab")
        if chosen:
            tab = self.page.locator(chosen).filter(visible=True).first
        else:
            tab = await self.pane.tab_to_click()
        await self.screen.click(tab, keep=tab if chosen else self.pane.tab())
        if chosen:
            step.detail = f"carried on with {chosen!r}"
        await self.screenshot(step, number)
        return step

    async def identify(self, number: str) -> tuple[DoctorStep, Locator | None, str | None]:
        """1.5: exactly one row of the integration; its status means the runbook's status."""
        spec, labels = self.spec, self.site.labels
        step = DoctorStep(identify_step(spec.integration))
        row_check = self.check(
            f"the {spec.integration} row", "integration", [spec.integration], runbook=True
        )
        panel = await self._panel()
        name = contains_text(spec.integration)
        rows = by_roles(panel, ROW_ROLES).filter(has_text=name)
        started = time.monotonic()
        await self._rows_settled(panel, rows)
        await self.measure(row_check, rows, seconds=0)
        if row_check.count:
            row_check.seconds = round(time.monotonic() - started, 2)
        step.checks.append(row_check)
        if not row_check.ok:
            every = by_roles(panel, ROW_ROLES).filter(visible=True)
            texts = []
            for i in range(min(await every.count(), MAX_OFFERED)):
                cells = await every.nth(i).get_by_role("cell").all_inner_texts()
                texts.append(cells[0] if cells else await every.nth(i).inner_text())
            row_check.offered = _clean(texts)
            self.advise(row_check, None)
            await self.screenshot(step, number)
            return step, None, None
        row = rows.filter(visible=True).first
        reading = await self.pane.read_row(row)
        wanted = spec.retryable_status
        status = self.check(
            f"the row's status word for {wanted!r}",
            f"labels.status_words.{wanted}",
            labels.status_words[wanted],
        )
        status.count = 1 if reading.status is not None else 0
        status.seconds = row_check.seconds if reading.status is not None else None
        cells = [" ".join(c.split()) for c in await row.get_by_role("cell").all_inner_texts()]
        if (
            cells
            and spec.integration not in cells[0]
            and contains_text(spec.integration).search(cells[0])
        ):
            row_check.note = f"the page writes it {cells[0]!r} (matched regardless of case)"
        if reading.status is None:
            shown = reading.status_text or next(
                (c for c in cells[1:] if _status_guess(c)), _status_guess(reading.text)
            )
            status.offered = _clean([shown] if shown else [reading.text])
            status.advice = (
                f"no word of labels.status_words shows in the row ({reading.text[:100]!r}): "
                f"if {shown or 'its status'!r} means {wanted}, add it to "
                f"labels.status_words.{wanted} in {self.site_file}"
            )
            if shown:
                words = [*labels.status_words[wanted], shown]
                status.fix[f"labels.status_words.{wanted}"] = words
        elif reading.status != wanted:
            status.note = f"this order's row is {reading.status_text} (not {wanted})"
        step.checks.append(status)
        step.detail = f"{spec.integration}: {reading.status_text or '?'}"
        await self.screenshot(step, number)
        return step, row, reading.status

    async def _rows_settled(self, panel: Locator, rows: Locator) -> None:
        """Wait (bounded) until the panel shows the row, other rows with a status, or its
        "no notifications" text: an order without the row is seen as such at once."""
        labels = self.site.labels
        words = [w for ws in labels.status_words.values() for w in ws]
        statuses = self.page.get_by_text(exact_words(words))
        empty = self.page.get_by_text(leading_words(labels.no_notifications))

        async def settled() -> str | None:
            if await rows.filter(visible=True).count():
                return "row"
            if await by_roles(panel, ROW_ROLES).filter(has=statuses, visible=True).count():
                return "others"
            return "empty" if await empty.filter(visible=True).count() else None

        await poll_until(settled, self.wait_seconds, self.site.timeouts.poll_interval_ms)

    async def _panel(self) -> Locator:
        panels = self.page.get_by_role("tabpanel").filter(visible=True)
        if await panels.count() == 1:
            return panels.first
        return await self.pane.pane()

    async def open_menu(self, number: str, row: Locator) -> DoctorStep:
        """2.1: the row's ⋮ opens a menu with the action; closed again with Escape."""
        spec, labels = self.spec, self.site.labels
        step = DoctorStep(OPEN_MENU)
        button_check = self.check("the row's ⋮ button", "labels.row_menu", labels.row_menu)
        buttons = row.get_by_role("button").filter(visible=True)
        names = await accessible_names(buttons)
        named = [n for n in names if n and any_word(labels.row_menu).search(n)]
        unnamed = [n for n in names if not n]
        button_check.count = len(named) or (1 if unnamed else 0)
        button_check.seconds = 0.0 if button_check.count else None
        if not named and unnamed:
            button_check.note = "an icon button without a name (the tool takes the last one)"
        if not button_check.ok:
            button_check.offered = _clean(names)
            self.advise(button_check, None)
        step.checks.append(button_check)
        if button_check.count == 0:
            await self.screenshot(step, number)
            return step
        button = await self.pane.menu_button(row)
        item = self.check(f"the menu item {spec.action!r}", "action", [spec.action], runbook=True)
        items = self.pane.action_items(spec.action)
        await items.mark_present()  # as run-retry does: only what the ⋮ click shows counts
        await self.screen.click(button)
        try:
            await self.measure_tiers(item, items.tiers())
        finally:
            await items.unmark()
        step.checks.append(item)
        if not item.ok:
            menus = by_roles(self.page, ("menu", "listbox")).filter(visible=True)
            scope = menus.last if await menus.count() else self.page
            item.offered = await self.names_of(
                by_roles(scope, (*MENU_ITEM_ROLES_PREFERRED, "listitem"))
            )
            alternative = next((n for n in item.offered if resembles(n, item.words)), None)
            self.advise(item, alternative if item.count == 0 else None)
            proposed = None
            if item.count == 0 and alternative is not None:
                name = json.dumps(alternative)
                proposed = await self.propose(
                    item,
                    "menu_item",
                    [
                        *(f"role={r}[name={name}]" for r in MENU_ITEM_ROLES_PREFERRED),
                        f"role=menu >> text={name}",
                        f"text={name}",
                    ],
                )
            if item.count == 0 and proposed is None:
                # The person's click on the item is caught before the page sees it: the
                # action is never made, by the person or by the doctor.
                await self.teach(item, "menu_item", f"the menu's {spec.action!r} item")
        step.detail = f"menu opened and closed with Escape; {spec.action!r} was not clicked"
        await self.screenshot(step, number)
        await self.page.keyboard.press("Escape")
        return step


def _status_guess(text: str) -> str:
    """A short capitalised word standing on its own line: what a chip reads like."""
    for line in text.splitlines():
        line = line.strip()
        if line and len(line.split()) <= 2 and line[:1].isupper() and not line[:1].isdigit():
            return line
    return ""


async def diagnose(
    site: SiteConfig,
    spec: RunbookSpec,
    target: Target,
    folder: RunFolder,
    order: str | None,
    echo: Echo,
    site_file: str,
    runbook_file: str,
    teach_seconds: float | None = None,
) -> Diagnosis:
    from playwright.async_api import async_playwright

    from .browser import launch_or_connect
    from .session import Session

    diagnosis = Diagnosis(target.url, spec.name, order, run_dir=str(folder.root))
    async with async_playwright() as playwright:
        browser = await launch_or_connect(playwright, site.browser)
        try:
            session = Session(target, site, fresh_login=True)
            context = await session.new_context(browser)
            page = await context.new_page()
            screen = Screen(page, site.labels, site.timeouts)
            walk = Walk(screen, site, spec, folder, site_file, runbook_file, echo)
            walk.teach_seconds = teach_seconds
            await _walk(walk, target, diagnosis, order, echo)
        except (AuthError, AutomationError, StopWalk) as exc:
            diagnosis.error = str(exc)
        except Exception as exc:  # the doctor reports what stopped it, it does not crash
            diagnosis.error = f"{type(exc).__name__}: {exc}"
        finally:
            with suppress(Exception):
                await browser.close()
    return diagnosis


async def _walk(
    walk: Walk, target: Target, diagnosis: Diagnosis, order: str | None, echo: Echo
) -> None:
    steps = diagnosis.steps
    login = await walk.log_in(target)
    steps.append(login)
    steps.append(await walk.open_orders(login))
    candidates = [order] if order else (await walk.listed_orders())[:MAX_ORDERS_TO_OPEN]
    if not candidates:
        raise StopWalk("the orders list shows no order to look into (pass --order N)")
    for index, number in enumerate(candidates):
        last = index == len(candidates) - 1
        tried = await _walk_order(walk, number)
        name = identify_step(walk.spec.integration)
        row_step = next((s for s in tried if s.name == name), None)
        suitable = row_step is not None and row_step.status == walk.spec.retryable_status
        structural = any(not c.ok for s in tried for c in s.checks if c.key != "integration")
        if order or suitable or structural or last:
            diagnosis.order = number
            steps.extend(tried)
            if not order and not suitable and not structural:
                diagnosis.error = (
                    f"none of the first {len(candidates)} listed orders has a "
                    f"{walk.spec.retryable_status} {walk.spec.integration} row: pass --order N"
                )
            break
        echo(f"  order {number}: no {walk.spec.retryable_status} {walk.spec.integration} row")
        await walk.orders.open_orders()  # back to the list for the next one
    if diagnosis.error is None and len(steps) and steps[-1].name == OPEN_MENU:
        steps.append(
            DoctorStep(
                action_step(walk.spec.action),
                detail="not clicked: the doctor never changes an order",
            )
        )


async def _walk_order(walk: Walk, number: str) -> list[DoctorStep]:
    """1.3 to 2.1 on one order; stops early at a step it cannot get past."""
    steps: list[DoctorStep] = []
    try:
        steps.append(await walk.locate(number))
        steps.append(await walk.notifications_tab(number))
        identify, row, status = await walk.identify(number)
        identify.status = status
        steps.append(identify)
        if row is not None:
            steps.append(await walk.open_menu(number, row))
    except StopWalk:
        pass
    return steps


# ---- output -----------------------------------------------------------------------------


def describe(diagnosis: Diagnosis, echo: Echo) -> None:
    for step in diagnosis.steps:
        mark = "ok  " if step.ok else "FAIL"
        shot = f"  [{step.screenshot}]" if step.screenshot else ""
        echo(f"[{mark}] {step.name}{shot}" + (f"  {step.detail}" if step.detail else ""))
        for check in step.checks:
            when = f"in {check.seconds:.2f}s" if check.seconds is not None else "never appeared"
            plural = "match" if check.count == 1 else "matches"
            echo(
                f"         {check.key:<28} {check.count} {plural} {when}"
                f"  ({check.what}: {', '.join(repr(w) for w in check.words)})"
            )
            if check.note:
                echo(f"           note: {check.note}")
            if not check.ok:
                if check.offered:
                    echo("           the page offered: " + ", ".join(map(repr, check.offered)))
                if check.advice:
                    echo(f"           -> {check.advice}")
                for key, value in check.fix.items():
                    echo(f"           fix (checked on this page): {key}: {value!r}")
    if diagnosis.error:
        echo(f"stopped: {diagnosis.error}")
    findings = diagnosis.findings
    if findings:
        keys = ", ".join(dict.fromkeys(f.key for f in findings))
        echo(f"doctor: {len(findings)} finding(s): {keys}")
    elif not diagnosis.error:
        total = sum(len(s.checks) for s in diagnosis.steps)
        echo(f"doctor: all {total} checks resolved exactly once (order {diagnosis.order})")
    echo(f"screenshots: {diagnosis.run_dir}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run-retry doctor",
        description="Walk the runbook read-only against the account (or --sandbox) and say, "
        "for each step, whether each thing the tool looks for is on screen exactly once, how "
        "long it took, and which configuration key to change when it is not. Nothing that "
        "changes an order is clicked.",
        epilog="exit codes: 0 every check resolved exactly once, 1 findings, 2 bad usage or "
        "configuration, 3 the walk failed (e.g. the login was refused)",
    )
    parser.add_argument("--sandbox", action="store_true", help="the embedded sandbox")
    parser.add_argument(
        "--order",
        metavar="N",
        help="the order to walk (default: the first listed one with a "
        "failed row of the runbook's integration)",
    )
    parser.add_argument("--config", metavar="PATH", help=f"default ./{SITE_CONFIG_NAME}")
    parser.add_argument("--runbook", metavar="PATH", help=f"default ./runbooks/{RUNBOOK_NAME}")
    parser.add_argument("--screenshots-dir", metavar="DIR", help="where the run folder goes")
    parser.add_argument("--headed", action="store_true", help="show the browser window")
    parser.add_argument(
        "--write",
        action="store_true",
        help=f"put the fixes it checked on the page into ./{SITE_CONFIG_NAME} (or --config)",
    )
    parser.add_argument(
        "--teach",
        action="store_true",
        help="for a thing it cannot find, ask you to click it in the browser window (needs "
        "--headed or a browser you can see via THIIO_BROWSER_CDP/WS), build a selector for "
        "it, check it and --write it; the click itself changes nothing",
    )
    parser.add_argument(
        "--teach-seconds",
        type=float,
        default=120.0,
        metavar="S",
        help="how long --teach waits for each click (120)",
    )
    return parser


class DoctorUsage(ValueError):
    """Flags that do not fit together."""


def fixes_of(diagnosis: Diagnosis) -> dict[str, Any]:
    """Every fix the walk checked on the page, by configuration key."""
    return {key: value for check in diagnosis.findings for key, value in check.fix.items()}


def write_fixes(diagnosis: Diagnosis, path: Path, echo: Echo) -> None:
    fixes = fixes_of(diagnosis)
    if not fixes:
        echo("doctor --write: no checked fix to write")
        return
    write_settings(path, fixes)
    echo(f"doctor --write: set {', '.join(fixes)} in {path}; run doctor again to check")


@asynccontextmanager
async def _target(use_sandbox: bool, cwd: Path, echo: Echo) -> AsyncIterator[Target]:
    if not use_sandbox:
        found = resolve_target(False, cwd=cwd)
        assert found is not None
        yield found
        return
    from thiio_sandbox.server import start_sandbox

    from .target import sandbox_target

    sandbox = await asyncio.to_thread(start_sandbox)
    try:
        target = sandbox_target(sandbox.url)
        echo(f"doctor: the embedded Thiio SANDBOX at {target.url} (demo data)")
        yield target
    finally:
        await asyncio.to_thread(sandbox.stop)


async def _run(args: argparse.Namespace, cwd: Path, echo: Echo) -> Diagnosis:
    site_path = default_config_path(args.config, cwd, SITE_CONFIG_NAME)
    runbook_path = default_config_path(args.runbook, cwd, f"runbooks/{RUNBOOK_NAME}")
    site = load_site_config(site_path)
    spec = load_runbook(runbook_path)
    check_display(args.headed, os.environ)
    if args.teach and not args.headed and remote_browser(site.browser) is None:
        raise DoctorUsage(
            "--teach asks you to click in the browser window: add --headed (or connect to a "
            "browser you can see, THIIO_BROWSER_CDP / THIIO_BROWSER_WS)"
        )
    if args.teach_seconds <= 0:
        raise DoctorUsage("--teach-seconds must be more than 0")
    if args.headed:
        from dataclasses import replace

        site = replace(site, browser=replace(site.browser, headless=False))
    shots = Path(args.screenshots_dir or site.screenshots_dir)
    shots = shots if shots.is_absolute() else cwd / shots
    if not args.sandbox:
        resolve_target(False, cwd=cwd)  # the account's settings, checked before any browser
    async with _target(args.sandbox, cwd, echo) as target:
        folder = RunFolder.create(shots)
        echo(
            f"doctor: {spec.name} on {target.url}, read-only (the {spec.action!r} click and "
            "anything else that changes an order is never made)"
        )
        diagnosis = await diagnose(
            site,
            spec,
            target,
            folder,
            args.order,
            echo,
            str(site_path or f"{SITE_CONFIG_NAME} (packaged defaults)"),
            str(runbook_path or f"runbooks/{RUNBOOK_NAME} (packaged defaults)"),
            args.teach_seconds if args.teach else None,
        )
        document = asdict(diagnosis)
        document["findings"] = [asdict(f) for f in diagnosis.findings]
        write_private(
            folder.root / "doctor.json", json.dumps(document, indent=2, ensure_ascii=False).encode()
        )
        return diagnosis


def main(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and int(ExitCode.USAGE)

    def echo(line: str) -> None:
        print(line, flush=True)

    try:
        diagnosis = asyncio.run(_run(args, Path.cwd(), echo))
    except (ConfigError, TargetError, NoDisplay, DoctorUsage) as exc:
        print(f"run-retry doctor: {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except KeyboardInterrupt:
        return int(ExitCode.INTERRUPTED)
    describe(diagnosis, echo)
    if args.write or args.teach:
        try:
            write_fixes(diagnosis, Path(args.config or SITE_CONFIG_NAME), echo)
        except ConfigError as exc:
            print(f"run-retry doctor: {exc}", file=sys.stderr)
            return int(ExitCode.USAGE)
    return diagnosis.exit_code
