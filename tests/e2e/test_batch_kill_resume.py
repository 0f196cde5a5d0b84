"""The issue's proof of exactly once: a batch killed with SIGKILL at random moments, resumed each
time until it ends, has retried every failed order exactly once (the sandbox's ledger says so)
and its final report accounts for every entry of the input.

run-retry runs as a real subprocess (the venv's console script) in its own process group, so the
kill takes its Chromium down too; the sandbox lives in this test process and outlives each kill.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from thiio_runbook.journal import (
    DONE,
    INTENDED,
    Journal,
    JournalError,
    find_latest_run,
    journal_path,
)

from .batch_support import journal_entries, ledger_counts, write_batch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SUCCEEDS = [
    "12345", "10001", "10002", "10003", "10017", "10018", "10025", "10026", "10032", "10036"
]  # fmt: skip
FAILS_AGAIN = ["10004", "10005"]  # persistent UltraCart errors: still_failed after one retry
RATE_LIMITED = ["10008", "10009"]  # a 429 on the first retry, success on the second
KILLS = 4
KILL_AFTER_SECONDS = (0.0, 4.0)  # after a new Retry intent appears in the journal
FINISHING_ROUNDS = 3
ROUND_TIMEOUT_SECONDS = 300
RUN_RETRY = Path(sys.executable).parent / "run-retry"


@pytest.mark.parametrize("rounds", [0, 1], ids=["once", "again-transient"])
def test_batch_killed_at_random_moments_and_resumed_retries_each_order_exactly_once(
    rounds: int, sandbox, workdir: Path, tmp_path: Path
) -> None:
    """With --again-transient, the rate-limited orders get one more round, whose click has an
    intent of its own: the ledger shows each round's click exactly once."""
    orders = SUCCEEDS[:5] + FAILS_AGAIN + SUCCEEDS[5:] + (RATE_LIMITED if rounds else [])
    write_batch(workdir, "orders.yaml", [f"- {n}" for n in orders])
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("THIIO_")},
        "THIIO_URL": sandbox.url,
        "THIIO_EMAIL": "demo@thiio.test",
        "THIIO_PASSWORD": "demo-password",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    shots = workdir / "screenshots"
    log = tmp_path / "run-retry.log"
    common = ["--yes", "--concurrency", "2", "--screenshots", "none"]
    if rounds:
        common += ["--again-transient", str(rounds), "--transient-wait", "1"]
    rng = random.Random(20261126)

    def start() -> subprocess.Popen:
        # Before the journal exists there is nothing to resume: start the batch (again).
        how = ["--resume"] if find_latest_run(shots) else ["--batch", "orders.yaml"]
        with log.open("a") as out:
            out.write(f"\n=== run-retry {' '.join(how + common)}\n")
            return subprocess.Popen(
                [str(RUN_RETRY), *how, *common],
                cwd=workdir,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the kill reaches Chromium
            )

    def kill(proc: subprocess.Popen) -> None:
        with contextlib.suppress(ProcessLookupError):  # the group may be gone already
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def clicks_begun() -> int:
        """Orders whose Retry is intended or done, by the journal (0 before it exists)."""
        run_dir = find_latest_run(shots)
        if run_dir is None:
            return 0
        try:
            records = journal_entries(run_dir)
        except (JournalError, sqlite3.Error):
            return 0  # killed while the journal was being created
        return sum(t.state in (INTENDED, DONE) for r in records for t in r.targets)

    def wait_for_a_new_click(proc: subprocess.Popen, before: int) -> None:
        """Until the run intends a Retry it had not before (or ends); bounded."""
        deadline = time.monotonic() + ROUND_TIMEOUT_SECONDS
        while proc.poll() is None and clicks_begun() <= before:
            if time.monotonic() > deadline:
                pytest.fail("run-retry made no progress")
            time.sleep(0.1)  # polling the journal, bounded by the deadline

    codes: list[int] = []
    proc: subprocess.Popen | None = None
    try:
        for _ in range(KILLS):
            proc = start()
            # Kill at a random moment of the work itself (start-up under load takes a while):
            # right after a new intent, or a little later while orders are in flight.
            wait_for_a_new_click(proc, clicks_begun())
            try:
                codes.append(proc.wait(timeout=rng.uniform(*KILL_AFTER_SECONDS)))
                break  # it finished before its kill came
            except subprocess.TimeoutExpired:
                kill(proc)
                codes.append(-9)
        for _ in range(FINISHING_ROUNDS):
            if codes[-1] in (0, 1):
                break
            proc = start()
            try:
                codes.append(proc.wait(timeout=ROUND_TIMEOUT_SECONDS))
            except subprocess.TimeoutExpired:
                kill(proc)
                pytest.fail(f"run-retry did not finish in {ROUND_TIMEOUT_SECONDS}s")
    finally:
        if proc is not None and proc.poll() is None:
            kill(proc)
    output = log.read_text()

    assert codes[-1] == 1, (codes, output)  # 10004 and 10005 need a person
    assert codes.count(-9) >= 1, (codes, output)
    run_dir = find_latest_run(shots)
    results = json.loads((run_dir / "results.json").read_text())
    outcomes = {o["order"]: o["outcome"] for o in results["orders"]}
    # The sandbox's book: every failed order retried exactly once, nothing else; a
    # rate-limited order once more for each extra round the journal recorded (a kill between
    # its 429 and the round's booking leaves it still_failed after one click: never blind).
    with Journal.open(journal_path(run_dir)) as journal:
        extra = {
            n: journal.rounds(next(r.id for r in journal.entries() if r.entry.value == n), n)[0]
            for n in orders
        }
    assert ledger_counts(sandbox) == {n: 1 + extra[n] for n in orders}, (codes, output)
    assert {n for n in orders if extra[n]} <= set(RATE_LIMITED)
    # The final report (the run that was resumed) accounts for every entry.
    expected = {n: "succeeded" for n in orders} | {n: "still_failed" for n in FAILS_AGAIN}
    for n in RATE_LIMITED if rounds else []:
        expected[n] = "succeeded" if extra[n] else "still_failed"
    assert outcomes == expected, output
    assert len(results["orders"]) == len(orders)
    records = journal_entries(run_dir)
    assert [r.entry.value for r in records] == orders
    assert {r.state for r in records} == {DONE}
