"""Memory across runs: each order's last retry by this tool, per account and runbook.

"Never twice by accident" across runs, not only within one: an order whose last retry by this
tool failed with a persistent error, and that Thiio still shows Failed with the *same* error
and the *same* attempt count (nobody touched it since), is `held`: the article says to resolve
the cause before retrying again, so clicking once more would only repeat the failure.
`--again` overrides. A transient error (a rate limit, a 5xx) is never a reason to hold.

Kept in the account's state folder (beside the saved session, but not removed with it), as
SQLite: several runs may write at once.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .config import RunbookSpec
from .outcomes import OrderResult, Outcome
from .pages.order_pane import RowReading

# Outcomes after which the retry happened (the row was clicked): what is remembered.
RETRIED = frozenset({Outcome.SUCCEEDED, Outcome.STILL_FAILED, Outcome.PENDING})


@dataclass(frozen=True)
class LastRetry:
    order: str
    at: str  # when the outcome was read, UTC ISO 8601
    outcome: str
    attempts: int | None  # the attempt count read after the retry
    error: str | None
    run_id: str


def history_path(directory: Path, url: str, email: str, runbook: str) -> Path:
    key = hashlib.sha256(f"{url}\n{email.lower()}".encode()).hexdigest()[:24]
    return directory / f"{key}-{runbook}.history.sqlite3"


def _same_text(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


class History:
    """The last retry of each order, for one account and one runbook."""

    def __init__(self, path: Path, spec: RunbookSpec) -> None:
        self.path = path
        self.spec = spec

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        db = sqlite3.connect(self.path, timeout=30)
        self.path.chmod(0o600)
        db.execute(
            "CREATE TABLE IF NOT EXISTS last_retry (order_number TEXT PRIMARY KEY, at TEXT,"
            " outcome TEXT, attempts INTEGER, error TEXT, run_id TEXT)"
        )
        return db

    def last(self, order: str) -> LastRetry | None:
        if not self.path.is_file():
            return None
        with closing(self._connect()) as db:
            row = db.execute(
                "SELECT order_number, at, outcome, attempts, error, run_id FROM last_retry"
                " WHERE order_number = ?",
                (order,),
            ).fetchone()
        return LastRetry(*row) if row else None

    def hold_reason(self, order: str, reading: RowReading) -> str | None:
        """Why this Failed row is held (not clicked), or None when it may be retried."""
        try:
            last = self.last(order)
        except sqlite3.Error:  # an unreadable memory holds nothing back (the row decides)
            return None
        if (
            last is None
            or not last.error
            or not reading.error
            or last.outcome != Outcome.STILL_FAILED.value
            or self.spec.is_transient(last.error)
            or last.attempts is None
            or reading.attempts != last.attempts
            or not _same_text(reading.error, last.error)
        ):
            return None
        when = last.at.replace("T", " ").removesuffix("Z")
        return (
            f"failed again for the same reason after our last retry ({when} UTC, run "
            f"{last.run_id}), untouched since: resolve the cause, then run with --again"
        )

    def record(self, results: Iterable[OrderResult], run_id: str) -> int:
        """Remember the orders a run retried; returns how many."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
        rows = [
            (r.order, now, r.outcome.value, r.attempts_after, r.error, run_id)
            for r in results
            if r.outcome in RETRIED
        ]
        if not rows:
            return 0
        try:
            self._write(rows)
        except sqlite3.Error:  # the memory is a help, never a reason to stop a run
            return 0
        return len(rows)

    def _write(self, rows: Sequence[tuple[object, ...]]) -> None:
        with closing(self._connect()) as db, db:
            db.executemany(
                "INSERT INTO last_retry (order_number, at, outcome, attempts, error, run_id)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(order_number) DO UPDATE SET"
                " at = excluded.at, outcome = excluded.outcome, attempts = excluded.attempts,"
                " error = excluded.error, run_id = excluded.run_id",
                rows,
            )
