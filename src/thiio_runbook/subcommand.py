"""The head that `run-retry doctor` and `run-retry scan` share: parse the flags, run the
command's coroutine, and turn bad usage or Ctrl-C into an exit code and one line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from .browser import NoDisplay
from .config import RUNBOOK_NAME, SITE_CONFIG_NAME, ConfigError
from .outcomes import ExitCode
from .target import TargetError

Echo = Callable[[str], None]
Result = TypeVar("Result")

# What every subcommand reports as bad usage (one line on stderr, exit code 2) rather than
# as a traceback; each command adds its own flag-checking error.
USAGE_ERRORS: tuple[type[Exception], ...] = (ConfigError, TargetError, NoDisplay)


def add_config_flags(parser: argparse.ArgumentParser) -> None:
    """--config and --runbook, as every command takes them (config.ConfigFiles reads them)."""
    parser.add_argument(
        "--config",
        metavar="PATH",
        help=f"site and browser settings (default: ./{SITE_CONFIG_NAME} if present)",
    )
    parser.add_argument(
        "--runbook",
        metavar="PATH",
        help=f"the procedure's words (default: ./runbooks/{RUNBOOK_NAME} if present)",
    )


def echo_stdout(line: str) -> None:
    """A line of progress on stdout, flushed: a person may be watching it."""
    print(line, flush=True)


@dataclass(frozen=True)
class Ran(Generic[Result]):
    """A subcommand that ran: the flags it was given and what its coroutine returned."""

    args: argparse.Namespace
    result: Result


def run_subcommand(
    prog: str,
    parser: argparse.ArgumentParser,
    argv: list[str],
    run: Callable[[argparse.Namespace, Path, Echo], Coroutine[Any, Any, Result]],
    usage_errors: tuple[type[Exception], ...],
) -> Ran[Result] | int:
    """Parse `argv` and run `run(args, cwd, echo)`; the exit code instead when the flags,
    the configuration or the account are wrong (2), or the person pressed Ctrl-C (130)."""
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage line (or --help: 0)
        return int(exc.code or 0) and int(ExitCode.USAGE)
    try:
        return Ran(args, asyncio.run(run(args, Path.cwd(), echo_stdout)))
    except (*USAGE_ERRORS, *usage_errors) as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except KeyboardInterrupt:
        return int(ExitCode.INTERRUPTED)
