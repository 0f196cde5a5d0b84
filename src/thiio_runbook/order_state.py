"""What the procedure's parts share about one order: how it was asked for, and how far it got.

Its own module so that the click (retry_click.py), the reading after it (after_click.py) and
the lookup by customer (by_customer.py) can name these without importing the procedure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .click import ClickLife
from .outcomes import OrderResult
from .steps import StepLog


@dataclass(frozen=True)
class Lookup:
    """How the person asked for the order: by number, customer email or customer name."""

    kind: str  # "order", "email" or "customer"
    value: str

    @property
    def by_number(self) -> bool:
        return self.kind == "order"


@dataclass
class OrderState:
    """One order's progress through the procedure: its click (click.py) and its logins."""

    number: str
    result: OrderResult
    log: StepLog
    click: ClickLife = field(default_factory=ClickLife)
    relogged: bool = False
    relogged_at: float = 0.0  # time.monotonic() of the last re-login
    relogins: int = 0
