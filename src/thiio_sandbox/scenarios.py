"""Scenarios: the users, orders and notifications a sandbox starts with (YAML), and the generator.

A scenario is plain data; the store seeds its database from one. See default.yaml for the
format and for which order exercises which case.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from thiio_sandbox.faults import Faults

NOTIFICATION_STATUSES = ("Success", "Failed", "Pending", "Processing")
DEFAULT_RETRY_DELAY = 1.5


class ScenarioError(ValueError):
    """A scenario file that cannot be used, with the reason."""


@dataclass(frozen=True)
class RetryResult:
    """What one retry of a notification comes to."""

    succeeded: bool
    error: str | None = None

    def as_json(self) -> Any:
        return "success" if self.succeeded else {"failed": self.error}


SUCCESS = RetryResult(succeeded=True)


@dataclass(frozen=True)
class UserSpec:
    email: str
    password: str
    name: str
    totp_secret: str | None = None


@dataclass(frozen=True)
class ItemSpec:
    sku: str
    name: str
    quantity: int
    price: str  # decimal text, e.g. "29.95"


@dataclass(frozen=True)
class NotificationSpec:
    integration: str
    status: str
    attempts: int = 0
    message: str | None = None
    last_attempt_at: float | None = None  # epoch seconds
    retry_results: tuple[RetryResult, ...] = (SUCCESS,)  # one per retry; the last repeats
    retry_delay: float | None = None  # seconds; None: the scenario's


@dataclass(frozen=True)
class OrderSpec:
    number: str
    customer_name: str
    customer_email: str
    created_at: float  # epoch seconds
    total: str
    status: str
    items: tuple[ItemSpec, ...]
    shipping_address: Mapping[str, str]
    notifications: tuple[NotificationSpec, ...]


@dataclass(frozen=True)
class Scenario:
    name: str
    retry_delay: float
    users: tuple[UserSpec, ...]
    orders: tuple[OrderSpec, ...]
    faults: Faults = field(default_factory=Faults)


# ---------------------------------------------------------------------------------------------
# Loading


def load_scenario(name_or_path: str | Path = "default") -> Scenario:
    """A bundled scenario by name ("default"), or a YAML file by path."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise ScenarioError(f"no scenario file {path}")
        return parse_scenario(yaml.safe_load(path.read_text(encoding="utf-8")), name=path.stem)
    bundled = resources.files("thiio_sandbox") / "scenarios" / f"{name_or_path}.yaml"
    if not bundled.is_file():
        raise ScenarioError(
            f"no bundled scenario {name_or_path!r} (have: {', '.join(bundled_scenarios())})"
        )
    return parse_scenario(
        yaml.safe_load(bundled.read_text(encoding="utf-8")), name=str(name_or_path)
    )


def bundled_scenarios() -> list[str]:
    folder = resources.files("thiio_sandbox") / "scenarios"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def parse_scenario(data: Any, name: str = "scenario") -> Scenario:
    if not isinstance(data, Mapping):
        raise ScenarioError(f"{name}: a scenario is a mapping with users and orders")
    retry_delay = float(data.get("retry_delay", DEFAULT_RETRY_DELAY))
    users = tuple(_parse_user(u) for u in data.get("users") or [])
    orders = tuple(_parse_order(o) for o in data.get("orders") or [])
    numbers = [o.number for o in orders]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        raise ScenarioError(f"{name}: duplicate order numbers {duplicates}")
    faults = Faults().merged(data.get("faults") or {})
    return Scenario(name=name, retry_delay=retry_delay, users=users, orders=orders, faults=faults)


def _parse_user(data: Mapping[str, Any]) -> UserSpec:
    try:
        return UserSpec(
            email=str(data["email"]).strip().lower(),
            password=str(data["password"]),
            name=str(data.get("name") or data["email"]),
            totp_secret=data.get("totp_secret") or None,
        )
    except KeyError as exc:
        raise ScenarioError(f"user {data!r} lacks {exc}") from None


