"""The fault matrix's table: one row per fault, filled by tests/e2e/test_fault_matrix.py and
printed at the end of the test session by tests/e2e/conftest.py (pytest_terminal_summary)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class MatrixRow:
    fault: str
    orders: int
    double_retries: int
    lost_orders: int
    outcomes_right: int
    seconds: float
    exit_code: int

    def cells(self) -> list[str]:
        return [
            self.fault,
            str(self.orders),
            str(self.double_retries),
            str(self.lost_orders),
            f"{self.outcomes_right}/{self.orders}",
            f"{self.seconds:.0f}",
            str(self.exit_code),
        ]


HEADERS = ["fault", "orders", "double retries", "lost orders", "outcomes right", "seconds", "exit"]
ROWS: list[MatrixRow] = []


def table(rows: list[MatrixRow]) -> list[str]:
    """A Markdown table (it reads as well in a terminal as in a Markdown file)."""
    cells = [HEADERS, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADERS))]

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    return [line(HEADERS), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [
        line(row.cells()) for row in rows
    ]
