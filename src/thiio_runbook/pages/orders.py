"""The Orders screen (article steps 1.2 and 1.3): the menu entry, the search bar, the results."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from playwright.async_api import Locator
from playwright.async_api import TimeoutError as PlaywrightTimeout

from ..locate import (
    ROW_ROLES,
    any_word,
    by_roles,
    contains_text,
    header_index,
    leading_words,
    poll_until,
    whole_token,
)
from .common import AutomationError, Screen, words_for_humans
from .login import nav_item

ORDER_NUMBER_IN_TEXT = re.compile(r"(?<!\w)#?(\d{3,})(?!\w)")


class SearchUnsettled(AutomationError):
    """The list never showed the search's answer: neither matching rows nor "no results"."""


@dataclass
class OrderMatch:
    """One result row: what a person would read off it."""

    number: str
    date: str = ""
    status: str = ""
    customer: str = ""
    row: Locator | None = field(default=None, repr=False, compare=False)

    def summary(self) -> dict[str, str]:
        return {
            "number": self.number,
            "date": self.date,
            "status": self.status,
            "customer": self.customer,
        }


@dataclass
class OrdersPage:
    screen: Screen

    def main_area(self) -> Locator:
        return self.screen.page.get_by_role("main").filter(visible=True).first

    async def scope(self) -> Locator:
        """The main area when the page marks one; else the whole page's body."""
        main = self.main_area()
        if await main.count():
            return main
        return self.screen.page.locator("body")

    async def open_orders(self) -> None:
        """Step 1.2: click Orders in the left-hand menu, wait for the search bar."""
        words = self.screen.labels.nav_orders
        item = nav_item(self.screen, words)
        try:
            await item.or_(self.screen.password_field()).first.wait_for(
                timeout=self.screen.element_ms
            )
        except PlaywrightTimeout:
            raise AutomationError(
                f"a menu entry (role link, button, menuitem, treeitem, tab or listitem) named "
                f"{words_for_humans(words)}",
                await self.screen.describe_screen(self.screen.page.locator("body")),
            ) from None
        await self.screen.check_session()
        await self.screen.click(item)
        await self.search_field_ready()

    def _labelled_search(self) -> Locator:
        """A searchbox, or a textbox named or with a placeholder like 'Search'."""
        page = self.screen.page
        words = any_word(self.screen.labels.search)
        return (
            page.get_by_role("searchbox")
            .or_(page.get_by_role("textbox", name=words))
            .or_(page.get_by_placeholder(words))
        )

    async def search_field(self) -> Locator:
        """searchbox, else a textbox labelled like 'Search', else the main area's first textbox."""
        labelled = self._labelled_search().filter(visible=True)
        if await labelled.count():
            return labelled.first
        return (await self.scope()).get_by_role("textbox").filter(visible=True).first

    async def search_field_ready(self) -> Locator:
        page = self.screen.page
        any_field = (
            self._labelled_search()
            .or_(page.get_by_role("main").get_by_role("textbox"))
            .or_(self.screen.password_field())
            .filter(visible=True)
            .first
        )
        try:
            await any_field.wait_for(timeout=self.screen.element_ms)
        except PlaywrightTimeout:
            raise AutomationError(
                f"a search bar (role searchbox, or a textbox) labelled "
                f"{words_for_humans(self.screen.labels.search)}",
                await self.screen.describe_screen(),
            ) from None
        await self.screen.check_session()
        return await self.search_field()

    async def data_rows(self) -> Locator:
        """Result rows: table rows without column headers, else list items."""
        scope = await self.scope()
        header = self.screen.page.get_by_role("columnheader")
        rows = scope.get_by_role("row").filter(has_not=header).filter(visible=True)
        if await rows.count():
            return rows
        return by_roles(scope, ROW_ROLES[1:]).filter(visible=True)

    async def search(self, query: str, by_number: bool) -> list[OrderMatch]:
        """Step 1.3: type the query into the search bar, read the rows that match it."""
        field = await self.search_field_ready()
        await field.fill(query)
        await field.press("Enter")
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

        async def settled() -> str | None:
            await self.screen.check_session()
            rows = await self.data_rows()
            if by_number and await matching(rows).count():
                return "found"
            if await no_results.filter(visible=True).count():
                return "none"
            total = await rows.count()
            if total and await rows.filter(has_text=contains_text(query)).count() == total:
                return "found"  # the list shows only what the search matched
            return None

        answer = await poll_until(
            settled, self.screen.timeouts.search_seconds, self.screen.timeouts.poll_interval_ms
        )
        if answer is None and await (await self.data_rows()).count():
            # Rows that are not the search's answer (the list before it, kept when the search
            # call failed): not evidence that the order does not exist.
            raise SearchUnsettled(
                f"the search results for {query!r} (rows showing it, or the words "
                f"{words_for_humans(self.screen.labels.no_results)})",
                await self.screen.describe_screen(await self.scope()),
            )
        rows = matching(await self.data_rows())
        return [
            await self._read_match(rows.nth(i), query if by_number else None)
            for i in range(await rows.count())
        ]

    async def _headers(self) -> list[str]:
        scope = await self.scope()
        texts = await scope.get_by_role("columnheader").all_inner_texts()
        return [" ".join(t.split()) for t in texts]

    async def _read_match(self, row: Locator, number: str | None) -> OrderMatch:
        cells = [
            " ".join(t.split())
            for t in await by_roles(row, ("cell", "gridcell", "rowheader")).all_inner_texts()
        ]
        headers = await self._headers()
        cols = self.screen.labels.columns

        def column(names: tuple[str, ...]) -> str:
            index = header_index(headers, names) if cells and len(headers) == len(cells) else None
            return cells[index] if index is not None else ""

        text = " ".join((await row.inner_text()).split())
        found_number = number or ""
        if not found_number:
            cell = column(cols.order_number)
            hit = ORDER_NUMBER_IN_TEXT.search(cell) or ORDER_NUMBER_IN_TEXT.search(text)
            found_number = hit.group(1) if hit else text[:40]
        return OrderMatch(
            number=found_number.lstrip("#"),
            date=column(cols.date),
            status=column(cols.order_status),
            customer=column(cols.customer),
            row=row,
        )

    async def open_order(self, match: OrderMatch) -> None:
        """Click the order: its number when it is a link or button, else the row itself."""
        assert match.row is not None
        number = whole_token(match.number)
        row = match.row
        link = by_roles(row, ("link", "button"), number).filter(visible=True)
        if await link.count():
            await self.screen.click(link.first)
            return
        text = row.get_by_text(number).filter(visible=True)
        await self.screen.click(text.first if await text.count() else row)
