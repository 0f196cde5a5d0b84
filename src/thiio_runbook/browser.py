"""Which Chromium to drive, and how to start it.

Playwright's own build is preferred when `playwright install chromium` was run; otherwise a
system Chromium or Chrome; otherwise the user is told how to get one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from playwright.async_api import async_playwright

from .config import AUTO

if TYPE_CHECKING:
    from playwright.async_api import Browser, Playwright

    from .config import BrowserSettings

# Chromium keeps only the last --disable-features and --enable-features switch given, and
# Playwright passes lists of its own before ours: ours repeat Playwright's (1.65's; a unit
# test compares them with the installed Playwright's) and add the tool's.
PLAYWRIGHT_DISABLED_FEATURES: tuple[str, ...] = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
PLAYWRIGHT_ENABLED_FEATURES: tuple[str, ...] = (
    "CDPScreenshotNewSurface",
    "SkipListAccountsWithoutGaiaCookies",
)


def features_switch(kind: str, playwrights: tuple[str, ...], ours: tuple[str, ...]) -> str:
    """--disable-features or --enable-features: Playwright's list, then the tool's."""
    return f"--{kind}-features=" + ",".join(dict.fromkeys((*playwrights, *ours)))


# Without these, Chromium keeps calling home (updates, sync, field trials), which floods a
# closed network and slows start-up.
QUIET_ARGS: tuple[str, ...] = (
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-default-apps",
    features_switch("disable", PLAYWRIGHT_DISABLED_FEATURES, ("Translate",)),
)

# A page held for less (bench/README.md, "Holding pages for less"): V8's young generation kept
# to 4 MiB a semi-space (each renderer process a fifth smaller, no slower). Headless only: the
# GPU's work and the network service on threads of the browser process, two processes fewer
# (a crash of either then ends the browser, and the run, rather than being restarted).
LEAN_ARGS: tuple[str, ...] = ("--js-flags=--max-semi-space-size=4",)
HEADLESS_LEAN_ARGS: tuple[str, ...] = (
    "--in-process-gpu",
    features_switch("enable", PLAYWRIGHT_ENABLED_FEATURES, ("NetworkServiceInProcess2",)),
)

SYSTEM_BROWSER_NAMES: tuple[str, ...] = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)

# Chromium's old headless shell (what Playwright itself runs headless): no window system, less
# memory and CPU a page. Debian's package chromium-headless-shell; used for headless runs.
HEADLESS_SHELL_NAMES: tuple[str, ...] = ("chromium-headless-shell",)
HEADLESS_SHELL_PATHS: tuple[str, ...] = ("/usr/lib/chromium/chromium-headless-shell",)

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
    source: str  # "playwright", "system", "system headless shell" or "configured"


def find_system_browser() -> str | None:
    for name in SYSTEM_BROWSER_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def find_headless_shell() -> str | None:
    for name in HEADLESS_SHELL_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return next((p for p in HEADLESS_SHELL_PATHS if os.access(p, os.X_OK)), None)


def choose_browser(
    playwright_build_path: str, configured_path: str | None = None, headless: bool = False
) -> BrowserChoice:
    """Pick the browser: a configured path, else Playwright's build (which runs its own
    headless shell when headless), else a system one: for a headless run the system's
    headless shell when installed."""
    if configured_path:
        if not os.access(configured_path, os.X_OK):
            raise BrowserNotFound(
                f"browser.executable_path {configured_path!r} is not an executable"
            )
        return BrowserChoice(configured_path, "configured")
    if playwright_build_path and os.access(playwright_build_path, os.X_OK):
        return BrowserChoice(None, "playwright")
    shell = find_headless_shell() if headless else None
    if shell:
        return BrowserChoice(shell, "system headless shell")
    system = find_system_browser()
    if system:
        return BrowserChoice(system, "system")
    raise BrowserNotFound(HOW_TO_GET_ONE)


# Where a browser that runs elsewhere is, from the environment (wins over the config file).
WS_ENV = "THIIO_BROWSER_WS"
CDP_ENV = "THIIO_BROWSER_CDP"


@dataclass(frozen=True)
class RemoteBrowser:
    kind: str  # "ws" (a Playwright server) or "cdp" (a Chrome DevTools endpoint)
    endpoint: str


def remote_browser(
    settings: BrowserSettings, environ: Mapping[str, str] | None = None
) -> RemoteBrowser | None:
    """The browser to connect to, if any: the environment first, then the config file."""
    env = os.environ if environ is None else environ
    ws = (env.get(WS_ENV) or "").strip() or settings.ws_endpoint
    cdp = (env.get(CDP_ENV) or "").strip() or settings.cdp_endpoint
    if ws and cdp:
        raise BrowserNotFound(
            f"both a Playwright server ({WS_ENV} / browser.connect.ws_endpoint) and a DevTools "
            f"endpoint ({CDP_ENV} / browser.connect.cdp_endpoint) are set: keep one"
        )
    if ws:
        return RemoteBrowser("ws", ws)
    if cdp:
        return RemoteBrowser("cdp", cdp)
    return None


# Playwright's driver (Node.js) relays every call and grows its young generation to hold
# them: kept to 1 MiB a semi-space it holds ~50 MiB less in a batch, for ~1 % more CPU
# (bench/README.md). Added to the user's own NODE_OPTIONS, if any.
DRIVER_NODE_OPTIONS = "--max-semi-space-size=1"


@asynccontextmanager
async def start_playwright() -> AsyncIterator[Playwright]:
    """Playwright (`async with start_playwright() as playwright:`), its driver held lean."""
    async with AsyncExitStack() as stack:
        with driver_node_options():  # the driver starts on entering, with the options
            playwright = await stack.enter_async_context(async_playwright())
        yield playwright


@contextmanager
def driver_node_options() -> Iterator[None]:
    """NODE_OPTIONS with DRIVER_NODE_OPTIONS added (unless the user set the same option),
    for the driver about to start; as they were afterwards."""
    before = os.environ.get("NODE_OPTIONS")
    if "--max-semi-space-size" not in (before or ""):
        os.environ["NODE_OPTIONS"] = f"{before or ''} {DRIVER_NODE_OPTIONS}".strip()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("NODE_OPTIONS", None)
        else:
            os.environ["NODE_OPTIONS"] = before


def launch_args(settings: BrowserSettings, pages: int = 1) -> list[str]:
    """Chromium's flags for a browser launched here to drive `pages` pages at once: quiet on
    a closed network, its pages sharing renderer processes as configured."""
    args = [*QUIET_ARGS, *LEAN_ARGS]
    if settings.headless:
        args.extend(HEADLESS_LEAN_ARGS)
    renderers = renderer_processes(settings.renderer_processes, pages)
    if renderers:
        args.append(f"--renderer-process-limit={renderers}")
    return args


def renderers_to_balance(settings: BrowserSettings, pages: int) -> int | None:
    """How many renderer processes a run's pages are spread over evenly (worker_pool): the
    limit a browser launched here headless has, when two or more. None: no spreading (a
    browser connected to has flags of its own; a process a page or one for all needs none;
    headed, a window a page opens is a tab in front of it)."""
    if remote_browser(settings) is not None or not settings.headless:
        return None
    limit = renderer_processes(settings.renderer_processes, pages)
    return limit if limit is not None and limit >= 2 else None


def renderer_processes(setting: int | str, pages: int, cores: int | None = None) -> int | None:
    """How many renderer processes a run's pages share (None: Chromium's own rule, a process a
    page). "auto": as many as the machine has cores, at most one a page: a renderer draws its
    pages on one thread, so fewer than the cores leaves a core idle while pages wait for each
    other, and more only adds memory."""
    if setting == AUTO:
        return max(1, min(pages, cores or available_cores()))
    return int(setting) or None


def available_cores() -> int:
    """The CPUs this process may run on (as taskset or a cpuset limits them; a container's
    CPU quota is not seen)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


