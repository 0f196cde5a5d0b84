"""What every step of doctor's read-only walk works with, and how a step says the walk
cannot go on."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.async_api import Page

from .config import RunbookSpec, SiteConfig
from .doctor_fixes import FixFinder
from .doctor_measure import Gauge
from .pages.common import Screen
from .pages.order_pane import OrderPane
from .pages.orders import OrdersPage


class StopWalk(Exception):
    """A step failed in a way the walk cannot get past."""


@dataclass
class Walk:
    """One page of the site, the settings and runbook the run would use on it (the same
    page objects), and the doctor's tools for measuring it and for finding fixes."""

    screen: Screen
    site: SiteConfig
    spec: RunbookSpec
    gauge: Gauge
    fixes: FixFinder
    orders: OrdersPage = field(init=False)
    pane: OrderPane = field(init=False)

    def __post_init__(self) -> None:
        self.orders = OrdersPage(self.screen)
        self.pane = OrderPane(self.screen, self.spec.integration)

    @property
    def page(self) -> Page:
        return self.screen.page
