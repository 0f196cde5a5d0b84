"""A plain list of order numbers, as people paste them, through the real CLI on standard input
(`printf '10032\n10036\n' | run-retry --batch -`); the sandbox's ledger says what was retried."""

from __future__ import annotations

import io
import sys

import pytest

from .batch_support import ledger_counts

pytestmark = pytest.mark.browser


def stdin(text: str) -> io.StringIO:
    """Standard input as a pipe gives it: text, named as sys.stdin is."""
    stream = io.StringIO(text)
    stream.name = "<stdin>"  # type: ignore[misc]
    return stream


def test_a_plain_list_on_standard_input_retries_each_order_once(
    sandbox, account, run_retry, monkeypatch
) -> None:
    # 10032 and 10036: Failed Ultracart rows whose retry succeeds (the default scenario).
    monkeypatch.setattr(sys, "stdin", stdin("# after the outage\n10032\n\n#10036\n"))

    run = run_retry("--batch", "-", "--yes", "--screenshots", "none")

    assert run.code == 0, run.out + run.err
    assert {o["order"]: o["outcome"] for o in run.orders} == {
        "10032": "succeeded",
        "10036": "succeeded",
    }
    assert ledger_counts(sandbox) == {"10032": 1, "10036": 1}


def test_a_bad_line_in_a_plain_list_is_one_error_and_exit_2(
    sandbox, account, run_retry, workdir, monkeypatch
) -> None:
    monkeypatch.setattr(sys, "stdin", stdin("10032\n10036 10037\n"))

    run = run_retry("--batch", "-", "--yes")

    assert run.code == 2
    lines = run.err.strip().splitlines()
    assert lines[0] == "run-retry: <stdin>: 1 problem, nothing was retried", run.err
    assert lines[1].startswith("  line 2: '10036 10037' is not an order number"), run.err
    assert run.run_dir is None and not (workdir / "screenshots").exists()
    assert sandbox.ledger() == []
