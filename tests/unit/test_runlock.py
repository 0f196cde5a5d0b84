"""One process a run: a second one resuming the same run while the first works is refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from thiio_runbook.rundir import RunLock, RunLocked, is_running

HOLD = """
import sys, time
from thiio_runbook.rundir import RunLock
with RunLock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_a_run_held_by_another_process_is_refused_until_it_ends(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert is_running(tmp_path)
        with pytest.raises(RunLocked, match="another run-retry"), RunLock(tmp_path):
            pass
    finally:
        holder.kill()  # however it ends, the lock goes with it
        holder.wait(timeout=10)
    assert not is_running(tmp_path)
    with RunLock(tmp_path):
        assert (tmp_path / ".running").is_file()
