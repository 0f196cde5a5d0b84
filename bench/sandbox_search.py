"""How fast the sandbox's order search is with many orders (default 20,000).

    .venv/bin/python bench/sandbox_search.py [--orders 20000] [--repeat 20]

Seeds a temporary database with the generated scenario, then times each kind of search both
in the store and through HTTP (a real uvicorn, logged in), and prints the median and worst.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from thiio_sandbox.scenarios import generate_scenario
from thiio_sandbox.server import start_sandbox
from thiio_sandbox.store import Store

SEARCHES = {
    "exact number": "210000",
    "number prefix": "2100",
    "first name": "olivia",
    "full name": "olivia smith",
    "email part": "smith.21",
    "no match": "zzzz",
    "everything (no search)": "",
}


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1000, max(seconds) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    started = time.perf_counter()
    scenario = generate_scenario(args.orders, retry_delay=1.0)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite3"
        store = Store(db)
        store.reset(scenario)
        store.close()
        print(f"seeded {args.orders} orders in {time.perf_counter() - started:.1f} s")
        with start_sandbox(db_path=db, scenario=scenario) as running:
            store = running.store
            with httpx.Client(base_url=running.url, timeout=30) as client:
                client.post(
                    "/api/login", json={"email": "demo@thiio.test", "password": "demo-password"}
                ).raise_for_status()
                print(
                    f"{'search':<24} {'hits':>6} {'store ms (median/max)':>24} "
                    f"{'HTTP ms (median/max)':>22}"
                )
                for label, term in SEARCHES.items():
                    hits = store.search_orders(term)[1]
                    store_ms = timed(lambda term=term: store.search_orders(term), args.repeat)
                    http_ms = timed(
                        lambda term=term: client.get(
                            "/api/orders", params={"search": term}
                        ).raise_for_status(),
                        args.repeat,
                    )
                    print(
                        f"{label:<24} {hits:>6} {store_ms[0]:>13.1f} / {store_ms[1]:<8.1f}"
                        f" {http_ms[0]:>11.1f} / {http_ms[1]:<8.1f}"
                    )


if __name__ == "__main__":
    main()
