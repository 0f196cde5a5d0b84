"""The Orders screen (article steps 1.2 and 1.3): the menu entry, the search bar, the results."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Locator

from ..locate import (
    ROW_ROLES,
    any_word,
    by_roles,
    contains_text,
    exact_words,
    header_index,
    holds,
    leading_words,
    poll_until,
    whole_token,
)
from ..resolve import Found, Tier, first_match, override_tier, pin, tier, wait_for_match
from .common import AutomationError, Screen, words_for_humans
from .cover import clear_cover, covered_by
from .nav import orders_entry_tiers
from .search_calls import SearchCalls

ORDER_NUMBER_IN_TEXT = re.compile(r"(?<!\w)#?(\d{3,})(?!\w)")
# A list footer's range: "1-25 of 42", "26–42 of 42".
RANGE_TEXT = re.compile(r"\d+\s*[-–]\s*\d+\s+of\s+\d+", re.IGNORECASE)
# Not inside a side pane, a dialog or a menu (where the Orders list never is).
OUTSIDE_PANES = ":not(nav *, aside *, [role=dialog] *, [role=complementary] *, [role=navigation] *)"
CELL_ROLES = ("cell", "gridcell", "rowheader")
# A result row read in one look (_ROWS_TEXT): its cells' texts and its whole text.
RowRead = list[Any]  # [cells' texts, the row's text]


class SearchUnsettled(AutomationError):
    """The list never showed the search's answer: neither matching rows nor "no results"."""


@dataclass
class OrderMatch:
    """One result row: what a person would read off it."""

    number: str
    date: str = ""
    status: str = ""
    customer: str = ""
    email: str = ""
    row_status: str = ""  # the integration row's status, read from the order (ambiguous lists)
    row: Locator | None = field(default=None, repr=False, compare=False)

    def summary(self) -> dict[str, str]:
        return {
            "number": self.number,
            "date": self.date,
            "status": self.status,
            "customer": self.customer,
            "email": self.email,
            "row_status": self.row_status,
        }


