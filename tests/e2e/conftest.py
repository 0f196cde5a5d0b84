"""run-retry end to end: the real CLI entry point, headless Chromium, a fresh sandbox per test."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from thiio_runbook import cli
from thiio_sandbox.server import RunningSandbox

from .batch_support import QUICK_CONFIG


@dataclass
class Run:
    """What one `run-retry` invocation left behind."""

    code: int
    out: str
    err: str
    workdir: Path
    run_dir: Path | None
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def orders(self) -> list[dict[str, Any]]:
        return self.results.get("orders", [])

    def order(self, number: str) -> dict[str, Any]:
        return next(o for o in self.orders if o["order"] == number)

    def files(self) -> list[Path]:
        return sorted(p for p in self.run_dir.rglob("*") if p.is_file()) if self.run_dir else []


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory with a quick test config; the session cache inside it."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "playwright.config.yaml").write_text(QUICK_CONFIG)
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in ("THIIO_URL", "THIIO_EMAIL", "THIIO_PASSWORD", "THIIO_TOTP_SECRET"):
        monkeypatch.delenv(name, raising=False)
    return work


@pytest.fixture
def account(sandbox, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Point THIIO_* at the test's sandbox (demo login unless told otherwise)."""

    def use(
        email: str = "demo@thiio.test",
        password: str = "demo-password",
        totp_secret: str | None = None,
    ) -> None:
        monkeypatch.setenv("THIIO_URL", sandbox.url)
        monkeypatch.setenv("THIIO_EMAIL", email)
        monkeypatch.setenv("THIIO_PASSWORD", password)
        if totp_secret:
            monkeypatch.setenv("THIIO_TOTP_SECRET", totp_secret)

    use()
    return use


@pytest.fixture
def sandbox_of(
    start_sandboxes: Callable[..., RunningSandbox], workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., RunningSandbox]:
    """Start a fresh sandbox of a given front end (or relabelled words), THIIO_* pointing at
    it with the demo login; stopped after the test."""

    def start(ui: str = "vuetify", labels: dict[str, Any] | None = None) -> RunningSandbox:
        running = start_sandboxes(ui=ui, labels=labels)
        monkeypatch.setenv("THIIO_URL", running.url)
        monkeypatch.setenv("THIIO_EMAIL", "demo@thiio.test")
        monkeypatch.setenv("THIIO_PASSWORD", "demo-password")
        return running

    return start


@pytest.fixture
def run_retry(workdir: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Call the console script's main() in-process, then read its run folder."""

    def invoke(*args: str) -> Run:
        shots = workdir / "screenshots"
        before = set(shots.iterdir()) if shots.is_dir() else set()
        code = cli.main(list(args))
        captured = capsys.readouterr()
        new = sorted(set(shots.iterdir()) - before) if shots.is_dir() else []
        assert len(new) <= 1, new
        run_dir = new[0] if new else None
        results: dict[str, Any] = {}
        if run_dir and (run_dir / "results.json").is_file():
            results = json.loads((run_dir / "results.json").read_text())
        return Run(code, captured.out, captured.err, workdir, run_dir, results)

    return invoke


def pytest_terminal_summary(terminalreporter) -> None:
    """The fault matrix (test_fault_matrix.py), when its rows ran."""
    from .fault_matrix_support import ROWS, table

    if ROWS:
        terminalreporter.write_sep("=", "fault matrix")
        for line in table(ROWS):
            terminalreporter.write_line(line)
