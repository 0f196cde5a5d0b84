"""Nothing in the way: before acting, check that what is to be clicked is not covered (a pane
left open over the list, its scrim, a popup, a toast), and clear it the way a person would.

A person presses Escape; if that does nothing, clicks the overlay's own close control (a
button named Close or ✕, or the icon button in the pane's top corner); if there is none,
clicks the dimmed backdrop beside it; last, reloads the page. Whether something covers a
target is what the browser itself says: the element at the target's centre point (where a
click lands) is the target, inside it, or something else.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator

from ..locate import evaluate_first, exact_words, poll_until

if TYPE_CHECKING:  # common.Screen clicks through this module: no import at run time
    from .common import Screen

# Set on the site's page by the tool for one click, never read from the site's own markup.
CLOSE_ATTR = "data-runbook-close"

# The app's own fixed frame: its header (a toolbar, maybe with the menu inside) or footer.
# It is drawn over the page when it scrolls, but it is no overlay to clear: its corner icon
# button opens or closes the menu. (A side pane may be a <nav> too, so navs are not frame.)
FRAME_SELECTOR = "'header, footer, [role=banner], [role=contentinfo], [role=toolbar]'"

# What covers `el` at the point a click on it would land: null when nothing does; else a
# few words on the covering element. An element below a fixed-position layer that does not
# hold it (a drawer, a scrim, a dialog, a toast) is covered; a label or icon drawn over a
# field, inside the same component, is not.
_COVERED_BY = """el => {
    const FRAME = FRAME_SELECTOR;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) return null;
    // A modal overlay makes the page behind it inert: no click reaches it.
    if (el.closest('[inert]')) return 'an open overlay (the page behind it is inert)';
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    if (!hit || el.contains(hit) || hit.contains(el)) return null;
    for (let n = hit; n && n !== document.body; n = n.parentElement) {
        if (getComputedStyle(n).position === 'fixed') {
            if (n.contains(el)) return null;
            // The app's own frame (a fixed header, the menu): a click scrolls past it.
            if (n.matches(FRAME)) return null;
            const words = (n.innerText || '').trim().split(/\\s+/).slice(0, 6).join(' ');
            return (n.getAttribute('role') || n.tagName.toLowerCase())
                + (words ? ` reading "${words}"` : ' (a backdrop)');
        }
    }
    return null;
}""".replace("FRAME_SELECTOR", FRAME_SELECTOR)

# The backdrop at the target's centre, when what covers it there is empty (a scrim): the
# point to click to close what it belongs to; null when it holds words or controls.
_BACKDROP_POINT = """el => {
    const r = el.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    if (!hit || el.contains(hit)) return null;
    // A scrim: large, without words, not a control nor inside one.
    const b = hit.getBoundingClientRect();
    const large = b.width * b.height >= innerWidth * innerHeight / 4;
    const control = 'button, a, input, select, textarea, label, [role], [tabindex]';
    const empty = !(hit.textContent || '').trim() && !hit.querySelector(control)
        && !hit.closest(control);
    return large && empty ? {x, y} : null;
}"""

# In an overlay (the pane, or the layer covering the target): its close control. A button
# named Close/✕/× first; else the icon button (no words, no name) nearest a top corner of
# the overlay. Marked with a token so that Playwright makes the click itself.
_MARK_CLOSE = """(layer, [named, attr, token]) => {
    const words = el => (el.getAttribute('aria-label') || el.getAttribute('title')
        || el.innerText || '').trim();
    const shown = el => { const r = el.getBoundingClientRect(); return r.width && r.height; };
    const box = layer.getBoundingClientRect();
    // Only the overlay's own header band: never a control of a row, a list, a tab's content
    // (a chip's ✕ removes a tag, a row's "Dismiss" changes it).
    const inBody = 'tr, li, [role=row], [role=listitem], [role=option], [role=tabpanel], '
        + '[role=menu], [role=listbox], form';
    const buttons = [...layer.querySelectorAll('button, [role=button], a')].filter(b =>
        shown(b) && !b.closest(inBody) && b.getBoundingClientRect().top - box.top < 80);
    const re = new RegExp(named, 'i');
    let pick = buttons.find(b => re.test(words(b)));
    if (!pick) {
        const icons = buttons.filter(b => !words(b));
        const off = b => { const r = b.getBoundingClientRect();
            return -Math.abs(r.left + r.width / 2 - (box.left + box.width / 2)); };
        icons.sort((a, b) => off(a) - off(b));
        pick = icons[0];
    }
    if (!pick) return false;
    pick.setAttribute(attr, token);
    return true;
}"""

# The fixed-position layer covering the target (its outermost fixed ancestor at the
# target's centre), for finding its close control when no pane is known. When the target is
# inert (a modal overlay elsewhere on the page), the topmost visible fixed layer that holds
# words or controls and is not inert itself.
_MARK_COVERING_LAYER = """(el, [attr, token]) => {
    const FRAME = FRAME_SELECTOR;
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(
        Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1),
        Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1));
    let layer = null;
    for (let n = hit; n && n !== document.body; n = n.parentElement)
        if (getComputedStyle(n).position === 'fixed' && !n.contains(el)) layer = n;
    if (layer && layer.matches(FRAME)) layer = null;  // the app's frame is never "closed"
    if (!layer && el.closest('[inert]')) {
        // The modal that made the page inert: the newest open dialog.
        const open = [...document.querySelectorAll(
            '[aria-modal=true], [role=dialog], [role=alertdialog]')].filter(n => {
            const b = n.getBoundingClientRect();
            return !n.contains(el) && !n.closest('[inert]') && b.width > 0 && b.height > 0;
        });
        layer = open[open.length - 1] || null;
    }
    if (!layer) return false;
    layer.setAttribute(attr, token);
    return true;
}""".replace("FRAME_SELECTOR", FRAME_SELECTOR)

CLOSE_WORDS = ("Close", "✕", "×", "x", "Dismiss", "Hide")


async def covered_by(target: Locator) -> str | None:
    """What covers the target's click point now (a few words), None when nothing does."""
    try:
        return await evaluate_first(target, _COVERED_BY)
    except PlaywrightError:  # gone or re-drawn: nothing to say about it
        return None


