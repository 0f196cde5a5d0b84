"""run-retry scan: find every order whose integration row (the runbook's) is Failed, read-only,
and write them as a batch file to review and then run.

The morning after an UltraCart outage nobody should have to compile the list by hand. scan
walks the Orders list (every page, optionally only orders dated --since/--until, at most
--limit), opens each order's Notifications with the same pages and concurrency as a batch,
reads the row, and writes `failed.yaml` (each order with its status, attempts and error text
as a note) and a summary by error text. It clicks nothing that changes an order: only the
menu entry, the search, the result, the tab and the list's next-page control.

Exit codes: 0 the scan finished; 2 bad usage or configuration; 3 the automation failed
(login refused, the list could not be read, or an order could not be read: see the list).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path

import yaml
from playwright.async_api import Error as PlaywrightError

from thiio_sandbox.server import start_sandbox

from .browser import check_display, launch_or_connect, renderers_to_balance, start_playwright
from .config import (
    ConfigFiles,
    RunbookSpec,
    SiteConfig,
)
from .outcomes import ExitCode, OrderResult, Outcome, attempts_text
from .pages.common import AuthError, AutomationError
from .pages.orders import OrderMatch, OrdersPage
from .runbook import RetryProcedure
from .rundir import RunFolder, write_private
from .session import Session
from .subcommand import Echo, add_config_flags, run_subcommand
from .target import Target, resolve_target, sandbox_target
from .worker_pool import WorkerPool

PROG = "run-retry scan"
MAX_LIST_PAGES = 1000  # a bound on the list walk: 25,000 orders at 25 a page

_MONTHS = {m.lower(): i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
)}  # fmt: skip
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_US_NUMERIC = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def list_date(text: str) -> date | None:
    """The date an Orders list shows: 2026-11-20, Nov 20, 2026, 20 Nov 2026, 11/20/2026."""
    try:
        if found := _ISO.search(text):
            return date(int(found[1]), int(found[2]), int(found[3]))
        if (found := _MONTH_DAY_YEAR.search(text)) and found[1][:3].lower() in _MONTHS:
            return date(int(found[3]), _MONTHS[found[1][:3].lower()], int(found[2]))
        if (found := _DAY_MONTH_YEAR.search(text)) and found[2][:3].lower() in _MONTHS:
            return date(int(found[3]), _MONTHS[found[2][:3].lower()], int(found[1]))
        if found := _US_NUMERIC.search(text):
            first, second = int(found[1]), int(found[2])
            if first <= 12 and second <= 12 and first != second:
                return None  # 03/04/2026: March 4th or 3 April? Undated, so kept
            return date(int(found[3]), first, second)
    except ValueError:  # 2026-02-31: not a date
        return None
    return None


def _date_flag(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


@dataclass(frozen=True)
class ScanOptions:
    since: date | None = None
    until: date | None = None
    limit: int | None = None
    concurrency: int = 2


@dataclass
class Scan:
    """What a scan saw: the listed orders it kept, and each one's reading."""

    listed: list[OrderMatch] = field(default_factory=list)
    undated: int = 0  # listed orders whose date could not be read (kept)
    results: list[OrderResult] = field(default_factory=list)
    error: str | None = None  # the scan could not go on

    @property
    def failed(self) -> list[OrderResult]:
        return [r for r in self.results if r.outcome is Outcome.DRY_RUN]

    @property
    def errors(self) -> list[OrderResult]:
        return [r for r in self.results if r.outcome is Outcome.ERROR]


def keep(match: OrderMatch, options: ScanOptions) -> bool | None:
    """Whether a listed order is in the --since/--until window; None when its date is
    unreadable (it is kept: better read once more than missed)."""
    if options.since is None and options.until is None:
        return True
    when = list_date(match.date)
    if when is None:
        return None
    if options.since is not None and when < options.since:
        return False
    return not (options.until is not None and when > options.until)


async def walk_list(orders: OrdersPage, options: ScanOptions, scan: Scan, echo: Echo) -> None:
    """Every page of the Orders list, newest first as the site lists them."""
    await orders.open_orders()
    await orders.show_all()
    seen: set[str] = set()
    for page_number in range(1, MAX_LIST_PAGES + 1):
        shown = await orders.listed()
        fresh = [m for m in shown if m.number not in seen]
        for match in fresh:
            seen.add(match.number)
            kept = keep(match, options)
            scan.undated += kept is None
            if kept is not False:
                scan.listed.append(match)
            if options.limit is not None and len(scan.listed) >= options.limit:
                break
        echo(f"list page {page_number}: {len(shown)} orders ({len(scan.listed)} kept so far)")
        full = options.limit is not None and len(scan.listed) >= options.limit
        if full or not fresh or not await orders.next_page():
            return


