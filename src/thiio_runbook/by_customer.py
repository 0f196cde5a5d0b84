"""Finding orders by customer name or email: one match is retried, several are listed (each
one's integration row read, read-only) unless --all-matching retries each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError

from .order_state import Lookup, OrderOptions
from .order_walk import OrderWalk
from .outcomes import OrderResult, Outcome, attempts_text
from .pages.common import AutomationError, SessionExpired
from .pages.orders import OrderMatch, SearchUnsettled
from .steps import LOCATE_ORDER, ORDERS, StepLog

if TYPE_CHECKING:  # for the annotation only: runbook.py imports this module to run it
    from .runbook import RetryProcedure

# Ambiguous matches whose integration row is read (read-only) to tell them apart.
MAX_MATCHES_READ = 10


async def retry_by_customer(
    procedure: RetryProcedure, lookup: Lookup, options: OrderOptions
) -> list[OrderResult]:
    """Find the orders of a name or email; one -> retry it; several -> list them unless
    --all-matching."""
    log = procedure.new_log(lookup.value)
    result = OrderResult(
        order=lookup.value, outcome=Outcome.ERROR, lookup=lookup.kind, query=lookup.value
    )
    try:
        matches = await search_with_refresh(procedure.walk, log, lookup)
    except (AutomationError, PlaywrightError, SessionExpired) as exc:
        result.error = f"{log.current}: {exc}"
        await log.outcome_evidence()
        result.steps = [*procedure.shared_steps, *log.steps]
        procedure.say_outcome(result)
        return [result]
    if not matches or (len(set(m.number for m in matches)) > 1 and not options.all_matching):
        await log.outcome_evidence()
    result.steps = [*procedure.shared_steps, *log.steps]
    if not matches:
        result.outcome = Outcome.NOT_FOUND
        procedure.say_outcome(result)
        return [result]
    numbers = list(dict.fromkeys(m.number for m in matches))
    if len(numbers) > 1 and not options.all_matching:
        # So that the person can tell them apart: each one's integration row, read-only
        # (the first few: a name shared by hundreds of orders is no list to read out).
        for m in matches[:MAX_MATCHES_READ]:
            reading = await procedure.read_order(m.number)
            m.row_status = row_status(reading, procedure.spec.integration)
        result.outcome = Outcome.AMBIGUOUS
        result.matches = [m.summary() for m in matches]
        result.note = "several orders match; none was retried (use --all-matching to retry each)"
        procedure.say_outcome(result)
        for m in matches:
            parts = [m.date, m.status, m.customer, m.email, m.row_status]
            procedure.echo(f"           - order {m.number}  " + "  ".join(p for p in parts if p))
        return [result]
    results: list[OrderResult] = []
    for match in matches:
        if match.number in (r.order for r in results):
            continue
        order = await procedure.retry_order(
            match.number, lookup, options, prefix=log.steps, match=match
        )
        results.append(order)
    return results


async def search_with_refresh(walk: OrderWalk, log: StepLog, lookup: Lookup) -> list[OrderMatch]:
    for attempt in range(2):
        try:
            async with log.step(ORDERS):
                await walk.orders.open_orders(anew=attempt > 0)
            async with log.step(LOCATE_ORDER) as note:
                matches = await walk.orders.search(lookup.value, by_number=False)
                note.detail = f"{len(matches)} order(s) match {lookup.value!r}"
            return matches
        except SearchUnsettled:
            if attempt:
                raise
        except SessionExpired:
            if attempt:
                raise
            await walk.relogin(log)
    raise AssertionError("unreachable")


def row_status(reading: OrderResult, integration: str) -> str:
    """How an order's integration row reads, for telling ambiguous matches apart."""
    if reading.outcome is Outcome.NO_ROW:
        return f"no {integration} row"
    if reading.outcome in (Outcome.DRY_RUN, Outcome.NOT_FAILED):
        count = attempts_text(reading.attempts_before)
        return f"{integration} {reading.status_before or '?'}" + (f", {count}" if count else "")
    return f"{integration} row unread"
