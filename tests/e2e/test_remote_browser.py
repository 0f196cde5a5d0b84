"""A browser that runs elsewhere: run-retry connects to it (here a Chromium with a DevTools
port on loopback, reached through THIIO_BROWSER_CDP) instead of launching one."""

from __future__ import annotations

import os
import selectors
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from thiio_runbook.browser import QUIET_ARGS, find_system_browser

pytestmark = pytest.mark.browser

START_SECONDS = 20


def devtools_url(process: subprocess.Popen[bytes], seconds: float) -> str:
    """The ws:// URL Chromium prints on stderr once its DevTools endpoint listens."""
    assert process.stderr is not None
    deadline = time.monotonic() + seconds
    buffered = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stderr, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                break
            chunk = process.stderr.read1(4096)  # type: ignore[attr-defined]
            if not chunk:
                break
            buffered += chunk
            for line in buffered.decode(errors="replace").splitlines():
                if line.startswith("DevTools listening on "):
                    return line.removeprefix("DevTools listening on ").strip()
    raise AssertionError(f"no DevTools URL within {seconds}s: {buffered[-500:]!r}")


@pytest.fixture
def remote_chromium(tmp_path: Path) -> Iterator[str]:
    """A headless Chromium with a DevTools port on loopback, killed at the end."""
    executable = find_system_browser()
    if executable is None:
        pytest.skip("no system Chromium to start with a DevTools port")
    process = subprocess.Popen(
        [
            executable,
            "--headless=new",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={tmp_path / 'remote-profile'}",
            *QUIET_ARGS,
            # Chromium refuses to run as root with its sandbox (Playwright's launch adds this too).
            *(["--no-sandbox"] if os.geteuid() == 0 else []),
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield devtools_url(process, START_SECONDS)
    finally:
        process.kill()
        process.wait(timeout=10)
        assert process.stderr is not None
        process.stderr.close()


def test_a_batch_runs_through_a_browser_reached_over_cdp(
    sandbox, account, run_retry, remote_chromium, workdir, monkeypatch
) -> None:
    assert remote_chromium.startswith("ws://127.0.0.1:")
    monkeypatch.setenv("THIIO_BROWSER_CDP", remote_chromium)
    (workdir / "orders.yaml").write_text("- 12345\n- 10001\n")

    run = run_retry("--batch", "orders.yaml", "--yes", "--concurrency", "1")

    assert run.code == 0, run.out + run.err
    assert sorted((r["order"], r["integration"]) for r in sandbox.ledger()) == [
        ("10001", "Ultracart"),
        ("12345", "Ultracart"),
    ]
    assert {o["order"]: o["outcome"] for o in run.orders} == {
        "12345": "succeeded",
        "10001": "succeeded",
    }


def test_an_unreachable_remote_browser_is_one_clear_line(
    sandbox, account, run_retry, monkeypatch
) -> None:
    monkeypatch.setenv("THIIO_BROWSER_CDP", "http://127.0.0.1:9")

    run = run_retry("--order", "12345")

    assert run.code == 2
    assert "could not connect to the DevTools endpoint http://127.0.0.1:9" in run.err
    assert sandbox.ledger() == []
