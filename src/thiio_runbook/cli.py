"""run-retry: arguments -> settings -> run -> summary + exit code.

Exit codes (see outcomes.ExitCode): 0 nothing needs a person; 1 a person must look at an
order (still failed, pending, not found, ambiguous, no Ultracart row); 2 bad usage or
configuration (nothing was done); 3 the automation failed (including a refused login);
130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .config import (
    RUNBOOK_NAME,
    SITE_CONFIG_NAME,
    ConfigError,
    RunbookSpec,
    SiteConfig,
    default_config_path,
    load_runbook,
    load_site_config,
)
from .outcomes import ExitCode, OrderResult, Outcome, RunInfo, exit_code_for
from .runbook import BeforeRetryClick, Lookup
from .target import Target, TargetError, resolve_target


@dataclass(frozen=True)
class RunSettings:
    """Everything a run needs, decided before any browser starts."""

    site: SiteConfig
    spec: RunbookSpec
    target: Target | None  # None: start the embedded sandbox
    lookups: tuple[Lookup, ...]
    screenshots_dir: Path
    dry_run: bool = False
    all_matching: bool = False
    fresh_login: bool = False
    json_output: bool = False
    command: str = "run-retry"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run-retry",
        description="Retry a failed Ultracart order sync in the Thiio admin UI, step by step as "
        "Thiio's help article describes, with a screenshot of every step. The account comes "
        "from THIIO_URL, THIIO_EMAIL, THIIO_PASSWORD (and THIIO_TOTP_SECRET) in the environment "
        "or a .env file.",
        epilog="exit codes: 0 nothing needs attention, 1 an order needs a person, "
        "2 bad usage or configuration, 3 the automation failed, 130 interrupted",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--order", metavar="N", help="the order number")
    which.add_argument("--customer-email", metavar="ADDR", help="find the order by customer email")
    which.add_argument("--customer-name", metavar="NAME", help="find the order by customer name")
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
        "--screenshots-dir",
        metavar="DIR",
        help="where run folders go (default: screenshots/ or the config's)",
    )
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
    parser.add_argument(
        "--fresh-login", action="store_true", help="ignore the saved session and log in again"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the results as JSON on stdout (progress goes to stderr)",
    )
    return parser


def lookups_from(args: argparse.Namespace) -> tuple[Lookup, ...]:
    if args.order:
        number = args.order.strip().lstrip("#")
        if not number:
            raise TargetError("--order needs an order number")
        return (Lookup("order", number),)
    if args.customer_email:
        return (Lookup("email", args.customer_email.strip()),)
    return (Lookup("customer", args.customer_name.strip()),)


def settings_from(args: argparse.Namespace, cwd: Path, argv: list[str]) -> RunSettings:
    """Flags + files + environment -> settings. ConfigError/TargetError on any problem."""
    site = load_site_config(default_config_path(args.config, cwd, SITE_CONFIG_NAME))
    spec = load_runbook(default_config_path(args.runbook, cwd, f"runbooks/{RUNBOOK_NAME}"))
    if args.headed or args.slow_mo is not None:
        if args.slow_mo is not None and args.slow_mo < 0:
            raise TargetError("--slow-mo must be >= 0")
        browser = replace(
            site.browser,
            headless=site.browser.headless and not args.headed,
            slow_mo_ms=args.slow_mo if args.slow_mo is not None else site.browser.slow_mo_ms,
        )
        site = replace(site, browser=browser)
    target = resolve_target(args.sandbox, cwd=cwd)
    shots = Path(args.screenshots_dir or site.screenshots_dir)
    return RunSettings(
        site=site,
        spec=spec,
        target=target,
        lookups=lookups_from(args),
        screenshots_dir=shots if shots.is_absolute() else cwd / shots,
        dry_run=args.dry_run,
        all_matching=args.all_matching,
        fresh_login=args.fresh_login,
        json_output=args.json,
        command=shlex.join(["run-retry", *argv]),
    )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def write_evidence(run_dir: Path, run: RunInfo, results: list[OrderResult]) -> list[Path]:
    """results.json and report.html through the report module."""
    from . import report

    written = [report.write_results_json(run_dir, run, results)]
    written.append(report.write_report_html(run_dir, run, results))
    return written


async def run(
    settings: RunSettings,
    before_retry_click: BeforeRetryClick | None = None,
    echo: Callable[[str], None] = print,
) -> tuple[RunInfo, list[OrderResult], Path]:
    """One browser, one logged-in context, one page: each lookup in turn."""
    from playwright.async_api import async_playwright

    from .browser import QUIET_ARGS, choose_browser
    from .pages.common import AuthError, Screen
    from .runbook import RetryProcedure
    from .rundir import RunFolder
    from .session import Session

    sandbox = None
    target = settings.target
    if target is None:
        from thiio_sandbox.server import start_sandbox

        from .target import sandbox_target

        sandbox = await asyncio.to_thread(start_sandbox)
        target = sandbox_target(sandbox.url)
        echo(
            f"Running against the embedded Thiio SANDBOX at {target.url} (demo data, demo login "
            f"{target.email}) -- not a real Thiio account."
        )
    folder = RunFolder.create(settings.screenshots_dir)
    info = RunInfo(
        run_id=folder.run_id,
        started_at=_now(),
        target_url=target.url,
        runbook=settings.spec.name,
        sandbox=target.sandbox,
        dry_run=settings.dry_run,
        tool_version=__version__,
        command=settings.command,
    )
    echo(
        f"run {folder.run_id}: {settings.spec.title} on {target.url}"
        + (" (dry run: nothing will be clicked)" if settings.dry_run else "")
    )
    results: list[OrderResult] = []
    try:
        async with async_playwright() as playwright:
            b = settings.site.browser
            choice = choose_browser(playwright.chromium.executable_path, b.executable_path)
            browser = await playwright.chromium.launch(
                headless=b.headless,
                slow_mo=b.slow_mo_ms,
                args=list(QUIET_ARGS),
                executable_path=choice.executable_path,
            )
            try:
                session = Session(target, settings.site, fresh_login=settings.fresh_login)
                context = await session.new_context(browser)
                page = await context.new_page()
                screen = Screen(page, settings.site.labels, settings.site.timeouts)
                procedure = RetryProcedure(
                    screen,
                    session,
                    settings.spec,
                    folder,
                    dry_run=settings.dry_run,
                    all_matching=settings.all_matching,
                    before_retry_click=before_retry_click,
                    echo=echo,
                    full_page=settings.site.full_page_screenshots,
                )
                try:
                    await procedure.log_in(settings.lookups[0].value)
                    for lookup in settings.lookups:
                        results.extend(await procedure.run(lookup))
                    await session.save_state(context)
                except AuthError as exc:
                    echo(f"login failed: {exc}")
                    session.forget_state()
                    done = {r.query for r in results}
                    for lookup in settings.lookups:
                        if lookup.value not in done:
                            results.append(
                                OrderResult(
                                    order=lookup.value,
                                    outcome=Outcome.ERROR,
                                    lookup=lookup.kind,
                                    query=lookup.value,
                                    error=f"1.1 log in: {exc}",
                                    steps=list(procedure.shared_steps),
                                )
                            )
                await context.close()
            finally:
                await browser.close()
    finally:
        if sandbox is not None:
            await asyncio.to_thread(sandbox.stop)
    info.finished_at = _now()
    return info, results, folder.root


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage line
        return int(exc.code or 0) and int(ExitCode.USAGE)
    try:
        settings = settings_from(args, Path.cwd(), argv)
    except (ConfigError, TargetError) as exc:
        print(f"run-retry: {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)

    out = sys.stderr if settings.json_output else sys.stdout

    def echo(line: str) -> None:
        print(line, file=out, flush=True)

    try:
        info, results, run_dir = asyncio.run(run(settings, echo=echo))
    except KeyboardInterrupt:
        print("run-retry: interrupted", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except Exception as exc:  # e.g. no browser: one clear line, not a traceback
        from .browser import BrowserNotFound

        if isinstance(exc, BrowserNotFound):
            print(f"run-retry: {exc}", file=sys.stderr)
            return int(ExitCode.USAGE)
        raise
    code = exit_code_for(r.outcome for r in results) if results else ExitCode.AUTOMATION_ERROR
    try:
        written = write_evidence(run_dir, info, results)
    except Exception as exc:  # the evidence failing must not hide what happened to the orders
        echo(f"could not write the report: {type(exc).__name__}: {exc}")
        written = []
    from .rundir import RunFolder

    RunFolder(run_dir, info.run_id).narrow_permissions()
    for path in written:
        echo(f"{path.name}: {path}")
    echo(f"screenshots: {run_dir}")
    if settings.json_output:
        from .report import results_document

        document = {**results_document(info, results), "exit_code": int(code)}
        print(json.dumps(document, indent=2, ensure_ascii=False))
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
