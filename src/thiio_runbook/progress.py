"""How a batch shows its progress: a live bar on a terminal, plain lines elsewhere.

rich draws the bar (counts per outcome, ETA) because redrawing a line correctly across
terminal widths, resizes and interleaved log lines is not worth hand-writing. The line is laid
out for the terminal's width each time it is drawn: the count (12/40) and the ETA always show;
when the line is too long the bar shrinks first, then the per-outcome counts are abbreviated,
the bar goes, the elapsed time goes, and last the counts are cut short.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.markup import escape
from rich.measure import Measurement
from rich.progress import (
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress_bar import ProgressBar
from rich.table import Column, Table
from rich.text import Text

from thiio_runbook.outcomes import OrderResult, Outcome

# The plan's read-only check counts the orders it would retry under this label, not "dry_run".
PLANNED = "to retry"

# Short names for the per-outcome counts when the full ones do not fit the line; an outcome
# missing here is shown by its first four letters.
SHORT_NAMES: dict[str, str] = {
    PLANNED: "retry",
    "succeeded": "ok",
    "still_failed": "fail",
    "pending": "pend",
    "not_failed": "skip",
    "no_row": "norow",
    "not_found": "missing",
    "ambiguous": "amb",
    "dry_run": "dry",
    "error": "err",
    "not_done": "undone",
}

MAX_BAR_WIDTH = 40
MIN_BAR_WIDTH = 10


def _count_keys(counts: Counter[str]) -> Iterator[str]:
    """The keys of `counts` in a stable order: planned first, then as Outcome lists them."""
    known = [PLANNED, *(o.value for o in Outcome)]
    yield from (key for key in known if counts[key])
    yield from sorted(key for key in counts if key not in known and counts[key])


def outcome_counts_text(counts: Counter[str], *, short: bool = False) -> str:
    """ "3 to retry, 1 not_failed"; short: "3 retry 1 skip" (for a narrow line)."""
    if short:
        return " ".join(
            f"{counts[key]} {SHORT_NAMES.get(key, key[:4])}" for key in _count_keys(counts)
        )
    return ", ".join(f"{counts[key]} {key}" for key in _count_keys(counts))


def outcome_label(result: OrderResult, *, planning: bool = False) -> str:
    """What an order's outcome is called in the progress: "to retry" in the plan's check."""
    if planning and result.outcome is Outcome.DRY_RUN:
        return PLANNED
    return result.outcome.value


def order_line(result: OrderResult, *, planning: bool = False) -> str:
    seconds = sum(step.seconds for step in result.steps)
    line = f"{result.order}: {outcome_label(result, planning=planning)} ({seconds:.1f}s)"
    if result.error:
        line += f": {result.error}"
    return line


@dataclass(frozen=True)
class LineLayout:
    """What one progress line shows at a given width (None/0: left out)."""

    description: str | None
    bar_width: int  # 0: no bar
    count: str  # "12/40", always shown
    counts: str  # per-outcome counts, possibly abbreviated or cut ("…")
    elapsed: str | None
    eta: str  # "ETA 0:01:10", always shown

    def parts(self) -> list[str]:
        """The texts of the line in order, the bar as a placeholder of its width."""
        texts = [
            self.description,
            "━" * self.bar_width if self.bar_width else None,
            self.count,
            self.counts or None,
            self.elapsed,
            self.eta,
        ]
        return [text for text in texts if text]


def _line_width(texts: list[str | None]) -> int:
    shown = [text for text in texts if text]
    return sum(Text(text).cell_len for text in shown) + max(0, len(shown) - 1)


def fit_line(
    width: int,
    description: str,
    done: int,
    total: int,
    counts: Counter[str],
    elapsed: str,
    remaining: str,
) -> LineLayout:
    """The most informative line that fits `width` columns; the count and the ETA always."""
    count, eta = f"{done}/{total}", f"ETA {remaining}"
    full, short = outcome_counts_text(counts), outcome_counts_text(counts, short=True)
    # With the bar: as wide as there is room for (up to 40), full counts, else abbreviated.
    for text in (full, short):
        spare = width - _line_width([description, count, text, elapsed, eta]) - 1
        if spare >= MIN_BAR_WIDTH:
            return LineLayout(description, min(spare, MAX_BAR_WIDTH), count, text, elapsed, eta)
    # Without the bar, then without the elapsed time.
    for shown_elapsed in (elapsed, None):
        if _line_width([description, count, short, shown_elapsed, eta]) <= width:
            return LineLayout(description, 0, count, short, shown_elapsed, eta)
    # The counts cut to what is left; on a very narrow line the description goes too.
    for shown_description in (description, None):
        room = width - _line_width([shown_description, count, eta]) - 1
        if room >= 2 or shown_description is None:
            cut = Text(short if room >= 1 else "")
            cut.truncate(max(room, 1), overflow="ellipsis")
            return LineLayout(shown_description, 0, count, cut.plain, None, eta)
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class StatusLine:
    """One task's progress line, laid out when drawn, for the width it is drawn at."""

    description: str
    done: int
    total: int
    counts: Counter[str]
    elapsed: Text
    remaining: Text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        layout = fit_line(
            options.max_width,
            self.description,
            self.done,
            self.total,
            self.counts,
            self.elapsed.plain,
            self.remaining.plain,
        )
        grid = Table.grid(padding=(0, 1))
        cells: list[RenderableType] = []
        if layout.description:
            cells.append(Text(layout.description))
        if layout.bar_width:
            cells.append(ProgressBar(self.total, self.done, width=layout.bar_width))
        cells.append(Text(layout.count, style="progress.download"))
        if layout.counts:
            cells.append(Text(layout.counts))
        if layout.elapsed:
            cells.append(Text(layout.elapsed, style="progress.elapsed"))
        cells.append(Text.assemble("ETA ", (self.remaining.plain, "progress.remaining")))
        for _ in cells:
            grid.add_column(no_wrap=True)
        grid.add_row(*cells)
        yield grid


