"""doctor --teach, as a person would use it: a headed Chromium on a (virtual, Xvfb) screen,
a configuration whose word for the Orders entry this Thiio does not show, the doctor asking
for a click, the person clicking the entry in that window. The selector the doctor builds,
checks and writes makes the next run pass; nothing is retried meanwhile.

The person's click is made through the same browser (the test connects to it over the
DevTools protocol, as the doctor does): a real mouse event at the element, which the page
and the doctor's banner receive like any other.
"""

from __future__ import annotations

import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import sync_playwright

from thiio_runbook.browser import QUIET_ARGS, choose_browser

from .batch_support import QUICK_CONFIG

pytestmark = pytest.mark.browser

RUN_RETRY = Path(sys.executable).parent / "run-retry"
UNSHOWN_WORD = 'labels:\n  nav: {orders: ["Bestellungen"]}\n'  # no entry reads this
WAIT_SECONDS = 60


def _until(done, seconds: float, what: str) -> None:
    """Poll `done()` until true, bounded."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {seconds:g}s")
        time.sleep(0.1)


@pytest.fixture
def display() -> Iterator[str]:
    """An X display of our own (Xvfb); required in CI, where ./dev installs it."""
    if shutil.which("Xvfb") is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is not installed (./dev test installs Debian's xvfb as root)")
        pytest.skip("Xvfb is not installed: apt-get install xvfb")
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X{n}-lock").exists())
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _until(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 20, "Xvfb starting")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def visible_browser(display: str, tmp_path: Path) -> Iterator[str]:
    """A headed Chromium on that display, reachable over the DevTools protocol."""
    with sync_playwright() as playwright:
        bundled = playwright.chromium.executable_path
    executable = choose_browser(bundled).executable_path or bundled
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    browser = subprocess.Popen(
        [
            executable,
            f"--remote-debugging-port={port}",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-sandbox",
            "--window-size=1400,1000",
            *QUIET_ARGS,
            "about:blank",
        ],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            with urllib.request.urlopen(endpoint + "/json/version", timeout=2):
                return True
        except OSError:
            return False

    try:
        _until(answers, 30, "Chromium's DevTools endpoint")
        yield endpoint
    finally:
        browser.kill()
        browser.wait(timeout=10)


def test_teach_a_menu_entry_by_clicking_it(
    sandbox, account, visible_browser: str, display: str, workdir: Path, tmp_path: Path, run_retry
) -> None:
    (workdir / "playwright.config.yaml").write_text(QUICK_CONFIG + UNSHOWN_WORD)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("THIIO_")},
        "THIIO_URL": sandbox.url,
        "THIIO_EMAIL": "demo@thiio.test",
        "THIIO_PASSWORD": "demo-password",
        "THIIO_BROWSER_CDP": visible_browser,
        "DISPLAY": display,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    doctor = subprocess.Popen(
        [str(RUN_RETRY), "doctor", "--order", "12345", "--teach", "--teach-seconds", "90"],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []
    assert doctor.stdout is not None
    reader = threading.Thread(target=lambda: [lines.put(ln) for ln in doctor.stdout], daemon=True)
    reader.start()

    def asked() -> bool:
        while not lines.empty():
            seen.append(lines.get())
        return any("Click it in the browser window" in line for line in seen)

    try:
        _until(asked, 120, "the doctor's request for a click")
        # The person clicks the entry they know as Orders, in the window the doctor shows.
        with sync_playwright() as playwright:
            browser = playwright.chromium.connect_over_cdp(visible_browser)
            page = next(
                p for c in browser.contexts for p in c.pages if p.url.startswith(sandbox.url)
            )
            page.get_by_role("navigation").get_by_text("Orders", exact=True).click()
        code = doctor.wait(timeout=180)
    finally:
        if doctor.poll() is None:
            doctor.kill()
    reader.join(timeout=10)  # the rest of the doctor's output
    while not lines.empty():
        seen.append(lines.get())
    out = "".join(seen)

    assert "teach: locators.orders_nav:" in out, out
    assert code in (0, 1), out
    selector = yaml.safe_load((workdir / "playwright.config.yaml").read_text())["locators"][
        "orders_nav"
    ]
    assert "Orders" in selector, selector
    assert sandbox.ledger() == []  # teaching clicked nothing that changes an order

    run = run_retry("--order", "12345")  # the next run, headless, with the written selector
    assert run.code == 0, run.out + run.err
    assert [(r["order"], r["integration"]) for r in sandbox.ledger()] == [("12345", "Ultracart")]
