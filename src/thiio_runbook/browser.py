"""Which Chromium to drive, and how to start it.

Playwright's own build is preferred when `playwright install chromium` was run; otherwise a
system Chromium or Chrome; otherwise the user is told how to get one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.async_api import Browser

    from .config import BrowserSettings

# Without these, Chromium keeps calling home (updates, sync, field trials), which floods a
# closed network and slows start-up.
QUIET_ARGS: tuple[str, ...] = (
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
)

SYSTEM_BROWSER_NAMES: tuple[str, ...] = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)

HOW_TO_GET_ONE = (
    "no Chromium found: run 'python -m playwright install chromium', or install Chromium or "
    "Google Chrome (Debian/Ubuntu: 'apt-get install chromium'), or set browser.executable_path "
    "in playwright.config.yaml"
)


class BrowserNotFound(RuntimeError):
    """No browser that Playwright can drive is available."""


@dataclass(frozen=True)
class BrowserChoice:
    """The executable to launch; None means Playwright's own build."""

    executable_path: str | None
    source: str  # "playwright", "system" or "configured"


def find_system_browser() -> str | None:
    for name in SYSTEM_BROWSER_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def choose_browser(playwright_build_path: str, configured_path: str | None = None) -> BrowserChoice:
    """Pick the browser: a configured path, else Playwright's build, else a system one."""
    if configured_path:
        if not os.access(configured_path, os.X_OK):
            raise BrowserNotFound(
                f"browser.executable_path {configured_path!r} is not an executable"
            )
        return BrowserChoice(configured_path, "configured")
    if playwright_build_path and os.access(playwright_build_path, os.X_OK):
        return BrowserChoice(None, "playwright")
    system = find_system_browser()
    if system:
        return BrowserChoice(system, "system")
    raise BrowserNotFound(HOW_TO_GET_ONE)


async def launch_or_connect(playwright: Any, settings: BrowserSettings) -> Browser:
    """The Chromium to drive: launched here with the quiet args."""
    choice = choose_browser(playwright.chromium.executable_path, settings.executable_path)
    return await playwright.chromium.launch(
        headless=settings.headless,
        slow_mo=settings.slow_mo_ms,
        args=list(QUIET_ARGS),
        executable_path=choice.executable_path,
    )


def playwright_build_path() -> str:
    """Where Playwright's own Chromium would be; it may not exist."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return playwright.chromium.executable_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Report which Chromium the tool would drive.")
    parser.add_argument("--check", action="store_true", help="exit 1 when there is none")
    parser.parse_args(argv)
    try:
        choice = choose_browser(playwright_build_path())
    except BrowserNotFound as exc:
        print(f"browser: {exc}", file=sys.stderr)
        return 1
    print(f"{choice.source}: {choice.executable_path or playwright_build_path()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
