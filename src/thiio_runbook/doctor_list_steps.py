"""doctor's steps up to the Orders list: 1.1 log in (and the menu entry for Orders), 1.2 open
Orders and find its search bar, and the order numbers the list shows first. Each measures
what the run would look for; a missing menu entry or search bar gets a checked fix."""

from __future__ import annotations

import json
from contextlib import suppress

import pyotp

from .doctor_measure import clean_names, resembles
from .doctor_report import DoctorStep
from .doctor_walk import StopWalk, Walk
from .locate import NAV_ROLES, by_roles, exact_words, poll_until
from .pages.common import AuthError
from .pages.cover import clear_cover
from .pages.login import LoginPage
from .pages.nav import orders_entry_tiers
from .pages.orders import ORDER_NUMBER_IN_TEXT
from .resolve import first_match
from .steps import LOG_IN, ORDERS
from .target import Target


async def log_in(walk: Walk, target: Target) -> DoctorStep:
    """1.1: the login form's fields and button, a fresh login, then the left menu's Orders
    entry."""
    step = DoctorStep(LOG_IN)
    labels = walk.site.labels
    login = LoginPage(walk.screen)
    await walk.page.goto(target.url + "/", wait_until="domcontentloaded")
    password = walk.screen.password_field()
    with suppress(Exception):
        await password.wait_for(timeout=walk.site.timeouts.navigation_seconds * 1000)
    if await password.count():
        email = walk.gauge.check("the email field", "labels.login.email", labels.login.email)
        words = exact_words(labels.login.email)
        page = walk.page
        await walk.gauge.measure(
            email,
            page.get_by_label(words)
            .or_(page.get_by_placeholder(words))
            .or_(page.get_by_role("textbox", name=words)),
            seconds=1,
        )
        if not email.ok:
            email.note = "the tool falls back to input[type=email]"
            email.offered = await walk.gauge.names_of(page.get_by_role("textbox"))
            walk.gauge.advise(email, None)
        submit = walk.gauge.check("the log-in button", "labels.login.submit", labels.login.submit)
        await walk.gauge.measure(submit, login.submit_button(labels.login.submit), seconds=1)
        if not submit.ok:
            submit.note = "the tool presses Enter instead"
            submit.offered = await walk.gauge.names_of(page.get_by_role("button"))
            walk.gauge.advise(submit, None)
        step.checks += [email, submit]
        await login.fill_credentials(target.email, target.password)
        await login.submit(labels.login.submit, login.password_field())
        answer = await _login_answer(walk, login)
        if answer == "code":
            if not target.totp_secret:
                raise AuthError("the site asks for a two-factor code: set THIIO_TOTP_SECRET")
            field_ = login.code_field()
            await field_.fill(pyotp.TOTP(target.totp_secret).now())
            await login.submit(labels.login.two_factor_submit, field_)
            answer = await _login_answer(walk, login)
        if answer != "in":
            raise AuthError(f"the log-in did not go through ({answer or 'no answer'})")
        step.detail = "logged in (a fresh session; the saved one is left alone)"
    else:
        step.detail = "no login form (already logged in)"
    await walk.screen.dismiss_dialogs()
    nav = walk.gauge.check("the left-menu entry", "labels.nav.orders", labels.nav_orders)
    await walk.gauge.measure_tiers(nav, orders_entry_tiers(walk.screen))
    step.checks.append(nav)
    await walk.gauge.screenshot(step, "doctor")
    return step


async def _login_answer(walk: Walk, login: LoginPage) -> str | None:
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
        answer, walk.site.timeouts.navigation_seconds, walk.site.timeouts.poll_interval_ms
    )


async def _menu_words(walk: Walk) -> list[str]:
    """What the left menu offers: its entries' names and the words shown in it."""
    menus = walk.page.get_by_role("navigation").or_(walk.page.get_by_role("complementary"))
    scope = menus if await menus.count() else walk.page.locator("body")
    names = await walk.gauge.names_of(by_roles(scope, NAV_ROLES))
    with suppress(Exception):
        for text in await scope.filter(visible=True).all_inner_texts():
            names += [line for line in text.splitlines() if line.strip()]
    return clean_names(names)


async def open_orders(walk: Walk, step_nav: DoctorStep) -> DoctorStep:
    """1.2: click the menu entry (or, when it is missing, the entry that resembles it)."""
    step = DoctorStep(ORDERS)
    nav = step_nav.checks[-1]
    tiers = orders_entry_tiers(walk.screen)
    if nav.ok:
        found = await first_match(tiers)
        assert found is not None
        await clear_cover(walk.screen, found.first)
        await walk.screen.click((await first_match(tiers) or found).first)
    else:
        nav.offered = await _menu_words(walk)
        alternative = next((n for n in nav.offered if resembles(n, nav.words)), None)
        walk.gauge.advise(nav, alternative if nav.count == 0 else None)
        chosen = None
        if nav.count or alternative is not None:
            words = [alternative] if nav.count == 0 and alternative else list(nav.words)
            name = json.dumps(words[0])
            chosen = await walk.fixes.propose(
                nav,
                "orders_nav",
                [
                    f"role=navigation >> text={name}",
                    f"role=complementary >> text={name}",
                    f"text={name}",
                    *(f"role={r}[name={name}]" for r in NAV_ROLES),
                ],
            )
        chosen = chosen or await walk.fixes.teach(nav, "orders_nav", "the menu entry for Orders")
        if chosen is None:
            raise StopWalk("no single menu entry to open the orders with")
        await walk.screen.click(walk.page.locator(chosen).filter(visible=True).first)
        step.detail = f"carried on with {chosen!r}"
    search = walk.gauge.check("the search bar", "labels.search", walk.site.labels.search)
    await walk.gauge.measure_tiers(search, walk.orders.search_tiers())
    if search.count == 0:
        search.offered = await walk.gauge.names_of(walk.page.get_by_role("textbox"))
        walk.gauge.advise(search, None)
        proposed = await walk.fixes.propose(
            search,
            "search_field",
            [
                *(f"role=textbox[name={json.dumps(n)}]" for n in search.offered),
                "role=main >> role=textbox",
                "input[type=search]",
            ],
        )
        if proposed or await walk.fixes.teach(search, "search_field", "the Orders search bar"):
            search.count = 1  # found by the fix (checked on this page): the walk goes on
    elif search.found_by == "the main area's first text field":
        search.count = 1
    step.checks.append(search)
    await walk.gauge.screenshot(step, "doctor")
    if search.count == 0:
        raise StopWalk("no search bar")
    return step


async def listed_orders(walk: Walk) -> list[str]:
    """Order numbers of the list as it first shows (for finding a failed one)."""

    async def some() -> list[str] | None:
        rows = await walk.orders.data_rows()
        texts = await rows.all_inner_texts()
        numbers = [m.group(1) for t in texts if (m := ORDER_NUMBER_IN_TEXT.search(t))]
        return list(dict.fromkeys(numbers)) or None

    return (await poll_until(some, walk.gauge.wait_seconds, 250)) or []
