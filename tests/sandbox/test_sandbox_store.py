"""The store: seeding, search, the retry lifecycle on a controlled clock, the ledger, reset."""

from __future__ import annotations

from pathlib import Path

import pytest
from sandbox_helpers import FakeClock, notification_of

from thiio_sandbox.faults import Faults
from thiio_sandbox.scenarios import Scenario, generate_scenario
from thiio_sandbox.store import NotFound, NotRetryable, Store


def numbers(store: Store, search: str, per_page: int = 100) -> list[str]:
    rows, _ = store.search_orders(search, per_page=per_page)
    return [r["number"] for r in rows]


def test_seeded_once_and_kept_across_reopen(
    tmp_path: Path, clock: FakeClock, default_scenario: Scenario
) -> None:
    path = tmp_path / "state.sqlite3"
    first = Store(path, clock=clock)
    assert first.seed_if_empty(default_scenario)
    uc = notification_of(first, "12345")
    first.request_retry(uc["id"], "demo@thiio.test")
    first.set_faults(Faults(latency_ms=5))
    first.close()

    again = Store(path, clock=clock)
    assert not again.seed_if_empty(default_scenario)  # an existing state is not re-seeded
    assert notification_of(again, "12345")["status"] == "Processing"
    assert again.faults().latency_ms == 5
    clock.advance(default_scenario.retry_delay)
    assert notification_of(again, "12345")["status"] == "Success"  # resolved after restart
    assert [r["order"] for r in again.ledger()] == ["12345"]
    again.close()


def test_search_by_number_name_and_email(store: Store) -> None:
    assert numbers(store, "12345") == ["12345"]
    assert numbers(store, "1234") == ["12345"]  # a prefix
    assert numbers(store, "#12345") == ["12345"]
    assert numbers(store, "jane doe") == ["12345"]
    assert numbers(store, "JANE@EXAMPLE") == ["12345"]
    assert sorted(numbers(store, "maria garcia")) == ["10020", "10021"]
    assert sorted(numbers(store, "brian.miller@example.com")) == ["10022", "10023", "10024"]
    assert numbers(store, "jose nunez") == ["10025"]  # accents ignored
    assert numbers(store, "Núñez") == ["10025"]
    assert numbers(store, "o'brien") == ["10026"]
    assert numbers(store, "<script>") == ["10028"]
    assert numbers(store, "no such customer") == []


def test_search_pages_newest_first(store: Store, default_scenario: Scenario) -> None:
    first, total = store.search_orders("", page=1, per_page=10)
    second, _ = store.search_orders("", page=2, per_page=10)
    assert total == len(default_scenario.orders)
    assert len(first) == 10 and len(second) == 10
    dates = [r["created_at"] for r in first + second]
    assert dates == sorted(dates, reverse=True)
    assert not {r["number"] for r in first} & {r["number"] for r in second}
    assert set(first[0]) == {
        "number",
        "created_at",
        "customer_name",
        "customer_email",
        "total",
        "currency",
        "status",
    }


def test_order_details(store: Store) -> None:
    detail = store.order("12345")
    assert detail["customer_name"] == "Jane Doe" and detail["total"] == "59.90"
    assert detail["items"][0]["sku"] and detail["shipping_address"]["city"] == "Austin"
    uc, _klaviyo = detail["notifications"]
    assert uc["integration"] == "Ultracart" and uc["status"] == "Failed"
    assert uc["attempts"] == 1 and uc["message"] == "500: any server side error."
    assert uc["last_attempt_at"].endswith("Z")
    with pytest.raises(NotFound):
        store.order("99999")


def test_retry_lifecycle_success(store: Store, clock: FakeClock) -> None:
    uc = notification_of(store, "12345")
    accepted = store.request_retry(uc["id"], "demo@thiio.test")
    assert accepted["status"] == "Processing" and accepted["attempts"] == 2
    assert accepted["message"] is None
    clock.advance(1.0)
    assert notification_of(store, "12345")["status"] == "Processing"  # not due yet
    clock.advance(0.5)
    done = notification_of(store, "12345")
    assert done["status"] == "Success" and done["attempts"] == 2
    assert done["message"].startswith("Order sent to UltraCart (id UC-")
    assert done["last_attempt_at"] == "2026-11-26T04:00:01Z"  # when the attempt finished
    (entry,) = store.ledger()
    assert entry == {
        "order": "12345",
        "integration": "Ultracart",
        "notification_id": uc["id"],
        "action": "retry",
        "at": "2026-11-26T04:00:00Z",
        "user": "demo@thiio.test",
        "outcome": "success",
        "message": done["message"],
    }
    with pytest.raises(NotRetryable):  # Success is not retried again
        store.request_retry(uc["id"], "demo@thiio.test")


