"""Evidence of each step: its time, a screenshot NN-<step>.png, and a line on the terminal."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from playwright.async_api import Locator, Page

from .capture import screenshot
from .masking import NO_MASK, Mask
from .outcomes import StepRecord
from .rundir import RunFolder, write_private

# Widths of the step lines' columns: an email address, the longest step name of a runbook.
KEY_WIDTH = 24
NAME_WIDTH = 36

# The article's steps, by name: the tool's vocabulary for what it is doing (steps 1.5 and 2.2
# are named by the runbook: identify_step, action_step).
LOG_IN = "1.1 log in"
ORDERS = "1.2 orders"
LOCATE_ORDER = "1.3 locate order"
NOTIFICATIONS_TAB = "1.4 notifications tab"
OPEN_MENU = "2.1 open menu"
CONFIRM_PROCESSING = "2.3 confirm processing"
PERSISTENT_ERRORS = "2.4 persistent errors"


def identify_step(integration: str) -> str:
    """Step 1.5 in the runbook's words: "1.5 identify failed ultracart" for the article."""
    return f"1.5 identify failed {' '.join(integration.lower().split())}"


def action_step(action: str) -> str:
    """Step 2.2 in the runbook's words: "2.2 retry", "2.2 resend"."""
    return f"2.2 {' '.join(action.lower().split())}"


@dataclass
class StepNote:
    """What a step may say about itself while it runs."""

    detail: str = ""
    mask: list[Locator] = field(default_factory=list)


class StepLog:
    """The steps taken for one order (or one search), with their screenshots."""

    def __init__(
        self,
        folder: RunFolder,
        key: str,
        page: Page,
        echo: Callable[[str], None],
        full_page: bool = False,
        screenshots: str = "all",
        *,
        mask: Mask = NO_MASK,
    ) -> None:
        self.folder = folder
        self.key = key
        self.page = page
        self.echo = echo
        self.full_page = full_page
        self.screenshots = screenshots  # "all" steps, only "failures", or "none"
        self.mask = mask  # --mask: personal data painted over (the worker's)
        self.steps: list[StepRecord] = []
        self.current: str | None = None

    def next_path(self, name: str):
        return self.folder.next_screenshot_path(self.key, name)

    def add(self, record: StepRecord) -> None:
        self.steps.append(record)
        self._say(record)

    def save_screenshot(self, name: str, data: bytes | None) -> str | None:
        if data is None:
            return None
        path = self.next_path(name)
        write_private(path, data)
        return self.folder.relative(path)

    @asynccontextmanager
    async def step(self, name: str) -> AsyncIterator[StepNote]:
        """Time the block, then take its screenshot (also when it failed: that is evidence too)."""
        note = StepNote()
        self.current = name
        started = time.monotonic()
        try:
            yield note
        except BaseException as exc:
            note.detail = note.detail or f"stopped: {type(exc).__name__}: {exc}"[:300]
            raise
        finally:
            seconds = round(time.monotonic() - started, 2)
            shot = await self._screenshot(note.mask) if self.screenshots == "all" else None
            self.add(
                StepRecord(
                    name=name,
                    seconds=seconds,
                    screenshot=self.save_screenshot(name, shot),
                    detail=note.detail,
                )
            )

    async def outcome_evidence(self, name: str = "outcome") -> None:
        """With screenshots of failures only: one picture of how the order ended."""
        if self.screenshots != "failures":
            return
        shot = await self._screenshot([])
        self.add(StepRecord(name=name, seconds=0.0, screenshot=self.save_screenshot(name, shot)))

    async def _screenshot(self, mask: list[Locator]) -> bytes | None:
        try:
            mask = [*mask, *self.mask.locators(self.page)]
            return await screenshot(self.page, self.full_page, mask)
        except Exception:  # a closed or crashed page: the step record stays without a picture
            return None

    def _say(self, record: StepRecord) -> None:
        """One aligned line a step: the order (or the email or name searched for), the step,
        its seconds. Columns are fixed, so the lines of a lookup and of its order line up."""
        key = self.key if len(self.key) <= KEY_WIDTH else self.key[: KEY_WIDTH - 1] + "…"
        detail = f"  {record.detail}" if record.detail else ""
        self.echo(
            f"  {key:<{KEY_WIDTH}}  {record.name:<{NAME_WIDTH}} {record.seconds:6.1f}s{detail}"
        )