async def _gone(target: Locator, screen: Screen) -> bool:
    """Wait (briefly, bounded) for the cover to go away; True when it has."""
    seconds = min(screen.timeouts.element_seconds, 1.5)
    uncovered = await poll_until(
        lambda: _uncovered(target), seconds, screen.timeouts.poll_interval_ms
    )
    return bool(uncovered)


async def _uncovered(target: Locator) -> bool | None:
    return True if await covered_by(target) is None else None


async def click_close_control(screen: Screen, layer: Locator) -> bool:
    """Click the close control of `layer` (the configured one first); True when clicked."""
    override = screen.labels.overrides.pane_close
    with contextlib.suppress(PlaywrightError):
        if override:
            control = layer.locator(override).filter(visible=True)
            if await control.count():
                await control.first.click(timeout=screen.action_ms)
                return True
        token = uuid.uuid4().hex[:12]
        named = exact_words(CLOSE_WORDS).pattern
        if await evaluate_first(layer, _MARK_CLOSE, [named, CLOSE_ATTR, token]):
            await screen.page.locator(f'[{CLOSE_ATTR}="{token}"]').click(timeout=screen.action_ms)
            return True
    return False


async def clear_cover(
    screen: Screen, target: Locator, pane: Locator | None = None, reload: bool = True
) -> str | None:
    """Make sure `target` can be clicked: clear what covers it, as a person would. Only for
    targets whose click changes nothing (a menu entry, a field, a result row, a tab): the
    backdrop click lands on the target itself if the cover went away meanwhile.

    Returns None when nothing covers it (any more), else what still covers it. `pane` is the
    overlay most likely in the way (the order pane left open), whose close control is tried
    before the covering layer's own. Never clicks anything inside the target's own layer.
    """
    if await covered_by(target) is None:
        return None
    page = screen.page
    await page.keyboard.press("Escape")
    if await _gone(target, screen):
        return None
    await screen.dismiss_dialogs()  # a popup with its own Close/Got it button
    if await covered_by(target) is None:
        return None
    layers: list[Locator] = []
    if pane is not None:
        layers.append(pane)
    token = uuid.uuid4().hex[:12]
    with contextlib.suppress(PlaywrightError):
        if await evaluate_first(target, _MARK_COVERING_LAYER, [CLOSE_ATTR, token]):
            layers.append(page.locator(f'[{CLOSE_ATTR}="{token}"]'))
    for layer in layers:
        closed = await layer.count() and await click_close_control(screen, layer.first)
        if closed and await _gone(target, screen):
            return None
    with contextlib.suppress(PlaywrightError):
        point = await evaluate_first(target, _BACKDROP_POINT)
        if point:
            await page.mouse.click(point["x"], point["y"])
            if await _gone(target, screen):
                return None
    if reload:
        with contextlib.suppress(PlaywrightError):
            await page.reload(
                wait_until="domcontentloaded", timeout=screen.timeouts.navigation_seconds * 1000
            )
            return None  # the target is found anew on the fresh page
    return await covered_by(target)
