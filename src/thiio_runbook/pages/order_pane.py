"""The order details pane (article steps 1.4 to 2.2): the Notifications tab, the Ultracart row,
its ⋮ menu and the Retry item.

Everything is found relative to the pane and the row: the ⋮ clicked is the one of *this*
order's Ultracart row, never the first ⋮ on the page.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from dataclasses import dataclass, field

from playwright.async_api import ElementHandle, Locator, Page
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from ..locate import (
    MENU_ITEM_ROLES_FALLBACK,
    MENU_ITEM_ROLES_PREFERRED,
    PANE_ROLES,
    ROW_ROLES,
    TAB_ROLES,
    accessible_names,
    any_word,
    by_roles,
    contains_text,
    evaluate_first,
    exact_words,
    header_index,
    leading_phrase,
    leading_words,
    parse_count,
    poll_until,
    status_meaning,
    whole_token,
)
from ..resolve import PINNED_ATTR, Tier, any_of, first_match, override_tier, pin, tier
from .common import AutomationError, Screen, SessionExpired, words_for_humans
from .cover import click_close_control

# A Notifications tab's empty state is looked at again after this long before the order is
# taken to have no row of the integration (a list still loading shows it too).
EMPTY_CONFIRM_SECONDS = 0.5


@dataclass
class RowReading:
    """What the integration's row says right now."""

    status: str | None  # meaning: "failed", "success", "pending", "processing" or None
    status_text: str  # the words on screen, e.g. "Failed"
    attempts: int | None
    error: str | None
    text: str  # the whole row, for the record


class AmbiguousRow(AutomationError):
    pass


@dataclass(frozen=True)
class RowText:
    """A row as the page gave it: its text, its cells' texts, the panel's column headers."""

    text: str
    cells: list[str]
    headers: list[str]

    @classmethod
    def of(cls, read: dict) -> RowText:
        return cls(str(read["text"]), list(read["cells"]), list(read["headers"]))


@dataclass(frozen=True)
class PaneLook:
    """The pane at one glance (OrderPane.look)."""

    login: bool  # the login form shows: the session ran out
    dialogs: int  # dialogs open besides the pane (a confirmation may be asking)
    rows: int  # how many rows name the integration
    reading: RowReading | None  # that row, read, when exactly one shows


# Attributes the tool sets on the site's page, never reads from the site's own markup.
SEEN = "data-runbook-seen"  # a loose match already on screen before the ⋮ click
PINNED = "data-runbook-item"  # the one item chosen: if its menu closes, nothing is left to click


@dataclass
class MenuItems:
    """Where a menu's item (Retry) may be, most certain first.

    `preferred`: a menuitem/option named like the action, or a list item reading exactly the
    action (list items get no accessible name from their text). `fallback`: a button or link
    with that name. `text`: an element reading just the action, for menus whose items carry
    no role at all (Naive UI's dropdown options are bare divs). The two loose ones count only
    when the ⋮ click made them appear, and the one taken is pinned: a "Retry" that was on the
    page before (another row's button, a help text) is never the menu's item.
    """

    page: Page
    preferred: Locator
    fallback: Locator
    text: Locator

    def tiers(self) -> list[Tier]:
        """The ways of finding the item, for doctor's measuring (the loose ones fresh only)."""
        return [
            Tier("menuitem, option or listitem", self.preferred),
            Tier("button or link the ⋮ made appear", self.fresh(self.fallback)),
            Tier("text the ⋮ made appear", self.fresh(self.text)),
        ]

    def fresh(self, loose: Locator) -> Locator:
        return loose.and_(self.page.locator(f":not([{SEEN}])"))

    async def mark_present(self) -> None:
        """Right before the ⋮ click: mark the loose matches already on screen (in one call)."""
        await self.fallback.or_(self.text).evaluate_all(
            f"els => els.forEach(el => el.setAttribute('{SEEN}', ''))"
        )

    async def unmark(self) -> None:
        """After looking: a menu element kept in the page (hidden) may be shown again later."""
        with contextlib.suppress(PlaywrightError):  # best effort: the page may be navigating
            await self.page.locator(f"[{SEEN}]").evaluate_all(
                f"els => els.forEach(el => el.removeAttribute('{SEEN}'))"
            )

    async def wait(self, timeout_ms: float) -> None:
        """Until one of them shows (bounded; nothing is raised when none does)."""
        anyone = self.preferred.or_(self.fresh(self.fallback)).or_(self.fresh(self.text))
        with contextlib.suppress(PlaywrightTimeout):
            await anyone.first.wait_for(timeout=timeout_ms or 1)

    async def shown(self, row: Locator) -> Locator | None:
        """The item on screen now, if any. Menus open in an overlay at the end of <body>: the
        newest, last match is this menu's. A loose match inside another row of the same list
        (its own inline "Retry", drawn anew when the list re-renders) is never taken."""
        if await self.preferred.count():
            return self.preferred.last
        try:
            target = await row.element_handle(timeout=1000)
        except PlaywrightError:  # the row is being drawn anew: look again on the next poll
            return None
        if target is None:
            return None
        try:
            return await self._pin_ours(target)
        finally:
            await target.dispose()

    async def _pin_ours(self, row: ElementHandle) -> Locator | None:
        for loose in (self.fallback, self.text):
            token = uuid.uuid4().hex
            pinned = await self.fresh(loose).evaluate_all(
                f"""(els, [row, token]) => {{
                    const rowish = 'tr, li, [role=row], [role=listitem]';
                    const ours = els.filter(el => {{
                        if (row.contains(el)) return true;
                        const other = el.closest(rowish);
                        return !(other && other.parentElement === row.parentElement);
                    }});
                    if (!ours.length) return false;
                    ours[ours.length - 1].setAttribute('{PINNED}', token);
                    return true;
                }}""",
                [row, token],
            )
            if pinned:
                return self.page.locator(f'[{PINNED}="{token}"]')
        return None


