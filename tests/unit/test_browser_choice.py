"""Which Chromium is driven: a configured one, Playwright's build, else the system's (its
headless shell for a headless run, when installed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from thiio_runbook import browser
from thiio_runbook.browser import BrowserNotFound, choose_browser
from thiio_runbook.config import load_site_config


def executable(path: Path) -> str:
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


@pytest.fixture
def system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A PATH holding what each test puts in `installed` (name -> executable)."""
    installed: dict[str, str] = {}
    monkeypatch.setattr(browser.shutil, "which", lambda name: installed.get(name))
    monkeypatch.setattr(browser, "HEADLESS_SHELL_PATHS", (str(tmp_path / "none"),))
    return installed


def test_playwrights_own_build_comes_first(tmp_path: Path, system: dict[str, str]) -> None:
    system["chromium"] = executable(tmp_path / "chromium")
    system["chromium-headless-shell"] = executable(tmp_path / "shell")
    own = executable(tmp_path / "playwright-chrome")
    assert choose_browser(own, headless=True) == browser.BrowserChoice(None, "playwright")


def test_a_headless_run_takes_the_systems_headless_shell(
    tmp_path: Path, system: dict[str, str]
) -> None:
    system["chromium"] = executable(tmp_path / "chromium")
    system["chromium-headless-shell"] = shell = executable(tmp_path / "shell")
    missing = str(tmp_path / "no-playwright-build")
    assert choose_browser(missing, headless=True).executable_path == shell
    # A window needs the full browser.
    assert choose_browser(missing, headless=False).executable_path == system["chromium"]


def test_the_shell_is_found_where_debian_puts_it(
    tmp_path: Path, system: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    system["chromium"] = executable(tmp_path / "chromium")
    shell = executable(tmp_path / "chromium-headless-shell")
    monkeypatch.setattr(browser, "HEADLESS_SHELL_PATHS", (str(tmp_path / "none"), shell))
    assert choose_browser(str(tmp_path / "none"), headless=True).executable_path == shell


def test_without_the_shell_a_headless_run_takes_the_full_browser(
    tmp_path: Path, system: dict[str, str]
) -> None:
    system["google-chrome"] = chrome = executable(tmp_path / "chrome")
    choice = choose_browser(str(tmp_path / "none"), headless=True)
    assert choice == browser.BrowserChoice(chrome, "system")


def test_a_configured_path_wins_and_must_be_an_executable(
    tmp_path: Path, system: dict[str, str]
) -> None:
    system["chromium-headless-shell"] = executable(tmp_path / "shell")
    mine = executable(tmp_path / "mine")
    assert choose_browser("", mine, headless=True) == browser.BrowserChoice(mine, "configured")
    with pytest.raises(BrowserNotFound, match="is not an executable"):
        choose_browser("", str(tmp_path / "missing"), headless=True)


def test_nothing_installed_says_how_to_get_one(tmp_path: Path, system: dict[str, str]) -> None:
    with pytest.raises(BrowserNotFound, match="playwright install chromium"):
        choose_browser(str(tmp_path / "none"), headless=True)


def test_pages_share_renderer_processes_four_to_each(tmp_path: Path) -> None:
    settings = load_site_config(None).browser  # the default: four pages to a renderer

    def limit(pages: int) -> list[str]:
        args = browser.launch_args(settings, pages)
        assert set(browser.QUIET_ARGS) <= set(args)
        return [a for a in args if a.startswith("--renderer-process-limit")]

    assert limit(1) == limit(4) == ["--renderer-process-limit=1"]
    assert limit(5) == limit(8) == ["--renderer-process-limit=2"]
    assert limit(16) == ["--renderer-process-limit=4"]

    config = tmp_path / "site.yaml"
    config.write_text("browser:\n  pages_per_renderer: 0\n")  # Chromium decides
    settings = load_site_config(config).browser
    assert limit(8) == []
