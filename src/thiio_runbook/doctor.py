"""run-retry doctor: walk the runbook read-only and say which words of the configuration the
site no longer shows.

It logs in, opens Orders, finds the order (the one given, or the first one with a failed row
of the runbook's integration), opens its Notifications tab, reads the row, opens the row's ⋮
menu and closes it again with Escape. It never clicks the runbook's action nor anything else
that changes an order. For every locator it records how many visible elements matched (0 or
more than 1 is a finding) and how long the first one took to appear; for every finding, the
configuration key to change and what the page offered instead.

Exit codes: 0 every locator resolved exactly once; 1 findings; 2 bad usage or configuration;
3 the walk itself failed (login refused, site unreachable).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

from thiio_sandbox.server import start_sandbox

from .browser import check_display, remote_browser
from .config import (
    RUNBOOK_NAME,
    SITE_CONFIG_NAME,
    ConfigError,
    ConfigFiles,
)
from .doctor_diagnose import diagnose
from .doctor_report import Diagnosis, describe, diagnosis_json
from .doctor_write import write_fixes
from .outcomes import ExitCode
from .rundir import RunFolder, write_private
from .subcommand import Echo, add_config_flags, echo_stdout, run_subcommand
from .target import Target, resolve_target, sandbox_target

PROG = "run-retry doctor"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Walk the runbook read-only against the account (or --sandbox) and say, "
        "for each step, whether each thing the tool looks for is on screen exactly once, how "
        "long it took, and which configuration key to change when it is not. Nothing that "
        "changes an order is clicked.",
        epilog="exit codes: 0 every check resolved exactly once, 1 findings, 2 bad usage or "
        "configuration, 3 the walk failed (e.g. the login was refused)",
    )
    parser.add_argument("--sandbox", action="store_true", help="the embedded sandbox")
    parser.add_argument(
        "--order",
        metavar="N",
        help="the order to walk (default: the first listed one with a "
        "failed row of the runbook's integration)",
    )
    add_config_flags(parser)
    parser.add_argument("--screenshots-dir", metavar="DIR", help="where the run folder goes")
    parser.add_argument("--headed", action="store_true", help="show the browser window")
    parser.add_argument(
        "--write",
        action="store_true",
        help=f"put the fixes it checked on the page into ./{SITE_CONFIG_NAME} (or --config)",
    )
    parser.add_argument(
        "--teach",
        action="store_true",
        help="for a thing it cannot find, ask you to click it in the browser window (needs "
        "--headed or a browser you can see via THIIO_BROWSER_CDP/WS), build a selector for "
        "it, check it and --write it; the click itself changes nothing",
    )
    parser.add_argument(
        "--teach-seconds",
        type=float,
        default=120.0,
        metavar="S",
        help="how long --teach waits for each click (120)",
    )
    return parser


class DoctorUsage(ValueError):
    """Flags that do not fit together."""


@asynccontextmanager
async def _target(use_sandbox: bool, cwd: Path, echo: Echo) -> AsyncIterator[Target]:
    if not use_sandbox:
        found = resolve_target(False, cwd=cwd)
        assert found is not None
        yield found
        return
    sandbox = await asyncio.to_thread(start_sandbox)
    try:
        target = sandbox_target(sandbox.url)
        echo(f"doctor: the embedded Thiio SANDBOX at {target.url} (demo data)")
        yield target
    finally:
        await asyncio.to_thread(sandbox.stop)


async def _run(args: argparse.Namespace, cwd: Path, echo: Echo) -> Diagnosis:
    files = ConfigFiles.from_flags(args.config, args.runbook, cwd)
    site, spec = files.load()
    check_display(args.headed, os.environ)
    if args.teach and not args.headed and remote_browser(site.browser) is None:
        raise DoctorUsage(
            "--teach asks you to click in the browser window: add --headed (or connect to a "
            "browser you can see, THIIO_BROWSER_CDP / THIIO_BROWSER_WS)"
        )
    if args.teach_seconds <= 0:
        raise DoctorUsage("--teach-seconds must be more than 0")
    if args.headed:
        site = replace(site, browser=replace(site.browser, headless=False))
    shots = Path(args.screenshots_dir or site.screenshots_dir)
    shots = shots if shots.is_absolute() else cwd / shots
    if not args.sandbox:
        resolve_target(False, cwd=cwd)  # the account's settings, checked before any browser
    async with _target(args.sandbox, cwd, echo) as target:
        folder = RunFolder.create(shots)
        echo(
            f"doctor: {spec.name} on {target.url}, read-only (the {spec.action!r} click and "
            "anything else that changes an order is never made)"
        )
        diagnosis = await diagnose(
            site,
            spec,
            target,
            folder,
            args.order,
            echo,
            str(files.site or f"{SITE_CONFIG_NAME} (packaged defaults)"),
            str(files.runbook or f"runbooks/{RUNBOOK_NAME} (packaged defaults)"),
            args.teach_seconds if args.teach else None,
        )
        write_private(folder.root / "doctor.json", diagnosis_json(diagnosis))
        return diagnosis


def main(argv: list[str]) -> int:
    ran = run_subcommand(PROG, build_parser(), argv, _run, (DoctorUsage,))
    if isinstance(ran, int):  # it did not run: bad usage or Ctrl-C
        return ran
    args, diagnosis = ran.args, ran.result
    describe(diagnosis, echo_stdout)
    if args.write or args.teach:
        try:
            write_fixes(diagnosis, Path(args.config or SITE_CONFIG_NAME), echo_stdout)
        except ConfigError as exc:
            print(f"{PROG}: {exc}", file=sys.stderr)
            return int(ExitCode.USAGE)
    return diagnosis.exit_code