@dataclass
class OrderPane:
    screen: Screen
    integration: str
    _pin_token: str | None = field(default=None, init=False, repr=False)  # the pinned pane's

    def tab_tiers(self) -> list[Tier]:
        """Where the Notifications tab may be, most certain first: the user's override; a role
        tab named so; a button or link named so inside a pane (dialog, complementary, region);
        an element reading just the word inside a pane (tab bars whose tabs have no role, as
        Naive UI's); last, a button or link named so anywhere (a pane with no role). A
        left-menu entry or a header bell comes after the pane's own tab, never before."""
        words = exact_words(self.screen.labels.tab_notifications)
        page = self.screen.page
        panes = by_roles(page, [r for r in PANE_ROLES if r != "navigation"])
        return [
            *override_tier(page, self.screen.labels.overrides, "notifications_tab"),
            tier("role tab", page.get_by_role("tab", name=words)),
            tier("button or link in the pane", by_roles(panes, ("button", "link"), words)),
            tier("visible text in the pane", panes.get_by_text(words)),
            tier("button or link outside any pane", by_roles(page, ("button", "link"), words)),
        ]

    def tab(self) -> Locator:
        """Any way of finding the tab, for filters inside a container (has=, has_not=:
        the pane is the dialog holding it). Not for the page as a whole: see tab_tiers."""
        words = exact_words(self.screen.labels.tab_notifications)
        page = self.screen.page
        found = by_roles(page, TAB_ROLES, words).or_(page.get_by_text(words))
        override = self.screen.labels.overrides.notifications_tab
        if override:
            found = page.locator(override).or_(found)
        return found.filter(visible=True).first

    async def tab_to_click(self) -> Locator:
        """The tab found the surest way the page allows."""
        tiers = self.tab_tiers()
        found = await first_match(tiers)
        return found.first if found else tiers[0].locator.first

    async def pane(self) -> Locator:
        """The container that appeared with the order: the user's override; a dialog, side pane
        or region holding the Notifications tab; else the page. Found once per opened order
        and pinned (every read of the pane is scoped to it, on every poll); found anew when
        the pinned element is gone or hidden."""
        pinned = self._pinned()
        if pinned is not None and await pinned.filter(visible=True).count():
            return pinned
        found = await self._find_pane()
        self.forget_pane()
        if found is None:
            return self.screen.page.locator("body")
        token = uuid.uuid4().hex[:12]
        try:
            pinned = await pin(found, timeout_ms=1000, token=token)
        except PlaywrightError:  # gone while being pinned (closing): the next read looks again
            return found
        self._pin_token = token
        return pinned

    def _pinned(self) -> Locator | None:
        """The pane found last, by the token pinned on it; None when none is pinned."""
        if self._pin_token is None:
            return None
        return self.screen.page.locator(f'[{PINNED_ATTR}="{self._pin_token}"]')

    def forget_pane(self) -> None:
        """Another order is being opened: its pane is looked for afresh."""
        self._pin_token = None

    async def _find_pane(self) -> Locator | None:
        override = self.screen.labels.overrides.pane
        if override:
            configured = self.screen.page.locator(override).filter(visible=True)
            if await configured.count():
                return configured.last
        tab = self.tab()
        by_role = [
            by_roles(self.screen.page, (role,)).filter(has=tab, visible=True) for role in PANE_ROLES
        ]
        # Counted together (sent at once, not one after another), chosen in PANE_ROLES' order.
        counts = await asyncio.gather(*(candidates.count() for candidates in by_role))
        for candidates, count in zip(by_role, counts, strict=True):
            if count:
                return candidates.last  # overlays come last in the document: the newest one
        return None  # the pane is the page

    async def wait_for_pane(self) -> None:
        """After clicking an order: its pane shows the Notifications tab (or the login form).
        The pane pinned for the order before is forgotten."""
        self.forget_pane()
        await self._wait_for_tab()

    async def _wait_for_tab(self) -> None:
        """Until the Notifications tab shows in a pane (or the login form)."""
        *in_a_pane, anywhere = self.tab_tiers()
        anyone = self.screen.password_field().or_(any_of(in_a_pane))
        try:
            # Not the last tier: a header's "Notifications" bell is there before the pane is.
            await anyone.first.wait_for(timeout=self.screen.element_ms)
        except PlaywrightTimeout:
            if await anywhere.locator.count():
                return
            raise AutomationError(
                f"an order details pane with a tab (role tab, button or link, else the bare "
                f"text) named {words_for_humans(self.screen.labels.tab_notifications)}",
                await self.screen.describe_screen(),
            ) from None
        await self.screen.check_session()

    async def shows_order(self, number: str) -> bool:
        """Whether the pane shows this order (its number, as a whole word, in its heading or
        details): a pane left over from another order is never read or clicked."""
        pane = await self.pane()
        return await pane.get_by_text(whole_token(number)).filter(visible=True).count() > 0

    async def wait_for_order(self, number: str) -> bool:
        """Until the pane shows this order (bounded); False when it never did."""

        async def showing() -> bool | None:
            if await self.shows_order(number):
                return True  # the order on screen: no login form in the way
            await self.screen.check_session()
            return None

        # Woken when the pane as found now shows the number (a pane drawn anew in another
        # element is seen by the polls after at most a second).
        pane = await self.pane()
        wake = pane.get_by_text(whole_token(number)).filter(visible=True)
        shown = await poll_until(
            showing,
            self.screen.timeouts.element_seconds,
            self.screen.timeouts.poll_interval_ms,
            wake=wake.or_(self.screen.password_field()),
            wake_seconds=1.0,
        )
        return bool(shown)

    async def close(self) -> None:
        """Close the pane as a person would: Escape, then its own close control. A page
        with no pane container (the pane is the page) has nothing of its own to close."""
        pane = await self.pane()
        self.forget_pane()
        with contextlib.suppress(PlaywrightError):
            await self.screen.page.keyboard.press("Escape")
            if await pane.evaluate("el => el === document.body"):
                return
            if await pane.is_visible() and await click_close_control(self.screen, pane):
                await pane.wait_for(state="hidden", timeout=self.screen.action_ms)

    async def open_notifications(self) -> None:
        """Step 1.4: click the Notifications tab. A tab bar drawn anew or still moving can
        swallow the click (the pane keeps showing its first tab): a tab that says whether it
        is selected (aria-selected) and stays unselected is clicked once more, which changes
        nothing else."""
        await self._wait_for_tab()  # in the pane this order's opening found and pinned
        tab = await self.tab_to_click()
        for _ in range(2):
            await self.screen.click(tab, keep=self.tab())
            if await self._selected_or_unknown(tab):
                return

    async def _selected_or_unknown(self, tab: Locator) -> bool:
        async def selected() -> bool | None:
            with contextlib.suppress(PlaywrightError):
                if await tab.get_attribute("aria-selected", timeout=1000) == "false":
                    return None
            return True

        seconds = min(self.screen.timeouts.element_seconds, 1.5)
        return bool(await poll_until(selected, seconds, self.screen.timeouts.poll_interval_ms))

    async def panel(self) -> Locator:
        """The tab's panel when the page marks it (role tabpanel), else the whole pane."""
        pane = await self.pane()
        panels = pane.get_by_role("tabpanel").filter(visible=True)
        if await panels.count() == 1:
            return panels.first
        return pane

    async def integration_rows(self) -> Locator:
        """Rows (table rows, else list items) of the panel naming the integration."""
        panel = await self.panel()
        # Substring, not whole word: a row's text joins its cells ("UltracartFailed").
        name = contains_text(self.integration)
        for role in ROW_ROLES:
            rows = by_roles(panel, (role,)).filter(has_text=name, visible=True)
            if await rows.count():
                return rows
        return by_roles(panel, ROW_ROLES[:1]).filter(has_text=name, visible=True)

    async def find_row(self) -> Locator | None:
        """Step 1.5: the one row of the integration; None when the order has none.

        Waits (bounded) for the panel to show either that row, other rows with a status,
        or a "no notifications" text.
        """
        labels = self.screen.labels
        # A chip or cell reading just a status word (a row's own text joins its cells, so
        # word boundaries cannot be seen there).
        status_words = [w for words in labels.status_words.values() for w in words]
        statuses = self.screen.page.get_by_text(exact_words(status_words))
        # Looked for inside the tab's panel: a bell menu's "No new notifications" elsewhere on
        # the page says nothing of this order.
        empty = leading_phrase(labels.no_notifications)

        async def loaded() -> str | None:
            look = await self.look()
            if look.login:
                raise SessionExpired("the login form appeared")
            if look.rows:
                return "row"
            panel = await self.panel()
            if await by_roles(panel, ROW_ROLES).filter(has=statuses, visible=True).count():
                return "others"
            if await panel.get_by_text(empty).filter(visible=True).count():
                return "empty"
            return None

        pane = await self.pane()
        wake = (
            by_roles(pane, ROW_ROLES)
            .filter(has_text=contains_text(self.integration))
            .or_(by_roles(pane, ROW_ROLES).filter(has=statuses))
            .or_(pane.get_by_text(empty))
            .filter(visible=True)
            .or_(self.screen.password_field())
        )
        answer = await poll_until(
            loaded,
            self.screen.timeouts.element_seconds,
            self.screen.timeouts.poll_interval_ms,
            wake=wake,
            wake_seconds=2.0,
        )
        if answer == "empty":
            # A table shows its "no data" words while its rows are still on their way, too:
            # believed only when it still says so a moment later.
            async def filled() -> str | None:
                now = await loaded()
                return now if now in ("row", "others") else None

            answer = (
                await poll_until(
                    filled, EMPTY_CONFIRM_SECONDS, self.screen.timeouts.poll_interval_ms
                )
                or await loaded()
            )
        if answer is None:
            # Neither rows nor "no notifications": the panel never showed (a tab that did not
            # open, a list that never loaded). That says nothing of the order's rows.
            raise AutomationError(
                f"the Notifications tab's rows (a {self.integration} row, other rows with a "
                f"status, or the words {words_for_humans(labels.no_notifications)})",
                await self.screen.describe_screen(await self.pane()),
            )
        if answer != "row":
            return None
        rows = await self.integration_rows()
        count = await rows.count()
        if count > 1:
            texts = [" ".join(t.split())[:80] for t in await rows.all_inner_texts()]
            raise AmbiguousRow(
                f"exactly one {self.integration} row", f"{count} rows: " + " | ".join(texts)
            )
        return rows.first

    async def find_row_now(self) -> Locator | None:
        """The integration's row as the screen shows it right now (no waiting); None if absent."""
        rows = await self.integration_rows()
        return rows.first if await rows.count() == 1 else None

    async def read_row(self, row: Locator) -> RowReading:
        """Status, attempts and error: by the table's column headers, else from the row's text
        (read in one look: the row's text, its cells and the panel's column headers)."""
        read = await evaluate_first(row, _READ_ROW, self._pin_token, self.screen.action_ms)
        return await self._reading_of(row, RowText.of(read))

    async def look(self, again: bool = True) -> PaneLook:
        """The pane at a glance, in one or two calls: the integration's rows as read, whether
        the login form shows, and whether any dialog is open. For polls (after the click)."""
        # The pinned pane is used as it is; the look says whether it still shows (else it is
        # found anew and looked at again): one call a look where the pane stays.
        pane = self._pinned() or await self.pane()
        name = contains_text(self.integration)
        for role in ROW_ROLES:  # table rows, else list items (as integration_rows)
            rows = by_roles(pane, (role,)).filter(has_text=name, visible=True)
            seen = await rows.evaluate_all(_LOOK, self._pin_token)
            if not seen["pane"] and again:
                self.forget_pane()
                return await self.look(again=False)
            if seen["rows"]:
                break
        found = [RowText.of(one) for one in seen["rows"]]
        reading = await self._reading_of(rows.first, found[0]) if len(found) == 1 else None
        return PaneLook(bool(seen["login"]), int(seen["dialogs"]), len(found), reading)

    async def _reading_of(self, row: Locator, read: RowText) -> RowReading:
        labels = self.screen.labels
        cols = labels.columns
        overrides = labels.overrides
        text = read.text.strip()
        flat = " ".join(text.split())
        raw_cells = read.cells
        cells = [" ".join(t.split()) for t in raw_cells]
        headers = [" ".join(t.split()) for t in read.headers]
        by_header = bool(cells) and len(headers) == len(cells)

        def column(names: tuple[str, ...], raw: bool = False) -> str | None:
            index = header_index(headers, names) if by_header else None
            if index is None:
                return None
            return raw_cells[index] if raw else cells[index]

        status_raw = await _text_of(row, overrides.status) or column(cols.status, raw=True)
        status_word, rest = self.split_status(status_raw) if status_raw else (None, "")
        status = status_meaning(status_word, labels.status_words) if status_word else None
        if status is None:  # no usable Status column: the status word in the row's text
            status = self._status_from_lines(text)
        status_text = status_word or self._status_word(flat) or ""
        attempts_cell = column(cols.attempts)
        attempts = parse_count(attempts_cell) if attempts_cell is not None else parse_count(flat)
        error = await _text_of(row, overrides.message) or column(cols.error)
        if error is None and rest:
            error = rest  # the message under the status chip, in the same cell
        if error is None and by_header:
            error = self._under_the_name(raw_cells)  # the message under the integration's name
        if error is None and not by_header:
            error = self._error_from_lines(text, status_text)
        if error is not None and not any(ch.isalnum() for ch in error):
            error = None  # "—", "-", "": no message
        return RowReading(status, status_text, attempts, error or None, flat)

    def _under_the_name(self, raw_cells: list[str]) -> str | None:
        """The lines under the integration's name in its own cell (a table with no Message
        column that shows the error beneath the name), else None."""
        name = contains_text(self.integration)
        for cell in raw_cells:
            lines = [ln.strip() for ln in cell.splitlines() if ln.strip()]
            if lines and name.search(lines[0]):
                rest = " ".join(ln for ln in lines[1:] if not name.fullmatch(ln))
                return " ".join(rest.split()) or None
        return None

    def split_status(self, cell: str) -> tuple[str, str]:
        """A status cell's text -> (the status word, the rest). 'Failed' alone on its line (a
        chip), or leading the text ('Failed - 500: ...'); else the whole cell is the status."""
        all_words = [w for ws in self.screen.labels.status_words.values() for w in ws]
        lines = [ln.strip() for ln in cell.splitlines() if ln.strip()]
        if not lines:
            return "", ""
        if exact_words(all_words).match(lines[0]):
            return lines[0].rstrip(" *:"), " ".join(" ".join(lines[1:]).split())
        flat = " ".join(cell.split())
        lead = leading_words(all_words).match(flat)
        if lead:
            rest = flat[lead.end() :].strip(" -–—:·|")
            return lead.group(0).strip(), rest
        return flat, ""

    async def message_from_tooltip(self, row: Locator) -> str | None:
        """A message kept in a tooltip or a title: the row's title attributes, else what
        hovering its status shows (a role tooltip appearing). Read-only; bounded."""
        status_words = [w for ws in self.screen.labels.status_words.values() for w in ws]
        with contextlib.suppress(PlaywrightError):
            titles = await row.locator("[title]").evaluate_all(
                "els => els.map(el => el.getAttribute('title').trim()).filter(Boolean)"
            )
            for title in titles:
                if not exact_words(status_words).match(title) and len(title) > 3:
                    return " ".join(title.split())
            chip = row.get_by_text(exact_words(status_words)).filter(visible=True)
            if not await chip.count():
                return None
            await chip.first.hover(timeout=min(self.screen.action_ms, 3000))
            tooltip = self.screen.page.get_by_role("tooltip").filter(visible=True)
            await tooltip.first.wait_for(timeout=min(self.screen.action_ms, 1500))
            text = " ".join((await tooltip.last.inner_text()).split())
            await self.screen.page.mouse.move(0, 0)
            return text or None
        return None

    def _status_from_lines(self, text: str) -> str | None:
        words = self.screen.labels.status_words
        for line in text.splitlines():  # a chip is usually a line of its own
            meaning = status_meaning(line, words) if line.strip() else None
            if meaning and exact_words([w for ws in words.values() for w in ws]).match(line):
                return meaning
        return status_meaning(text, words)

    def _status_word(self, flat: str) -> str | None:
        all_words = [w for ws in self.screen.labels.status_words.values() for w in ws]
        found = any_word(all_words).search(flat)
        return found.group(0) if found else None

    def _error_from_lines(self, text: str, status_text: str) -> str | None:
        """In a list layout: a line saying 'Error: ...', else the longest line that is not the
        integration's name, the status or a count."""
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        label = any_word(self.screen.labels.columns.error)
        for line in lines:
            head, sep, rest = line.partition(":")
            if sep and label.fullmatch(head.strip()) and rest.strip():
                return rest.strip()
        name = contains_text(self.integration)
        status_line = exact_words([status_text]) if status_text else None
        rest_lines = [
            ln
            for ln in lines
            if not name.search(ln)
            and not (status_line and status_line.match(ln))
            and parse_count(ln) is None
        ]
        return max(rest_lines, key=len) if rest_lines else None

    async def menu_button(self, row: Locator) -> Locator:
        """The row's ⋮: a button named like 'More actions' or with no name, else the element
        announcing a popup, else the row's last button. Never a button outside the row."""
        await row.hover()
        override = self.screen.labels.overrides.row_menu_button
        if override:
            configured = row.locator(override).filter(visible=True)
            if await configured.count():
                return configured.last
        buttons = row.get_by_role("button").filter(visible=True)
        names = await accessible_names(buttons)
        menu_words = any_word(self.screen.labels.row_menu)
        for i, name in enumerate(names):
            if name and menu_words.search(name):
                return buttons.nth(i)
        unnamed = [i for i, name in enumerate(names) if not name]
        if unnamed:
            return buttons.nth(unnamed[-1])  # the right-most icon button, next to the status
        popup = row.locator("[aria-haspopup]").filter(visible=True)
        if await popup.count():
            return popup.last
        if names:
            return buttons.last
        raise AutomationError(
            f"the ⋮ menu button in the {self.integration} row", "a row without any button"
        )

    def action_items(self, action: str) -> MenuItems:
        """The menu's item, by how surely it is one (see MenuItems)."""
        name = exact_words([action])
        page = self.screen.page
        preferred = by_roles(page, MENU_ITEM_ROLES_PREFERRED, name).or_(
            by_roles(page, (*MENU_ITEM_ROLES_PREFERRED, "listitem")).filter(has_text=name)
        )
        override = self.screen.labels.overrides.menu_item
        if override:
            preferred = page.locator(override).or_(preferred)
        preferred = preferred.filter(visible=True)
        fallback = by_roles(page, MENU_ITEM_ROLES_FALLBACK, name).filter(visible=True)
        return MenuItems(page, preferred, fallback, page.get_by_text(name).filter(visible=True))

    async def open_menu(self, row: Locator, action: str) -> Locator:
        """Step 2.1: click the row's ⋮ and wait for the action's item; returns that item.

        A list that re-renders can close the menu before it shows: then the ⋮ of the freshly
        located row is clicked again, until element_seconds have passed.
        """
        items = self.action_items(action)
        deadline = time.monotonic() + self.screen.timeouts.element_seconds
        while True:
            button = await self.menu_button(row)  # hovers the row: what that shows is not the menu
            window_end = min(deadline, time.monotonic() + 2.0)
            try:
                await items.mark_present()
                await self.screen.click(button, keep=self.tab())
                await items.wait(max(0.0, window_end - time.monotonic()) * 1000)
                item = await poll_until(
                    lambda: items.shown(row),
                    max(0.0, window_end - time.monotonic()),
                    self.screen.timeouts.poll_interval_ms,
                )
            finally:
                await items.unmark()
            if item is not None:
                return item
            if time.monotonic() >= deadline:
                raise AutomationError(
                    f"a menu item named {action!r} (role menuitem or option, a listitem "
                    "reading it, a button or link, else text that the ⋮ made appear) after "
                    "clicking the row's ⋮",
                    await self.screen.describe_screen(await self.pane()),
                )

    async def close_menu(self, item: Locator) -> None:
        await self.screen.page.keyboard.press("Escape")
        # Some menus stay until clicked elsewhere; nothing was chosen from it either way.
        with contextlib.suppress(PlaywrightTimeout):
            await item.wait_for(state="hidden", timeout=min(self.screen.action_ms, 2000))

    def confirm_button(self) -> Locator:
        """A confirmation dialog's confirm button (not the order pane, if that is a dialog)."""
        confirm = exact_words(self.screen.labels.dialog_confirm)
        dialogs = self.screen.open_dialogs().filter(has_not=self.tab())
        return dialogs.last.get_by_role("button", name=confirm).filter(visible=True)


