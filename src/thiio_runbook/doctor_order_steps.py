"""doctor's steps on one order: 1.3 find it by its number, 1.4 its Notifications tab, 1.5 the
integration's row and the meaning of its status, 2.1 the row's ⋮ menu with the action (opened
and closed with Escape; the action is never clicked)."""

from __future__ import annotations

import json
import time

from playwright.async_api import Locator

from .doctor_measure import MAX_OFFERED, clean_names, resembles
from .doctor_report import Check, DoctorStep
from .doctor_walk import StopWalk, Walk
from .locate import (
    MENU_ITEM_ROLES_PREFERRED,
    ROW_ROLES,
    accessible_names,
    any_word,
    by_roles,
    contains_text,
    exact_words,
    leading_phrase,
    poll_until,
)
from .pages.orders import SearchUnsettled
from .steps import LOCATE_ORDER, NOTIFICATIONS_TAB, OPEN_MENU, identify_step


async def locate(walk: Walk, number: str) -> DoctorStep:
    """1.3: search the number; exactly one result row shows it; open it."""
    step = DoctorStep(LOCATE_ORDER)
    check = Check(f"the result row of order {number}", "--order", "(command line)", [number])
    unsettled: SearchUnsettled | None = None
    try:
        matches = await walk.orders.search(number, by_number=True)
    except SearchUnsettled as exc:
        matches, unsettled = [], exc
    check.count = len(matches)
    check.seconds = 0.0 if matches else None
    if not matches:
        rows = await walk.orders.data_rows()
        check.offered = clean_names(await rows.all_inner_texts())
        check.advice = (
            f"the list never showed {unsettled.looked_for}: check labels.no_results"
            if unsettled
            else f"no result row shows order {number}: check the number"
        )
    elif len(matches) > 1:
        check.advice = f"{len(matches)} result rows show {number}"
    step.checks.append(check)
    if matches:
        await walk.orders.open_order(matches[0])
        step.detail = f"opened order {matches[0].number}"
    await walk.gauge.screenshot(step, number)
    if not matches:
        raise StopWalk(f"order {number} not found")
    return step


async def notifications_tab(walk: Walk, number: str) -> DoctorStep:
    """1.4: the order's Notifications tab, found and clicked (or the one resembling it)."""
    step = DoctorStep(NOTIFICATIONS_TAB)
    labels = walk.site.labels
    check = walk.gauge.check(
        "the order's tab", "labels.tabs.notifications", labels.tab_notifications
    )
    await walk.gauge.measure_tiers(check, walk.pane.tab_tiers())
    step.checks.append(check)
    chosen: str | None = None
    if not check.ok:
        check.offered = await walk.gauge.names_of(walk.page.get_by_role("tab"))
        alternative = next((n for n in check.offered if resembles(n, check.words)), None)
        walk.gauge.advise(check, alternative if check.count == 0 else None)
        if check.count == 0 and alternative is not None:
            name = json.dumps(alternative)
            chosen = await walk.fixes.propose(
                check,
                "notifications_tab",
                [f"role=tab[name={name}]", f"role=dialog >> text={name}", f"text={name}"],
            )
        if check.count == 0 and chosen is None:
            chosen = await walk.fixes.teach(check, "notifications_tab", "the Notifications tab")
        if check.count == 0 and chosen is None:
            await walk.gauge.screenshot(step, number)
            raise StopWalk("no Notifications tab")
    if chosen:
        tab = walk.page.locator(chosen).filter(visible=True).first
    else:
        tab = await walk.pane.tab_to_click()
    await walk.screen.click(tab, keep=tab if chosen else walk.pane.tab())
    if chosen:
        step.detail = f"carried on with {chosen!r}"
    await walk.gauge.screenshot(step, number)
    return step


async def identify(walk: Walk, number: str) -> tuple[DoctorStep, Locator | None, str | None]:
    """1.5: exactly one row of the integration; its status means the runbook's status."""
    spec, labels = walk.spec, walk.site.labels
    step = DoctorStep(identify_step(spec.integration))
    row_check = walk.gauge.check(
        f"the {spec.integration} row", "integration", [spec.integration], runbook=True
    )
    panel = await _panel(walk)
    name = contains_text(spec.integration)
    rows = by_roles(panel, ROW_ROLES).filter(has_text=name)
    started = time.monotonic()
    await _rows_settled(walk, panel, rows)
    await walk.gauge.measure(row_check, rows, seconds=0)
    if row_check.count:
        row_check.seconds = round(time.monotonic() - started, 2)
    step.checks.append(row_check)
    if not row_check.ok:
        every = by_roles(panel, ROW_ROLES).filter(visible=True)
        texts = []
        for i in range(min(await every.count(), MAX_OFFERED)):
            cells = await every.nth(i).get_by_role("cell").all_inner_texts()
            texts.append(cells[0] if cells else await every.nth(i).inner_text())
        row_check.offered = clean_names(texts)
        walk.gauge.advise(row_check, None)
        await walk.gauge.screenshot(step, number)
        return step, None, None
    row = rows.filter(visible=True).first
    reading = await walk.pane.read_row(row)
    wanted = spec.retryable_status
    status = walk.gauge.check(
        f"the row's status word for {wanted!r}",
        f"labels.status_words.{wanted}",
        labels.status_words[wanted],
    )
    status.count = 1 if reading.status is not None else 0
    status.seconds = row_check.seconds if reading.status is not None else None
    cells = [" ".join(c.split()) for c in await row.get_by_role("cell").all_inner_texts()]
    if (
        cells
        and spec.integration not in cells[0]
        and contains_text(spec.integration).search(cells[0])
    ):
        row_check.note = f"the page writes it {cells[0]!r} (matched regardless of case)"
    if reading.status is None:
        shown = reading.status_text or next(
            (c for c in cells[1:] if _status_guess(c)), _status_guess(reading.text)
        )
        status.offered = clean_names([shown] if shown else [reading.text])
        status.advice = (
            f"no word of labels.status_words shows in the row ({reading.text[:100]!r}): "
            f"if {shown or 'its status'!r} means {wanted}, add it to "
            f"labels.status_words.{wanted} in {walk.gauge.site_file}"
        )
        if shown:
            words = [*labels.status_words[wanted], shown]
            status.fix[f"labels.status_words.{wanted}"] = words
    elif reading.status != wanted:
        status.note = f"this order's row is {reading.status_text} (not {wanted})"
    step.checks.append(status)
    step.detail = f"{spec.integration}: {reading.status_text or '?'}"
    await walk.gauge.screenshot(step, number)
    return step, row, reading.status


