"""The life of one order's Retry click, and the rules that keep it to one.

    new -> checked -> intended -> clicked -> confirmed
                         |           |
                         |           +-> unknown    (the outcome could not be read: pending)
                         |           +-> withdrawn  (re-reading proved it never reached the site)
                         +-> clicked?  (interrupted around the click: re-read before anything)

`intended` is reached only when the before-click hook returned (the batch journal has its
intent on disk): from there on, whether a click happened is never assumed. A click proven not
to have landed (the row still Failed with the attempt count read before it) is withdrawn and
the order starts again from `checked`, at most MAX_WITHDRAWALS times, and only once the row
has kept that reading for a while after the click (a click that landed may take a moment to
show, e.g. a retry queued behind others). Reading the outcome
after a click is safe to repeat (MAX_OUTCOME_READS); clicking again is not. The procedure
(runbook.py) asks this object what to do; the batch journal (journal.py) keeps the same
stages on disk across runs (planned -> prechecked -> intended -> done).
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass

from .pages.order_pane import RowReading

# After the click, reading the outcome is safe to repeat: a failed read is tried this often.
MAX_OUTCOME_READS = 3
# An intended click proven not to have reached the site is withdrawn and made again at most
# this often (each time the row must still show the attempt count read before it).
MAX_WITHDRAWALS = 2


class Stage(enum.Enum):
    NEW = "new"  # nothing read yet
    CHECKED = "checked"  # the row read as the runbook's status (Failed), right before the menu
    INTENDED = "intended"  # the go-ahead is recorded: a click may happen from here on
    CLICKED = "clicked"  # clicked, or may have been (interrupted around it)
    CONFIRMED = "confirmed"  # the row moved after the click: it landed
    WITHDRAWN = "withdrawn"  # re-reading proved the click never reached the site
    UNKNOWN = "unknown"  # clicked, and the outcome could not be read


class Next(enum.Enum):
    """What the procedure does after a step failed."""

    READ_AGAIN = "read again"  # the click is behind us: read the outcome once more
    LOG_IN_AGAIN = "log in again"  # the session ran out: log in, then go on
    GIVE_UP = "give up"  # the order ends: pending if clicked, else error


class ClickOrderError(RuntimeError):
    """A transition the rules do not allow (a bug in the caller, never a site's doing)."""


@dataclass
class ClickLife:
    """One order's click: its stage and what it was read as before."""

    stage: Stage = Stage.NEW
    reading_before: RowReading | None = None
    own_intent: bool = False  # this run's hook recorded the intent (not an earlier run's)
    verify_first: bool = False  # re-read whether the click happened before anything else
    failed_reads: int = 0
    withdrawals: int = 0
    dialog_confirmed: bool = False  # a confirmation dialog was answered (never twice)
    # When the click was made, or may have been (time.monotonic()); None: not in this run.
    clicked_at: float | None = None

    @classmethod
    def resumed(cls, reading_before: RowReading) -> ClickLife:
        """An earlier run meant to click and stopped before recording what happened."""
        return cls(Stage.CLICKED, reading_before, verify_first=True)

    @property
    def may_have_clicked(self) -> bool:
        return self.stage in (Stage.CLICKED, Stage.CONFIRMED, Stage.UNKNOWN)

    @property
    def landed(self) -> bool:
        return self.stage is Stage.CONFIRMED

    def checked(self, reading: RowReading) -> None:
        """Read right before the menu: again after a new login, or after a withdrawal."""
        self._expect(Stage.NEW, Stage.CHECKED, Stage.WITHDRAWN)
        self.stage, self.reading_before = Stage.CHECKED, reading

    def intended(self) -> None:
        """The before-click hook returned: the intent is recorded."""
        self._expect(Stage.CHECKED)
        self.stage, self.own_intent = Stage.INTENDED, True

    def clicked(self, now: float | None = None) -> None:
        self._expect(Stage.INTENDED)
        self.stage = Stage.CLICKED
        self.clicked_at = time.monotonic() if now is None else now

    def maybe_clicked(self, at: float | None = None) -> None:
        """Interrupted around the click, or the click timed out once dispatched: it may have
        landed (about `at`, else now), and whether it did is re-read before anything else."""
        self._expect(Stage.INTENDED, Stage.CLICKED)
        if self.stage is Stage.INTENDED:
            self.stage = Stage.CLICKED
            self.clicked_at = time.monotonic() if at is None else at
        self.verify_first = True

    def seconds_to_settle(self, settle_seconds: float, now: float | None = None) -> float:
        """How much longer a row that still reads as before the click must be watched before
        it proves the click never landed: until `settle_seconds` have passed since the click
        (the whole of it for a click of an earlier run, whose moment is not known here)."""
        if self.clicked_at is None:
            return settle_seconds
        now = time.monotonic() if now is None else now
        return max(0.0, self.clicked_at + settle_seconds - now)

    def moved(self) -> None:
        """The row was seen to move after the click (In progress, or more attempts)."""
        if self.may_have_clicked:
            self.stage = Stage.CONFIRMED

    def proves_not_clicked(self, now: RowReading, retryable_status: str) -> bool:
        """Whether the row read now proves the click never reached the site: still in the
        runbook's status with the very attempt count read before the click (a count that
        could not be read proves nothing)."""
        before = self.reading_before
        return (
            before is not None
            and before.attempts is not None
            and now.status == retryable_status
            and now.attempts == before.attempts
        )

    def verified(self, now: RowReading, retryable_status: str) -> bool:
        """After re-reading a click that may have happened: True when it landed (the row
        moved); False when it provably did not (then withdraw() decides what follows)."""
        self._expect(Stage.CLICKED, Stage.CONFIRMED)
        self.verify_first = False
        if self.proves_not_clicked(now, retryable_status):
            return False
        self.stage = Stage.CONFIRMED
        return True

    def withdraw(self) -> bool:
        """This run's own click proved not to have landed: take it back. True when one more
        click is allowed (the order starts again from checked), False when it is the last."""
        if not self.own_intent:
            raise ClickOrderError("an earlier run's click is withdrawn by the journal, not here")
        self._expect(Stage.CLICKED)
        self.withdrawals += 1
        self.stage, self.own_intent, self.verify_first = Stage.WITHDRAWN, False, False
        return self.withdrawals <= MAX_WITHDRAWALS

    def failed(self, expired: bool) -> Next:
        """A step failed (`expired`: the session ran out). Whether the click happened is not
        known after an interruption around it: it is re-read before anything else."""
        if self.own_intent and not self.landed and (expired or self.stage is Stage.INTENDED):
            self.maybe_clicked()
        if expired:
            return Next.LOG_IN_AGAIN
        if self.may_have_clicked and self.failed_reads < MAX_OUTCOME_READS:
            self.failed_reads += 1
            return Next.READ_AGAIN
        return Next.GIVE_UP

    def gave_up(self) -> None:
        if self.may_have_clicked:
            self.stage = Stage.UNKNOWN

    def _expect(self, *stages: Stage) -> None:
        if self.stage not in stages:
            wanted = " or ".join(s.value for s in stages)
            raise ClickOrderError(f"the click is {self.stage.value}, not {wanted}")
