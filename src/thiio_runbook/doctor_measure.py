"""How doctor measures a thing on the page: with the run's own resolver tiers, how many
visible elements match and how soon, which tier found it, what the page offered instead, and
what to change when it is not exactly one."""

from __future__ import annotations

import time
from contextlib import suppress
from dataclasses import dataclass

from playwright.async_api import Locator, Page

from .config import SiteConfig
from .doctor_report import Check, DoctorStep
from .locate import accessible_names
from .pages.cover import covered_by
from .resolve import Tier, first_match, wait_for_match
from .rundir import RunFolder, write_private

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
MAX_OFFERED = 12  # names shown per finding


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


def clean_names(names: list[str]) -> list[str]:
    """The names worth offering: one line each, not too long, no repeats, at most a few."""
    seen: dict[str, None] = {}
    for name in names:
        one = " ".join(name.split())
        if one and len(one) <= 80:
            seen.setdefault(one, None)
    return list(seen)[:MAX_OFFERED]


@dataclass
class Gauge:
    """Measures the things one page shows and words what it found; it changes nothing there."""

    page: Page
    site: SiteConfig
    folder: RunFolder  # where the screenshots go
    site_file: str
    runbook_file: str

    @property
    def wait_seconds(self) -> float:
        return self.site.timeouts.element_seconds

    def check(
        self, what: str, key: str, words: tuple[str, ...] | list[str], runbook: bool = False
    ) -> Check:
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

    async def names_of(self, locator: Locator) -> list[str]:
        with suppress(Exception):
            return clean_names(await accessible_names(locator.filter(visible=True)))
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