async def _rows_settled(walk: Walk, panel: Locator, rows: Locator) -> None:
    """Wait (bounded) until the panel shows the row, other rows with a status, or its
    "no notifications" text: an order without the row is seen as such at once."""
    labels = walk.site.labels
    words = [w for ws in labels.status_words.values() for w in ws]
    statuses = walk.page.get_by_text(exact_words(words))
    empty = panel.get_by_text(leading_phrase(labels.no_notifications))

    async def settled() -> str | None:
        if await rows.filter(visible=True).count():
            return "row"
        if await by_roles(panel, ROW_ROLES).filter(has=statuses, visible=True).count():
            return "others"
        return "empty" if await empty.filter(visible=True).count() else None

    await poll_until(settled, walk.gauge.wait_seconds, walk.site.timeouts.poll_interval_ms)


async def _panel(walk: Walk) -> Locator:
    panels = walk.page.get_by_role("tabpanel").filter(visible=True)
    if await panels.count() == 1:
        return panels.first
    return await walk.pane.pane()


async def open_menu(walk: Walk, number: str, row: Locator) -> DoctorStep:
    """2.1: the row's ⋮ opens a menu with the action; closed again with Escape."""
    spec, labels = walk.spec, walk.site.labels
    step = DoctorStep(OPEN_MENU)
    button_check = walk.gauge.check("the row's ⋮ button", "labels.row_menu", labels.row_menu)
    buttons = row.get_by_role("button").filter(visible=True)
    names = await accessible_names(buttons)
    named = [n for n in names if n and any_word(labels.row_menu).search(n)]
    unnamed = [n for n in names if not n]
    button_check.count = len(named) or (1 if unnamed else 0)
    button_check.seconds = 0.0 if button_check.count else None
    if not named and unnamed:
        button_check.note = "an icon button without a name (the tool takes the last one)"
    if not button_check.ok:
        button_check.offered = clean_names(names)
        walk.gauge.advise(button_check, None)
    step.checks.append(button_check)
    if button_check.count == 0:
        await walk.gauge.screenshot(step, number)
        return step
    button = await walk.pane.menu_button(row)
    item = walk.gauge.check(f"the menu item {spec.action!r}", "action", [spec.action], runbook=True)
    items = walk.pane.action_items(spec.action)
    await items.mark_present()  # as run-retry does: only what the ⋮ click shows counts
    await walk.screen.click(button)
    try:
        await walk.gauge.measure_tiers(item, items.tiers())
    finally:
        await items.unmark()
    step.checks.append(item)
    if not item.ok:
        menus = by_roles(walk.page, ("menu", "listbox")).filter(visible=True)
        scope = menus.last if await menus.count() else walk.page
        item.offered = await walk.gauge.names_of(
            by_roles(scope, (*MENU_ITEM_ROLES_PREFERRED, "listitem"))
        )
        alternative = next((n for n in item.offered if resembles(n, item.words)), None)
        walk.gauge.advise(item, alternative if item.count == 0 else None)
        proposed = None
        if item.count == 0 and alternative is not None:
            name = json.dumps(alternative)
            proposed = await walk.fixes.propose(
                item,
                "menu_item",
                [
                    *(f"role={r}[name={name}]" for r in MENU_ITEM_ROLES_PREFERRED),
                    f"role=menu >> text={name}",
                    f"text={name}",
                ],
            )
        if item.count == 0 and proposed is None:
            # The person's click on the item is caught before the page sees it: the
            # action is never made, by the person or by the doctor.
            await walk.fixes.teach(item, "menu_item", f"the menu's {spec.action!r} item")
    step.detail = f"menu opened and closed with Escape; {spec.action!r} was not clicked"
    await walk.gauge.screenshot(step, number)
    await walk.page.keyboard.press("Escape")
    return step


def _status_guess(text: str) -> str:
    """A short capitalised word standing on its own line: what a chip reads like."""
    for line in text.splitlines():
        line = line.strip()
        if line and len(line.split()) <= 2 and line[:1].isupper() and not line[:1].isdigit():
            return line
    return ""
