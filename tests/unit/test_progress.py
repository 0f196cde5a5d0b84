from __future__ import annotations

import io

from thiio_runbook.outcomes import OrderResult, Outcome, StepRecord
from thiio_runbook.progress import BatchProgress


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
