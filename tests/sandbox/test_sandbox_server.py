"""The sandbox as a server: start_sandbox() in a thread, state across restarts, the CLI."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sandbox_helpers import FakeClock

from thiio_sandbox.server import start_sandbox


@contextmanager
def logged_in(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=10) as client:
        answer = client.post(
            "/api/login", json={"email": "demo@thiio.test", "password": "demo-password"}
        )
        assert answer.status_code == 200
        client.headers["X-XSRF-TOKEN"] = client.cookies["XSRF-TOKEN"]
        yield client


def ultracart_row(client: httpx.Client, order: str) -> dict:
    detail = client.get(f"/api/orders/{order}").json()
    return next(n for n in detail["notifications"] if n["integration"] == "Ultracart")


def test_start_retry_restart_and_stop(tmp_path: Path) -> None:
    clock = FakeClock()
    db = tmp_path / "state.sqlite3"
    running = start_sandbox(db_path=db, clock=clock)
    try:
        assert running.url.startswith("http://127.0.0.1:") and not running.url.endswith("/")
        with logged_in(running.url) as client:
            row = ultracart_row(client, "12345")
            assert client.post(f"/api/notifications/{row['id']}/retry").status_code == 202
        assert [(e["order"], e["outcome"]) for e in running.ledger()] == [("12345", "processing")]
    finally:
        running.stop()
        running.stop()  # idempotent

    clock.advance(1.5)
    with start_sandbox(db_path=db, clock=clock) as again:  # the state outlives the process
        with logged_in(again.url) as client:
            assert ultracart_row(client, "12345")["status"] == "Success"
        assert [(e["order"], e["outcome"]) for e in again.ledger()] == [("12345", "success")]
        again.reset()
        assert again.ledger() == []


def test_faults_at_start_and_at_run_time(tmp_path: Path) -> None:
    with start_sandbox(faults={"confirm_retry": True}) as running:
        assert httpx.get(f"{running.url}/api/ui-config").json()["confirm_retry"] is True
        running.set_faults(rerender_ms=500, stuck_processing=["12345"])
        assert httpx.get(f"{running.url}/__sandbox/faults").json()["stuck_processing"] == ["12345"]
        running.reset()  # back to the scenario's switches, all off
        assert running.faults()["confirm_retry"] is False


def test_scenario_and_retry_delay_options(tmp_path: Path) -> None:
    clock = FakeClock()
    running = start_sandbox(db_path=tmp_path / "db.sqlite3", retry_delay=10, clock=clock)
    with running, logged_in(running.url) as client:
        row = ultracart_row(client, "12345")
        client.post(f"/api/notifications/{row['id']}/retry")
        clock.advance(9)
        assert ultracart_row(client, "12345")["status"] == "Processing"
        clock.advance(1)
        assert ultracart_row(client, "12345")["status"] == "Success"


def read_line_with(process: subprocess.Popen, needle: str, timeout: float) -> str:
    """The first stdout line containing `needle`, waiting at most `timeout` seconds."""
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
    deadline = time.monotonic() + timeout
    seen = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        seen.append(line)
        if needle in line:
            return line
    raise AssertionError(f"no line with {needle!r} within {timeout} s: {seen!r}")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT handling differs")
def test_cli_generated_scenario_in_the_foreground(tmp_path: Path) -> None:
    cli = Path(sys.executable).parent / "thiio-sandbox"
    process = subprocess.Popen(
        [
            str(cli),
            "--port",
            "0",
            "--generate",
            "30",
            "--retry-delay",
            "0.2",
            "--db",
            str(tmp_path / "gen.sqlite3"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url = read_line_with(process, "URL:", timeout=20).split("URL:")[1].strip()
        with logged_in(url) as client:
            page = client.get("/api/orders", params={"search": "200030"}).json()
            assert [o["number"] for o in page["data"]] == ["200030"]
            assert client.get("/api/orders").json()["total"] == 30
    finally:
        process.send_signal(signal.SIGINT)
        try:
            assert process.wait(timeout=15) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=5)


def test_cli_rejects_a_missing_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    from thiio_sandbox.cli import main

    assert main(["--scenario", "no-such-scenario"]) == 2
    assert "no bundled scenario" in capsys.readouterr().err


def test_ledger_and_reset_from_another_thread_while_serving() -> None:
    errors: list[BaseException] = []
    with start_sandbox() as running:

        def browse() -> None:
            try:
                with logged_in(running.url) as client:
                    for _ in range(30):
                        answer = client.get("/api/orders", params={"search": "garcia"})
                        assert answer.status_code in (200, 401)  # a reset logs people out
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)

        workers = [threading.Thread(target=browse) for _ in range(3)]
        for worker in workers:
            worker.start()
        for _ in range(5):
            running.ledger()
            running.reset()
        for worker in workers:
            worker.join(timeout=30)
        assert not any(worker.is_alive() for worker in workers)
    assert errors == []
