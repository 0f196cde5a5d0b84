from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from rich.console import Console

from thiio_runbook.outcomes import OrderResult, Outcome, StepRecord
from thiio_runbook.progress import SHORT_NAMES, BatchProgress, fit_line, outcome_counts_text


def test_plain_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    progress = BatchProgress(stream=out)
    progress.start("retrying", 12)
    progress.order_done(OrderResult("12345", Outcome.SUCCEEDED, steps=[StepRecord("1.1", 1.25)]))
    progress.order_done(OrderResult("10002", Outcome.STILL_FAILED, error="410: disabled"))
    progress.close()
    lines = out.getvalue().splitlines()
    assert lines == [
        "retrying: 12 order(s)",
        "[ 1/12] 12345: succeeded (1.2s)",
        "[ 2/12] 10002: still_failed (0.0s): 410: disabled",
    ]
    assert progress.counts == {"succeeded": 1, "still_failed": 1}


def test_live_bar_prints_site_text_literally() -> None:
    out = io.StringIO()
    progress = BatchProgress(stream=out, live=True)
    progress.start("retrying", 1)
    progress.order_done(OrderResult("1", Outcome.STILL_FAILED, error="[bold red]x[/] <script>"))
    progress.close()
    assert "[bold red]x[/] <script>" in out.getvalue()


# --- the live bar at 80 columns --------------------------------------------------------------

ETA_RE = re.compile(r"ETA \d+:\d\d:\d\d")


class Clock:
    """The bar's time, moved by hand: one second per finished order."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def live_bar(
    phase: str, total: int, outcomes: list[Outcome], *, planning: bool = False, width: int = 80
) -> tuple[BatchProgress, str]:
    """A live BatchProgress fed `outcomes`, and its bar as drawn at `width` columns."""
    clock = Clock()
    progress = BatchProgress(
        stream=io.StringIO(),
        live=True,
        console=Console(file=io.StringIO(), width=width),
        clock=clock,
    )
    progress.start(phase, total, planning=planning)
    for number, outcome in enumerate(outcomes):
        clock.now += 1.0
        progress.order_done(OrderResult(str(10000 + number), outcome))
    screen = Console(width=width, record=True, file=io.StringIO())
    screen.print(progress.bar())
    progress.close()
    lines = screen.export_text().splitlines()
    assert len(lines) == 1, lines  # one line, never wrapped
    assert len(lines[0].rstrip()) <= width
    return progress, lines[0]


MIXED = (
    [Outcome.SUCCEEDED] * 30
    + [Outcome.STILL_FAILED] * 3
    + [Outcome.NOT_FAILED, Outcome.NOT_FOUND, Outcome.AMBIGUOUS, Outcome.PENDING, Outcome.ERROR]
)


@pytest.mark.parametrize("kinds", [1, 2, 3, 5, 7])
def test_at_80_columns_the_count_and_eta_always_show(kinds: int) -> None:
    outcomes = [o for o in MIXED if o in list(dict.fromkeys(MIXED))[:kinds]]
    _, line = live_bar("checking (read-only)", 400, outcomes)
    assert f" {len(outcomes)}/400 " in line
    assert ETA_RE.search(line), line
    # The counts are there in some form: at least the first outcome's number.
    assert " 30 " in line


def test_with_three_outcome_kinds_the_bar_shrinks_and_counts_abbreviate_before_it_goes() -> None:
    outcomes = [Outcome.SUCCEEDED] * 30 + [Outcome.STILL_FAILED] * 3 + [Outcome.NOT_FAILED]
    _, line = live_bar("retrying", 120, outcomes)
    assert "━" in line  # the bar is still there
    assert "34/120" in line
    assert "30 ok 3 fail 1 skip" in line
    assert "0:00:34" in line  # elapsed: one second an order
    assert "ETA 0:01:26" in line  # 86 orders left at one a second


def test_a_wide_terminal_shows_full_counts_and_a_bar() -> None:
    outcomes = [Outcome.SUCCEEDED] * 3 + [Outcome.STILL_FAILED]
    _, line = live_bar("retrying", 10, outcomes, width=120)
    assert "3 succeeded, 1 still_failed" in line
    assert "━" in line and "4/10" in line and "ETA 0:00:06" in line


def test_a_very_narrow_terminal_keeps_the_count_and_eta_and_cuts_the_rest() -> None:
    _, line = live_bar("checking (read-only)", 400, MIXED, width=30)
    assert "38/400" in line and ETA_RE.search(line)
    assert "checking" not in line


def test_the_plan_check_counts_orders_it_would_retry_as_to_retry_not_dry_run() -> None:
    outcomes = [Outcome.DRY_RUN] * 4 + [Outcome.NOT_FAILED]
    progress, line = live_bar("checking (read-only)", 5, outcomes, planning=True)
    assert progress.counts == {"to retry": 4, "not_failed": 1}
    assert "dry_run" not in line and "dry" not in line
    assert "4 to retry, 1 not_failed" in line


def test_a_dry_run_batchs_own_phase_still_says_dry_run() -> None:
    progress, _ = live_bar("retrying", 2, [Outcome.DRY_RUN, Outcome.DRY_RUN])
    assert progress.counts == {"dry_run": 2}


def test_plain_lines_of_the_plan_check_say_to_retry() -> None:
    out = io.StringIO()
    progress = BatchProgress(stream=out)
    progress.start("checking (read-only)", 2, planning=True)
    progress.order_done(OrderResult("10032", Outcome.DRY_RUN))
    progress.order_done(OrderResult("10010", Outcome.NOT_FAILED))
    progress.close()
    assert out.getvalue().splitlines()[1:] == [
        "[1/2] 10032: to retry (0.0s)",
        "[2/2] 10010: not_failed (0.0s)",
    ]


@pytest.mark.parametrize("width", [20, 40, 60, 80, 100, 160])
def test_fit_line_never_exceeds_the_width_and_keeps_count_and_eta(width: int) -> None:
    counts = Counter({o.value: 11 for o in Outcome})
    layout = fit_line(width, "checking (read-only)", 123, 4567, counts, "1:02:03", "0:40:00")
    shown = " ".join(layout.parts())
    assert len(shown) <= max(width, len("123/4567 ETA 0:40:00"))
    assert "123/4567" in shown and "ETA 0:40:00" in shown


def test_every_outcome_has_a_short_distinct_name() -> None:
    counts = Counter({o.value: 1 for o in Outcome})
    short = outcome_counts_text(counts, short=True).split(" ")[1::2]
    assert len(short) == len(Outcome)
    assert all(len(name) <= 7 for name in short), short
    assert len(set(short)) == len(short), short
    assert len(" ".join(short)) < len(outcome_counts_text(counts))
    assert SHORT_NAMES["to retry"] == "retry"