@dataclass
class OrdersPage:
    screen: Screen
    # The page's address when the Orders list last showed: still there (and its search bar
    # showing, uncovered) means step 1.2 has nothing to do, as for a person already on it.
    _orders_url: str | None = field(default=None, init=False, repr=False)
    _field: Locator | None = field(default=None, init=False, repr=False)  # the search bar
    _has_main: bool = field(default=False, init=False, repr=False)
    _table_rows: bool = field(default=False, init=False, repr=False)  # results seen as rows

    def main_area(self) -> Locator:
        return self.screen.page.get_by_role("main").filter(visible=True).first

    async def scope(self) -> Locator:
        """The main area when the page marks one (a layout keeps it: looked for until found
        once); else the whole page's body."""
        if self._has_main:
            return self.main_area()
        main = self.main_area()
        if await main.count():
            self._has_main = True
            return main
        return self.screen.page.locator("body")

    async def open_orders(self, anew: bool = False) -> None:
        """Step 1.2: click Orders in the left-hand menu, wait for the search bar.

        Before each order, as a person would: whatever covers the menu (a pane left open, its
        backdrop, a popup) is cleared first. A person still on the Orders list (the same
        address, its search bar showing) does not go there again: only what covers the search
        bar is cleared. `anew`: go there all the same (a second look at a search that failed)."""
        if not anew and await self._still_on_orders():
            return
        self._orders_url = None
        tiers = orders_entry_tiers(self.screen)
        entry = (
            f"a menu entry reading {words_for_humans(self.screen.labels.nav_orders)} (with a "
            "role and that name, or just those words on screen)"
        )
        target = (await self._showing(tiers, entry)).first
        if await covered_by(target) is not None:
            await clear_cover(self.screen, target)
            target = (await self._showing(tiers, entry)).first  # found anew: clearing may redraw
        await self.screen.click(target)
        field = await self.search_field_ready()
        if await clear_cover(self.screen, field, reload=False) is None:
            self._orders_url = self.screen.page.url

    async def _still_on_orders(self) -> bool:
        # An order opened at an address of its own (/orders/12345) left the list: the menu
        # entry takes the person back (and closes the order), as it always did.
        if self._orders_url is None or self.screen.page.url != self._orders_url:
            return False
        await self.screen.check_session()
        found = await first_match(self.search_tiers())
        if found is None or found.count != 1:
            return False
        return await clear_cover(self.screen, found.first, reload=False) is None

    async def _showing(self, tiers: list[Tier], looked_for: str) -> Found:
        """The first tier that shows (bounded); SessionExpired when the login form shows
        instead, AutomationError (with what the screen showed) when nothing does."""
        password = Tier("login form", self.screen.password_field())
        timeouts = self.screen.timeouts
        found = await wait_for_match(
            [*tiers, password], timeouts.element_seconds, timeouts.poll_interval_ms
        )
        await self.screen.check_session()
        if found is None:
            raise AutomationError(looked_for, await self.screen.describe_screen())
        return found

    def search_tiers(self) -> list[Tier]:
        """The search bar: the user's override; a searchbox; a textbox named or with a
        placeholder like 'Search'; else the main area's first text field."""
        page = self.screen.page
        words = any_word(self.screen.labels.search)
        return [
            *override_tier(page, self.screen.labels.overrides, "search_field"),
            tier("role searchbox", page.get_by_role("searchbox")),
            tier("textbox named like the words", page.get_by_role("textbox", name=words)),
            tier("placeholder", page.get_by_placeholder(words)),
            tier(
                "the main area's first text field", page.get_by_role("main").get_by_role("textbox")
            ),
        ]

    async def search_field_ready(self) -> Locator:
        """The search bar, once it shows; pinned: typing may take its label away, and the
        Enter goes to the very field the text went into. The one pinned before is used again
        while it shows (the list was not drawn anew)."""
        if self._field is not None and await self._field.filter(visible=True).count():
            return self._field
        found = await self._showing(
            self.search_tiers(),
            f"a search bar (role searchbox, or a textbox) labelled "
            f"{words_for_humans(self.screen.labels.search)}",
        )
        self._field = await pin(found.first)
        return self._field

    async def data_rows(self) -> Locator:
        """Result rows: the user's override; table rows without column headers, else list
        items."""
        # A table's "No orders match “99999”." row is no result, though it shows the number.
        no_results = leading_words(self.screen.labels.no_results)
        override = self.screen.labels.overrides.order_row
        if override:
            return self.screen.page.locator(override).filter(visible=True, has_not_text=no_results)
        scope = await self.scope()
        page = self.screen.page
        header = page.get_by_role("columnheader")
        # The list, not a pane's table: a closed drawer may stay drawn off screen in <main>.
        in_list = page.locator(OUTSIDE_PANES)
        rows = scope.get_by_role("row").and_(in_list)
        rows = rows.filter(has_not=header, has_not_text=no_results)
        if self._table_rows or await rows.filter(visible=True).count():
            self._table_rows = True  # a list drawn as a table stays one (no probe a poll)
            return rows.filter(visible=True)
        items = by_roles(scope, ROW_ROLES[1:]).and_(in_list).filter(has_not_text=no_results)
        return items.filter(visible=True)

    async def search(self, query: str, by_number: bool) -> list[OrderMatch]:
        """Step 1.3: type the query into the search bar, read the rows that match it."""
        field = await self.search_field_ready()
        with SearchCalls(self.screen.page) as calls:
            await field.fill(query)
            await field.press("Enter")
            return await self._results(query, by_number, calls)

    async def _results(self, query: str, by_number: bool, calls: SearchCalls) -> list[OrderMatch]:
        """The rows that answer the search, once the list settled; none only on a clean
        answer (every call of the search answered 2xx/3xx), else SearchUnsettled."""
        page = self.screen.page
        if by_number:
            # Some element of the row (its cell, its link) shows the number as a whole word;
            # the row's own text joins cells without spaces, so it cannot be matched as a word.
            def matching(rows: Locator) -> Locator:
                return rows.filter(has=page.get_by_text(whole_token(query)))
        else:

            def matching(rows: Locator) -> Locator:
                return rows.filter(has_text=contains_text(query))

        no_results = self.screen.page.get_by_text(leading_words(self.screen.labels.no_results))
        # The answer's rows and what they read, from the look that found them (by number):
        # read once, and clicked by the very locator that read them.
        answer_rows: tuple[Locator, list[RowRead]] | None = None

        async def settled() -> str | None:
            nonlocal answer_rows
            answer_rows = None
            rows = await self.data_rows()
            if by_number:
                found = matching(rows)
                seen: list[RowRead] = await found.evaluate_all(_ROWS_TEXT)
                if seen:
                    answer_rows = (found, seen)
                    return "found"  # the answer's rows: no login form in the way
            await self.screen.check_session()
            if await no_results.filter(visible=True).count():
                return "none"
            total = await rows.count()
            if not total:
                self._table_rows = False  # none as table rows: look for list items again
            if total and await rows.filter(has_text=contains_text(query)).count() == total:
                return "found"  # the list shows only what the search matched
            return None

        timeouts = self.screen.timeouts
        # Woken when a matching row, the "no results" words or the login form shows.
        wake = (
            matching(await self.data_rows())
            .or_(no_results.filter(visible=True))
            .or_(self.screen.password_field())
        )
        answer = await poll_until(
            settled, timeouts.search_seconds, timeouts.poll_interval_ms, wake=wake, wake_seconds=3.0
        )
        if answer != "found":
            # Nothing matched (yet): read again once the search's own calls have ended, and
            # believe an empty answer only when every one of them was answered in full. A
            # "no results" left from the previous search may show before this one's call has
            # even started (a debounced field): give it a moment to start first.
            await poll_until(
                lambda: holds(calls.started > 0),
                min(2.0, timeouts.search_seconds),
                timeouts.poll_interval_ms,
            )
            await poll_until(
                lambda: holds(not calls.open), timeouts.search_seconds, timeouts.poll_interval_ms
            )

            # The list draws the answer a moment after its call has ended.
            async def found() -> str | None:
                return "found" if await settled() == "found" else None

            answer = (
                await poll_until(
                    found, min(2.0, timeouts.search_seconds), timeouts.poll_interval_ms
                )
                or await settled()
                or answer
            )
            doubt = calls.unclean()
            if answer != "found" and doubt:
                raise SearchUnsettled(
                    f"a clean answer to the search for {query!r} (its calls: {doubt})",
                    await self.screen.describe_screen(await self.scope()),
                )
        if answer is None and await (await self.data_rows()).count():
            # Rows that are not the search's answer (the list before it, kept when the search
            # call failed): not evidence that the order does not exist.
            raise SearchUnsettled(
                f"the search results for {query!r} (rows showing it, or the words "
                f"{words_for_humans(self.screen.labels.no_results)})",
                await self.screen.describe_screen(await self.scope()),
            )
        if answer_rows is not None:
            rows, read = answer_rows
        else:
            rows = matching(await self.data_rows())
            read = await rows.evaluate_all(_ROWS_TEXT)
        headers = await self._headers()
        if by_number:
            # The rows whose own number is the one searched for, when the list says which
            # number a row is (a ZIP code or a phone number may show it too).
            wanted = query.strip().lstrip("#")
            exact = [m for m in await self._matches(rows, read, headers) if m.number == wanted]
            if exact:
                return exact
        return await self._matches(rows, read, headers, query if by_number else None)

    async def _headers(self) -> list[str]:
        scope = await self.scope()
        texts = await scope.get_by_role("columnheader").all_inner_texts()
        return [" ".join(t.split()) for t in texts]

    def _match_from(
        self, cells: list[str], text: str, headers: list[str], number: str | None
    ) -> OrderMatch:
        """What a person reads off a result row: by the list's column headers when each cell
        has one, else the first order number in the row's text."""
        cells = [" ".join(t.split()) for t in cells]
        cols = self.screen.labels.columns

        def column(names: tuple[str, ...]) -> str:
            index = header_index(headers, names) if cells and len(headers) == len(cells) else None
            return cells[index] if index is not None else ""

        text = " ".join(text.split())
        found_number = number or ""
        if not found_number:
            # The number column; else a cell that is just a number ("#10004", "10004");
            # else a "#"-number in the text; never a year out of a date cell.
            whole = [c for c in cells if ORDER_NUMBER_IN_TEXT.fullmatch(c)]
            hit = (
                ORDER_NUMBER_IN_TEXT.search(column(cols.order_number))
                or (ORDER_NUMBER_IN_TEXT.fullmatch(whole[0]) if whole else None)
                or re.search(r"#(\d{3,})", text)
                or ORDER_NUMBER_IN_TEXT.search(text)
            )
            found_number = hit.group(1) if hit else text[:40]
        return OrderMatch(
            number=found_number.lstrip("#"),
            date=column(cols.date),
            status=column(cols.order_status),
            customer=column(cols.customer),
            email=column(cols.customer_email),
        )

    async def _read_rows(self, rows: Locator) -> list[OrderMatch]:
        """What each row says, read off in one look (a list being re-drawn is never read half
        old, half new); each match keeps its row, to be clicked."""
        read = await rows.evaluate_all(_ROWS_TEXT)
        return await self._matches(rows, read, await self._headers())

    async def _matches(
        self,
        rows: Locator,
        read: list[RowRead],
        headers: list[str],
        number: str | None = None,
    ) -> list[OrderMatch]:
        """The matches of rows read in one look (`_ROWS_TEXT`). `number`: the order number
        every row is taken to be (known from the search), else read off the row."""
        matches = []
        for i, (cells, text) in enumerate(read):
            if headers and len(cells) != len(headers):
                # Cells the one look cannot see (in a shadow root, display: contents): read
                # them as the headers were read, by their roles.
                cells = await by_roles(rows.nth(i), CELL_ROLES).all_inner_texts()
            match = self._match_from(cells, text, headers, number)
            match.row = rows.nth(i)
            matches.append(match)
        return matches

    async def listed(self) -> list[OrderMatch]:
        """Every order the list shows now (number, date, status, customer)."""
        matches = await self._read_rows(await self.data_rows())
        return [m for m in matches if ORDER_NUMBER_IN_TEXT.fullmatch("#" + m.number)]

    async def show_all(self) -> None:
        """An empty search: the whole list (a search left over from earlier is cleared)."""
        field = await self.search_field_ready()
        if await field.input_value():
            await field.fill("")
            await field.press("Enter")

    def pagination(self) -> Locator:
        """The list's paging bar: the innermost element holding the range text ("1-25 of 42")
        and buttons."""
        page = self.screen.page
        return (
            page.locator("*")
            .filter(has_text=RANGE_TEXT)
            .filter(has=page.get_by_role("button"))
            .last
        )

    def next_page_tiers(self) -> list[Tier]:
        """The list's next-page control: the user's override; a button or link named exactly
        like 'Next page' in the paging bar, then anywhere. (Where icon buttons have no name,
        next_page picks by place.)"""
        page = self.screen.page
        named = exact_words(self.screen.labels.next_page)
        return [
            *override_tier(page, self.screen.labels.overrides, "next_page"),
            tier(
                "named so, in the paging bar",
                by_roles(self.pagination(), ("button", "link"), named),
            ),
            tier("named so", by_roles(page, ("button", "link"), named)),
        ]

    async def _unnamed_next(self) -> Locator | None:
        """The paging bar's next button by its place, when its buttons have no names: the
        last of [previous, next], the third of [first, previous, next, last]."""
        buttons = self.pagination().get_by_role("button").filter(visible=True)
        count = await buttons.count()
        if count in (2, 3):
            return buttons.nth(count - 1)
        if count == 4:
            return buttons.nth(2)
        return None

    async def next_page(self) -> bool:
        """Go to the list's next page; False at the last page (the control absent or
        disabled, or the list unchanged after it)."""
        found = await first_match(self.next_page_tiers())
        control = found.first if found else await self._unnamed_next()
        if control is None:
            return False
        if await control.is_disabled() or await control.get_attribute("aria-disabled") == "true":
            return False
        before = [m.number for m in await self.listed()]
        await self.screen.click(control)

        async def moved() -> bool | None:
            now = [m.number for m in await self.listed()]
            return True if now and now != before else None

        timeouts = self.screen.timeouts
        return bool(await poll_until(moved, timeouts.search_seconds, timeouts.poll_interval_ms))

    async def open_order(self, match: OrderMatch) -> None:
        """Click the order: its number when it is a link or button, else the row itself."""
        assert match.row is not None
        number = whole_token(match.number)
        row = match.row
        link = by_roles(row, ("link", "button"), number).filter(visible=True)
        text = row.get_by_text(number).filter(visible=True)
        links, texts = await asyncio.gather(link.count(), text.count())  # sent together
        await self.screen.click(link.first if links else text.first if texts else row)


# Each row's cells (elements a table or grid renders them as) and whole text, at once. Cells
# as the role engine sees them: shown (not display:none nor visibility:hidden, not under
# aria-hidden) and the row's own (not a row nested in a cell). Cells inside a shadow root
# are not seen here: a row whose cells do not match the headers is read again by roles.
_ROWS_TEXT = """rows => rows.map(row => [
    [...row.querySelectorAll('td, th, [role=cell], [role=gridcell], [role=rowheader]')]
        .filter(cell => cell.closest('tr, [role=row]') === row
            && !cell.closest('[aria-hidden=true]')
            && (cell.checkVisibility({visibilityProperty: true})
                || getComputedStyle(cell).display === 'contents'))
        .map(cell => cell.innerText),
    row.innerText,
])"""
