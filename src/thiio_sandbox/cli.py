"""`thiio-sandbox`: serve a local Thiio stand-in in the foreground until Ctrl+C."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import shutil
import socket
import sys
from pathlib import Path

import uvicorn

from thiio_sandbox.app import UI_INDEX, create_app
from thiio_sandbox.relabel import RELABELLED
from thiio_sandbox.scenarios import ScenarioError, generate_scenario, load_scenario
from thiio_sandbox.server import prepare_store


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="thiio-sandbox",
        description="A local, realistic stand-in for a Thiio admin account (demo and tests).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8700, help="port (0: any free port)")
    parser.add_argument(
        "--db",
        type=Path,
        help="SQLite file that keeps the state across restarts (default: a temporary one)",
    )
    parser.add_argument(
        "--scenario", default="default", help="bundled scenario name or a YAML file"
    )
    parser.add_argument(
        "--generate",
        type=int,
        metavar="N",
        help="instead of a scenario: N orders 200001.. each with a failed Ultracart retry",
    )
    parser.add_argument(
        "--retry-delay",
        type=float,
        metavar="S",
        help="seconds from Retry to its outcome (overrides the scenario's)",
    )
    parser.add_argument(
        "--ui",
        choices=sorted(UI_INDEX),
        default="vuetify",
        help="the front end: Vuetify 3 (default), or the same screens on Element Plus, "
        "Vue 2.7 + Vuetify 2 (vuetify2), a second Vuetify 3 admin (vuetify3) or Quasar",
    )
    parser.add_argument(
        "--reset", action="store_true", help="re-seed the --db even if it holds a state"
    )
    parser.add_argument(
        "--relabel",
        action="store_true",
        help="rename the help article's words in the Vuetify UI (Sales Orders, Notification "
        "Log, Retry sync, UltraCart, Error) and change two markup details",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.generate is not None:
            if args.generate < 1:
                raise ScenarioError("--generate needs N >= 1")
            delay = 1.5 if args.retry_delay is None else args.retry_delay
            scenario = generate_scenario(args.generate, retry_delay=delay)
        else:
            scenario = load_scenario(args.scenario)
            if args.retry_delay is not None:
                scenario = dataclasses.replace(scenario, retry_delay=args.retry_delay)
    except (ScenarioError, OSError) as exc:
        print(f"thiio-sandbox: {exc}", file=sys.stderr)
        return 2
    store, temp_dir = prepare_store(args.db, scenario, reset=args.reset)
    try:
        # Bind first, so --port 0 can print the port it got.
        family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit it; without it keep-alive answers wait ~40 ms for
        # delayed ACKs (asyncio does not set it on sockets handed to uvicorn).
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            listener.bind((args.host, args.port))
        except OSError as exc:
            listener.close()
            print(
                f"thiio-sandbox: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr
            )
            return 2
        # Listening before the URL is printed: a client that is quick to connect waits in the
        # backlog until uvicorn accepts, instead of being refused.
        listener.listen(128)
        port = listener.getsockname()[1]
        labels = RELABELLED if args.relabel else None
        app = create_app(store, scenario, ui=args.ui, labels=labels)
        config = uvicorn.Config(app, log_level="warning")
        server = uvicorn.Server(config)
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(f"Thiio sandbox ({scenario.name}, {store.counts()['orders']} orders)")
        print(f"  URL:   http://{host}:{port}")
        for user in scenario.users:
            extra = f"  (TOTP secret {user.totp_secret})" if user.totp_secret else ""
            print(f"  Login: {user.email} / {user.password}{extra}")
        print(f"  State: {args.db or 'temporary (gone when stopped)'}")
        print("Ctrl+C stops it.", flush=True)
        # uvicorn re-raises the Ctrl+C it handled after a clean shutdown: not an error here.
        with contextlib.suppress(KeyboardInterrupt):
            server.run(sockets=[listener])
    finally:
        store.close()
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