async def scan_account(
    site: SiteConfig,
    spec: RunbookSpec,
    target: Target,
    folder: RunFolder,
    options: ScanOptions,
    echo: Echo,
    fresh_login: bool = False,
) -> Scan:
    scan = Scan()
    async with start_playwright() as playwright:
        browser = await launch_or_connect(playwright, site.browser, pages=options.concurrency)
        session = Session(target, site, fresh_login=fresh_login)
        pool: WorkerPool | None = None
        try:
            context = await session.new_context(browser)
            pool = WorkerPool(
                browser,
                session,
                context,
                site,
                folder,
                procedure_for=partial(
                    RetryProcedure,
                    session=session,
                    spec=spec,
                    folder=folder,
                    echo=lambda _: None,
                    screenshots="failures",
                ),
                renderers=renderers_to_balance(site.browser, options.concurrency),
            )
            first = await pool.log_in("scan")
            await walk_list(first.orders, options, scan, echo)
            echo(f"{len(scan.listed)} orders to read, {options.concurrency} at a time")
            workers = [first]
            for _ in range(min(options.concurrency, len(scan.listed)) - 1):
                workers.append(await pool.add_worker())
            await _read_all(workers, scan, spec, echo)
            await session.save_state(context)
        except (AuthError, AutomationError, PlaywrightError) as exc:
            scan.error = str(exc).splitlines()[0]
        finally:
            if pool is not None:
                await pool.close()
            await browser.close()
    return scan


async def _read_all(
    workers: list[RetryProcedure], scan: Scan, spec: RunbookSpec, echo: Echo
) -> None:
    queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue()
    for index, match in enumerate(scan.listed):
        queue.put_nowait((index, match.number))
    slots: dict[int, OrderResult] = {}

    async def work(procedure: RetryProcedure) -> None:
        while True:
            try:
                index, number = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            try:
                result = await procedure.read_order(number)
            except Exception as exc:  # one order's surprise must not lose the others' reads
                result = OrderResult(
                    order=number, outcome=Outcome.ERROR, error=f"{type(exc).__name__}: {exc}"
                )
            slots[index] = result
            if result.outcome is Outcome.DRY_RUN:
                echo(f"order {number}: {_note(result)}")
            elif result.outcome is Outcome.ERROR:
                echo(f"order {number}: could not be read ({result.error})")

    await asyncio.gather(*(work(w) for w in workers))
    scan.results = [slots[i] for i in sorted(slots)]


def by_error(failed: list[OrderResult]) -> list[tuple[str, int]]:
    counts = Counter(" ".join((r.error or "(no error text)").split()) for r in failed)
    return counts.most_common()


def _note(result: OrderResult) -> str:
    parts = [result.status_before or "Failed", attempts_text(result.attempts_before)]
    return ", ".join(p for p in parts if p) + (f": {result.error}" if result.error else "")


