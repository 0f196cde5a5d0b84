"""Memory across runs: which Failed row is held (not clicked again) and which is not."""

from __future__ import annotations

from pathlib import Path

from thiio_runbook.config import load_runbook
from thiio_runbook.history import History, history_path
from thiio_runbook.outcomes import OrderResult, Outcome
from thiio_runbook.pages.order_pane import RowReading

NOT_MAPPED = "Item [SKU-123] specified in import file does not exist."
RATE = "429: you have exceeded the allowed API call rate limit for your application."


def row(attempts: int | None, error: str | None) -> RowReading:
    return RowReading("failed", "Failed", attempts, error, "")


def history(tmp_path: Path) -> History:
    return History(
        history_path(tmp_path, "https://a.thiio.io", "Me@x.io", "retry"), load_runbook(None)
    )


def retried(order: str, outcome: Outcome, attempts: int | None, error: str | None) -> OrderResult:
    return OrderResult(order=order, outcome=outcome, attempts_after=attempts, error=error)


def test_same_persistent_error_and_attempts_is_held(tmp_path: Path) -> None:
    memory = history(tmp_path)
    assert memory.record([retried("10004", Outcome.STILL_FAILED, 2, NOT_MAPPED)], "run-1") == 1

    reason = memory.hold_reason(
        "10004", row(2, "  item [SKU-123] specified in import file  does not exist.")
    )
    assert reason is not None and "--again" in reason and "run-1" in reason
    assert memory.path.stat().st_mode & 0o777 == 0o600


def test_what_is_not_held(tmp_path: Path) -> None:
    memory = history(tmp_path)
    memory.record(
        [
            retried("10004", Outcome.STILL_FAILED, 2, NOT_MAPPED),
            retried("10008", Outcome.STILL_FAILED, 2, RATE),  # transient: retry again
            retried("12345", Outcome.SUCCEEDED, 2, None),
            retried("10010", Outcome.NOT_FAILED, 1, None),  # not a retry: not remembered
        ],
        "run-1",
    )
    assert memory.hold_reason("10004", row(3, NOT_MAPPED)) is None  # retried since
    assert memory.hold_reason("10004", row(2, "401: invalid credentials supplied")) is None
    assert memory.hold_reason("10008", row(2, RATE)) is None
    assert memory.hold_reason("12345", row(2, "500: any server side error.")) is None
    assert memory.last("10010") is None
    assert memory.hold_reason("99999", row(1, NOT_MAPPED)) is None  # never retried by us
    memory.record([retried("10005", Outcome.STILL_FAILED, 2, None)], "run-2")
    assert memory.hold_reason("10005", row(2, None)) is None  # no error text: no "same reason"


def test_accounts_and_runbooks_keep_their_own_memory(tmp_path: Path) -> None:
    a = history_path(tmp_path, "https://a.thiio.io", "me@x.io", "retry-ultracart")
    assert a == history_path(tmp_path, "https://a.thiio.io", "ME@x.io", "retry-ultracart")
    assert a != history_path(tmp_path, "https://b.thiio.io", "me@x.io", "retry-ultracart")
    assert a != history_path(tmp_path, "https://a.thiio.io", "me@x.io", "resend-webhook")
