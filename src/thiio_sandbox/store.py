"""The sandbox's state in SQLite: users, sessions, login failures, customers, orders,
notifications, retries (the ledger) and the fault switches.

One connection guarded by a lock: uvicorn's event loop and a test thread calling
running.ledger()/reset() may use the store at the same time. WAL keeps readers of a --db file
from blocking. Retries are resolved lazily: a retry stores when its outcome is due, and every
read applies the outcomes that are due by then, so a pending retry survives a restart.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thiio_sandbox.faults import Faults
from thiio_sandbox.scenarios import Scenario, iso
from thiio_sandbox.security import hash_password, new_token, token_digest

Clock = Callable[[], float]  # epoch seconds; tests inject a controllable one

MAX_LOGIN_FAILURES = 5
LOCKOUT_WINDOW_SECONDS = 15 * 60
HALF_SESSION_SECONDS = 10 * 60  # time allowed between password and authenticator code

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    password_hash TEXT NOT NULL, totp_secret TEXT);
CREATE TABLE IF NOT EXISTS sessions (
    token_digest TEXT PRIMARY KEY, user_id INTEGER NOT NULL, created_at REAL NOT NULL,
    two_factor_pending INTEGER NOT NULL, xsrf_token TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS login_failures (
    id INTEGER PRIMARY KEY, email TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_email ON login_failures (email, at);
CREATE TABLE IF NOT EXISTS customers (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,
    search_text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orders (
    number TEXT PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id),
    created_at REAL NOT NULL, total TEXT NOT NULL, status TEXT NOT NULL,
    items TEXT NOT NULL, shipping_address TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS orders_customer ON orders (customer_id);
CREATE INDEX IF NOT EXISTS orders_created ON orders (created_at);
CREATE TABLE IF NOT EXISTS notifications (
    id INTEGER PRIMARY KEY, order_number TEXT NOT NULL REFERENCES orders (number),
    integration TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
    last_attempt_at REAL, message TEXT,
    retry_results TEXT NOT NULL,      -- JSON list: "success" | {"failed": text}; last repeats
    retry_delay REAL NOT NULL,        -- seconds from a retry request to its outcome
    retries_requested INTEGER NOT NULL DEFAULT 0,
    due_at REAL);                     -- set while a requested retry is Processing
CREATE INDEX IF NOT EXISTS notifications_order ON notifications (order_number);
CREATE INDEX IF NOT EXISTS notifications_due ON notifications (due_at) WHERE due_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS retries (  -- the ledger: every accepted retry, and how it ended
    id INTEGER PRIMARY KEY, order_number TEXT NOT NULL, integration TEXT NOT NULL,
    notification_id INTEGER NOT NULL, action TEXT NOT NULL, requested_at REAL NOT NULL,
    user_email TEXT NOT NULL, resolved_at REAL, outcome TEXT, message TEXT);
"""

DATA_TABLES = (
    "retries",
    "notifications",
    "orders",
    "customers",
    "sessions",
    "login_failures",
    "users",
)


_PASSWORD_HASHES: dict[tuple[str, str], str] = {}  # per process: scenario users' hashes


class NotFound(LookupError):
    """No such order or notification."""


class NotRetryable(Exception):
    """The notification is not Failed (only a failed notification can be retried)."""

    def __init__(self, status: str) -> None:
        super().__init__(f"only a Failed notification can be retried (this one is {status})")
        self.status = status


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    password_hash: str
    totp_secret: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "email": self.email,
            "name": self.name,
            "two_factor_enabled": bool(self.totp_secret),
        }


@dataclass(frozen=True)
class Session:
    user: User
    created_at: float
    two_factor_pending: bool
    xsrf_token: str


