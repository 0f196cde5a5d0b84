"""What the batch end-to-end tests share: the scenario's ground truth, the ledger, the journal.

The expected outcomes come from the sandbox's default scenario (see the top comment of
src/thiio_sandbox/scenarios/default.yaml), never from the tool under test.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from thiio_runbook.journal import EntryRecord, Journal, journal_path
from thiio_sandbox.server import RunningSandbox

# Outcomes that mean the Retry was clicked (the ledger has exactly one row for the order).
RETRIED = frozenset({"succeeded", "still_failed"})

# The end-to-end tests' one quick config (the workdir fixture writes it): waits that suit the
# sandbox, which answers fast and whose retries settle in about 1.5 s.
QUICK_CONFIG = """\
timeouts:
  element_seconds: 8
  search_seconds: 8
  retry_outcome_seconds: 20
  reread_after_seconds: 4
"""


def run_in_thread(coro: Any) -> Any:
    """asyncio.run in a thread of its own: pytest-playwright keeps a loop running in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def write_batch(workdir: Path, name: str, lines: Iterable[str]) -> Path:
    path = workdir / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ledger_counts(sandbox: Any) -> Counter[str]:
    """How many times each order's Ultracart notification was retried, by the sandbox's book."""
    ledger = sandbox.ledger()
    assert all(row["integration"] == "Ultracart" for row in ledger), ledger
    return Counter(row["order"] for row in ledger)


def failed_ultracart_orders(sandbox: Any) -> set[str]:
    """Orders of the scenario whose Ultracart notification starts Failed."""
    return {
        order.number
        for order in sandbox.scenario.orders
        for note in order.notifications
        if note.integration == "Ultracart" and note.status == "Failed"
    }


def scenario_matches(sandbox: Any, kind: str, value: str) -> list[str]:
    """The scenario's orders an entry designates (a name or email may designate several)."""
    wanted = value.lstrip("#").strip().casefold()
    field = {"order": "number", "email": "customer_email", "customer": "customer_name"}[kind]
    return [
        order.number
        for order in sandbox.scenario.orders
        if str(getattr(order, field)).casefold() == wanted
    ]


def expected_retries(sandbox: Any, entries: Iterable[tuple[str, str]]) -> Counter[str]:
    """Each Failed Ultracart order an entry designates unambiguously, once."""
    failed = failed_ultracart_orders(sandbox)
    wanted: Counter[str] = Counter()
    for kind, value in entries:
        matches = scenario_matches(sandbox, kind, value)
        if len(matches) == 1 and matches[0] in failed:
            wanted[matches[0]] = 1
    return wanted


def results_of_entry(results: dict[str, Any], kind: str, value: str) -> list[dict[str, Any]]:
    """The results.json rows that came from one input entry (an order, an email, a name)."""
    value = value.lstrip("#")
    return [
        row
        for row in results.get("orders", [])
        if row["lookup"] == kind and (row["query"] == value or row["order"] == value)
    ]


def outcomes_by_entry(
    results: dict[str, Any], entries: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """entry -> [(order, outcome)]: how results.json accounts for each input entry."""
    return {
        (kind, value): [
            (row["order"], row["outcome"]) for row in results_of_entry(results, kind, value)
        ]
        for kind, value in entries
    }


def journal_entries(run_dir: Path) -> list[EntryRecord]:
    with Journal.open(journal_path(run_dir)) as journal:
        return journal.entries()


def pngs(root: Path) -> list[Path]:
    return sorted(root.rglob("*.png"))


def fail_searches(
    monkeypatch: pytest.MonkeyPatch, sandbox: RunningSandbox, failing: Callable[[str], bool]
) -> None:
    """Searches for which `failing(term)` holds answer a server error (what each UI then shows
    is its own: the sandbox's Vuetify UI keeps the unfiltered orders, with an error snackbar)."""
    store = sandbox.store
    search_orders = store.search_orders

    def search(search: str = "", page: int = 1, per_page: int = 25):
        if search.strip() and failing(search.strip()):
            raise RuntimeError("the search index is down")
        return search_orders(search, page=page, per_page=per_page)

    monkeypatch.setattr(store, "search_orders", search)
