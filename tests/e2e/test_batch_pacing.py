"""--max-per-minute spaces the Retry clicks of all pages together."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest

from .batch_support import write_batch

pytestmark = pytest.mark.browser


def test_clicks_are_spaced_across_pages(sandbox, account, run_retry, workdir) -> None:
    batch = write_batch(workdir, "orders.yaml", ["- 12345", "- 10001", "- 10003"])
    run = run_retry("--batch", str(batch), "--yes", "--concurrency", "3", "--max-per-minute", "30")
    assert run.code == 0, run.out + run.err
    ledger = sandbox.ledger()
    assert sorted(row["order"] for row in ledger) == ["10001", "10003", "12345"]
    moments = sorted(datetime.fromisoformat(row["at"].replace("Z", "+00:00")) for row in ledger)
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(moments)]
    # 30 a minute: clicks at least 2 s apart, whichever page they come from (the ledger keeps
    # whole seconds, so a gap can read up to 1 s shorter).
    assert all(gap >= 1 for gap in gaps), gaps
    assert (moments[-1] - moments[0]).total_seconds() >= 3