def _parse_order(data: Mapping[str, Any]) -> OrderSpec:
    try:
        number = str(data["number"])
        customer = data["customer"]
        created_at = _epoch(data["created_at"])
    except KeyError as exc:
        raise ScenarioError(f"order {data.get('number', data)!r} lacks {exc}") from None
    items = tuple(_parse_item(i) for i in data.get("items") or [])
    shipping = Decimal(str(data.get("shipping", "0")))
    if "total" in data:
        total = Decimal(str(data["total"]))
    else:
        total = sum((Decimal(i.price) * i.quantity for i in items), Decimal("0")) + shipping
    if not items:  # an order always has something in it
        items = (ItemSpec(sku="TH-GIFT-CARD", name="Gift Card", quantity=1, price=f"{total:.2f}"),)
    address = dict(customer.get("address") or {})
    address.setdefault("name", str(customer["name"]))
    notifications = tuple(
        _parse_notification(n, created_at) for n in data.get("notifications") or []
    )
    return OrderSpec(
        number=number,
        customer_name=str(customer["name"]),
        customer_email=str(customer["email"]).strip(),
        created_at=created_at,
        total=f"{total:.2f}",
        status=str(data.get("status", "Processing")),
        items=items,
        shipping_address={k: str(v) for k, v in address.items()},
        notifications=notifications,
    )


def _parse_item(data: Mapping[str, Any]) -> ItemSpec:
    return ItemSpec(
        sku=str(data["sku"]),
        name=str(data["name"]),
        quantity=int(data.get("quantity", data.get("qty", 1))),
        price=f"{Decimal(str(data['price'])):.2f}",
    )


def _parse_notification(data: Mapping[str, Any], order_created_at: float) -> NotificationSpec:
    status = str(data.get("status", "Success"))
    if status not in NOTIFICATION_STATUSES:
        raise ScenarioError(f"notification status {status!r} not in {NOTIFICATION_STATUSES}")
    attempts = int(data.get("attempts", 0 if status == "Pending" else 1))
    if "last_attempt_at" in data:
        last_attempt_at: float | None = _epoch(data["last_attempt_at"])
    else:  # the first attempt runs a couple of minutes after the order is placed
        last_attempt_at = order_created_at + 120 if attempts else None
    results = data.get("retry_results")
    if results is None:
        retry_results: tuple[RetryResult, ...] = (SUCCESS,)
    else:
        if isinstance(results, (str, Mapping)):
            results = [results]
        retry_results = tuple(_parse_result(r) for r in results) or (SUCCESS,)
    delay = data.get("retry_delay")
    return NotificationSpec(
        integration=str(data["integration"]),
        status=status,
        attempts=attempts,
        message=data.get("message"),
        last_attempt_at=last_attempt_at,
        retry_results=retry_results,
        retry_delay=None if delay is None else float(delay),
    )


def _parse_result(data: Any) -> RetryResult:
    if data == "success":
        return SUCCESS
    if isinstance(data, Mapping) and "failed" in data:
        return RetryResult(succeeded=False, error=str(data["failed"]))
    raise ScenarioError(f"a retry result is 'success' or {{failed: text}}, not {data!r}")


def _epoch(value: Any) -> float:
    if isinstance(value, datetime):
        moment = value
    else:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


# ---------------------------------------------------------------------------------------------
# The generator (benchmarks)

