"""The batch journal: nothing committed is lost, no order is ever retried twice, and a
resumed run knows exactly which entries to skip, re-read or try again."""

from __future__ import annotations

import os
import selectors
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from thiio_runbook.batchfile import BatchEntry
from thiio_runbook.journal import (
    DONE,
    INTENDED,
    JOURNAL_NAME,
    PLANNED,
    PRECHECKED,
    Journal,
    JournalError,
    RetryAlreadyIntended,
    find_latest_run,
    journal_path,
)
from thiio_runbook.outcomes import OrderResult, Outcome, RunInfo, StepRecord


def order_entry(number: str, line: int = 1, note: str | None = None) -> BatchEntry:
    return BatchEntry(f"order:{number}", "order", number, note, line)


def run_info(run_id: str = "20261126-041500", started_at: str = "2026-11-26T04:15:00Z") -> RunInfo:
    return RunInfo(
        run_id=run_id,
        started_at=started_at,
        target_url="http://127.0.0.1:8000",
        runbook="retry-ultracart",
        sandbox=True,
        command="run-retry --sandbox --batch orders.yaml",
    )


def succeeded(order: str, lookup: str = "order") -> OrderResult:
    return OrderResult(
        order=order,
        outcome=Outcome.SUCCEEDED,
        lookup=lookup,
        query=order,
        status_before="Failed",
        status_after="Success",
        attempts_before=1,
        attempts_after=2,
        steps=[StepRecord("2.2 retry", 0.4, f"{order}/07-retry.png")],
    )


@pytest.fixture
def entries() -> list[BatchEntry]:
    return [
        order_entry("12345", 1, "the article's example"),
        order_entry("10001", 2),
        BatchEntry("email:linda@example.com", "email", "linda@example.com", None, 3),
        order_entry("99999", 4),
    ]


@pytest.fixture
def journal(tmp_path, entries):
    with Journal.create(journal_path(tmp_path / "run"), run_info(), entries) as created:
        yield created


def test_a_new_journal_plans_every_entry_and_is_readable_by_the_user_only(tmp_path, entries):
    path = tmp_path / "run" / JOURNAL_NAME
    with Journal.create(path, run_info(), entries) as journal:
        records = journal.entries()
        assert [r.entry for r in records] == entries
        assert {r.state for r in records} == {PLANNED}
        # Nothing done yet, and every entry accounted for.
        assert [(r.order, r.outcome) for r in journal.results()] == [
            (e.value, Outcome.NOT_DONE) for e in entries
        ]
        assert journal.run_info() == run_info()
        plan = journal.entries_to_resume()
        assert plan.retry == records and plan.done == [] and plan.reread == []
        journal.mark_intended("order:12345", "12345", "Failed", 1)  # the WAL file now exists
        for file in path.parent.iterdir():
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name


def test_create_refuses_to_overwrite_a_journal(journal, entries):
    with pytest.raises(FileExistsError):
        Journal.create(journal.path, run_info(), entries)


def test_open_refuses_what_is_not_a_journal(tmp_path):
    with pytest.raises(JournalError, match="no journal here"):
        Journal.open(tmp_path / "missing.sqlite3")
    not_a_journal = tmp_path / "notes.sqlite3"
    not_a_journal.write_text("hello, I am not SQLite" * 100)
    with pytest.raises(JournalError, match="not a run-retry journal"):
        Journal.open(not_a_journal)


def test_the_life_of_an_order_and_results_in_input_order(journal):
    assert journal.mark_prechecked("order:10001", "10001", "Failed", 1) == PRECHECKED
    journal.mark_intended("order:10001", "10001", "Failed", 1)
    journal.mark_done("order:10001", succeeded("10001"))
    journal.mark_done(
        "order:99999", OrderResult(order="99999", outcome=Outcome.NOT_FOUND, query="99999")
    )
    journal.mark_prechecked("order:12345", "12345", "Failed", 1)
    journal.mark_intended("order:12345", "12345", "Failed", 1)
    journal.mark_done("order:12345", succeeded("12345"))

    results = journal.results()
    assert [(r.order, r.outcome) for r in results] == [
        ("12345", Outcome.SUCCEEDED),
        ("10001", Outcome.SUCCEEDED),
        ("linda@example.com", Outcome.NOT_DONE),
        ("99999", Outcome.NOT_FOUND),
    ]
    assert results[0] == succeeded("12345")  # steps and all, as recorded
    records = {r.id: r for r in journal.entries()}
    first = records["order:12345"]
    assert first.state == DONE and first.order == "12345"
    assert first.targets[0].status_before == "Failed"
    assert first.targets[0].attempts_before == 1
    assert first.targets[0].intended_at is not None
    assert records["email:linda@example.com"].state == PLANNED


