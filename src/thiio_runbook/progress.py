"""How a batch shows its progress: a live bar on a terminal, plain lines elsewhere.

rich draws the bar (counts per outcome, ETA) because redrawing a line correctly across
terminal widths, resizes and interleaved log lines is not worth hand-writing.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from thiio_runbook.outcomes import OrderResult, Outcome


def outcome_counts_text(counts: Counter[str]) -> str:
    return ", ".join(f"{counts[o.value]} {o.value}" for o in Outcome if counts[o.value])


def order_line(result: OrderResult) -> str:
    seconds = sum(step.seconds for step in result.steps)
    line = f"{result.order}: {result.outcome.value} ({seconds:.1f}s)"
    if result.error:
        line += f": {result.error}"
    return line


@dataclass
class BatchProgress:
    """Counts finished orders by outcome; shows a bar when `stream` is a terminal."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    live: bool | None = None  # None: decide from the stream
    say: Callable[[str], None] | None = None  # where messages go instead of the stream
    counts: Counter[str] = field(default_factory=Counter)
    _console: Console | None = field(default=None, init=False)
    _progress: Progress | None = field(default=None, init=False)
    _task: TaskID | None = field(default=None, init=False)
    _done: int = field(default=0, init=False)
    _total: int = field(default=0, init=False)
    _phase: str = field(default="", init=False)

    def start(self, phase: str, total: int) -> None:
        self.close()
        self.counts = Counter()
        self._done, self._total, self._phase = 0, total, phase
        live = self.stream.isatty() if self.live is None else self.live
        if not live:
            self._console = None
            print(f"{phase}: {total} order(s)", file=self.stream, flush=True)
            return
        self._console = Console(file=self.stream, highlight=False)
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self._console,
        )
        self._progress.start()
        self._task = self._progress.add_task(phase, total=total, counts="")

    def order_done(self, result: OrderResult) -> None:
        self._done += 1
        self.counts[result.outcome.value] += 1
        line = order_line(result)
        if self._progress is not None and self._task is not None and self._console is not None:
            # Site text goes through escape(): a customer name must not become rich markup.
            self._console.print(escape(line), markup=True)
            self._progress.update(self._task, advance=1, counts=outcome_counts_text(self.counts))
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

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
            self._task = None