async def _text_of(row: Locator, selector: str | None) -> str | None:
    """The inner text of a configured element inside the row (locators.status / .message)."""
    if not selector:
        return None
    found = row.locator(selector).filter(visible=True)
    if not await found.count():
        return None
    return await found.first.inner_text()


# The page-side half of reading a row, so that one call reads it (a poll reads it every
# interval). "Boxed" is Playwright's visible (a non-empty box, not visibility:hidden): the
# login form, the pane and dialogs count only so (a zero-size password trap is no login form);
# cells and headers are also hidden under aria-hidden, as role queries hide them. Cells and
# column headers by their HTML elements or roles; a <th> among a body row's <td>s is that
# row's header, not a column's. The headers are the panel's: the one visible tab panel of the
# pane, else the pane (some tables draw their header row in a table of its own). A dialog
# holding the pane is the pane, not a dialog open over it.
_READ_JS = """
const boxed = el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility === 'visible';
};
const hidden = el => !boxed(el) || !!el.closest('[aria-hidden=true]');
const paneOf = token =>
    (token && document.querySelector(`[PINNED_ATTR="${token}"]`)) || document.body;
const panelOf = pane => {
    const panels = [...pane.querySelectorAll('[role=tabpanel]')].filter(el => !hidden(el));
    return panels.length === 1 ? panels[0] : pane;
};
const texts = (scope, selector) =>
    [...scope.querySelectorAll(selector)].filter(el => !hidden(el)).map(el => el.innerText);
const CELLS = 'td:not([role]), th:not([role]), [role=cell], [role=gridcell], [role=rowheader]';
const TH = 'th:not([role]):not([scope=row]):not([scope=rowgroup])';
const HEADERS = `thead ${TH}, tr:not(:has(td)) > ${TH}, [role=columnheader]`;
const readRow = (row, panel) =>
    ({text: row.innerText, cells: texts(row, CELLS), headers: texts(panel, HEADERS)});
""".replace("PINNED_ATTR", PINNED_ATTR)
_READ_ROW = f"(row, token) => {{ {_READ_JS} return readRow(row, panelOf(paneOf(token))); }}"
_LOOK = f"""(rows, token) => {{ {_READ_JS}
    const pane = paneOf(token);
    const panel = panelOf(pane);
    const dialogs = [...document.querySelectorAll('[role=dialog], [role=alertdialog], dialog')]
        .filter(d => boxed(d) && !d.contains(pane)
            && [...d.querySelectorAll('*')].some(boxed));
    return {{
        pane: !token || (pane !== document.body && boxed(pane)),
        rows: rows.filter(row => panel.contains(row)).map(row => readRow(row, panel)),
        login: [...document.querySelectorAll('input[type=password]')].some(boxed),
        dialogs: dialogs.length,
    }};
}}"""