def test_persistent_error_fails_again_every_time(store: Store, clock: FakeClock) -> None:
    uc = notification_of(store, "10004")
    for attempt in (2, 3):
        store.request_retry(uc["id"], "demo@thiio.test")
        clock.advance(2)
        row = notification_of(store, "10004")
        assert row["status"] == "Failed" and row["attempts"] == attempt
        assert row["message"] == "Item [SKU-123] specified in import file does not exist."
    assert [e["outcome"] for e in store.ledger()] == ["failed", "failed"]


def test_transient_429_succeeds_on_the_second_retry(store: Store, clock: FakeClock) -> None:
    uc = notification_of(store, "10008")
    store.request_retry(uc["id"], "demo@thiio.test")
    clock.advance(2)
    assert notification_of(store, "10008")["message"].startswith("429:")
    store.request_retry(uc["id"], "demo@thiio.test")
    clock.advance(2)
    assert notification_of(store, "10008")["status"] == "Success"


@pytest.mark.parametrize("order", ["10010", "10013", "10014"])
def test_only_failed_rows_are_retried(store: Store, order: str) -> None:
    uc = notification_of(store, order)
    with pytest.raises(NotRetryable):
        store.request_retry(uc["id"], "demo@thiio.test")
    assert store.ledger() == []


def test_stuck_processing_never_finishes_until_switched_off(store: Store, clock: FakeClock) -> None:
    store.set_faults(Faults(stuck_processing=("12345",)))
    uc = notification_of(store, "12345")
    store.request_retry(uc["id"], "demo@thiio.test")
    clock.advance(3600)
    assert notification_of(store, "12345")["status"] == "Processing"
    assert store.ledger()[0]["outcome"] == "processing"
    store.set_faults(Faults())
    assert notification_of(store, "12345")["status"] == "Success"


def test_other_integrations_and_resend(store: Store, clock: FakeClock) -> None:
    webhook = notification_of(store, "10018", "System Webhook")
    store.request_retry(webhook["id"], "demo@thiio.test", action="resend")
    clock.advance(2)
    assert notification_of(store, "10018", "System Webhook")["status"] == "Success"
    assert notification_of(store, "10018")["status"] == "Failed"  # Ultracart untouched
    assert [(e["integration"], e["action"]) for e in store.ledger()] == [
        ("System Webhook", "resend")
    ]


def test_reset_restores_the_scenario(
    store: Store, clock: FakeClock, default_scenario: Scenario
) -> None:
    uc = notification_of(store, "12345")
    store.request_retry(uc["id"], "demo@thiio.test")
    store.set_faults(Faults(error_rate=0.5))
    user = store.user_by_email("demo@thiio.test")
    token, _ = store.create_session(user, two_factor_pending=False)
    store.record_login_failure("demo@thiio.test")
    store.reset(default_scenario)
    assert notification_of(store, "12345")["status"] == "Failed"
    assert store.ledger() == [] and store.faults() == Faults()
    assert store.session(token) is None
    assert store.counts()["orders"] == len(default_scenario.orders)


def test_lockout_window(store: Store, clock: FakeClock) -> None:
    for _ in range(4):
        store.record_login_failure("Demo@Thiio.test")
        clock.advance(60)
    assert store.lockout_seconds_left("demo@thiio.test") == 0
    store.record_login_failure("demo@thiio.test")
    assert store.lockout_seconds_left("demo@thiio.test") == pytest.approx(15 * 60 - 4 * 60)
    assert store.lockout_seconds_left("2fa@thiio.test") == 0  # per email
    clock.advance(15 * 60 - 4 * 60 + 1)
    assert store.lockout_seconds_left("demo@thiio.test") == 0


def test_sessions_store_only_digests(store: Store) -> None:
    user = store.user_by_email("demo@thiio.test")
    assert user is not None and user.password_hash.startswith("scrypt$")
    token, session = store.create_session(user, two_factor_pending=False)
    assert store.session(token) == session
    with store._tx() as db:  # the raw token is nowhere in the database
        assert (
            db.execute("SELECT count(*) FROM sessions WHERE token_digest = ?", (token,)).fetchone()[
                0
            ]
            == 0
        )
    store.delete_session(token)
    assert store.session(token) is None


def test_search_stays_fast_with_10000_orders(tmp_path: Path, clock: FakeClock) -> None:
    import time

    big = Store(tmp_path / "big.sqlite3", clock=clock)
    big.reset(generate_scenario(10_000, retry_delay=1.0))
    try:
        timings = {}
        for term in ("208765", "2087", "olivia", "smith.2", ""):
            started = time.perf_counter()
            _rows, total = big.search_orders(term)
            timings[term] = time.perf_counter() - started
            assert total > 0
        assert big.search_orders("208765")[0][0]["number"] == "208765"
        # Measured ~3-10 ms each on 2 cores (bench/sandbox_search.py times 20,000 orders);
        # the generous bound only catches a lost index or a quadratic query.
        assert max(timings.values()) < 0.5, timings
    finally:
        big.close()
