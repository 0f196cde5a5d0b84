"""The batch benchmark: wall time, orders a minute and peak memory of run-retry plus its browser.

Each configuration gets a fresh generated sandbox (`--generate N --retry-delay S`): N orders,
each with a failed Ultracart notification whose retry succeeds S seconds after it is asked
for. The floor is N x S / concurrency, the sandbox's own processing time. The naive baseline
(bench/naive_baseline.py) runs on a few orders and is scaled to N.

    .venv/bin/python bench/run_bench.py                      # the full matrix (a few minutes)
    .venv/bin/python bench/run_bench.py --orders 20 --concurrency 4 --screenshots failures
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from thiio_sandbox.scenarios import generate_scenario
from thiio_sandbox.server import start_sandbox

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent


@dataclass
class Measurement:
    label: str
    orders: int
    concurrency: int
    screenshots: str
    seconds: float
    orders_per_minute: float
    floor_seconds: float
    ratio_to_floor: float
    peak_mib: float
    tool_cpu_seconds: float  # run-retry, its driver and the browser (sampled: a lower bound)
    sandbox_cpu_seconds: float  # the sandbox (a thread of this process) and the bench itself
    succeeded: int
    ledger_retries: int
    double_retries: int
    exit_code: int
    step_median_seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds_by_process: dict[str, float] = field(default_factory=dict)
    peak_mib_by_half: tuple[int, int] = (0, 0)
    peak_mib_by_process: dict[str, int] = field(default_factory=dict)


def process_tree(root: int) -> list[int]:
    """root and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def pss_kib(pid: int) -> int:
    """Proportional set size: shared pages (Chromium's many processes) counted once overall."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class CpuTime:
    """User + system seconds of this process: the sandbox (a thread here) and the bench."""

    def __enter__(self) -> CpuTime:
        self._start = self._seconds()
        return self

    def __exit__(self, *exc: object) -> None:
        self.own = self._seconds() - self._start

    @staticmethod
    def _seconds() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime


def cpu_seconds_and_kind(pid: int) -> tuple[float, str] | None:
    """user + system seconds so far of one process, and what it is (run-retry, Playwright's
    driver, Chromium's browser, renderer or GPU process), from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            stat = handle.read()
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            # Chromium rewrites its command line as one space-separated string.
            args = handle.read().replace(b"\0", b" ").decode(errors="replace").split()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    seconds = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds, process_kind(args, stat.split("(", 1)[1].rsplit(")", 1)[0])


def process_kind(args: list[str], comm: str) -> str:
    chromium_type = next((a.split("=", 1)[1] for a in args if a.startswith("--type=")), None)
    if chromium_type:
        return f"chromium {chromium_type}"
    program = os.path.basename(args[0]) if args else comm
    if "chrom" in program or "chrom" in comm:
        return "chromium browser"
    if program.startswith("node") or comm == "node":
        return "playwright driver (node)"
    if program.startswith("python") or "run-retry" in program or "run-retry" in " ".join(args):
        return "run-retry (python)"
    return program or comm or "?"


class PeakMemory:
    """Samples the PSS of a process tree every 100 ms; keeps the highest sum. Also keeps each
    process's last CPU time, to tell how the CPU was shared out (the tool, the driver, the
    browser's renderers)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kib = 0
        self.samples_kib: list[int] = []  # the tree's PSS every 100 ms: does it grow?
        self.peak_by_pid: dict[int, int] = {}  # each process's PSS at the peak
        self.cpu_by_pid: dict[int, tuple[float, str]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            tree = process_tree(self.pid)
            by_pid = {pid: pss_kib(pid) for pid in tree}
            total = sum(by_pid.values())
            if total > self.peak_kib:
                self.peak_kib = total
                self.peak_by_pid = by_pid
            self.samples_kib.append(total)
            for pid in tree:
                seen = cpu_seconds_and_kind(pid)
                if seen is not None:
                    # A process that has exited (a zombie) no longer shows what it was.
                    known = self.cpu_by_pid.get(pid)
                    self.cpu_by_pid[pid] = (seen[0], known[1] if known else seen[1])

    def halves_peak_mib(self) -> tuple[int, int]:
        """The peak PSS of the run's first and second half: a page that grows with every
        order shows a higher second half (then recycling pages would pay)."""
        half = len(self.samples_kib) // 2
        first, second = self.samples_kib[:half] or [0], self.samples_kib[half:] or [0]
        return round(max(first) / 1024), round(max(second) / 1024)

    def peak_mib_by_kind(self) -> dict[str, int]:
        """Where the peak's memory was: MiB of PSS per kind of process at that moment."""
        kinds: dict[str, int] = {}
        for pid, kib in self.peak_by_pid.items():
            known = self.cpu_by_pid.get(pid)
            kind = known[1] if known else "?"
            kinds[kind] = kinds.get(kind, 0) + kib
        return {kind: round(kib / 1024) for kind, kib in sorted(kinds.items(), key=lambda i: -i[1])}

    def cpu_by_kind(self) -> dict[str, float]:
        """CPU seconds per kind of process (as last sampled: a lower bound)."""
        kinds: dict[str, float] = {}
        for seconds, kind in self.cpu_by_pid.values():
            kinds[kind] = round(kinds.get(kind, 0.0) + seconds, 1)
        return dict(sorted(kinds.items(), key=lambda item: -item[1]))


def run_tool(
    orders: int,
    delay: float,
    concurrency: int,
    screenshots: str,
    work: Path,
    extra_args: tuple[str, ...] = (),
) -> Measurement:
    scenario = generate_scenario(orders, retry_delay=delay)
    numbers = [str(200001 + i) for i in range(orders)]
    batch = work / "orders.yaml"
    batch.write_text("".join(f"- {n}\n" for n in numbers))
    with start_sandbox(db_path=work / "sandbox.sqlite3", scenario=scenario, reset=True) as sandbox:
        env = {
            **os.environ,
            "THIIO_URL": sandbox.url,
            "THIIO_EMAIL": "demo@thiio.test",
            "THIIO_PASSWORD": "demo-password",
            "XDG_CACHE_HOME": str(work / "cache"),  # a fresh login: the one the target allows
        }
        command = [
            str(VENV_BIN / "run-retry"),
            "--batch", str(batch), "--yes", "--json",
            "--concurrency", str(concurrency),
            "--screenshots", screenshots,
            "--screenshots-dir", str(work / "screenshots"),
            *extra_args,
        ]  # fmt: skip
        run = measure(command, work, env)
        ledger = sandbox.ledger()
    document = json.loads(run.out or b"{}")
    return measurement(
        f"run-retry c={concurrency} shots={screenshots}",
        run,
        ledger,
        orders,
        delay,
        concurrency,
        screenshots,
        succeeded=document.get("counts", {}).get("succeeded", 0),
        step_median_seconds=step_medians(document),
    )


@dataclass
class Measured:
    """One command's run: wall seconds, what it printed, its tree's memory and CPU."""

    seconds: float
    out: bytes
    memory: PeakMemory
    own_cpu_seconds: float
    exit_code: int


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> Measured:
    started = time.monotonic()
    with CpuTime() as cpu:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        with PeakMemory(process.pid) as memory:
            out, _ = process.communicate()
    return Measured(time.monotonic() - started, out, memory, cpu.own, process.returncode)


def measurement(
    label: str,
    run: Measured,
    ledger: list[dict],
    orders: int,
    delay: float,
    concurrency: int,
    screenshots: str,
    succeeded: int,
    step_median_seconds: dict[str, float] | None = None,
) -> Measurement:
    retried = [row["order"] for row in ledger]
    floor = orders * delay / concurrency
    seconds = run.seconds
    memory = run.memory
    return Measurement(
        label=label,
        orders=orders,
        concurrency=concurrency,
        screenshots=screenshots,
        seconds=round(seconds, 1),
        orders_per_minute=round(orders / seconds * 60, 1),
        floor_seconds=round(floor, 1),
        ratio_to_floor=round(seconds / floor, 2),
        peak_mib=round(memory.peak_kib / 1024, 0),
        tool_cpu_seconds=round(sum(memory.cpu_by_kind().values()), 1),
        sandbox_cpu_seconds=round(run.own_cpu_seconds, 1),
        succeeded=succeeded,
        ledger_retries=len(retried),
        double_retries=len(retried) - len(set(retried)),
        exit_code=run.exit_code,
        step_median_seconds=step_median_seconds or {},
        cpu_seconds_by_process=memory.cpu_by_kind(),
        peak_mib_by_half=memory.halves_peak_mib(),
        peak_mib_by_process=memory.peak_mib_by_kind(),
    )


def run_expert(orders: int, delay: float, concurrency: int, work: Path) -> Measurement:
    """bench/expert_script.py (the hand-tuned anchor) on the same generated sandbox."""
    scenario = generate_scenario(orders, retry_delay=delay)
    numbers = [str(200001 + i) for i in range(orders)]
    with start_sandbox(db_path=work / "expert.sqlite3", scenario=scenario, reset=True) as sandbox:
        command = [
            sys.executable, str(HERE / "expert_script.py"), "--url", sandbox.url,
            "--concurrency", str(concurrency), *numbers,
        ]  # fmt: skip
        run = measure(command, work, dict(os.environ))
        ledger = sandbox.ledger()
    succeeded = run.out.decode(errors="replace").count(": Success")
    label = f"expert script c={concurrency}"
    return measurement(label, run, ledger, orders, delay, concurrency, "none", succeeded)


def run_single(repeats: int, delay: float, work: Path) -> list[str]:
    """One order, command to outcome: run-retry with a saved session (a first, unmeasured run
    logs in and saves it) against the expert script for one order, alternating; each on an
    order of its own. Returns the lines to print."""
    orders = 1 + 2 * repeats
    scenario = generate_scenario(orders, retry_delay=delay)
    numbers = iter(str(200001 + i) for i in range(orders))
    tool_seconds: list[float] = []
    expert_seconds: list[float] = []
    with start_sandbox(db_path=work / "single.sqlite3", scenario=scenario, reset=True) as sandbox:
        env = {
            **os.environ,
            "THIIO_URL": sandbox.url,
            "THIIO_EMAIL": "demo@thiio.test",
            "THIIO_PASSWORD": "demo-password",
            "XDG_CACHE_HOME": str(work / "cache"),
        }

        def tool(number: str) -> Measured:
            command = [
                str(VENV_BIN / "run-retry"), "--order", number, "--screenshots", "failures",
                "--screenshots-dir", str(work / "screenshots"),
            ]  # fmt: skip
            return measure(command, work, env)

        tool(next(numbers))  # logs in and saves the session
        for _ in range(repeats):
            run = tool(next(numbers))
            tool_seconds.append(run.seconds)
            command = [sys.executable, str(HERE / "expert_script.py"), "--url", sandbox.url]
            expert_seconds.append(measure([*command, next(numbers)], work, env).seconds)
        ledger = sandbox.ledger()
    retried = [row["order"] for row in ledger]
    tool = statistics.median(tool_seconds)
    expert = statistics.median(expert_seconds)
    return [
        f"single order: run-retry (saved session) {tool:.2f} s / expert script (logs in) "
        f"{expert:.2f} s = {tool / expert:.2f}x (medians of {repeats}; tool runs "
        f"{', '.join(f'{x:.2f}' for x in tool_seconds)}; expert runs "
        f"{', '.join(f'{x:.2f}' for x in expert_seconds)}); ledger {len(retried)} retries "
        f"of {orders} orders, {len(retried) - len(set(retried))} double",
    ]


def step_medians(document: dict) -> dict[str, float]:
    """Median seconds of each step over the run's orders (where the time per order goes)."""
    seconds: dict[str, list[float]] = {}
    for order in document.get("orders", []):
        for step in order.get("steps", []):
            seconds.setdefault(step["name"], []).append(step["seconds"])
    return {name: round(statistics.median(values), 2) for name, values in seconds.items()}


def run_baseline(orders: int, sample: int, delay: float, work: Path) -> Measurement:
    scenario = generate_scenario(sample, retry_delay=delay)
    numbers = [str(200001 + i) for i in range(sample)]
    with start_sandbox(db_path=work / "naive.sqlite3", scenario=scenario, reset=True) as sandbox:
        command = [
            sys.executable, str(HERE / "naive_baseline.py"), "--url", sandbox.url,
            "--orders", *numbers,
        ]  # fmt: skip
        started = time.monotonic()
        with CpuTime() as cpu:
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            with PeakMemory(process.pid) as memory:
                process.wait()
        per_order = (time.monotonic() - started) / sample
        ledger = sandbox.ledger()
    seconds = per_order * orders
    return Measurement(
        label=f"naive baseline (measured on {sample}, scaled)",
        orders=orders,
        concurrency=1,
        screenshots="none",
        seconds=round(seconds, 1),
        orders_per_minute=round(orders / seconds * 60, 1),
        floor_seconds=round(orders * delay, 1),
        ratio_to_floor=round(seconds / (orders * delay), 2),
        peak_mib=round(memory.peak_kib / 1024, 0),
        tool_cpu_seconds=round(sum(memory.cpu_by_kind().values()) / sample * orders, 1),
        sandbox_cpu_seconds=round(cpu.own / sample * orders, 1),
        succeeded=len({row["order"] for row in ledger}),
        ledger_retries=len(ledger),
        double_retries=len(ledger) - len({row["order"] for row in ledger}),
        exit_code=process.returncode,
    )


def table(rows: list[Measurement]) -> str:
    head = (
        "| run | orders | wall s | orders/min | floor s | x floor | peak MiB | CPU s tool "
        "| CPU s sandbox | succeeded | ledger retries | double |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    return head + "".join(
        f"| {m.label} | {m.orders} | {m.seconds} | {m.orders_per_minute} | {m.floor_seconds} "
        f"| {m.ratio_to_floor} | {m.peak_mib:.0f} | {m.tool_cpu_seconds} "
        f"| {m.sandbox_cpu_seconds} | {m.succeeded} | {m.ledger_retries} "
        f"| {m.double_retries} |\n"
        for m in rows
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100)
    parser.add_argument("--retry-delay", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, nargs="*", default=[1, 2, 4, 8])
    parser.add_argument("--screenshots", nargs="+", default=["failures", "all"])
    parser.add_argument("--baseline-sample", type=int, default=4, help="0 skips the baseline")
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="tool and expert script alternate this often per concurrency (0: no expert)",
    )
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument(
        "--single",
        type=int,
        default=0,
        metavar="K",
        help="also time one order, command to outcome, K times each (tool and expert)",
    )
    parser.add_argument(
        "--tool-arg",
        action="append",
        default=[],
        help="passed on to run-retry (repeat it), e.g. --tool-arg=--trace --tool-arg=off",
    )
    args = parser.parse_args(argv)
    rows: list[Measurement] = []
    ratios: list[str] = []
    with tempfile.TemporaryDirectory(prefix="thiio-bench-") as tmp:
        for concurrency in args.concurrency:
            experts: list[Measurement] = []
            tools: dict[str, list[Measurement]] = {}
            for round_number in range(max(1, args.rounds)):
                for shots in args.screenshots:
                    work = Path(tmp) / f"c{concurrency}-{shots}-{round_number}"
                    work.mkdir()
                    m = run_tool(
                        args.orders,
                        args.retry_delay,
                        concurrency,
                        shots,
                        work,
                        tuple(args.tool_arg),
                    )
                    tools.setdefault(shots, []).append(m)
                    rows.append(m)
                    print(table(rows[-1:]).splitlines()[-1], flush=True)
                    print(f"    median step seconds: {m.step_median_seconds}", flush=True)
                    print(f"    CPU s by process: {m.cpu_seconds_by_process}", flush=True)
                    print(f"    peak MiB, first / second half: {m.peak_mib_by_half}", flush=True)
                    print(f"    peak MiB by process: {m.peak_mib_by_process}", flush=True)
                if args.rounds:  # alternating: the machine's drift falls on both alike
                    work = Path(tmp) / f"c{concurrency}-expert-{round_number}"
                    work.mkdir()
                    experts.append(run_expert(args.orders, args.retry_delay, concurrency, work))
                    rows.append(experts[-1])
                    print(table(rows[-1:]).splitlines()[-1], flush=True)
                    print(f"    CPU s by process: {rows[-1].cpu_seconds_by_process}", flush=True)
                    print(f"    peak MiB by process: {rows[-1].peak_mib_by_process}", flush=True)
            if experts:
                expert = statistics.median(m.seconds for m in experts)
                for shots, measured in tools.items():
                    tool = statistics.median(m.seconds for m in measured)
                    ratios.append(
                        f"c={concurrency} shots={shots}: tool {tool:.1f} s / expert "
                        f"{expert:.1f} s = {tool / expert:.2f}x (medians of {len(measured)})"
                    )
        if args.single:
            work = Path(tmp) / "single"
            work.mkdir()
            ratios.extend(run_single(args.single, args.retry_delay, work))
        if args.baseline_sample:
            work = Path(tmp) / "naive"
            work.mkdir()
            rows.append(run_baseline(args.orders, args.baseline_sample, args.retry_delay, work))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps([asdict(m) for m in rows], indent=2))
    print(table(rows))
    for line in ratios:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
