"""run-retry: arguments -> a run plan -> the run -> evidence, summary and exit code.

Exit codes (see outcomes.ExitCode): 0 nothing needs a person; 1 a person must look at an
order (still failed, pending, not found, ambiguous, no Ultracart row); 2 bad usage, input or
configuration (nothing was done); 3 the automation failed (including a refused login, or a
batch stopped after repeated errors); 130 interrupted (the journal keeps what was done).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
import sys
from dataclasses import replace
from pathlib import Path
from typing import cast

from . import __version__
from .batch import BatchOptions
from .batchfile import BatchEntry, BatchInputError, Kind, load_batch, single_entry
from .browser import BrowserNotFound, NoDisplay, check_display
from .config import (
    ConfigError,
    ConfigFiles,
    load_site_config,
)
from .engine import RunPlan, RunReport, execute
from .journal import Journal, JournalError, find_latest_run, journal_path
from .outcomes import ExitCode, Outcome
from .rundir import RunFolder, RunLocked, is_running
from .session import cache_dir, state_file
from .subcommand import add_config_flags
from .target import (
    Target,
    TargetError,
    check_base_url,
    environment_with_dotenv,
    resolve_target,
)
from .tracing import TRACE_MODES

SCREENSHOT_MODES = ("all", "failures", "none")


class UsageError(ValueError):
    """Flags that do not fit together or are out of range."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run-retry",
        description="Retry failed Ultracart order syncs in the Thiio admin UI, step by step as "
        "Thiio's help article describes, with a screenshot of every step. The account comes "
        "from THIIO_URL, THIIO_EMAIL, THIIO_PASSWORD (and THIIO_TOTP_SECRET) in the environment "
        "or a .env file.",
        epilog="exit codes: 0 nothing needs attention, 1 an order needs a person, "
        "2 bad usage, input or configuration, 3 the automation failed, 130 interrupted. "
        "Also: 'run-retry doctor --help' (a read-only check of every step against your "
        "account, which proposes and --write's configuration fixes) and 'run-retry scan "
        "--help' (find every order with a Failed row, read-only, as a batch file).",
    )
    parser.add_argument("--version", action="version", version=f"run-retry {__version__}")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--order", metavar="N", help="the order number")
    which.add_argument("--customer-email", metavar="ADDR", help="find the order by customer email")
    which.add_argument("--customer-name", metavar="NAME", help="find the order by customer name")
    which.add_argument(
        "--batch",
        metavar="FILE",
        help="a YAML list, a CSV file (order / email / customer) or a plain list of order "
        "numbers, one a line; '-' for stdin",
    )
    which.add_argument(
        "--resume",
        metavar="RUN_ID",
        nargs="?",
        const="latest",
        help="carry on with an interrupted run (the latest when RUN_ID is left out)",
    )
    which.add_argument(
        "--forget-session",
        action="store_true",
        help="delete the saved logged-in state of the account in THIIO_URL + THIIO_EMAIL "
        "(says which file) and do nothing else",
    )
    parser.add_argument(
        "--all-matching",
        action="store_true",
        help="when a name or email matches several orders, do each of them",
    )
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="run against the embedded Thiio sandbox (demo data), not a real account",
    )
    parser.add_argument("--headed", action="store_true", help="show the browser window")
    parser.add_argument(
        "--slow-mo", type=int, metavar="MS", help="pause MS milliseconds between actions"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="do every step except the Retry click, and say what would be done",
    )
    parser.add_argument(
        "--again",
        action="store_true",
        help="retry orders that failed again for the same persistent reason after this tool's "
        "last retry (otherwise held: resolve the cause first, as the article says)",
    )
    parser.add_argument(
        "--again-transient",
        type=int,
        default=0,
        metavar="N",
        help="batch: an order whose retry failed again with a passing error (UltraCart's rate "
        "limit, a 5xx, a timeout) is retried again after a back-off, up to N more times (0)",
    )
    parser.add_argument(
        "--transient-wait",
        type=float,
        default=60.0,
        metavar="S",
        help="batch: seconds before the first extra round, twice that before the second... (60)",
    )
    parser.add_argument(
        "--yes",
        action="store_true",
        help="batch: retry without showing the plan and asking first (needed off a terminal)",
    )
    parser.add_argument(
        "--concurrency", type=int, default=2, metavar="N", help="batch: pages at once (2)"
    )
    parser.add_argument(
        "--max-per-minute",
        type=float,
        metavar="N",
        help="batch: at most N Retry clicks a minute (UltraCart allows about 1,000 calls an hour)",
    )
    parser.add_argument(
        "--max-errors",
        type=int,
        default=5,
        metavar="K",
        help="batch: stop after K automation errors in a row (5)",
    )
    parser.add_argument(
        "--screenshots",
        choices=SCREENSHOT_MODES,
        default="all",
        help="a screenshot of every step (all), only of orders that need a look (failures), "
        "or none",
    )
    parser.add_argument(
        "--screenshots-dir",
        metavar="DIR",
        help="where run folders go (default: screenshots/ or the config's)",
    )
    parser.add_argument("--junit", metavar="FILE", help="also write JUnit XML for CI systems")
    parser.add_argument(
        "--self-contained",
        action="store_true",
        help="also write report-self-contained.html: the report with every screenshot inside "
        "it, to archive or mail on its own",
    )
    add_config_flags(parser)
    parser.add_argument(
        "--fresh-login", action="store_true", help="ignore the saved session and log in again"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the results as JSON on stdout (progress goes to stderr)",
    )
    parser.add_argument(
        "--trace",
        choices=TRACE_MODES,
        default="off",
        help="a Playwright trace per order, <run>/<order>/trace.zip (playwright show-trace): "
        "kept for orders ending in an error (retain-on-failure), always (on), or not recorded "
        "(off, the default: tracing doubles the browser's work); logins are never traced",
    )
    parser.add_argument(
        "--mask",
        action="store_true",
        help="paint over personal data (the config's evidence.mask: emails, addresses...) "
        "in every screenshot",
    )
    return parser