def search_fold(text: str) -> str:
    """Lower case without accents, so "jose nunez" finds "José Núñez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Store:
    def __init__(self, path: Path | str, clock: Clock = time.time) -> None:
        self.path = Path(path)
        self.clock = clock
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(str(self.path), check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.executescript(SCHEMA)
        self._faults = self._load_faults()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._conn:
            yield self._conn

    # -- seeding ------------------------------------------------------------------------------

    def is_seeded(self) -> bool:
        with self._tx() as db:
            return db.execute("SELECT 1 FROM meta WHERE key = 'seeded'").fetchone() is not None

    def seed_if_empty(self, scenario: Scenario) -> bool:
        """Seed from `scenario` unless this database already holds a seeded state."""
        if self.is_seeded():
            return False
        self.reset(scenario)
        return True

    def reset(self, scenario: Scenario) -> None:
        """Restore `scenario`: its data, its faults; ledger, sessions and lockouts cleared."""
        users = [
            (u.email, u.name, self._hash(u.email, u.password), u.totp_secret)
            for u in scenario.users
        ]
        with self._tx() as db:
            for table in DATA_TABLES:
                db.execute(f"DELETE FROM {table}")
            db.executemany(
                "INSERT INTO users (email, name, password_hash, totp_secret) VALUES (?, ?, ?, ?)",
                users,
            )
            customer_ids: dict[str, int] = {}
            for order in scenario.orders:
                key = order.customer_email.lower()
                if key not in customer_ids:
                    cursor = db.execute(
                        "INSERT INTO customers (name, email, search_text) VALUES (?, ?, ?)",
                        (
                            order.customer_name,
                            order.customer_email,
                            search_fold(f"{order.customer_name}\n{order.customer_email}"),
                        ),
                    )
                    customer_ids[key] = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT INTO orders (number, customer_id, created_at, total, status, items,"
                " shipping_address) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        o.number,
                        customer_ids[o.customer_email.lower()],
                        o.created_at,
                        o.total,
                        o.status,
                        json.dumps(
                            [
                                {
                                    "sku": i.sku,
                                    "name": i.name,
                                    "quantity": i.quantity,
                                    "price": i.price,
                                }
                                for i in o.items
                            ]
                        ),
                        json.dumps(dict(o.shipping_address)),
                    )
                    for o in scenario.orders
                ],
            )
            db.executemany(
                "INSERT INTO notifications (order_number, integration, status, attempts,"
                " last_attempt_at, message, retry_results, retry_delay)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        o.number,
                        n.integration,
                        n.status,
                        n.attempts,
                        n.last_attempt_at,
                        n.message,
                        json.dumps([r.as_json() for r in n.retry_results]),
                        scenario.retry_delay if n.retry_delay is None else n.retry_delay,
                    )
                    for o in scenario.orders
                    for n in o.notifications
                ],
            )
            meta = {
                "seeded": "1",
                "scenario": scenario.name,
                "faults": json.dumps(scenario.faults.as_dict()),
            }
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", meta.items())
            self._faults = scenario.faults

    def _hash(self, email: str, password: str) -> str:
        # Re-hashing on every reset would make each reset (and each test) cost scrypt rounds.
        key = (email, password)
        if key not in _PASSWORD_HASHES:
            _PASSWORD_HASHES[key] = hash_password(password)
        return _PASSWORD_HASHES[key]

    # -- faults -------------------------------------------------------------------------------

    def faults(self) -> Faults:
        return self._faults

    def set_faults(self, faults: Faults) -> Faults:
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('faults', ?)",
                (json.dumps(faults.as_dict()),),
            )
            self._faults = faults
        return faults

    def _load_faults(self) -> Faults:
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'faults'").fetchone()
        return Faults().merged(json.loads(row["value"])) if row else Faults()

    # -- users, sessions, lockout -------------------------------------------------------------

    def user_by_email(self, email: str) -> User | None:
        with self._tx() as db:
            row = db.execute(
                "SELECT * FROM users WHERE email = ?", (email.strip().lower(),)
            ).fetchone()
        return _user(row) if row else None

    def create_session(self, user: User, two_factor_pending: bool) -> tuple[str, Session]:
        """A new session; returns the cookie token (only its digest is stored)."""
        token = new_token()
        session = Session(
            user=user,
            created_at=self.clock(),
            two_factor_pending=two_factor_pending,
            xsrf_token=new_token(),
        )
        with self._tx() as db:
            db.execute(
                "INSERT INTO sessions (token_digest, user_id, created_at, two_factor_pending,"
                " xsrf_token) VALUES (?, ?, ?, ?, ?)",
                (
                    token_digest(token),
                    user.id,
                    session.created_at,
                    int(two_factor_pending),
                    session.xsrf_token,
                ),
            )
        return token, session

    def session(self, token: str | None) -> Session | None:
        if not token:
            return None
        with self._tx() as db:
            row = db.execute(
                "SELECT s.created_at AS s_created_at, s.two_factor_pending, s.xsrf_token, u.*"
                " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_digest = ?",
                (token_digest(token),),
            ).fetchone()
        if row is None:
            return None
        return Session(
            user=_user(row),
            created_at=row["s_created_at"],
            two_factor_pending=bool(row["two_factor_pending"]),
            xsrf_token=row["xsrf_token"],
        )

    def delete_session(self, token: str | None) -> None:
        if token:
            with self._tx() as db:
                db.execute("DELETE FROM sessions WHERE token_digest = ?", (token_digest(token),))

    def expire_sessions(self) -> int:
        """End every live session at once (a "log out everywhere"); returns how many ended.

        Sessions made afterwards live normally: a test can expire what exists without a
        short TTL that would also cut the next login short.
        """
        with self._tx() as db:
            return db.execute("DELETE FROM sessions").rowcount

    def record_login_failure(self, email: str) -> None:
        now = self.clock()
        with self._tx() as db:
            db.execute(
                "INSERT INTO login_failures (email, at) VALUES (?, ?)",
                (email.strip().lower(), now),
            )
            db.execute("DELETE FROM login_failures WHERE at < ?", (now - LOCKOUT_WINDOW_SECONDS,))

    def clear_login_failures(self, email: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM login_failures WHERE email = ?", (email.strip().lower(),))

    def lockout_seconds_left(self, email: str) -> float:
        """0 when `email` may try to log in; else how long its lockout still lasts."""
        now = self.clock()
        with self._tx() as db:
            ats = [
                row["at"]
                for row in db.execute(
                    "SELECT at FROM login_failures WHERE email = ? AND at > ? ORDER BY at",
                    (email.strip().lower(), now - LOCKOUT_WINDOW_SECONDS),
                )
            ]
        if len(ats) < MAX_LOGIN_FAILURES:
            return 0.0
        # Locked until enough failures age out of the window to drop below the limit.
        return max(0.0, ats[len(ats) - MAX_LOGIN_FAILURES] + LOCKOUT_WINDOW_SECONDS - now)

    # -- orders -------------------------------------------------------------------------------

    def search_orders(
        self, search: str = "", page: int = 1, per_page: int = 25
    ) -> tuple[list[dict[str, Any]], int]:
        """Orders matching `search`, newest first (an exact order number first), one page.

        A number matches by prefix through the primary key; names and emails match anywhere,
        ignoring case and accents.
        """
        term = search_fold(search.strip())
        offset = (max(page, 1) - 1) * per_page
        select = (
            "SELECT o.number, o.created_at, o.total, o.status, c.name AS customer_name,"
            " c.email AS customer_email FROM orders o JOIN customers c ON c.id = o.customer_id"
        )
        with self._tx() as db:
            if not term:
                total = db.execute("SELECT count(*) FROM orders").fetchone()[0]
                rows = db.execute(
                    f"{select} ORDER BY o.created_at DESC LIMIT ? OFFSET ?", (per_page, offset)
                ).fetchall()
                return [_order_summary(r) for r in rows], total
            number = term.lstrip("#").strip()
            hits = (
                "SELECT o.number FROM orders o WHERE o.customer_id IN"
                " (SELECT id FROM customers WHERE instr(search_text, :term) > 0)"
            )
            if number.isdigit():
                # ":" sorts right after "9": the range is every number starting with `number`.
                hits += " UNION SELECT number FROM orders WHERE number >= :num AND number < :end"
            params = {
                "term": term,
                "num": number,
                "end": number + ":",
                "limit": per_page,
                "offset": offset,
            }
            total = db.execute(f"SELECT count(*) FROM ({hits})", params).fetchone()[0]
            rows = db.execute(
                f"{select} WHERE o.number IN ({hits})"
                " ORDER BY o.number = :num DESC, o.created_at DESC LIMIT :limit OFFSET :offset",
                params,
            ).fetchall()
        return [_order_summary(r) for r in rows], total

    def order(self, number: str) -> dict[str, Any]:
        self.resolve_due()
        with self._tx() as db:
            row = db.execute(
                "SELECT o.*, c.name AS customer_name, c.email AS customer_email FROM orders o"
                " JOIN customers c ON c.id = o.customer_id WHERE o.number = ?",
                (number,),
            ).fetchone()
            if row is None:
                raise NotFound(f"no order {number}")
            notifications = db.execute(
                "SELECT * FROM notifications WHERE order_number = ? ORDER BY id", (number,)
            ).fetchall()
        detail = _order_summary(row)
        detail["items"] = json.loads(row["items"])
        detail["shipping_address"] = json.loads(row["shipping_address"])
        detail["notifications"] = [_notification(n) for n in notifications]
        return detail

    def notification(self, notification_id: int) -> dict[str, Any]:
        self.resolve_due()
        with self._tx() as db:
            return _notification(_notification_row(db, notification_id))

    def notifications_of(self, order_number: str, integration: str) -> list[dict[str, Any]]:
        """Handy for tests: an order's notifications of one integration (case-insensitive)."""
        return [
            n
            for n in self.order(order_number)["notifications"]
            if n["integration"].casefold() == integration.casefold()
        ]

    # -- retries ------------------------------------------------------------------------------

    def request_retry(
        self, notification_id: int, user_email: str, action: str = "retry"
    ) -> dict[str, Any]:
        """Accept a retry of a Failed notification: it turns Processing, the ledger records it,
        and its outcome is applied once its delay has passed."""
        self.resolve_due()
        now = self.clock()
        with self._tx() as db:
            row = _notification_row(db, notification_id)
            if row["status"] != "Failed":
                raise NotRetryable(row["status"])
            db.execute(
                "UPDATE notifications SET status = 'Processing', attempts = attempts + 1,"
                " last_attempt_at = ?, message = NULL, retries_requested = retries_requested + 1,"
                " due_at = ? WHERE id = ?",
                (now, now + row["retry_delay"], notification_id),
            )
            db.execute(
                "INSERT INTO retries (order_number, integration, notification_id, action,"
                " requested_at, user_email) VALUES (?, ?, ?, ?, ?, ?)",
                (row["order_number"], row["integration"], notification_id, action, now, user_email),
            )
            updated = _notification_row(db, notification_id)
        return _notification(updated)

    def resolve_due(self) -> int:
        """Apply the outcome of every retry whose time has come; returns how many."""
        now = self.clock()
        stuck = set(self._faults.stuck_processing)
        resolved = 0
        with self._tx() as db:
            due = db.execute(
                "SELECT * FROM notifications WHERE due_at IS NOT NULL AND due_at <= ?", (now,)
            ).fetchall()
            for row in due:
                if row["order_number"] in stuck:
                    continue  # the stuck_processing fault: this one never finishes
                results = json.loads(row["retry_results"]) or ["success"]
                result = results[min(row["retries_requested"], len(results)) - 1]
                if result == "success":
                    status, outcome = "Success", "success"
                    message = _success_message(row)
                else:
                    status, outcome, message = "Failed", "failed", str(result["failed"])
                db.execute(
                    "UPDATE notifications SET status = ?, message = ?, last_attempt_at = ?,"
                    " due_at = NULL WHERE id = ?",
                    (status, message, row["due_at"], row["id"]),
                )
                db.execute(
                    "UPDATE retries SET resolved_at = ?, outcome = ?, message = ?"
                    " WHERE notification_id = ? AND resolved_at IS NULL",
                    (row["due_at"], outcome, message, row["id"]),
                )
                resolved += 1
        return resolved

    def ledger(self) -> list[dict[str, Any]]:
        """Every accepted retry, oldest first (the test-only ground truth)."""
        self.resolve_due()
        with self._tx() as db:
            rows = db.execute("SELECT * FROM retries ORDER BY id").fetchall()
        return [
            {
                "order": r["order_number"],
                "integration": r["integration"],
                "notification_id": r["notification_id"],
                "action": r["action"],
                "at": iso(r["requested_at"]),
                "user": r["user_email"],
                "outcome": r["outcome"] or "processing",
                "message": r["message"],
            }
            for r in rows
        ]

    def counts(self) -> dict[str, int]:
        with self._tx() as db:
            return {
                table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("users", "customers", "orders", "notifications", "retries")
            }


