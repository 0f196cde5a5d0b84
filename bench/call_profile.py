"""Where a batch's browser work goes: every Playwright call run-retry makes, by step.

Runs run-retry in this process (its CLI, on a fresh generated sandbox) with Playwright's
connection wrapped, so that every call to the browser is counted against the runbook step
it was made in: how many calls an order, of which kind (a count, an evaluate, a click, a
wait), and how long they took. Profiling, not measuring: the wrapper costs a little, so
the wall time here is not the benchmark's.

    .venv/bin/python bench/call_profile.py --orders 24 --concurrency 4
    .venv/bin/python bench/call_profile.py --orders 8 --concurrency 1 --selectors sel.json
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import asynccontextmanager, redirect_stdout
from pathlib import Path
from typing import Any

# Playwright's own connection (not public API): where every call to the browser passes.
from playwright._impl import connection as pw_connection

from thiio_runbook import cli, steps
from thiio_sandbox.scenarios import generate_scenario
from thiio_sandbox.server import start_sandbox

# A pinned element's token or an order number: one selector whatever the order.
ANY_TOKEN = re.compile(r"(?<=pin=\")[0-9a-f]+|\d{5,}")
STEP: contextvars.ContextVar[str] = contextvars.ContextVar("step", default="(between steps)")


class Calls:
    """Every call made, by (step, what), with the seconds until its reply."""

    def __init__(self) -> None:
        self.count: Counter[tuple[str, str]] = Counter()
        self.seconds: defaultdict[tuple[str, str], float] = defaultdict(float)
        self.selectors: Counter[tuple[str, str, str]] = Counter()
        self.selector_seconds: defaultdict[tuple[str, str, str], float] = defaultdict(float)

    def add(self, step: str, what: str, seconds: float, selector: str | None) -> None:
        self.count[(step, what)] += 1
        self.seconds[(step, what)] += seconds
        if selector:
            key = (step, what, ANY_TOKEN.sub("…", selector))
            self.selectors[key] += 1
            self.selector_seconds[key] += seconds


CALLS = Calls()


def what_call(object_type: str, method: str) -> str:
    """A call's kind: the object's type and method; "" for the driver's wait notices."""
    return "" if method == "__waitInfo__" else f"{object_type}.{method}"


def wrap_connection() -> None:
    original = pw_connection.Connection.send_message_to_server

    def counted(
        self: pw_connection.Connection,
        owner: pw_connection.ChannelOwner,
        method: str,
        params: Any,
        options: dict[str, Any],
    ) -> asyncio.Future[Any]:
        future = original(self, owner, method, params, options)
        what = what_call(owner._type, method)
        if not what:
            return future
        step, started = STEP.get(), time.perf_counter()
        selector = params.get("selector") if isinstance(params, dict) else None
        future.add_done_callback(
            lambda _: CALLS.add(step, what, time.perf_counter() - started, selector)
        )
        return future

    pw_connection.Connection.send_message_to_server = counted  # type: ignore[method-assign]


def wrap_steps() -> None:
    original = steps.StepLog.step

    @asynccontextmanager
    async def step(self, name: str):
        token = STEP.set(name.split(" ", 1)[-1] if name[:1].isdigit() else name)
        try:
            async with original(self, name) as note:
                yield note
        finally:
            STEP.reset(token)

    steps.StepLog.step = step  # type: ignore[method-assign]


def report(orders: int, wall: float) -> str:
    by_step: Counter[str] = Counter()
    step_seconds: defaultdict[str, float] = defaultdict(float)
    for (step, _), n in CALLS.count.items():
        by_step[step] += n
    for (step, _), s in CALLS.seconds.items():
        step_seconds[step] += s
    total = sum(by_step.values())
    lines = [f"{orders} orders in {wall:.1f} s: {total} calls, {total / orders:.1f} an order", ""]
    lines.append(f"{'step':<34} {'calls/order':>11} {'call-s/order':>12}")
    for step, n in by_step.most_common():
        lines.append(f"{step:<34} {n / orders:>11.1f} {step_seconds[step] / orders:>12.2f}")
    lines += ["", f"{'step':<34} {'call':<34} {'/order':>7} {'ms each':>8}"]
    for (step, what), n in CALLS.count.most_common(40):
        ms = CALLS.seconds[(step, what)] / n * 1000
        lines.append(f"{step:<34} {what:<34} {n / orders:>7.1f} {ms:>8.1f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=24)
    parser.add_argument("--retry-delay", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--screenshots", default="failures")
    parser.add_argument("--selectors", help="write every selector queried, by step, to this JSON")
    parser.add_argument("--tool-arg", action="append", default=[], help="passed on to run-retry")
    args = parser.parse_args(argv)
    wrap_connection()
    wrap_steps()
    scenario = generate_scenario(args.orders, retry_delay=args.retry_delay)
    with tempfile.TemporaryDirectory(prefix="call-profile-") as tmp:
        work = Path(tmp)
        batch = work / "orders.yaml"
        batch.write_text("".join(f"- {200001 + i}\n" for i in range(args.orders)))
        with start_sandbox(
            db_path=work / "sandbox.sqlite3", scenario=scenario, reset=True
        ) as sandbox:
            os.environ.update(
                THIIO_URL=sandbox.url,
                THIIO_EMAIL="demo@thiio.test",
                THIIO_PASSWORD="demo-password",
                XDG_CACHE_HOME=str(work / "cache"),
            )
            started = time.perf_counter()
            with open(os.devnull, "w") as quiet, redirect_stdout(quiet):
                code = cli.main(
                    [
                        "--batch",
                        str(batch),
                        "--yes",
                        "--json",
                        "--concurrency",
                        str(args.concurrency),
                        "--screenshots",
                        args.screenshots,
                        "--screenshots-dir",
                        str(work / "screenshots"),
                        *args.tool_arg,
                    ]
                )
            wall = time.perf_counter() - started
            ledger = sandbox.ledger()
    print(report(args.orders, wall))
    if args.selectors:
        Path(args.selectors).write_text(
            json.dumps(
                [
                    [step, what, n / args.orders, CALLS.selector_seconds[key] / n * 1000, sel]
                    for key, n in CALLS.selectors.most_common()
                    for step, what, sel in [key]
                ],
                indent=1,
            )
        )
    print(f"\nexit {code}; {len(ledger)} retries in the ledger", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