async def launch_or_connect(playwright: Any, settings: BrowserSettings, pages: int = 1) -> Browser:
    """The Chromium to drive: connected to when one runs elsewhere, else launched here.

    Closing a connected browser closes this run's contexts and disconnects; the remote
    browser itself keeps running.
    """
    remote = remote_browser(settings)
    if remote is None:
        choice = choose_browser(
            playwright.chromium.executable_path, settings.executable_path, settings.headless
        )
        return await playwright.chromium.launch(
            headless=settings.headless,
            slow_mo=settings.slow_mo_ms,
            args=launch_args(settings, pages),
            executable_path=choice.executable_path,
        )
    timeout_ms = 30_000  # connecting is bounded like a page load
    try:
        if remote.kind == "ws":
            return await playwright.chromium.connect(
                remote.endpoint, slow_mo=settings.slow_mo_ms, timeout=timeout_ms
            )
        return await playwright.chromium.connect_over_cdp(
            remote.endpoint, slow_mo=settings.slow_mo_ms, timeout=timeout_ms
        )
    except Exception as exc:
        what = "Playwright server" if remote.kind == "ws" else "DevTools endpoint"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BrowserNotFound(
            f"could not connect to the {what} {remote.endpoint}: {first}"
        ) from None


def playwright_build_path() -> str:
    """Where Playwright's own Chromium would be; it may not exist."""
    from playwright.sync_api import sync_playwright  # this report alone uses the sync API

    with sync_playwright() as playwright:
        return playwright.chromium.executable_path


class NoDisplay(ValueError):
    """--headed where there is no screen to open a window on."""


def check_display(headed: bool, environ: Mapping[str, str]) -> None:
    """--headed needs a screen: on Linux an X or Wayland display to open the window on."""
    if not headed or not sys.platform.startswith("linux"):
        return
    if not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")):
        raise NoDisplay(
            "--headed needs a display and none is set (DISPLAY): run without --headed "
            "(screenshots show every step), or under xvfb-run"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Report which Chromium the tool would drive.")
    parser.add_argument("--check", action="store_true", help="exit 1 when there is none")
    parser.add_argument(
        "--headless",
        action="store_true",
        help="the one for headless runs; with --check, exit 1 unless it is a headless shell",
    )
    args = parser.parse_args(argv)
    try:
        choice = choose_browser(playwright_build_path(), headless=args.headless)
    except BrowserNotFound as exc:
        print(f"browser: {exc}", file=sys.stderr)
        return 1
    print(f"{choice.source}: {choice.executable_path or playwright_build_path()}")
    if args.check and args.headless and choice.source == "system":
        return 1  # a system browser without its headless shell
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