class StatusColumn(ProgressColumn):
    """The whole line as one column, so it can be laid out for the width as a whole."""

    def __init__(self) -> None:
        super().__init__(table_column=Column(no_wrap=True))
        self._elapsed = TimeElapsedColumn()
        self._remaining = TimeRemainingColumn()

    def render(self, task: Task) -> StatusLine:
        counts = task.fields.get("counts")
        return StatusLine(
            task.description,
            int(task.completed),
            int(task.total or 0),
            counts if isinstance(counts, Counter) else Counter(),
            self._elapsed.render(task),
            self._remaining.render(task),
        )


@dataclass
class BatchProgress:
    """Counts finished orders by outcome; shows a bar when `stream` is a terminal."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    live: bool | None = None  # None: decide from the stream
    say: Callable[[str], None] | None = None  # where messages go instead of the stream
    console: Console | None = None  # where the live bar is drawn; None: a console on `stream`
    clock: Callable[[], float] = time.monotonic  # the bar's time (elapsed, ETA)
    counts: Counter[str] = field(default_factory=Counter)
    _console: Console | None = field(default=None, init=False)
    _progress: Progress | None = field(default=None, init=False)
    _task: TaskID | None = field(default=None, init=False)
    _done: int = field(default=0, init=False)
    _total: int = field(default=0, init=False)
    _phase: str = field(default="", init=False)
    _planning: bool = field(default=False, init=False)

    def start(self, phase: str, total: int, *, planning: bool = False) -> None:
        """planning: the plan's read-only check; orders it would retry count as "to retry"."""
        self.close()
        self.counts = Counter()
        self._done, self._total, self._phase, self._planning = 0, total, phase, planning
        live = self.stream.isatty() if self.live is None else self.live
        if not live:
            self._console = None
            print(f"{phase}: {total} order(s)", file=self.stream, flush=True)
            return
        self._console = self.console or Console(file=self.stream, highlight=False)
        self._progress = Progress(StatusColumn(), console=self._console, get_time=self.clock)
        self._progress.start()
        self._task = self._progress.add_task(phase, total=total, counts=Counter())

    def order_done(self, result: OrderResult) -> None:
        self._done += 1
        self.counts[outcome_label(result, planning=self._planning)] += 1
        line = order_line(result, planning=self._planning)
        if self._progress is not None and self._task is not None and self._console is not None:
            # Site text goes through escape(): a customer name must not become rich markup.
            self._console.print(escape(line), markup=True)
            self._progress.update(self._task, advance=1, counts=Counter(self.counts))
        else:
            width = len(str(self._total))
            print(f"[{self._done:>{width}}/{self._total}] {line}", file=self.stream, flush=True)

    def message(self, text: str) -> None:
        if self.say is not None:
            self.say(text)
        elif self._console is not None:
            self._console.print(escape(text))
        else:
            print(text, file=self.stream, flush=True)

    def bar(self) -> RenderableType | None:
        """The live bar as it would be drawn now (None when there is none)."""
        return self._progress.get_renderable() if self._progress is not None else None

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
            self._task = None
