"""What the procedure's parts share about one order: how it was asked for, how it is to be
worked (OrderOptions: set per batch entry, passed down, never set on the shared procedure),
and how far it got.

Its own module so that the click (retry_click.py), the reading after it (after_click.py) and
the lookup by customer (by_customer.py) can name these without importing the procedure.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, field

from .click import ClickLife
from .outcomes import OrderResult
from .steps import StepLog

# Called with (order number, status text, attempts) right before the Retry click; the click
# only happens if it returns (the batch journal writes and fsyncs its intent here).
BeforeRetryClick = Callable[[str, str, "int | None"], Awaitable[None]]


async def _no_hook(order: str, status: str, attempts: int | None) -> None:
    return None


async def _no_withdrawal(order: str) -> None:
    return None


@dataclass(frozen=True)
class OrderOptions:
    """How an entry's orders are worked. The defaults: a plain run (clicks, no journal)."""

    dry_run: bool = False  # read, open the menu, never click
    all_matching: bool = False  # a name or email matching several orders: retry each
    before_retry_click: BeforeRetryClick = _no_hook
    # Its counterpart: the intended click was proven not to have reached the site.
    click_withdrawn: Callable[[str], Awaitable[None]] = _no_withdrawal
    # A batch spaces its clicks here (pacing.ClickPacer.turn).
    click_turn: Callable[[], AbstractAsyncContextManager[None]] = nullcontext


PLAIN_RUN = OrderOptions()


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
    options: OrderOptions = field(default_factory=OrderOptions)
    click: ClickLife = field(default_factory=ClickLife)
    relogged: bool = False
    relogged_at: float = 0.0  # time.monotonic() of the last re-login
    relogins: int = 0
