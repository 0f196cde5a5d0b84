"""How an order ends, and how a run's outcomes become an exit code.

Every order a run touches ends in exactly one Outcome. The exit code tells a caller whether a
person must look at something, or whether the automation itself failed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field


class Outcome(str, enum.Enum):
    SUCCEEDED = "succeeded"  # retried; the Ultracart row turned Success
    STILL_FAILED = "still_failed"  # retried; Thiio reports Failed again (error text kept)
    PENDING = "pending"  # retried; still Pending/Processing at the deadline: outcome unknown
    NOT_FAILED = "not_failed"  # the Ultracart row was not Failed: left alone
    NO_ROW = "no_row"  # the order has no row of the runbook's integration (Ultracart)
    HELD = "held"  # failed again for the same persistent reason after our last retry: not clicked
    NOT_FOUND = "not_found"  # the search found no such order
    AMBIGUOUS = "ambiguous"  # a name/email matched several orders; none retried
    DRY_RUN = "dry_run"  # would have been retried; --dry-run stopped before the click
    ERROR = "error"  # the automation failed before any Retry click: safe to run again
    NOT_DONE = "not_done"  # the run ended before this entry was finished: --resume carries on


# Outcomes after which nobody needs to do anything.
SETTLED = frozenset({Outcome.SUCCEEDED, Outcome.NOT_FAILED, Outcome.DRY_RUN})
# Outcomes a person must look at: the site answered, but the order is not done.
NEEDS_ATTENTION = frozenset(
    {
        Outcome.STILL_FAILED,
        Outcome.PENDING,
        Outcome.HELD,
        Outcome.NO_ROW,
        Outcome.NOT_FOUND,
        Outcome.AMBIGUOUS,
        Outcome.NOT_DONE,
    }
)


class ExitCode(enum.IntEnum):
    OK = 0  # every order settled
    ATTENTION = 1  # at least one order needs a person (still failed, pending, not found, ...)
    AUTOMATION_ERROR = 3  # the automation failed on at least one order (takes precedence)
    USAGE = 2  # bad flags, configuration or input: nothing was done
    INTERRUPTED = 130  # stopped by Ctrl-C


def join_notes(first: str | None, second: str | None) -> str | None:
    """Two optional notes as one ("a; b"), or None when neither says anything."""
    parts = [part for part in (first, second) if part]
    return "; ".join(parts) if parts else None


def attempts_text(attempts: int | None) -> str:
    """'1 attempt', '3 attempts'; '' when the count is unknown."""
    if attempts is None:
        return ""
    return f"{attempts} attempt{'' if attempts == 1 else 's'}"


def exit_code_for(outcomes: Iterable[Outcome]) -> ExitCode:
    seen = set(outcomes)
    if Outcome.ERROR in seen:
        return ExitCode.AUTOMATION_ERROR
    if seen & NEEDS_ATTENTION:
        return ExitCode.ATTENTION
    return ExitCode.OK


@dataclass
class StepRecord:
    """One step of the article as it was carried out for one order."""

    name: str  # e.g. "1.4 notifications tab"
    seconds: float
    screenshot: str | None = None  # path relative to the run folder
    detail: str = ""


@dataclass
class OrderResult:
    """What happened to one order; the unit of results.json and report.html."""

    order: str  # the order number, or the search key when no order was identified
    outcome: Outcome
    lookup: str = "order"  # "order", "email" or "customer": how the order was searched for
    query: str = ""  # what was typed into the search bar
    status_before: str | None = None
    status_after: str | None = None
    attempts_before: int | None = None
    attempts_after: int | None = None
    error: str | None = None  # Thiio's error text (still_failed) or the automation's (error)
    advice: str | None = None  # the article's advice for a persistent error
    customer: str | None = None
    matches: list[dict[str, str]] = field(default_factory=list)  # for ambiguous searches
    steps: list[StepRecord] = field(default_factory=list)
    note: str | None = None  # the batch file's note for this entry

    @property
    def screenshots(self) -> list[str]:
        return [step.screenshot for step in self.steps if step.screenshot]

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["outcome"] = self.outcome.value
        data["screenshots"] = self.screenshots
        return data


@dataclass
class RunInfo:
    """What a run was: the header of results.json and report.html."""

    run_id: str
    started_at: str  # ISO 8601, UTC
    target_url: str
    runbook: str  # e.g. "retry-ultracart"
    sandbox: bool = False
    dry_run: bool = False
    finished_at: str | None = None
    tool_version: str = ""
    command: str = ""  # the command line, for the audit trail (never holds a secret)