def entries_from(args: argparse.Namespace) -> tuple[BatchEntry, ...]:
    """The work list: a batch file, or the one order named by a flag (validated alike)."""
    if args.batch:
        batch = load_batch(sys.stdin if args.batch == "-" else Path(args.batch))
        for warning in batch.warnings:
            print(f"run-retry: {args.batch}: {warning}", file=sys.stderr)
        return tuple(batch.entries)
    if args.resume:
        return ()
    if args.order is not None:
        kind, value, flag = "order", args.order, "--order"
    elif args.customer_email is not None:
        kind, value, flag = "email", args.customer_email, "--customer-email"
    else:
        kind, value, flag = "customer", args.customer_name, "--customer-name"
    try:
        return (single_entry(cast(Kind, kind), value),)
    except BatchInputError as exc:
        raise UsageError(f"{flag}: {exc.problems[0].message}") from None


def resume_dir(args: argparse.Namespace, screenshots_dir: Path) -> Path | None:
    if not args.resume:
        return None
    if args.resume == "latest":
        found = find_latest_run(screenshots_dir, unfinished=True)
        if found is None:
            raise UsageError(f"no unfinished run to resume in {screenshots_dir}")
        run_dir = found
    else:
        run_dir = screenshots_dir / args.resume
        if not journal_path(run_dir).is_file():
            raise UsageError(f"no run {args.resume!r} to resume in {screenshots_dir}")
    if is_running(run_dir):
        raise UsageError(
            f"run {run_dir.name} is being worked on by another run-retry right now; "
            "wait for it to end"
        )
    return run_dir


