"""How long validating a large batch file takes (the target: 100,000 entries in under 2 s).

    .venv/bin/python bench/batchfile_bench.py [--entries N] [--repeat R]

Writes a YAML list and a CSV export of N entries (mostly order numbers, some mappings with
emails, customer names and notes, as a real batch after an outage looks) to a temporary folder,
and prints the best of R timings of load_batch for each, plus a file full of errors.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import yaml

from thiio_runbook.batchfile import BatchInputError, load_batch


def write_yaml(path: Path, count: int, broken: bool = False) -> None:
    lines = ["# orders that failed during the UltraCart outage"]
    for i in range(count):
        number = 100000 + i
        if broken and i % 2:
            lines.append(f"- {number} {i}")  # a space inside the number: a problem per entry
        elif i % 10 == 0:
            lines.append(f"- order: {number}\n  note: ticket {i}")
        elif i % 10 == 1:
            lines.append(f"- email: customer{i}@example.com")
        elif i % 10 == 2:
            lines.append(f"- customer: Customer Number {i}")
        else:
            lines.append(f"- {number}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_plain_numbers(path: Path, count: int) -> None:
    path.write_text("".join(f"- {100000 + i}\n" for i in range(count)), encoding="utf-8")


def write_csv(path: Path, count: int) -> None:
    rows = ["\ufeffOrder Number,Customer Email,Note"]
    for i in range(count):
        if i % 10 == 1:
            rows.append(f",customer{i}@example.com,")
        else:
            rows.append(f"#{100000 + i},,ticket {i}")
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8"))


def best_of(repeat: int, action) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds: CPU time is what a busy machine cannot inflate."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        good_yaml, bad_yaml, good_csv = folder / "a.yaml", folder / "b.yaml", folder / "c.csv"
        plain_yaml = folder / "d.yaml"
        write_plain_numbers(plain_yaml, args.entries)
        write_yaml(good_yaml, args.entries)
        write_yaml(bad_yaml, args.entries, broken=True)
        write_csv(good_csv, args.entries)

        def load_bad() -> None:
            try:
                load_batch(bad_yaml)
            except BatchInputError as exc:
                assert len(exc.problems) == args.entries // 2
            else:
                raise AssertionError("the broken file validated")

        print(f"libyaml C loader available: {yaml.__with_libyaml__}")
        for label, action in (
            ("YAML, only order numbers", lambda: load_batch(plain_yaml)),
            ("YAML, mixed (30% mappings)", lambda: load_batch(good_yaml)),
            ("YAML, every 2nd entry invalid", load_bad),
            ("CSV (BOM, CRLF), valid", lambda: load_batch(good_csv)),
        ):
            wall, cpu = best_of(args.repeat, action)
            print(
                f"{label:32} {args.entries:>8,} entries  {wall:6.3f} s wall  {cpu:6.3f} s CPU"
                f"  (best of {args.repeat})"
            )


if __name__ == "__main__":
    main()