def test_an_intended_retry_is_never_intended_twice(journal):
    journal.mark_intended("order:12345", "12345", "Failed", 1)
    with pytest.raises(RetryAlreadyIntended, match="must be re-read, not clicked again"):
        journal.mark_intended("order:12345", "12345", "Failed", 1)
    # a pre-check of it does not make it clickable again
    assert journal.mark_prechecked("order:12345", "12345", "Failed", 1) == INTENDED
    journal.mark_done("order:12345", succeeded("12345"))
    with pytest.raises(RetryAlreadyIntended):
        journal.mark_intended("order:12345", "12345", "Success", 2)
    assert journal.mark_prechecked("order:12345", "12345", "Success", 2) == DONE


def test_an_automation_error_after_the_click_is_unknown_not_safe_to_retry(journal):
    journal.mark_intended("order:12345", "12345", "Failed", 1)
    recorded = journal.mark_done(
        "order:12345",
        OrderResult(order="12345", outcome=Outcome.ERROR, error="page crashed"),
    )
    assert recorded.outcome is Outcome.PENDING
    assert "page crashed" in (recorded.error or "")
    assert "do not retry it blindly" in (recorded.error or "")
    plan = journal.entries_to_resume()
    assert [r.id for r in plan.reread] == ["order:12345"]
    assert plan.reread[0].reread_targets[0].attempts_before == 1
    with pytest.raises(RetryAlreadyIntended):
        journal.mark_intended("order:12345", "12345", "Failed", 1)


def test_an_automation_error_before_the_click_is_tried_again(journal):
    journal.mark_prechecked("order:10001", "10001", "Failed", 1)
    error = OrderResult(order="10001", outcome=Outcome.ERROR, error="timeout on 1.4")
    assert journal.mark_done("order:10001", error) == error
    record = next(r for r in journal.entries() if r.id == "order:10001")
    assert record.error_count == 1 and record.ended_in_error
    assert "order:10001" in [r.id for r in journal.entries_to_resume().retry]
    # the second attempt goes through the whole life again
    assert journal.mark_prechecked("order:10001", "10001", "Failed", 1) == PRECHECKED
    journal.mark_intended("order:10001", "10001", "Failed", 1)
    journal.mark_done("order:10001", succeeded("10001"))
    record = next(r for r in journal.entries() if r.id == "order:10001")
    assert record.error_count == 1 and record.state == DONE and not record.ended_in_error
    assert [r.order for r in journal.results() if r.outcome is not Outcome.NOT_DONE] == ["10001"]


def test_resume_sorts_entries_into_skip_reread_and_try_again(tmp_path):
    entries = [order_entry(str(n), line=n) for n in range(1, 7)]
    path = journal_path(tmp_path)
    with Journal.create(path, run_info(), entries) as journal:
        journal.mark_prechecked("order:1", "1", "Failed", 1)  # 1: pre-checked only
        journal.mark_prechecked("order:2", "2", "Failed", 1)  # 2: intended, no outcome
        journal.mark_intended("order:2", "2", "Failed", 1)
        journal.mark_prechecked("order:3", "3", "Failed", 1)  # 3: done
        journal.mark_intended("order:3", "3", "Failed", 1)
        journal.mark_done("order:3", succeeded("3"))
        journal.mark_done("order:4", OrderResult(order="4", outcome=Outcome.ERROR))  # 4: error
        journal.mark_done("order:5", OrderResult(order="5", outcome=Outcome.NOT_FAILED))
        # 6: not started
    with Journal.open(path) as reopened:
        plan = reopened.entries_to_resume()
        assert [r.id for r in plan.done] == ["order:3", "order:5"]
        assert [r.id for r in plan.reread] == ["order:2"]
        assert [r.id for r in plan.retry] == ["order:1", "order:4", "order:6"]
        assert len(plan) == len(entries)
        # The report of the interrupted run accounts for every entry.
        reported = {r.order: r for r in reopened.results()}
        assert {n: r.outcome.value for n, r in reported.items()} == {
            "1": "not_done",
            "2": "not_done",
            "3": "succeeded",
            "4": "error",
            "5": "not_failed",
            "6": "not_done",
        }
        assert "never clicks it twice" in (reported["2"].note or "")
        assert reported["2"].attempts_before == 1
        assert "nothing was clicked" in (reported["6"].note or "")


def test_an_entry_leading_to_several_orders_is_done_only_when_complete(journal):
    entry_id = "email:linda@example.com"
    for order in ("10004", "10005"):
        assert journal.mark_prechecked(entry_id, order, "Failed", 1) == PRECHECKED
    journal.mark_intended(entry_id, "10004", "Failed", 1)
    journal.mark_done(entry_id, succeeded("10004", "email"), complete=False)
    record = next(r for r in journal.entries() if r.id == entry_id)
    assert record.state == PRECHECKED  # 10005 is still to do
    assert record not in journal.entries_to_resume().done
    linda = [(r.order, r.outcome) for r in journal.results() if r.order in ("10004", "10005")]
    assert linda == [("10004", Outcome.SUCCEEDED), ("10005", Outcome.NOT_DONE)]
    journal.mark_intended(entry_id, "10005", "Failed", 1)
    journal.mark_done(entry_id, succeeded("10005", "email"))
    record = next(r for r in journal.entries() if r.id == entry_id)
    assert record.state == DONE
    assert [t.order for t in record.targets] == ["10004", "10005"]
    linda = [(r.order, r.outcome) for r in journal.results() if r.order in ("10004", "10005")]
    assert linda == [("10004", Outcome.SUCCEEDED), ("10005", Outcome.SUCCEEDED)]