def check_numbers(args: argparse.Namespace) -> None:
    if args.concurrency < 1 or args.concurrency > 16:
        raise UsageError("--concurrency must be between 1 and 16")
    if args.max_per_minute is not None and args.max_per_minute <= 0:
        raise UsageError("--max-per-minute must be more than 0")
    if args.max_errors < 1:
        raise UsageError("--max-errors must be at least 1")
    if args.slow_mo is not None and args.slow_mo < 0:
        raise UsageError("--slow-mo must be >= 0")
    if not 0 <= args.again_transient <= 5:
        raise UsageError("--again-transient must be between 0 and 5")
    if args.transient_wait < 0:
        raise UsageError("--transient-wait must be >= 0")


def plan_from(args: argparse.Namespace, cwd: Path, argv: list[str]) -> RunPlan:
    """Flags + files + environment -> the plan. Raises on any problem, before any browser."""
    check_numbers(args)
    try:
        check_display(args.headed, os.environ)
    except NoDisplay as exc:
        raise UsageError(str(exc)) from None
    site, spec = ConfigFiles.from_flags(args.config, args.runbook, cwd).load()
    if args.headed or args.slow_mo is not None:
        browser = replace(
            site.browser,
            headless=site.browser.headless and not args.headed,
            slow_mo_ms=args.slow_mo if args.slow_mo is not None else site.browser.slow_mo_ms,
        )
        site = replace(site, browser=browser)
    shots = Path(args.screenshots_dir or site.screenshots_dir)
    shots = shots if shots.is_absolute() else cwd / shots
    entries = entries_from(args)
    single = args.batch is None and args.resume is None
    previous = resume_dir(args, shots)
    target = resolve_target(args.sandbox, cwd=cwd)
    if previous is not None:
        target = check_resumable(previous, target)
    elif not single and not (args.yes or args.dry_run) and not sys.stdin.isatty():
        raise UsageError(
            "a batch shows its plan and asks before retrying; with no terminal to ask on, "
            "pass --yes (or --dry-run to see the plan only)"
        )
    return RunPlan(
        site=site,
        spec=spec,
        target=target,
        entries=entries,
        screenshots_dir=shots,
        options=BatchOptions(
            concurrency=1 if single else args.concurrency,
            max_per_minute=args.max_per_minute,
            max_consecutive_errors=args.max_errors,
            yes=args.yes or previous is not None,
            dry_run=args.dry_run,
            all_matching=args.all_matching,
            again_transient=args.again_transient,
            transient_wait_seconds=args.transient_wait,
        ),
        resume_dir=previous,
        screenshots=args.screenshots,
        fresh_login=args.fresh_login,
        single=single,
        command=shlex.join(["run-retry", *argv]),
        trace=args.trace,
        mask=args.mask,
        again=args.again,
    )


def check_resumable(run_dir: Path, target: Target | None) -> Target:
    """A resumed run works on the account it started on, and never on a vanished sandbox."""
    with Journal.open(journal_path(run_dir)) as journal:
        info = journal.run_info()
    if info.sandbox:
        raise UsageError(
            f"run {info.run_id} ran against the embedded sandbox, which ended with it: "
            "there is nothing to resume"
        )
    if target is None or target.url != info.target_url:
        raise UsageError(
            f"run {info.run_id} ran against {info.target_url}; set THIIO_URL to it to resume"
        )
    return target


