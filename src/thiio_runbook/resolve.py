"""One resolver for "the thing a person would see", used by every step and by doctor.

A target (the Orders entry, the Notifications tab, ...) is found through tiers, most certain
first, each already scoped (the navigation, the order pane, the row): the user's override
selector when configured; role + accessible name; then the visible words themselves: the
smallest visible element whose own text is the words (a click on it reaches its clickable
ancestor, as a person's click does). Stock component libraries often give an element no role
or no name (Vuetify's and Quasar's list items, icon buttons): the words on screen remain.

doctor measures these very tiers: it reports which tier found a target and how many
elements it matched, so what it says is what a run will do.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from playwright.async_api import Locator, Page

from .config import Overrides
from .locate import evaluate_first, poll_until

OVERRIDE = "override"  # the tier's `how` for a configured selector

# Set on the site's page by the tool (never read from the site's own markup): an element
# resolved once and used again (a field whose label goes away once text is typed in it).
PINNED_ATTR = "data-runbook-pin"


@dataclass(frozen=True)
class Tier:
    """One way of finding a target: `how` says which (for doctor and error messages)."""

    how: str
    locator: Locator


@dataclass(frozen=True)
class Found:
    """The first tier that matched, and how many visible elements it matched."""

    tier: Tier
    count: int

    @property
    def how(self) -> str:
        return self.tier.how

    @property
    def first(self) -> Locator:
        return self.tier.locator.first


def tier(how: str, locator: Locator) -> Tier:
    return Tier(how, locator.filter(visible=True))


def override_tier(scope: Page | Locator, overrides: Overrides, key: str) -> list[Tier]:
    """The configured selector locators.<key>, scoped; [] when not configured."""
    selector = getattr(overrides, key)
    if not selector:
        return []
    return [tier(f"{OVERRIDE} locators.{key}", scope.locator(selector))]


async def first_match(tiers: Sequence[Tier]) -> Found | None:
    """The first tier with a visible match, right now."""
    for one in tiers:
        count = await one.locator.count()
        if count:
            return Found(one, count)
    return None


async def wait_for_match(
    tiers: Sequence[Tier], timeout_seconds: float, interval_ms: int = 250
) -> Found | None:
    """Until some tier matches (bounded); None when none did."""
    return await poll_until(lambda: first_match(tiers), timeout_seconds, interval_ms)


def any_of(tiers: Sequence[Tier]) -> Locator:
    """Every tier's matches as one locator (for `has=` filters and for waiting on Playwright's
    side). Not for choosing: a looser tier's match may come first in the document."""
    located = tiers[0].locator
    for one in tiers[1:]:
        located = located.or_(one.locator)
    return located


async def pin(
    locator: Locator, timeout_ms: float | None = None, token: str | None = None
) -> Locator:
    """The element `locator` finds now, as a locator that keeps finding that very element
    whatever its label, text or position do next (fill, then press Enter in the same field)."""
    token = token or uuid.uuid4().hex[:12]
    await evaluate_first(
        locator,
        "(el, [attr, token]) => el.setAttribute(attr, token)",
        [PINNED_ATTR, token],
        30_000 if timeout_ms is None else timeout_ms,
    )
    return locator.page.locator(f'[{PINNED_ATTR}="{token}"]')
