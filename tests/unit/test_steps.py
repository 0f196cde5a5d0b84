"""The step lines of one order: fixed columns, whatever the lookup key or the step's name."""

from __future__ import annotations

from thiio_runbook.outcomes import StepRecord
from thiio_runbook.steps import StepLog


def test_step_lines_line_up_for_numbers_emails_and_long_step_names() -> None:
    lines: list[str] = []
    for key, name in [
        ("12345", "1.1 log in"),
        ("maria.garcia@example.com", "1.3 locate order"),
        ("a.very.long.address.of.a.customer@example.com", "1.5 identify failed system webhook"),
    ]:
        StepLog(None, key, None, lines.append)._say(StepRecord(name, 2.5))  # type: ignore[arg-type]

    assert len({line.index("1.") for line in lines}) == 1  # the step names start together
    assert len({line.index("2.5s") for line in lines}) == 1  # and so do the seconds
    assert "a.very.long.address.of.…" in lines[2]  # cut to the column, marked
