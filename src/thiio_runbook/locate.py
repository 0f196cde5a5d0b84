"""Finding things the way a person does: by the words on screen and what they are (roles).

Nothing here knows a CSS class, an id or a URL of any particular site. Words come from
configuration; each helper tries a short list of roles in order of likelihood, so the same
code works on Vuetify, Element Plus, MUI, plain HTML tables and lists, and so on.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from playwright.async_api import Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeout

T = TypeVar("T")

# Roles a left-menu entry is given by the common component libraries.
NAV_ROLES = ("link", "button", "menuitem", "treeitem", "tab", "listitem")
# Containers an "order details pane" is rendered as, most specific first.
PANE_ROLES = ("dialog", "complementary", "region", "navigation")
TAB_ROLES = ("tab", "button", "link")
ROW_ROLES = ("row", "listitem")
MENU_ITEM_ROLES_PREFERRED = ("menuitem", "option")
MENU_ITEM_ROLES_FALLBACK = ("button", "link")
DIALOG_ROLES = ("alertdialog", "dialog")


# ---- words ------------------------------------------------------------------------------


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w.strip()) for w in words if w.strip())


def exact_words(words: Iterable[str]) -> re.Pattern[str]:
    """The whole (trimmed) text is one of the words, any case: 'Orders', not 'All orders'.

    A trailing '*' or ':' (required-field marks, "Email:") is allowed.
    """
    return re.compile(rf"^\s*(?:{_alternatives(words)})[\s*:]*$", re.IGNORECASE)


def leading_words(words: Iterable[str]) -> re.Pattern[str]:
    """The text starts with one of the words: 'No orders match your search.' for 'No orders'."""
    return re.compile(rf"^\s*(?:{_alternatives(words)})(?!\w)", re.IGNORECASE)


def leading_phrase(phrases: Iterable[str], gap: int = 2) -> re.Pattern[str]:
    """The text starts with one of the phrases, whose words may have up to `gap` other words
    between them: 'No integration notifications for this order.' for 'No notifications', as a
    reader takes it; an empty state's words are the UI's own and vary."""
    between = rf"(?:\W+\w+){{0,{gap}}}\W+"
    alternatives = "|".join(
        between.join(re.escape(word) for word in phrase.split())
        for phrase in phrases
        if phrase.strip()
    )
    return re.compile(rf"^\s*(?:{alternatives})(?!\w)", re.IGNORECASE)


def any_word(words: Iterable[str]) -> re.Pattern[str]:
    """One of the words appears as a whole word, any case."""
    return re.compile(rf"(?<!\w)(?:{_alternatives(words)})(?!\w)", re.IGNORECASE)


def whole_token(text: str) -> re.Pattern[str]:
    """`text` as a whole word: order 12345 matches '#12345' but not '123456'."""
    return re.compile(rf"(?<!\w){re.escape(text.strip())}(?!\w)", re.IGNORECASE)


def contains_text(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text.strip()), re.IGNORECASE)


def status_meaning(text: str, status_words: Mapping[str, Sequence[str]]) -> str | None:
    """Which status ('failed', 'success', ...) a text shows.

    A text that *is* a status word wins; otherwise the status word that comes first in
    the text (so 'Failed - 500: any server side error' is failed, not something else).
    """
    cleaned = " ".join(text.split())
    for meaning, words in status_words.items():
        if exact_words(words).match(cleaned):
            return meaning
    best: tuple[int, str] | None = None
    for meaning, words in status_words.items():
        found = any_word(words).search(cleaned)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), meaning)
    return best[1] if best else None


_ATTEMPTS_PATTERNS = (
    re.compile(r"(\d+)\s*(?:attempts?|tries|retries)\b", re.IGNORECASE),
    re.compile(r"\b(?:attempts?|tries|retries)\s*[:#]?\s*(\d+)", re.IGNORECASE),
)


def parse_count(text: str | None) -> int | None:
    """A count from a cell ('3', '3 attempts') or from a row's text ('Attempts: 3')."""
    if not text:
        return None
    cleaned = " ".join(text.split())
    if re.fullmatch(r"\d+", cleaned):
        return int(cleaned)
    for pattern in _ATTEMPTS_PATTERNS:
        found = pattern.search(cleaned)
        if found:
            return int(found.group(1))
    return None


def header_index(headers: Sequence[str], names: Sequence[str]) -> int | None:
    """The position of the first column whose header is one of `names` (exact, any case)."""
    for name in names:  # configured order is the preference order
        single = exact_words([name])
        for i, header in enumerate(headers):
            if single.match(header):
                return i
    return None


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe form of a step name or a search key."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return cleaned[:limit].strip("-") or "item"


# ---- locators ---------------------------------------------------------------------------


def by_roles(
    scope: Page | Locator, roles: Sequence[str], name: re.Pattern[str] | None = None
) -> Locator:
    """Elements having any of the roles (and accessible name), in document order."""
    located: Locator | None = None
    for role in roles:
        one = scope.get_by_role(role, name=name) if name is not None else scope.get_by_role(role)  # type: ignore[arg-type]
        located = one if located is None else located.or_(one)
    assert located is not None
    return located


async def poll_until(
    check: Callable[[], Awaitable[T | None]],
    timeout_seconds: float,
    interval_ms: int = 250,
    wake: Locator | None = None,
    wake_seconds: float | None = None,
) -> T | None:
    """Call `check` until it returns something, or the time is up (then None).

    For screens whose state is a combination Playwright cannot wait for in one locator
    (e.g. "the results settled, one way or the other"). Bounded by `timeout_seconds`.
    `wake`: what shows when the answer may have come; after a first look that found nothing,
    the next one waits for it on the page's side (no round trip an interval), at most
    `wake_seconds`, then looking goes on at the interval.
    """
    deadline = time.monotonic() + timeout_seconds
    woken = False
    while True:
        result = await check()
        if result is not None:
            return result
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        if wake is not None and not woken:
            woken = True
            with contextlib.suppress(PlaywrightTimeout):
                await wake.first.wait_for(timeout=1000 * min(left, wake_seconds or left))
            continue
        await asyncio.sleep(min(interval_ms / 1000, left))


async def holds(condition: bool) -> bool | None:
    """For poll_until: True when the condition holds, None to look again."""
    return True if condition else None


async def evaluate_first(
    locator: Locator, expression: str, arg: object = None, timeout_ms: float = 2000
) -> Any:
    """`locator.evaluate(expression, arg)` on its first element, in one call when the element
    is there (Locator.evaluate takes three: wait, evaluate, release); when it is not, waits for
    it like Locator.evaluate (bounded by `timeout_ms`)."""
    found = await locator.evaluate_all(
        f"(els, arg) => els.length ? [({expression})(els[0], arg)] : []", arg
    )
    if found:
        return found[0]
    return await locator.first.evaluate(expression, arg, timeout=timeout_ms)


async def accessible_names(locator: Locator) -> list[str]:
    """An approximation of each element's accessible name (aria-label, labelledby, title, text)."""
    return await locator.evaluate_all(
        """els => els.map(el => {
            const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/)
                .map(id => id && document.getElementById(id)).filter(Boolean)
                .map(n => n.textContent).join(' ');
            return (el.getAttribute('aria-label') || by || el.getAttribute('title')
                    || el.innerText || el.textContent || '').trim();
        })"""
    )