GENERATED_FIRST_NUMBER = 200001


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST_NAMES = _words(
    "Olivia Liam Emma Noah Ava Elijah Sophia James Isabella William Mia Benjamin "
    "Charlotte Lucas Amelia Henry Harper Theodore Evelyn Jack Abigail Levi Emily "
    "Alexander Ella Mateo Camila Daniel Luna Michael Sofia Mason Avery Sebastian "
    "Scarlett Ethan Chloe Logan Penelope Owen"
)
_LAST_NAMES = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez "
    "Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee "
    "Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young "
    "Allen King Wright Scott Torres Nguyen Hill"
)
_CITIES = (
    ("Austin", "TX", "787"),
    ("Denver", "CO", "802"),
    ("Portland", "OR", "972"),
    ("Columbus", "OH", "432"),
    ("Raleigh", "NC", "276"),
    ("Tampa", "FL", "336"),
    ("Phoenix", "AZ", "850"),
    ("Madison", "WI", "537"),
)
_STREETS = (
    "Oak St",
    "Maple Ave",
    "Cedar Ln",
    "Pine Rd",
    "Elm Dr",
    "Lakeview Blvd",
    "Hillcrest Way",
)
_CATALOG = (
    ItemSpec("TH-KETO-60", "Keto Burn Capsules (60 ct)", 1, "39.95"),
    ItemSpec("TH-COLL-30", "Collagen Peptides 30 Servings", 1, "34.00"),
    ItemSpec("TH-SLEEP-30", "Deep Sleep Gummies", 1, "24.99"),
    ItemSpec("TH-GREENS-1", "Daily Greens Powder", 1, "49.00"),
    ItemSpec("TH-SHAKER", "Branded Shaker Bottle", 1, "12.50"),
    ItemSpec("TH-OMEGA-90", "Omega-3 Softgels (90 ct)", 1, "29.95"),
)


def generate_scenario(
    count: int, retry_delay: float = DEFAULT_RETRY_DELAY, seed: int = 2026
) -> Scenario:
    """`count` orders numbered 200001.., each with a failed Ultracart notification whose retry
    succeeds `retry_delay` seconds after it is requested; plus the default scenario's users."""
    rng = random.Random(seed)
    start = datetime(2026, 9, 1, tzinfo=timezone.utc).timestamp()
    span = datetime(2026, 11, 25, tzinfo=timezone.utc).timestamp() - start
    orders = []
    for index in range(count):
        number = str(GENERATED_FIRST_NUMBER + index)
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        city, state, zip_prefix = rng.choice(_CITIES)
        picks = rng.sample(_CATALOG, rng.randint(1, 3))
        items = tuple(ItemSpec(p.sku, p.name, rng.choice((1, 1, 1, 2, 3)), p.price) for p in picks)
        total = sum((Decimal(i.price) * i.quantity for i in items), Decimal("5.95"))
        created_at = start + span * index / max(count, 1) + rng.randint(0, 3600)
        orders.append(
            OrderSpec(
                number=number,
                customer_name=f"{first} {last}",
                customer_email=f"{first}.{last}.{number}@example.com".lower(),
                created_at=created_at,
                total=f"{total:.2f}",
                status="Processing",
                items=items,
                shipping_address={
                    "name": f"{first} {last}",
                    "line1": f"{rng.randint(100, 9999)} {rng.choice(_STREETS)}",
                    "city": city,
                    "state": state,
                    "postal_code": f"{zip_prefix}{rng.randint(10, 99)}",
                    "country": "US",
                },
                notifications=(
                    NotificationSpec(
                        integration="Ultracart",
                        status="Failed",
                        attempts=1,
                        message="500: any server side error.",
                        last_attempt_at=created_at + 120,
                        retry_results=(SUCCESS,),
                    ),
                    NotificationSpec(
                        integration="Klaviyo",
                        status="Success",
                        attempts=1,
                        last_attempt_at=created_at + 60,
                    ),
                ),
            )
        )
    users = load_scenario("default").users
    return Scenario(
        name=f"generated-{count}",
        retry_delay=float(retry_delay),
        users=users,
        orders=tuple(orders),
    )


def iso(epoch: float | None) -> str | None:
    """Epoch seconds as the API's timestamp text, e.g. 2026-11-26T04:20:00Z."""
    if epoch is None:
        return None
    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


__all__ = [
    "GENERATED_FIRST_NUMBER",
    "ItemSpec",
    "NotificationSpec",
    "OrderSpec",
    "RetryResult",
    "Scenario",
    "ScenarioError",
    "UserSpec",
    "bundled_scenarios",
    "generate_scenario",
    "iso",
    "load_scenario",
    "parse_scenario",
]