def _user(row: sqlite3.Row) -> User:
    return User(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        password_hash=row["password_hash"],
        totp_secret=row["totp_secret"],
    )


def _order_summary(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "number": row["number"],
        "created_at": iso(row["created_at"]),
        "customer_name": row["customer_name"],
        "customer_email": row["customer_email"],
        "total": row["total"],
        "currency": "USD",
        "status": row["status"],
    }


def _notification_row(db: sqlite3.Connection, notification_id: int) -> sqlite3.Row:
    row = db.execute("SELECT * FROM notifications WHERE id = ?", (notification_id,)).fetchone()
    if row is None:
        raise NotFound(f"no notification {notification_id}")
    return row


def _notification(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "order_number": row["order_number"],
        "integration": row["integration"],
        "status": row["status"],
        "last_attempt_at": iso(row["last_attempt_at"]),
        "attempts": row["attempts"],
        "message": row["message"],
    }


def _success_message(row: sqlite3.Row) -> str | None:
    if row["integration"].casefold() != "ultracart":
        return None
    # A stable, plausible UltraCart order id for this order and attempt.
    return (
        f"Order sent to UltraCart (id UC-{int(row['order_number']):010d}-{row['attempts']})"
        if row["order_number"].isdigit()
        else "Order sent to UltraCart"
    )


def minutes_text(seconds: float) -> int:
    """Whole minutes, rounded up, never 0 (for "try again in N minutes")."""
    return max(1, math.ceil(seconds / 60))
