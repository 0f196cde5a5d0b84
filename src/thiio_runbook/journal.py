"""The batch journal: a crash-safe record of what was done to which order (SQLite, run folder).

The journal is what makes a batch run exactly-once. Before a Retry click the engine calls
``mark_intended``, which returns only once the intent is committed and synced to disk
(WAL, synchronous=FULL): a run killed at any moment afterwards, even by a power cut, resumes
knowing that this order may have been retried, and re-reads it instead of clicking again.

Each input entry has one row (``entries``). An entry leads to one order (``targets``) in the
usual case; a name or email searched with --all-matching may lead to several, each with its own
state, so each order's intent is recorded on its own:

    planned -> prechecked -> intended -> done

The journal itself refuses a second intent for the same order of the same entry, and never
lets an automation error after an intent make that order look safe to try again.
Nothing secret is stored: the entries, the statuses read, the outcomes and RunInfo (whose
command line never holds a secret).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from thiio_runbook.batchfile import BatchEntry
from thiio_runbook.outcomes import OrderResult, Outcome, RunInfo, StepRecord, join_notes

JOURNAL_NAME = "journal.sqlite3"
SCHEMA_VERSION = 1

PLANNED = "planned"
PRECHECKED = "prechecked"
INTENDED = "intended"
DONE = "done"
# The column stamping when an order entered a state that carries a reading of its row.
READING_COLUMNS = {PRECHECKED: "prechecked_at", INTENDED: "intended_at"}
STATES = (PLANNED, PRECHECKED, INTENDED, DONE)

_SCHEMA = f"""
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- one row per entry of the input, in input order (seq)
CREATE TABLE entries (
    seq             INTEGER PRIMARY KEY,
    entry_id        TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('order', 'email', 'customer')),
    value           TEXT NOT NULL,
    note            TEXT,
    line            INTEGER NOT NULL,
    duplicate_lines TEXT NOT NULL DEFAULT '[]',
    state           TEXT NOT NULL DEFAULT '{PLANNED}' CHECK (state IN {STATES!r}),
    complete        INTEGER NOT NULL DEFAULT 0,  -- the engine said no more orders will follow
    order_number    TEXT,     -- the (last) order this entry led to, once known
    status_before   TEXT,
    attempts_before INTEGER,
    intended_at     TEXT,
    outcome         TEXT,
    error_count     INTEGER NOT NULL DEFAULT 0,
    updated_at      TEXT NOT NULL
);
-- one row per order an entry led to (usually exactly one)
CREATE TABLE targets (
    id              INTEGER PRIMARY KEY,
    entry_id        TEXT NOT NULL REFERENCES entries (entry_id),
    order_number    TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN {STATES!r}),
    status_before   TEXT,
    attempts_before INTEGER,
    prechecked_at   TEXT,
    intended_at     TEXT,
    done_at         TEXT,
    outcome         TEXT,
    result_json     TEXT,
    UNIQUE (entry_id, order_number)
);
"""


class JournalError(RuntimeError):
    """The journal cannot be used (not a journal, newer schema, unknown entry)."""


class RetryAlreadyIntended(JournalError):
    """A Retry for this order was already intended (or done): clicking again could retry twice."""


@dataclass
class TargetRecord:
    """One order an entry led to, as the journal knows it."""

    order: str
    state: str  # planned | prechecked | intended | done
    status_before: str | None = None
    attempts_before: int | None = None
    intended_at: str | None = None
    outcome: Outcome | None = None
    result: OrderResult | None = None

    @property
    def must_reread(self) -> bool:
        """The Retry may have been clicked but its outcome was not recorded: read, never click."""
        return self.state == INTENDED


@dataclass
class EntryRecord:
    """One entry of the input and how far it got."""

    entry: BatchEntry
    state: str  # the furthest any of its orders got; "done" only when complete
    error_count: int
    targets: list[TargetRecord] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def order(self) -> str | None:
        return self.targets[-1].order if self.targets else None

    @property
    def reread_targets(self) -> list[TargetRecord]:
        return [target for target in self.targets if target.must_reread]

    @property
    def ended_in_error(self) -> bool:
        return any(target.outcome is Outcome.ERROR for target in self.targets)


@dataclass
class ResumePlan:
    """What a resumed run does with each entry of the journal, in input order within each list."""

    done: list[EntryRecord]  # finished: skip (their results are in the journal)
    reread: list[EntryRecord]  # a Retry was intended but not recorded: re-read, NEVER click again
    retry: list[EntryRecord]  # not started, only pre-checked, or ended in an automation error

    def __len__(self) -> int:
        return len(self.done) + len(self.reread) + len(self.retry)


def journal_path(run_dir: Path) -> Path:
    return Path(run_dir) / JOURNAL_NAME


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _fsync_dir(path: Path) -> None:
    """Make a new file's directory entry durable too (a power cut must not lose the file)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _result_from_json(text: str) -> OrderResult:
    data = json.loads(text)
    data.pop("screenshots", None)  # derived from steps
    data["outcome"] = Outcome(data["outcome"])
    data["steps"] = [StepRecord(**step) for step in data.get("steps", [])]
    return OrderResult(**data)