def forget_session(args: argparse.Namespace, cwd: Path) -> int:
    """--forget-session: remove the account's storage-state file (its session cookie)."""
    try:
        site = load_site_config(ConfigFiles.from_flags(args.config, None, cwd).site)
        env = environment_with_dotenv(os.environ, cwd)
        url, email = env.get("THIIO_URL", ""), env.get("THIIO_EMAIL", "")
        if not url or not email:
            raise UsageError("--forget-session needs THIIO_URL and THIIO_EMAIL (whose session)")
        account = Target(url=check_base_url(url), email=email.strip(), password="")
    except (ConfigError, TargetError, UsageError) as exc:
        print(f"run-retry: {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)
    path = state_file(cache_dir(site.session_cache_dir), account)
    if path.is_file():
        path.unlink()
        print(f"deleted the saved session of {account.email} on {account.url}: {path}")
    else:
        print(f"no saved session of {account.email} on {account.url} ({path} does not exist)")
    return int(ExitCode.OK)


def write_evidence(
    report: RunReport, junit: str | None, self_contained: bool = False
) -> list[Path]:
    """results.json and report.html in the run folder (and JUnit XML, report-self-contained.html
    where asked)."""
    from . import report as evidence  # here: jinja2 is loaded only to write a report

    written = [
        evidence.write_results_json(report.run_dir, report.info, report.results),
        evidence.write_report_html(report.run_dir, report.info, report.results),
    ]
    if self_contained:
        written.append(
            evidence.write_self_contained_report_html(report.run_dir, report.info, report.results)
        )
    if junit:
        written.append(evidence.write_junit_xml(Path(junit), report.info, report.results))
    return written


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["doctor"]:
        from . import doctor  # a subcommand's modules load only when it is run

        return doctor.main(argv[1:])
    if argv[:1] == ["scan"]:
        from . import scan  # (it imports the sandbox's web server: heavy)

        return scan.main(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage line
        return int(exc.code or 0) and int(ExitCode.USAGE)
    if args.forget_session:
        return forget_session(args, Path.cwd())
    try:
        plan = plan_from(args, Path.cwd(), argv)
    except (ConfigError, TargetError, UsageError, BatchInputError, JournalError) as exc:
        print(f"run-retry: {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)

    out = sys.stderr if args.json else sys.stdout

    def echo(line: str) -> None:
        print(line, file=out, flush=True)

    try:
        report = asyncio.run(execute(plan, echo))
    except KeyboardInterrupt:
        print("run-retry: interrupted (run-retry --resume carries on)", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except Exception as exc:  # e.g. no browser: one clear line, not a traceback
        if isinstance(exc, (BrowserNotFound, RunLocked)):
            print(f"run-retry: {exc}", file=sys.stderr)
            return int(ExitCode.USAGE)
        raise
    return finish(report, args, echo)


def finish(report: RunReport, args: argparse.Namespace, echo) -> int:
    """Evidence, the summary, the exit code."""
    from .report import results_document, summary_line  # jinja2, as in write_evidence

    code = report.exit_code
    try:
        written = write_evidence(report, args.junit, args.self_contained)
    except Exception as exc:  # the evidence failing must not hide what happened to the orders
        echo(f"could not write the report: {type(exc).__name__}: {exc}")
        written = []
    RunFolder(report.run_dir, report.info.run_id).narrow_permissions()
    for path in written:
        echo(f"{path.name}: {path}")
    echo(f"screenshots: {report.run_dir}")
    traces = sorted(report.run_dir.rglob("trace.zip"))
    for trace in traces:
        echo(f"trace: {trace} (open it with: playwright show-trace {trace})")
    failed_step = any(r.outcome is Outcome.ERROR and r.steps for r in report.results)
    if not traces and failed_step and not report.login_failed:
        # An order in error was not clicked: running it again is safe, and shows each action.
        echo(
            "to see what the browser did: run it again with --trace retain-on-failure"
            if report.single
            else "to see what the browser did: run the orders in error again (results.json "
            "lists them) with --trace retain-on-failure"
        )
    echo(f"summary: {summary_line(report.results)}")
    if report.braked:
        echo("stopped early after repeated automation errors")
    if report.wrong_address:
        echo("check THIIO_URL: it should be your Thiio account's own address")
    elif report.login_failed and (report.single or report.info.sandbox):
        echo("fix what stopped the login, then run the same command again")
    elif report.not_done and not report.info.sandbox:
        echo(
            f"{report.not_done} entr{'y' if report.not_done == 1 else 'ies'} not done: "
            f"run-retry --resume {report.info.run_id}"
        )
    if args.json:
        document = {**results_document(report.info, report.results), "exit_code": int(code)}
        print(json.dumps(document, indent=2, ensure_ascii=False))
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
