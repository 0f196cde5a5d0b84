"""Which Chromium is driven: a configured one, Playwright's build, else the system's (its
headless shell for a headless run, when installed)."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from thiio_runbook import browser
from thiio_runbook.browser import BrowserNotFound, choose_browser
from thiio_runbook.config import ConfigError, load_site_config


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


def test_pages_share_as_many_renderer_processes_as_there_are_cores(tmp_path: Path) -> None:
    settings = load_site_config(None).browser  # the default: auto

    def limit(pages: int) -> list[str]:
        args = browser.launch_args(settings, pages)
        assert set(browser.QUIET_ARGS) <= set(args)
        return [a for a in args if a.startswith("--renderer-process-limit")]

    cores = browser.available_cores()
    assert limit(1) == ["--renderer-process-limit=1"]  # never more processes than pages
    assert limit(64) == [f"--renderer-process-limit={cores}"]
    assert browser.renderer_processes("auto", 8, cores=2) == 2
    assert browser.renderer_processes("auto", 3, cores=8) == 3
    assert browser.renderer_processes(3, 8) == 3
    assert browser.renderer_processes(0, 8) is None  # Chromium's own rule

    config = tmp_path / "site.yaml"
    config.write_text("browser:\n  renderer_processes: 0\n")  # a process a page
    settings = load_site_config(config).browser
    assert limit(8) == []
    config.write_text("browser:\n  renderer_processes: 3\n")
    assert browser.launch_args(load_site_config(config).browser, 8)[-1] == (
        "--renderer-process-limit=3"
    )
    config.write_text("browser:\n  pages_per_renderer: 4\n")  # the key's earlier name
    with pytest.raises(ConfigError, match=r"renamed: use browser\.renderer_processes"):
        load_site_config(config)
    for wrong in ("many", -1, 1.5, True):
        config.write_text(f"browser:\n  renderer_processes: {wrong}\n")
        with pytest.raises(ConfigError, match="renderer_processes: expected 'auto' or a whole"):
            load_site_config(config)


def test_a_launched_browser_holds_its_pages_lean() -> None:
    headless = load_site_config(None).browser
    args = browser.launch_args(headless, 4)
    assert "--js-flags=--max-semi-space-size=4" in args
    assert "--in-process-gpu" in args
    headed = dataclasses.replace(headless, headless=False)
    assert "--in-process-gpu" not in browser.launch_args(headed, 4)  # headless only


def playwrights_feature_lists() -> tuple[set[str], set[str]]:
    """The feature lists the installed Playwright passes to Chromium, read off its driver."""
    import playwright

    lib = Path(playwright.__file__).parent / "driver" / "package" / "lib"
    for source in sorted(lib.rglob("*.js")):
        text = source.read_text(encoding="utf-8", errors="replace")
        disabled = re.search(r"disabledFeatures = \[(.*?)\]", text, re.DOTALL)
        enabled = re.search(r"enabledFeatures = \(\) => \[(.*?)\]", text, re.DOTALL)
        if disabled and enabled:

            def names(body: str) -> set[str]:
                return {n for n in re.findall(r'"(\w*)"', re.sub(r"//[^\n]*", "", body)) if n}

            return names(disabled.group(1)), names(enabled.group(1))
    raise AssertionError(f"no Chromium feature lists found in Playwright's driver ({lib})")


def test_the_feature_switches_keep_playwrights_own() -> None:
    # Chromium keeps the last --disable-features / --enable-features: ours must repeat
    # Playwright's, or its own (HTTPS upgrades off, calls home off, ...) are lost.
    disabled, enabled = playwrights_feature_lists()
    assert disabled == set(browser.PLAYWRIGHT_DISABLED_FEATURES)
    assert enabled == set(browser.PLAYWRIGHT_ENABLED_FEATURES)
    args = browser.launch_args(load_site_config(None).browser, 4)
    switches = {
        name: set(value.split(","))
        for name, _, value in (a.partition("=") for a in args)
        if name.endswith("-features")
    }
    assert disabled | {"Translate"} == switches["--disable-features"]
    assert enabled | {"NetworkServiceInProcess2"} == switches["--enable-features"]


def test_playwrights_driver_is_started_lean_keeping_the_users_node_options(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NODE_OPTIONS", "--no-warnings")
    with browser.driver_node_options():
        assert os.environ["NODE_OPTIONS"] == "--no-warnings --max-semi-space-size=1"
    assert os.environ["NODE_OPTIONS"] == "--no-warnings"  # as it was, for anything else
    monkeypatch.setenv("NODE_OPTIONS", "--max-semi-space-size=8")  # the user's own choice
    with browser.driver_node_options():
        assert os.environ["NODE_OPTIONS"] == "--max-semi-space-size=8"
    monkeypatch.delenv("NODE_OPTIONS")
    with browser.driver_node_options():
        assert os.environ["NODE_OPTIONS"] == "--max-semi-space-size=1"
    assert "NODE_OPTIONS" not in os.environ