def test_unknown_entry_is_an_error(journal):
    with pytest.raises(JournalError, match="not in this run's journal"):
        journal.mark_intended("order:424242", "424242", "Failed", 1)
    assert all(not r.targets for r in journal.entries())  # rolled back


def test_update_run_keeps_the_finish_time(journal):
    run = run_info()
    run.finished_at = "2026-11-26T04:20:00Z"
    journal.update_run(run)
    assert Journal.open(journal.path).run_info().finished_at == "2026-11-26T04:20:00Z"


def test_marks_from_many_threads_all_land(tmp_path):
    entries = [order_entry(str(10000 + n), line=n + 1) for n in range(200)]
    errors: list[BaseException] = []
    with Journal.create(journal_path(tmp_path), run_info(), entries) as journal:

        def work(mine: list[BatchEntry]) -> None:
            try:
                for n, entry in enumerate(mine):
                    journal.mark_prechecked(entry.id, entry.value, "Failed", 1)
                    journal.mark_intended(entry.id, entry.value, "Failed", 1)
                    journal.mark_done(entry.id, succeeded(entry.value))
                    if n % 5 == 0:
                        journal.entries_to_resume()  # readers interleave with writers
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(entries[i::8],)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads)
        assert errors == []
        plan = journal.entries_to_resume()
        assert len(plan.done) == len(entries) and not plan.reread and not plan.retry
        assert [r.order for r in journal.results()] == [e.value for e in entries]


# --- durability: a process killed with SIGKILL loses nothing it was told was written ----------

_CHILD = """
import sys
from pathlib import Path
from thiio_runbook.journal import Journal
journal = Journal.open(Path(sys.argv[1]))
for number in sys.argv[2:]:
    journal.mark_prechecked("order:" + number, number, "Failed", 1)
    journal.mark_intended("order:" + number, number, "Failed", 1)
    print(number, flush=True)  # the Retry would be clicked now
sys.stdin.read()  # wait to be killed
"""


def _kill_after_lines(path: Path, numbers: list[str], lines_before_kill: int) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path), *numbers],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    seen: list[str] = []
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(child.stdout, selectors.EVENT_READ)
            while len(seen) < lines_before_kill:
                assert selector.select(timeout=30), "the child did not report in 30 s"
                seen.append(child.stdout.readline().strip())
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:  # pragma: no cover - only when an assertion above failed
            child.kill()
            child.wait(timeout=30)
        child.stdout.close()
        child.stdin.close()
    return seen


def test_an_intent_survives_sigkill_right_after_mark_intended_returns(tmp_path):
    path = journal_path(tmp_path)
    Journal.create(path, run_info(), [order_entry("12345")]).close()
    assert _kill_after_lines(path, ["12345"], 1) == ["12345"]
    with Journal.open(path) as reopened:
        plan = reopened.entries_to_resume()
        assert [r.id for r in plan.reread] == ["order:12345"]
        target = plan.reread[0].targets[0]
        assert target.state == INTENDED and target.attempts_before == 1
        with pytest.raises(RetryAlreadyIntended):
            reopened.mark_intended("order:12345", "12345", "Failed", 1)


def test_every_intent_reported_before_a_kill_mid_stream_is_in_the_journal(tmp_path):
    numbers = [str(20000 + n) for n in range(40)]
    path = journal_path(tmp_path)
    Journal.create(path, run_info(), [order_entry(n, i + 1) for i, n in enumerate(numbers)]).close()
    reported = _kill_after_lines(path, numbers, 17)
    with Journal.open(path) as reopened:
        intended = [r.id for r in reopened.entries_to_resume().reread]
    # everything the child was told is written is there; at most the one in flight besides
    assert intended[: len(reported)] == [f"order:{n}" for n in reported]
    assert len(intended) <= len(reported) + 1


# --- finding the run to resume ---------------------------------------------------------------


def test_find_latest_run_picks_the_run_that_started_last(tmp_path):
    screenshots = tmp_path / "screenshots"
    assert find_latest_run(screenshots) is None
    (screenshots / "single-order-run").mkdir(parents=True)  # no journal: not a batch
    assert find_latest_run(screenshots) is None
    for run_id, started in (
        ("b-run", "2026-11-26T05:00:00Z"),
        ("a-run", "2026-11-26T06:00:00Z"),
        ("c-run", "2026-11-26T04:00:00Z"),
    ):
        Journal.create(
            screenshots / run_id / JOURNAL_NAME, run_info(run_id, started), [order_entry("1")]
        ).close()
    (screenshots / "broken").mkdir()
    (screenshots / "broken" / JOURNAL_NAME).write_text("not sqlite")
    assert find_latest_run(screenshots) == screenshots / "a-run"