class Journal:
    """The journal of one batch run. Synchronous; safe to call from several threads."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection
        # One connection, one writer at a time: the asyncio engine calls from its loop thread
        # (or from worker threads via to_thread); SQLite serialises, this lock keeps our
        # read-modify-write transactions whole.
        self._lock = threading.RLock()

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, run: RunInfo, entries: Iterable[BatchEntry]) -> Journal:
        """A new journal at ``path`` (normally ``<run dir>/journal.sqlite3``), entries planned."""
        path = Path(path)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Create the file ourselves, user-only, so SQLite (which gives its -wal and -shm files
        # the database's permissions) never makes anything others can read.
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        _fsync_dir(path.parent)
        journal = cls(path, cls._connect(path))
        now = _now()
        with journal._transaction() as db:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [
                    ("schema_version", str(SCHEMA_VERSION)),
                    ("created_at", now),
                    ("run", json.dumps(asdict(run))),
                ],
            )
            db.executemany(
                "INSERT INTO entries (entry_id, kind, value, note, line, duplicate_lines,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        e.id,
                        e.kind,
                        e.value,
                        e.note,
                        e.line,
                        json.dumps(list(e.duplicate_lines)),
                        now,
                    )
                    for e in entries
                ),
            )
        return journal

    @classmethod
    def open(cls, path: Path) -> Journal:
        """An existing journal, e.g. to resume its run; recovers what a crash left in the WAL."""
        path = Path(path)
        if not path.is_file():
            raise JournalError(f"{path}: no journal here (was the run started with --batch?)")
        try:
            journal = cls(path, cls._connect(path))
        except sqlite3.DatabaseError as exc:
            raise JournalError(f"{path}: not a run-retry journal ({exc})") from exc
        try:
            version = journal._meta("schema_version")
        except sqlite3.DatabaseError as exc:
            journal.close()
            raise JournalError(f"{path}: not a run-retry journal ({exc})") from exc
        if version != str(SCHEMA_VERSION):
            journal.close()
            raise JournalError(
                f"{path}: journal schema {version}, this run-retry reads {SCHEMA_VERSION}"
            )
        return journal

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        # FULL: every commit fsyncs the WAL, so a committed intent survives a power cut.
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA fullfsync=ON")  # macOS: a real flush to the platter, not the cache
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")  # synced before it returns (synchronous=FULL)

    def _meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # --- the run -----------------------------------------------------------------------------

    def run_info(self) -> RunInfo:
        text = self._meta("run")
        if text is None:
            raise JournalError(f"{self.path}: the journal has no run record")
        known = RunInfo.__dataclass_fields__
        return RunInfo(**{k: v for k, v in json.loads(text).items() if k in known})

    def update_run(self, run: RunInfo) -> None:
        """Store the run's header again, e.g. with finished_at set."""
        with self._transaction() as db:
            db.execute("UPDATE meta SET value = ? WHERE key = 'run'", (json.dumps(asdict(run)),))

    # --- the life of an entry ----------------------------------------------------------------

    def mark_prechecked(
        self, entry_id: str, order: str, status: str | None, attempts: int | None
    ) -> str:
        """Record what the pre-check read for ``order``; return the order's state afterwards.

        An order whose Retry was already intended, or that is done, keeps its state (the
        return value says so): only "prechecked" means the order may go on to a Retry.
        """
        now = _now()
        with self._transaction() as db:
            self._entry_row(db, entry_id)  # raises JournalError for an entry not in this run
            target = self._target_row(db, entry_id, order)
            if _open_to_a_click(target):
                self._write_reading(db, target, entry_id, order, PRECHECKED, status, attempts, now)
                state = PRECHECKED
            else:
                assert target is not None  # a new order is open to a click
                state = target["state"]
            self._refresh_entry(db, entry_id, now)
        return state

    def mark_intended(
        self, entry_id: str, order: str, status: str | None, attempts: int | None
    ) -> None:
        """Record that ``order``'s Retry is about to be clicked: call it right BEFORE the click.

        Returns only once the intent is committed and synced to disk. Raises RetryAlreadyIntended
        if this order's Retry was already intended or done: the caller must not click.
        """
        now = _now()
        with self._transaction() as db:
            self._entry_row(db, entry_id)  # raises JournalError for an entry not in this run
            target = self._target_row(db, entry_id, order)
            if _open_to_a_click(target):
                self._write_reading(db, target, entry_id, order, INTENDED, status, attempts, now)
            else:
                assert target is not None  # a new order is open to a click
                raise RetryAlreadyIntended(
                    f"order {order} (entry {entry_id}): a Retry was already "
                    f"{'intended at ' + target['intended_at'] if target['intended_at'] else 'done'}"
                    "; it must be re-read, not clicked again"
                )
            self._refresh_entry(db, entry_id, now)

    @staticmethod
    def _write_reading(
        db: sqlite3.Connection,
        target: sqlite3.Row | None,
        entry_id: str,
        order: str,
        state: str,
        status: str | None,
        attempts: int | None,
        now: str,
    ) -> None:
        """Put the order in ``state`` (PRECHECKED or INTENDED) with the reading it was put
        there on, stamped in that state's own column; any earlier outcome is cleared."""
        at_column = READING_COLUMNS[state]
        if target is None:
            db.execute(
                "INSERT INTO targets (entry_id, order_number, state, status_before,"
                f" attempts_before, {at_column}) VALUES (?, ?, ?, ?, ?, ?)",
                (entry_id, order, state, status, attempts, now),
            )
        else:
            db.execute(
                "UPDATE targets SET state = ?, status_before = ?, attempts_before = ?,"
                f" {at_column} = ?, outcome = NULL, result_json = NULL, done_at = NULL"
                " WHERE id = ?",
                (state, status, attempts, now, target["id"]),
            )

    def mark_not_clicked(self, entry_id: str, order: str) -> None:
        """Re-reading proved that an intended click never reached the site (the row is still
        Failed with the attempt count read before it): the order goes back to pre-checked and
        may be retried once more. Only an intended, unfinished order can go back."""
        now = _now()
        with self._transaction() as db:
            target = self._target_row(db, entry_id, order)
            if target is None or target["state"] != INTENDED:
                raise JournalError(f"order {order} (entry {entry_id}) is not an intended retry")
            db.execute(
                "UPDATE targets SET state = ?, intended_at = NULL, outcome = NULL,"
                " result_json = NULL, done_at = NULL WHERE id = ?",
                (PRECHECKED, target["id"]),
            )
            self._refresh_entry(db, entry_id, now)

    def reopen_for_another_round(self, entry_id: str, order: str, limit: int) -> int | None:
        """--again-transient: an order whose retry failed again with a passing error goes back
        to pre-checked for one more round, at most `limit` rounds in the run. Returns the new
        round's number (1 for the first extra round), None when no round is left or the order
        is not a recorded still_failed. Each round's click needs its own intent (mark_intended),
        so a run that dies in between resumes by pre-checking, or re-reading, never blind."""
        now = _now()
        key = f"rounds:{entry_id}:{order}"
        with self._transaction() as db:
            target = self._target_row(db, entry_id, order)
            if (
                target is None
                or target["state"] != DONE
                or target["outcome"] != Outcome.STILL_FAILED.value
            ):
                return None
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            rounds: dict[str, Any] = json.loads(row[0]) if row else {"count": 0, "errors": []}
            if rounds["count"] >= limit:
                return None
            earlier = _result_from_json(target["result_json"]) if target["result_json"] else None
            rounds["count"] += 1
            rounds["errors"].append(earlier.error if earlier else None)
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(rounds)),
            )
            db.execute(
                "UPDATE targets SET state = ?, intended_at = NULL, outcome = NULL,"
                " result_json = NULL, done_at = NULL WHERE id = ?",
                (PRECHECKED, target["id"]),
            )
            self._refresh_entry(db, entry_id, now)
        return int(rounds["count"])

    def rounds(self, entry_id: str, order: str) -> tuple[int, list[str | None]]:
        """How many extra rounds an order got in this run, and the errors that led to them."""
        text = self._meta(f"rounds:{entry_id}:{order}")
        if text is None:
            return 0, []
        rounds = json.loads(text)
        return int(rounds["count"]), list(rounds["errors"])

    def mark_done(
        self, entry_id: str, result: OrderResult, *, complete: bool = True
    ) -> OrderResult:
        """Record the outcome of ``result.order`` for this entry; return what was recorded.

        ``complete=False`` when the entry will lead to further orders (--all-matching): the
        entry is done only once a call with complete=True has come.
        An ERROR after an intended Retry is not safe to try again (the click may have happened):
        it is recorded as PENDING (outcome unknown) and the order stays intended, so a resumed
        run re-reads it instead of clicking.
        """
        now = _now()
        with self._transaction() as db:
            entry = self._entry_row(db, entry_id)
            target = self._target_row(db, entry_id, result.order)
            recorded = result
            state = DONE
            if result.outcome is Outcome.ERROR:
                db.execute(
                    "UPDATE entries SET error_count = error_count + 1 WHERE entry_id = ?",
                    (entry_id,),
                )
                if target is not None and target["state"] == INTENDED:
                    state = INTENDED
                    recorded = _as_unknown_after_click(result)
            if target is None:
                db.execute(
                    "INSERT INTO targets (entry_id, order_number, state, status_before,"
                    " attempts_before) VALUES (?, ?, ?, ?, ?)",
                    (entry_id, result.order, PLANNED, result.status_before, result.attempts_before),
                )
                target = self._target_row(db, entry_id, result.order)
                assert target is not None  # just inserted
            db.execute(
                "UPDATE targets SET state = ?, done_at = ?, outcome = ?, result_json = ?"
                " WHERE id = ?",
                (
                    state,
                    now,
                    recorded.outcome.value,
                    json.dumps(recorded.to_json()),
                    target["id"],
                ),
            )
            if complete and not entry["complete"]:
                db.execute("UPDATE entries SET complete = 1 WHERE entry_id = ?", (entry_id,))
            self._refresh_entry(db, entry_id, now)
        return recorded

    # --- reading -----------------------------------------------------------------------------

    def entries(self) -> list[EntryRecord]:
        """Every entry of the input, in input order, with its orders."""
        with self._lock:
            self._db.row_factory = sqlite3.Row
            try:
                entry_rows = self._db.execute("SELECT * FROM entries ORDER BY seq").fetchall()
                target_rows = self._db.execute("SELECT * FROM targets ORDER BY id").fetchall()
            finally:
                self._db.row_factory = None
        targets: dict[str, list[TargetRecord]] = {}
        for row in target_rows:
            result = _result_from_json(row["result_json"]) if row["result_json"] else None
            targets.setdefault(row["entry_id"], []).append(
                TargetRecord(
                    order=row["order_number"],
                    state=row["state"],
                    status_before=row["status_before"],
                    attempts_before=row["attempts_before"],
                    intended_at=row["intended_at"],
                    outcome=Outcome(row["outcome"]) if row["outcome"] else None,
                    result=result,
                )
            )
        return [
            EntryRecord(
                entry=BatchEntry(
                    id=row["entry_id"],
                    kind=row["kind"],
                    value=row["value"],
                    note=row["note"],
                    line=row["line"],
                    duplicate_lines=tuple(json.loads(row["duplicate_lines"])),
                ),
                state=row["state"],
                error_count=row["error_count"],
                targets=targets.get(row["entry_id"], []),
            )
            for row in entry_rows
        ]

    def entries_to_resume(self) -> ResumePlan:
        plan = ResumePlan(done=[], reread=[], retry=[])
        for record in self.entries():
            if record.reread_targets:
                plan.reread.append(record)
            elif record.state == DONE and not record.ended_in_error:
                plan.done.append(record)
            else:
                plan.retry.append(record)
        return plan

    def results(self) -> list[OrderResult]:
        """One result for every entry of the input and every order it led to, in input order.

        What the run did not finish is there too, as `not_done` (so a report accounts for every
        entry, even of a run that was interrupted or stopped early)."""
        results: list[OrderResult] = []
        for record in self.entries():
            for target in record.targets:
                results.append(target.result or _not_done(record.entry, target))
            # Never looked up, or (--all-matching) more orders may follow the ones done.
            if record.state != DONE and all(t.state == DONE for t in record.targets):
                results.append(_not_done(record.entry, None))
        return results

    # --- internals ---------------------------------------------------------------------------

    @staticmethod
    def _entry_row(db: sqlite3.Connection, entry_id: str) -> sqlite3.Row:
        db.row_factory = sqlite3.Row
        try:
            row = db.execute("SELECT * FROM entries WHERE entry_id = ?", (entry_id,)).fetchone()
        finally:
            db.row_factory = None
        if row is None:
            raise JournalError(f"entry {entry_id!r} is not in this run's journal")
        return row

    @staticmethod
    def _target_row(db: sqlite3.Connection, entry_id: str, order: str) -> sqlite3.Row | None:
        db.row_factory = sqlite3.Row
        try:
            return db.execute(
                "SELECT * FROM targets WHERE entry_id = ? AND order_number = ?", (entry_id, order)
            ).fetchone()
        finally:
            db.row_factory = None

    def _refresh_entry(self, db: sqlite3.Connection, entry_id: str, now: str) -> None:
        """Bring the entry's summary columns in line with its orders."""
        entry = self._entry_row(db, entry_id)
        rows = db.execute(
            "SELECT order_number, state, status_before, attempts_before, intended_at, outcome"
            " FROM targets WHERE entry_id = ? ORDER BY id",
            (entry_id,),
        ).fetchall()
        states = {row[1] for row in rows}
        if not rows:
            state = PLANNED
        elif states == {DONE}:
            # all its orders are done; more may follow (--all-matching) until it is complete
            state = DONE if entry["complete"] else PRECHECKED
        else:
            state = max(states - {DONE}, key=STATES.index)
        last = rows[-1] if rows else (None, None, None, None, None, None)
        db.execute(
            "UPDATE entries SET state = ?, order_number = ?, status_before = ?,"
            " attempts_before = ?, intended_at = ?, outcome = ?, updated_at = ?"
            " WHERE entry_id = ?",
            (state, last[0], last[2], last[3], last[4], last[5], now, entry_id),
        )


