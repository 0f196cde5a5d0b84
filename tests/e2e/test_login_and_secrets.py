"""Logging in: one attempt on a wrong password, a session that expires mid-run, secrets kept out
of every file the run wrote, and the --sandbox switch."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest
import yaml

import thiio_sandbox
from thiio_sandbox.server import start_sandbox

pytestmark = pytest.mark.browser


def login_failures(db_path: Path, email: str) -> int:
    with sqlite3.connect(db_path) as db:
        return db.execute(
            "SELECT COUNT(*) FROM login_failures WHERE email = ?", (email,)
        ).fetchone()[0]


def test_wrong_password_stops_after_exactly_one_attempt(
    sandbox, account, run_retry, tmp_path: Path
) -> None:
    account(password="not-the-password")
    run = run_retry("--order", "12345")

    assert run.code == 3
    assert "login failed" in run.out
    assert "These credentials do not match our records." in run.out
    assert login_failures(tmp_path / "sandbox.sqlite3", "demo@thiio.test") == 1
    assert sandbox.ledger() == []
    (order,) = run.orders
    assert order["outcome"] == "error"
    assert order["error"].startswith("1.1 log in")
    assert "not-the-password" not in run.out + run.err
    assert all(b"not-the-password" not in p.read_bytes() for p in run.files())


def test_saved_session_is_reused_and_refreshed_once_when_it_expires_mid_run(
    sandbox, account, run_retry, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_retry("--order", "10010")  # logs in, saves the session state
    assert first.code == 0
    assert "logged in" in first.order("10010")["steps"][0]["detail"]
    (state_file,) = (first.workdir.parent / "cache" / "thiio-runbook").iterdir()
    assert stat.S_IMODE(state_file.stat().st_mode) == 0o600

    # Second run: the saved session is reused; right after step 1.1 every session expires,
    # so the Orders list answers 401 and the app shows its login form in the middle of the work.
    logins_seen = []

    from thiio_runbook import steps

    original_add = steps.StepLog.add

    def add(self, record) -> None:
        original_add(self, record)
        if record.name == "1.1 log in":
            logins_seen.append(record.detail)
            if len(logins_seen) == 1:
                sandbox.expire_sessions()

    monkeypatch.setattr(steps.StepLog, "add", add)
    run = run_retry("--order", "12345")

    assert run.code == 0, run.out
    assert "saved session reused" in logins_seen[0]
    assert "THIIO_PASSWORD was not checked" in logins_seen[0]  # said at least once a run
    assert len(logins_seen) == 2 and "session expired" in logins_seen[1]
    assert [r["order"] for r in sandbox.ledger()] == ["12345"]
    names = [s["name"] for s in run.order("12345")["steps"]]
    assert names.count("1.1 log in") == 2
    assert names[-1] == "2.3 confirm processing"


def test_a_planted_password_appears_in_no_file_the_run_wrote(
    tmp_path: Path, workdir: Path, run_retry, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = "Pl4nted-Secret-7f3c91"
    totp = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    scenario_file = Path(thiio_sandbox.__file__).parent / "scenarios" / "default.yaml"
    scenario = yaml.safe_load(scenario_file.read_text())
    scenario["users"].append(
        {"email": "ops@thiio.test", "password": planted, "name": "Ops", "totp_secret": totp}
    )
    (tmp_path / "planted.yaml").write_text(yaml.safe_dump(scenario))
    running = start_sandbox(
        db_path=tmp_path / "planted.sqlite3", scenario=tmp_path / "planted.yaml"
    )
    try:
        monkeypatch.setenv("THIIO_URL", running.url)
        monkeypatch.setenv("THIIO_EMAIL", "ops@thiio.test")
        monkeypatch.setenv("THIIO_PASSWORD", planted)
        monkeypatch.setenv("THIIO_TOTP_SECRET", totp)
        run = run_retry("--order", "10004", "--json")  # ends still_failed: error text + advice
    finally:
        running.stop()

    assert run.code == 1, run.err
    assert run.order("10004")["outcome"] == "still_failed"
    printed = json.loads(run.out)  # --json: the results on stdout, progress on stderr
    assert printed["exit_code"] == 1
    assert printed["orders"][0]["error"] == run.order("10004")["error"]
    written = run.files() + sorted((tmp_path / "cache").rglob("*.json"))
    assert any(p.name == "report.html" for p in written)
    for path in written:
        data = path.read_bytes()
        assert planted.encode() not in data, path
        assert totp.encode() not in data, path
    assert planted not in run.out + run.err
    assert totp not in run.out + run.err


def test_sandbox_flag_runs_against_the_embedded_sandbox_and_says_so(workdir, run_retry) -> None:
    run = run_retry("--sandbox", "--order", "12345")

    assert run.code == 0, run.out
    assert "SANDBOX" in run.out and "not a real Thiio account" in run.out
    assert run.results["run"]["sandbox"] is True
    assert run.order("12345")["outcome"] == "succeeded"
