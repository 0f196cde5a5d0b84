"""The secret scan: a planted password and TOTP secret, then a single run, a batch with traces and
sessions expiring mid-order (logins inside traced orders), a failing run whose traces are kept,
and a batch killed and resumed; every file written (run folders, traces unzipped, journals,
reports, the saved storage state) and everything printed is searched: zero hits."""

from __future__ import annotations

import dataclasses
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from thiio_sandbox.scenarios import UserSpec, generate_scenario
from thiio_sandbox.server import start_sandbox

pytestmark = pytest.mark.browser

PASSWORD = "Pl4nted-Pw-9c2e71d0"
TOTP = "KRSXG5CTMVRXEZLUKN2XAZLSONSWG4TFOQ2DQMZQ"  # 200 bits, planted for this test only
CONFIG = (
    "timeouts: {element_seconds: 8, search_seconds: 8, retry_outcome_seconds: 8, "
    "reread_after_seconds: 2}\n"
)


def every_blob(root: Path) -> list[tuple[str, bytes]]:
    """Each file under root, and each member of each zip (traces) as its own blob."""
    blobs = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        blobs.append((str(path), data))
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                blobs += [(f"{path}!{name}", archive.read(name)) for name in archive.namelist()]
    return blobs


def test_no_secret_in_any_file_or_output(tmp_path: Path) -> None:
    scenario = generate_scenario(12, retry_delay=0.3)
    scenario = dataclasses.replace(
        scenario,
        users=(*scenario.users, UserSpec("ops@thiio.test", PASSWORD, "Ops", TOTP)),
    )
    sandbox = start_sandbox(db_path=tmp_path / "sandbox.sqlite3", scenario=scenario)
    work = tmp_path / "work"
    work.mkdir()
    (work / "playwright.config.yaml").write_text(CONFIG)
    (work / "broken.yaml").write_text("action: Reprocess\n")  # every order ends in an error
    (work / "first.csv").write_text("order\n200002\n200003\n200004\n200005\n")
    (work / "still-failed.csv").write_text("order\n200006\n200007\n")  # retried only later
    (work / "second.csv").write_text("order\n" + "\n".join(str(200006 + i) for i in range(7)))
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIIO_")}
    env.update(
        THIIO_URL=sandbox.url,
        THIIO_EMAIL="ops@thiio.test",
        THIIO_PASSWORD=PASSWORD,
        THIIO_TOTP_SECRET=TOTP,
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    printed = work / "terminal.txt"

    def tool(*args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "thiio_runbook.cli", *args],
            cwd=work,
            env=env,
            stdout=printed.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    try:
        assert tool("--order", "200001", "--fresh-login").wait(timeout=120) == 0
        sandbox.set_faults(session_ttl_seconds=10)  # logins in the middle of traced orders
        batch = tool("--batch", "first.csv", "--yes", "--trace", "on", "--concurrency", "2")
        assert batch.wait(timeout=180) in (0, 1, 3)  # an order may expire twice: error
        sandbox.set_faults(session_ttl_seconds=None)
        failing = tool("--batch", "still-failed.csv", "--yes", "--runbook", "broken.yaml")
        assert failing.wait(timeout=180) == 3
        killed = tool("--batch", "second.csv", "--yes", "--concurrency", "2")
        deadline = time.monotonic() + 120
        while len(sandbox.ledger()) < 8 and killed.poll() is None:
            assert time.monotonic() < deadline, "the batch never got going"
            with pytest.raises(subprocess.TimeoutExpired):
                killed.wait(timeout=0.2)
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait(timeout=30)
        assert tool("--resume").wait(timeout=180) in (0, 1)
    finally:
        sandbox.stop()

    output = printed.read_text(errors="replace")
    assert "trace:" in output and "resumed" in output, output[-2000:]
    blobs = every_blob(work) + every_blob(tmp_path / "cache")
    names = [name for name, _ in blobs]
    assert any(name.endswith("trace.zip") for name in names)
    assert any("journal" in name for name in names)
    assert any(name.endswith(".json") and "cache" in name for name in names)  # storage state
    for name, data in blobs:
        assert PASSWORD.encode() not in data, name
        assert TOTP.encode() not in data, name
