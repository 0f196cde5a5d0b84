"""The runbook's before_retry_click hook: called with what was read, right before the one
click; when it fails, nothing is clicked."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import pytest

from thiio_runbook import cli
from thiio_runbook.outcomes import Outcome

pytestmark = pytest.mark.browser


def settings_for(workdir: Path, *argv: str) -> cli.RunSettings:
    args: argparse.Namespace = cli.build_parser().parse_args(list(argv))
    return cli.settings_from(args, workdir, list(argv))


def test_hook_sees_status_and_attempts_before_the_click(sandbox, account, workdir) -> None:
    calls: list[tuple[str, str, int | None, int]] = []

    async def hook(order: str, status: str, attempts: int | None) -> None:
        calls.append((order, status, attempts, len(sandbox.ledger())))

    _info, results, _run_dir = asyncio.run(
        cli.run(
            settings_for(workdir, "--order", "12345"), before_retry_click=hook, echo=lambda s: None
        )
    )
    assert calls == [("12345", "Failed", 1, 0)]  # called once, before anything was retried
    assert [r.outcome for r in results] == [Outcome.SUCCEEDED]
    assert len(sandbox.ledger()) == 1


def test_a_failing_hook_means_no_click(sandbox, account, workdir) -> None:
    async def hook(order: str, status: str, attempts: int | None) -> None:
        raise OSError("disk full")

    _info, results, _run_dir = asyncio.run(
        cli.run(
            settings_for(workdir, "--order", "12345"), before_retry_click=hook, echo=lambda s: None
        )
    )
    (result,) = results
    assert result.outcome is Outcome.ERROR
    assert "disk full" in result.error and "nothing was clicked" in result.error
    assert sandbox.ledger() == []
