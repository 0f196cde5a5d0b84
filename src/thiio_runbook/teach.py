"""doctor --teach: a person shows the tool the thing it could not find, by clicking it.

The page gets a banner saying what to click, and whatever is under the pointer is outlined.
The person's click is caught before the page sees it (it changes nothing), the element is
marked, and a selector is built for it, the surest first: role + accessible name when that
finds exactly this element; else its words within its region (the navigation, the pane, the
main area); else a short CSS path. Each is checked on the page to find exactly one visible
element, the one clicked, before it is offered.
"""

from __future__ import annotations

import json
import re
import uuid

from playwright.async_api import Page

TAUGHT_ATTR = "data-runbook-taught"  # set by the tool on the element the person clicked

# Every way a person's input could reach the page. While teaching, all of them are caught
# before the page sees them, until the tool says it is done (uninstall): a double click, a
# key on a focused item or a touch never reaches a Retry item.
_SWALLOWED = ("pointerdown", "mousedown", "pointerup", "mouseup", "click", "dblclick",
              "auxclick", "contextmenu", "keydown", "keypress", "keyup",
              "touchstart", "touchend")  # fmt: skip

_INSTALL = """([what, attr, token, kinds]) => {
    const banner = document.createElement('div');
    banner.id = 'runbook-teach-' + token;
    banner.textContent = 'run-retry doctor: click ' + what + ' (nothing on the page changes)';
    Object.assign(banner.style, {position: 'fixed', top: '0', left: '0', right: '0',
        zIndex: '2147483647', padding: '10px 16px', font: '600 15px sans-serif',
        background: '#ffd54f', color: '#111', pointerEvents: 'none',
        boxShadow: '0 2px 8px rgba(0,0,0,.3)'});
    document.body.appendChild(banner);
    let outlined = null;
    const unoutline = () => {
        if (outlined) outlined.style.outline = outlined.dataset.runbookOutline || '';
    };
    const over = e => {
        unoutline();
        outlined = e.target;
        outlined.dataset.runbookOutline = outlined.style.outline;
        outlined.style.outline = '3px solid #e65100';
    };
    const swallow = e => {
        e.preventDefault(); e.stopPropagation(); e.stopImmediatePropagation();
        if (e.type === 'click' && !window.__runbookTaught) {
            e.target.setAttribute(attr, token);
            window.__runbookTaught = token;
            banner.textContent = 'run-retry doctor: thank you; checking it...';
        }
    };
    window.addEventListener('mouseover', over, true);
    for (const kind of kinds) window.addEventListener(kind, swallow, true);
    window.__runbookUninstall = () => {
        window.removeEventListener('mouseover', over, true);
        for (const kind of kinds) window.removeEventListener(kind, swallow, true);
        unoutline();
        banner.remove();
        delete window.__runbookTaught;
    };
}"""

_UNINSTALL = "() => window.__runbookUninstall && window.__runbookUninstall()"

# Facts for the selectors: the element's own words, its region's role, a short CSS path.
_FACTS = """(el) => {
    const t = el.closest('a, button, [role], li, [tabindex], input, label') || el;
    const words = (t.innerText || '').trim().split('\\n')[0].trim();
    const regions = [['nav', 'navigation'], ['aside', 'complementary'],
        ['[role=dialog]', 'dialog'], ['[role=menu]', 'menu'], ['main', 'main'],
        ['header', 'banner']];
    let region = null;
    for (const [css, role] of regions) if (t.closest(css)) { region = role; break; }
    const path = [];
    for (let n = t; n && n !== document.body && path.length < 5; n = n.parentElement) {
        if (n.id && !/\\d{3,}|^[a-f0-9-]{16,}$/.test(n.id)) {  // an id a person gave it
            path.unshift('#' + CSS.escape(n.id));
            break;
        }
        let i = 1;
        for (let s = n.previousElementSibling; s; s = s.previousElementSibling)
            if (s.tagName === n.tagName) i++;
        path.unshift(n.tagName.toLowerCase() + ':nth-of-type(' + i + ')');
    }
    return {words: words.length <= 60 ? words : '', region, css: path.join(' > ')};
}"""

# The selector's element is the one clicked, or the thing it belongs to (an icon's button):
# its nearest ancestor a person would call the thing, never a wider container.
_IS_TAUGHT = """(el, [attr, token]) => {
    const m = document.querySelector('[' + attr + '="' + token + '"]');
    if (!m) return false;
    const thing = m.closest('a, button, [role], li, [tabindex], input, label') || m;
    return el === m || el === thing || (m.contains(el) && thing.contains(el));
}"""

_ROLE_LINE = re.compile(r'^- (\w+)(?: "((?:[^"\\]|\\.)*)")?')


async def install(page: Page, what: str) -> str:
    """The banner, the outline, and every input caught; returns the click's token."""
    token = uuid.uuid4().hex[:12]
    await page.evaluate(_INSTALL, [what, TAUGHT_ATTR, token, list(_SWALLOWED)])
    return token


async def wait_for_click(page: Page, token: str, seconds: float) -> None:
    """Until the person's click came (bounded; Playwright's TimeoutError otherwise)."""
    await page.wait_for_function(
        "t => window.__runbookTaught === t", arg=token, timeout=seconds * 1000
    )


async def uninstall(page: Page) -> None:
    """The page as it was: input reaches it again (after the tool has what it needs)."""
    await page.evaluate(_UNINSTALL)


async def _finds_it(page: Page, selector: str, token: str) -> bool:
    """Exactly one visible element, and it is the one the person clicked."""
    try:
        found = page.locator(selector).filter(visible=True)
        if await found.count() != 1:
            return False
        return bool(await found.first.evaluate(_IS_TAUGHT, [TAUGHT_ATTR, token]))
    except Exception:  # a candidate Playwright cannot parse is no candidate
        return False


async def selector_for(page: Page, token: str, css: bool = True) -> str | None:
    """The surest selector that finds exactly the clicked element; None when none does.
    `css=False`: no CSS path (for the menu item: a position is no name for an action)."""
    facts = await page.locator(f'[{TAUGHT_ATTR}="{token}"]').first.evaluate(_FACTS)
    candidates: list[str] = []
    own = await _aria_of(page, token)
    if own is not None and own[1]:
        candidates.append(f"role={own[0]}[name={json.dumps(own[1])}]")
    words = facts.get("words") or ""
    if words:
        text = f"text={json.dumps(words)}"
        if facts.get("region"):
            candidates.append(f"role={facts['region']} >> {text}")
        candidates.append(text)
    if css and facts.get("css"):
        candidates.append(f"css={facts['css']}")
    for selector in candidates:
        if await _finds_it(page, selector, token):
            return selector
    return None


async def _aria_of(page: Page, token: str) -> tuple[str, str] | None:
    """The role and accessible name of the clicked thing (or its nearest ancestor with a
    role), as Playwright's accessibility snapshot states them."""
    node = page.locator(f'[{TAUGHT_ATTR}="{token}"]')
    for _ in range(4):
        try:
            text = await node.first.aria_snapshot(timeout=2000)
        except Exception:
            return None
        found = _ROLE_LINE.match(text.strip().splitlines()[0]) if text.strip() else None
        if found and found[1] not in ("text", "generic", "img"):
            return found[1], json.loads(f'"{found[2]}"') if found[2] else ""
        node = node.locator("xpath=..")
    return None