def batch_text(scan: Scan, spec: RunbookSpec, target: Target, out: Path) -> str:
    """The batch file: a header to review, then one entry per failed order with its note."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    failed = scan.failed
    header = [
        f"# run-retry scan of {target.url} ({spec.name}), {now}:",
        f"# {len(failed)} order(s) with a Failed {spec.integration} row, of "
        f"{len(scan.results)} read.",
        "# Review (delete what must not be retried), then:",
        f"#   run-retry --batch {out}",
    ]
    if failed:
        header.append("# By error text:")
        header += [f"#   {count:>4}  {text}" for text, count in by_error(failed)]
    entries = [{"order": r.order, "note": _note(r)} for r in failed]
    body = (
        yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=1000)
        if entries
        else "[]\n"
    )
    return "\n".join(header) + "\n" + body


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Find every order whose integration row (the runbook's: Ultracart) is "
        "Failed, read-only, and write them as a batch file to review, then run with "
        "'run-retry --batch FILE'. Nothing that changes an order is clicked.",
        epilog="exit codes: 0 the scan finished, 2 bad usage or configuration, "
        "3 the automation failed (the login, the list, or an order that could not be read)",
    )
    parser.add_argument("--sandbox", action="store_true", help="the embedded sandbox")
    parser.add_argument(
        "--since", type=_date_flag, metavar="DATE", help="orders dated on or after (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--until", type=_date_flag, metavar="DATE", help="orders dated on or before (YYYY-MM-DD)"
    )
    parser.add_argument("--limit", type=int, metavar="N", help="read at most N listed orders")
    parser.add_argument(
        "--out", metavar="FILE", help="the batch file to write (default: <run folder>/failed.yaml)"
    )
    parser.add_argument("--concurrency", type=int, default=2, metavar="N", help="pages at once (2)")
    add_config_flags(parser)
    parser.add_argument("--screenshots-dir", metavar="DIR", help="where the run folder goes")
    parser.add_argument("--headed", action="store_true", help="show the browser window")
    parser.add_argument("--fresh-login", action="store_true", help="ignore the saved session")
    return parser


class ScanUsage(ValueError):
    """Flags out of range or at odds."""


def _check(args: argparse.Namespace) -> ScanOptions:
    if not 1 <= args.concurrency <= 16:
        raise ScanUsage("--concurrency must be between 1 and 16")
    if args.limit is not None and args.limit < 1:
        raise ScanUsage("--limit must be at least 1")
    if args.since and args.until and args.since > args.until:
        raise ScanUsage("--since is after --until")
    return ScanOptions(args.since, args.until, args.limit, args.concurrency)


async def _run(args: argparse.Namespace, cwd: Path, echo: Echo) -> int:
    site, spec = ConfigFiles.from_flags(args.config, args.runbook, cwd).load()
    options = _check(args)
    if args.out and (cwd / args.out).exists():
        raise ScanUsage(f"{args.out} exists: remove it or name another --out")
    check_display(args.headed, os.environ)
    if args.headed:
        site = replace(site, browser=replace(site.browser, headless=False))
    shots = Path(args.screenshots_dir or site.screenshots_dir)
    shots = shots if shots.is_absolute() else cwd / shots
    target = resolve_target(args.sandbox, cwd=cwd)
    sandbox = None
    if target is None:
        sandbox = await asyncio.to_thread(start_sandbox)
        target = sandbox_target(sandbox.url)
        echo(f"scan: the embedded Thiio SANDBOX at {target.url} (demo data)")
    try:
        folder = RunFolder.create(shots)
        out = Path(args.out) if args.out else folder.root / "failed.yaml"
        out = out if out.is_absolute() else cwd / out
        echo(f"scan: {spec.name} on {target.url}, read-only (no order is changed)")
        scan = await scan_account(site, spec, target, folder, options, echo, args.fresh_login)
    finally:
        if sandbox is not None:
            await asyncio.to_thread(sandbox.stop)
    if scan.error and not scan.results:
        echo(f"scan stopped: {scan.error}")
        return int(ExitCode.AUTOMATION_ERROR)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(batch_text(scan, spec, target, out), encoding="utf-8")
    write_private(
        folder.root / "scan.json",
        json.dumps(
            {
                "target_url": target.url,
                "runbook": spec.name,
                "orders": [r.to_json() for r in scan.results],
            },
            indent=2,
            ensure_ascii=False,
        ).encode(),
    )
    failed = scan.failed
    read = len(scan.results)
    echo(f"scan: {len(failed)} order(s) with a Failed {spec.integration} row, of {read} read")
    for text, count in by_error(failed):
        echo(f"  {count:>4}  {text}")
    if scan.undated:
        echo(f"  {scan.undated} listed order(s) had no readable date: kept")
    if scan.errors:
        echo(
            f"  {len(scan.errors)} order(s) could not be read: "
            + ", ".join(r.order for r in scan.errors)
        )
    if scan.error:
        echo(f"scan stopped early: {scan.error}")
    echo(f"batch file: {out}  (review it, then: run-retry --batch {out})")
    echo(f"scan.json: {folder.root / 'scan.json'}")
    return int(ExitCode.AUTOMATION_ERROR if scan.errors or scan.error else ExitCode.OK)


def main(argv: list[str]) -> int:
    ran = run_subcommand(PROG, build_parser(), argv, _run, (ScanUsage,))
    return ran if isinstance(ran, int) else ran.result
