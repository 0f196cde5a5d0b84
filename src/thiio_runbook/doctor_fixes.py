"""How doctor finds a fix for a thing it could not find: a selector proposed from what the
page offered, or (--teach) built from the person's click; either is checked on the page to
find exactly one visible element before it becomes the finding's fix."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from playwright.async_api import Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeout

from .doctor_report import Check
from .subcommand import Echo
from .teach import install, selector_for, uninstall, wait_for_click


@dataclass
class FixFinder:
    page: Page
    echo: Echo
    teach_seconds: float | None = None  # --teach: how long to wait for a click; None: off

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
