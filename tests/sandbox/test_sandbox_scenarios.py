"""The default scenario holds every case the issue lists; the loader rejects bad files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from thiio_sandbox.scenarios import (
    OrderSpec,
    Scenario,
    ScenarioError,
    generate_scenario,
    load_scenario,
    parse_scenario,
)

PERSISTENT_ERRORS = {
    "10004": "Item [SKU-123] specified in import file does not exist.",
    "10005": "shipping service level [FreeEconomy] specified in import file does not map.",
    "10006": "401: invalid credentials supplied",
    "10007": "410: Your authorized application has been disabled by UltraCart",
}


def order(scenario: Scenario, number: str) -> OrderSpec:
    (found,) = [o for o in scenario.orders if o.number == number]
    return found


def ultracart(spec: OrderSpec):
    rows = [n for n in spec.notifications if n.integration.casefold() == "ultracart"]
    assert len(rows) <= 1
    return rows[0] if rows else None


def test_default_has_enough_realistic_orders(default_scenario: Scenario) -> None:
    assert len(default_scenario.orders) >= 40
    for spec in default_scenario.orders:
        assert len(spec.number) == 5 and spec.number.isdigit()
        assert spec.items and float(spec.total) > 0
        assert spec.shipping_address["city"] and spec.shipping_address["postal_code"]
    statuses = Counter(o.status for o in default_scenario.orders)
    assert {"Processing", "Completed"} <= set(statuses)


def test_order_12345_is_the_articles_case(default_scenario: Scenario) -> None:
    spec = order(default_scenario, "12345")
    assert spec.customer_name == "Jane Doe"
    uc = ultracart(spec)
    assert uc is not None and uc.status == "Failed"
    assert [r.succeeded for r in uc.retry_results] == [True]


@pytest.mark.parametrize(("number", "text"), sorted(PERSISTENT_ERRORS.items()))
def test_persistent_ultracart_errors(default_scenario: Scenario, number: str, text: str) -> None:
    uc = ultracart(order(default_scenario, number))
    assert uc is not None and uc.status == "Failed"
    assert [(r.succeeded, r.error) for r in uc.retry_results] == [(False, text)]


def test_transient_429_then_success(default_scenario: Scenario) -> None:
    uc = ultracart(order(default_scenario, "10008"))
    assert uc is not None
    first, second = uc.retry_results
    assert not first.succeeded and first.error.startswith("429:")
    assert second.succeeded


def test_each_notification_state_and_integration_case(default_scenario: Scenario) -> None:
    assert ultracart(order(default_scenario, "10010")).status == "Success"
    assert ultracart(order(default_scenario, "10013")).status == "Pending"
    assert ultracart(order(default_scenario, "10014")).status == "Processing"
    assert ultracart(order(default_scenario, "10015")) is None
    assert order(default_scenario, "10016").notifications == ()
    mixed = order(default_scenario, "10017")
    failed = [n.integration for n in mixed.notifications if n.status == "Failed"]
    assert failed == ["Order Desk", "Ultracart", "Klaviyo"]
    webhook = order(default_scenario, "10018")
    assert {n.integration for n in webhook.notifications if n.status == "Failed"} == {
        "Ultracart",
        "System Webhook",
    }


def test_customers_that_make_searching_hard(default_scenario: Scenario) -> None:
    marias = {
        o.customer_email for o in default_scenario.orders if o.customer_name == "Maria Garcia"
    }
    assert len(marias) == 2
    per_email = Counter(o.customer_email for o in default_scenario.orders)
    assert per_email["brian.miller@example.com"] == 3
    names = {o.customer_name for o in default_scenario.orders}
    assert {
        "José Núñez",
        "Seán O'Brien",
        "<b>Bold</b> Buyer",
        "<script>alert(1)</script> Smith",
    } <= names


def test_demo_users(default_scenario: Scenario) -> None:
    users = {u.email: u for u in default_scenario.users}
    assert users["demo@thiio.test"].password == "demo-password"
    assert users["demo@thiio.test"].totp_secret is None
    assert users["2fa@thiio.test"].totp_secret == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_faults_are_off_by_default(default_scenario: Scenario) -> None:
    assert default_scenario.faults.as_dict() == {
        "latency_ms": 0,
        "jitter_ms": 0,
        "error_rate": 0.0,
        "session_ttl_seconds": None,
        "stuck_processing": [],
        "post_login_dialog": False,
        "rerender_ms": 0,
        "confirm_retry": False,
    }


def test_a_scenario_file_by_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        """
retry_delay: 0.2
faults: {stuck_processing: ["777"], confirm_retry: true}
users: [{email: Me@Example.com, password: pw}]
orders:
  - number: "777"
    customer: {name: "A B", email: a@b.test}
    created_at: "2026-11-20T10:00:00Z"
    total: "59.90"
    notifications:
      - integration: Ultracart
        status: Failed
        message: "500: any server side error."
        retry_results: [{failed: "nope"}, success]
""",
        encoding="utf-8",
    )
    scenario = load_scenario(path)
    assert scenario.name == "mine" and scenario.retry_delay == 0.2
    assert scenario.users[0].email == "me@example.com"
    assert scenario.faults.stuck_processing == ("777",) and scenario.faults.confirm_retry
    (spec,) = scenario.orders
    assert spec.total == "59.90" and spec.items[0].price == "59.90"
    assert spec.notifications[0].attempts == 1


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        ({"orders": [{"number": "1"}]}, "lacks"),
        (
            {
                "orders": [
                    {
                        "number": "1",
                        "customer": {"name": "a", "email": "a@x"},
                        "created_at": "2026-01-01T00:00:00Z",
                    },
                ]
                * 2
            },
            "duplicate",
        ),
        (
            {
                "orders": [
                    {
                        "number": "1",
                        "customer": {"name": "a", "email": "a@x"},
                        "created_at": "2026-01-01T00:00:00Z",
                        "notifications": [{"integration": "Ultracart", "status": "Broken"}],
                    },
                ]
            },
            "status",
        ),
        (
            {
                "orders": [
                    {
                        "number": "1",
                        "customer": {"name": "a", "email": "a@x"},
                        "created_at": "2026-01-01T00:00:00Z",
                        "notifications": [
                            {
                                "integration": "Ultracart",
                                "status": "Failed",
                                "retry_results": ["maybe"],
                            }
                        ],
                    },
                ]
            },
            "retry result",
        ),
        ({"faults": {"explode": True}}, "unknown fault"),
        ([1, 2], "mapping"),
    ],
)
def test_bad_scenarios_say_why(data: object, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        parse_scenario(data)


def test_unknown_bundled_scenario() -> None:
    with pytest.raises(ScenarioError, match="default"):
        load_scenario("no-such-scenario")


def test_generator_numbers_and_retries() -> None:
    scenario = generate_scenario(250, retry_delay=0.25)
    numbers = [o.number for o in scenario.orders]
    assert numbers == [str(n) for n in range(200001, 200251)]
    assert scenario.retry_delay == 0.25
    for spec in scenario.orders:
        uc = ultracart(spec)
        assert uc is not None and uc.status == "Failed"
        assert [r.succeeded for r in uc.retry_results] == [True]
    assert {u.email for u in scenario.users} == {"demo@thiio.test", "2fa@thiio.test"}
    # The same seed gives the same orders: benchmarks are comparable.
    assert generate_scenario(250, retry_delay=0.25).orders == scenario.orders