def _as_unknown_after_click(result: OrderResult) -> OrderResult:
    error = result.error or "the automation failed"
    return OrderResult(
        **{
            **{name: getattr(result, name) for name in result.__dataclass_fields__},
            "outcome": Outcome.PENDING,
            "error": f"outcome unknown: the automation failed after the Retry click ({error});"
            " re-read the order, do not retry it blindly",
        }
    )


def find_latest_run(screenshots_dir: Path, unfinished: bool = False) -> Path | None:
    """The run folder under ``screenshots_dir`` whose batch started last; with `unfinished`
    (--resume without an id), the latest that still has entries to do (a finished run has
    nothing to resume, an older unfinished one may).

    Only folders holding a journal count; the run's own started_at decides, the journal's
    modification time breaks ties (and stands in when the header cannot be read).
    """
    base = Path(screenshots_dir)
    if not base.is_dir():
        return None
    best: tuple[str, float, Path] | None = None
    for candidate in base.iterdir():
        path = candidate / JOURNAL_NAME
        if not path.is_file():
            continue
        started = ""
        try:
            with Journal.open(path) as journal:
                started = journal.run_info().started_at
                left = journal.entries_to_resume()
                if unfinished and not (left.retry or left.reread):
                    continue  # finished: nothing to resume there
        except (JournalError, sqlite3.Error, TypeError, ValueError):
            pass
        key = (started, path.stat().st_mtime, candidate)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def _not_done(entry: BatchEntry, target: TargetRecord | None) -> OrderResult:
    """What the report says of an order (or an entry never looked up) the run did not finish."""
    if target is not None and target.must_reread:
        why = (
            "the run ended between the intent to click Retry and reading its outcome: "
            "--resume reads the order again and never clicks it twice"
        )
    else:
        why = "the run ended before this was done (nothing was clicked): --resume carries on"
    return OrderResult(
        order=target.order if target else entry.value,
        outcome=Outcome.NOT_DONE,
        lookup=entry.kind,
        query=entry.value,
        status_before=target.status_before if target else None,
        attempts_before=target.attempts_before if target else None,
        note=join_notes(why, entry.note),
    )


def _open_to_a_click(target: sqlite3.Row | None) -> bool:
    """Whether an order may go on towards a Retry click: new, only read so far, or ended in an
    error before any intent (an error after the intent is recorded as pending and the order
    stays intended: re-read, never clicked again)."""
    return (
        target is None
        or target["state"] in (PLANNED, PRECHECKED)
        or (target["state"] == DONE and target["outcome"] == Outcome.ERROR)
    )
