"""doctor's walk from start to end: a browser with a fresh login, the steps up to the Orders
list, then the steps on the order given, or on listed orders until one has a row the runbook
would retry. Whatever stops the walk becomes the diagnosis's error, never a crash."""

from __future__ import annotations

from contextlib import suppress

from .browser import launch_or_connect, start_playwright
from .config import RunbookSpec, SiteConfig
from .doctor_fixes import FixFinder
from .doctor_list_steps import listed_orders, log_in, open_orders
from .doctor_measure import Gauge
from .doctor_order_steps import identify, locate, notifications_tab, open_menu
from .doctor_report import Diagnosis, DoctorStep
from .doctor_walk import StopWalk, Walk
from .pages.common import AuthError, AutomationError, Screen
from .rundir import RunFolder
from .session import Session
from .steps import OPEN_MENU, action_step, identify_step
from .subcommand import Echo
from .target import Target

MAX_ORDERS_TO_OPEN = 12  # when no --order is given: how many listed orders to look into


async def diagnose(
    site: SiteConfig,
    spec: RunbookSpec,
    target: Target,
    folder: RunFolder,
    order: str | None,
    echo: Echo,
    site_file: str,
    runbook_file: str,
    teach_seconds: float | None = None,
) -> Diagnosis:
    diagnosis = Diagnosis(target.url, spec.name, order, run_dir=str(folder.root))
    async with start_playwright() as playwright:
        browser = await launch_or_connect(playwright, site.browser)
        try:
            session = Session(target, site, fresh_login=True)
            context = await session.new_context(browser)
            page = await context.new_page()
            screen = Screen(page, site.labels, site.timeouts)
            gauge = Gauge(page, site, folder, site_file, runbook_file)
            walk = Walk(screen, site, spec, gauge, FixFinder(page, echo, teach_seconds))
            await _walk(walk, target, diagnosis, order, echo)
        except (AuthError, AutomationError, StopWalk) as exc:
            diagnosis.error = str(exc)
        except Exception as exc:  # the doctor reports what stopped it, it does not crash
            diagnosis.error = f"{type(exc).__name__}: {exc}"
        finally:
            with suppress(Exception):
                await browser.close()
    return diagnosis


async def _walk(
    walk: Walk, target: Target, diagnosis: Diagnosis, order: str | None, echo: Echo
) -> None:
    steps = diagnosis.steps
    login = await log_in(walk, target)
    steps.append(login)
    steps.append(await open_orders(walk, login))
    candidates = [order] if order else (await listed_orders(walk))[:MAX_ORDERS_TO_OPEN]
    if not candidates:
        raise StopWalk("the orders list shows no order to look into (pass --order N)")
    for index, number in enumerate(candidates):
        last = index == len(candidates) - 1
        tried = await _walk_order(walk, number)
        name = identify_step(walk.spec.integration)
        row_step = next((s for s in tried if s.name == name), None)
        suitable = row_step is not None and row_step.status == walk.spec.retryable_status
        structural = any(not c.ok for s in tried for c in s.checks if c.key != "integration")
        if order or suitable or structural or last:
            diagnosis.order = number
            steps.extend(tried)
            if not order and not suitable and not structural:
                diagnosis.error = (
                    f"none of the first {len(candidates)} listed orders has a "
                    f"{walk.spec.retryable_status} {walk.spec.integration} row: pass --order N"
                )
            break
        echo(f"  order {number}: no {walk.spec.retryable_status} {walk.spec.integration} row")
        await walk.orders.open_orders()  # back to the list for the next one
    if diagnosis.error is None and len(steps) and steps[-1].name == OPEN_MENU:
        steps.append(
            DoctorStep(
                action_step(walk.spec.action),
                detail="not clicked: the doctor never changes an order",
            )
        )


async def _walk_order(walk: Walk, number: str) -> list[DoctorStep]:
    """1.3 to 2.1 on one order; stops early at a step it cannot get past."""
    steps: list[DoctorStep] = []
    try:
        steps.append(await locate(walk, number))
        steps.append(await notifications_tab(walk, number))
        row_step, row, status = await identify(walk, number)
        row_step.status = status
        steps.append(row_step)
        if row is not None:
            steps.append(await open_menu(walk, number, row))
    except StopWalk:
        pass
    return steps
