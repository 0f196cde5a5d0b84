"""The journal records the intent before the one click; without it, nothing is clicked."""

from __future__ import annotations

import json

import pytest

from thiio_runbook import journal as journal_module

pytestmark = pytest.mark.browser


def test_intent_is_recorded_before_the_click(sandbox, account, run_retry, monkeypatch) -> None:
    calls: list[tuple[str, str | None, int | None, int]] = []
    record = journal_module.Journal.mark_intended

    def spy(self, entry_id, order, status, attempts):
        calls.append((order, status, attempts, len(sandbox.ledger())))
        return record(self, entry_id, order, status, attempts)

    monkeypatch.setattr(journal_module.Journal, "mark_intended", spy)
    run = run_retry("--order", "12345")
    assert run.code == 0, run.out + run.err
    assert calls == [("12345", "Failed", 1, 0)]  # once, before anything was retried
    assert run.order("12345")["outcome"] == "succeeded"
    assert len(sandbox.ledger()) == 1


def test_no_click_when_the_intent_cannot_be_recorded(
    sandbox, account, run_retry, monkeypatch
) -> None:
    def disk_full(self, entry_id, order, status, attempts):
        raise OSError("disk full")

    monkeypatch.setattr(journal_module.Journal, "mark_intended", disk_full)
    run = run_retry("--order", "12345")
    assert run.code == 3
    (order,) = run.orders
    assert order["outcome"] == "error"
    assert "disk full" in order["error"] and "nothing was clicked" in order["error"]
    assert sandbox.ledger() == []
    assert json.loads((run.run_dir / "results.json").read_text())["counts"]["error"] == 1
