"""Start the sandbox in a background thread on a free port, and stop it cleanly.

running = start_sandbox(db_path=tmp_path / "sandbox.sqlite3")
running.url          # "http://127.0.0.1:PORT"
running.ledger()     # every accepted retry
running.reset()      # back to the scenario
running.set_faults(error_rate=0.2)
running.stop()
"""

from __future__ import annotations

import dataclasses
import shutil
import socket
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from thiio_sandbox.app import create_app
from thiio_sandbox.scenarios import Scenario, load_scenario
from thiio_sandbox.store import Clock, Store

STARTUP_TIMEOUT_SECONDS = 15.0
SHUTDOWN_TIMEOUT_SECONDS = 10.0


class SandboxStartError(RuntimeError):
    """The server did not come up in time."""


def prepare_store(
    db_path: Path | None,
    scenario: Scenario,
    *,
    reset: bool = False,
    faults: dict[str, Any] | None = None,
    clock: Clock = time.time,
) -> tuple[Store, Path | None]:
    """Open (or create) the database and seed it from `scenario` unless it holds a state
    already. Without db_path a temporary database is used; its folder is returned for removal."""
    temp_dir: Path | None = None
    if db_path is None:
        temp_dir = Path(tempfile.mkdtemp(prefix="thiio-sandbox-"))
        db_path = temp_dir / "sandbox.sqlite3"
    store = Store(db_path, clock=clock)
    if reset:
        store.reset(scenario)
    else:
        store.seed_if_empty(scenario)
    if faults:
        store.set_faults(store.faults().merged(faults))
    return store, temp_dir


class RunningSandbox:
    """A sandbox served by uvicorn in a background thread of this process."""

    def __init__(
        self,
        store: Store,
        scenario: Scenario,
        host: str = "127.0.0.1",
        port: int = 0,
        temp_dir: Path | None = None,
        ui: str = "vuetify",
        labels: dict[str, Any] | None = None,
    ) -> None:
        self.store = store
        self.scenario = scenario
        self._temp_dir = temp_dir
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit it; without it keep-alive answers wait ~40 ms for
        # delayed ACKs (asyncio does not set it on sockets handed to uvicorn).
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket.bind((host, port))
        bound_host, bound_port = self._socket.getsockname()[:2]
        self.host, self.port = bound_host, bound_port
        self.url = f"http://{bound_host}:{bound_port}"
        config = uvicorn.Config(
            create_app(store, scenario, ui=ui, labels=labels),
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name=f"thiio-sandbox-{bound_port}",
            daemon=True,
        )
        self._stopped = False

    def start(self) -> RunningSandbox:
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if not self._thread.is_alive():
                break
            if self._server.started and self._answers():
                return self
            time.sleep(0.02)  # polling for start-up, bounded by the deadline
        self.stop()
        raise SandboxStartError(f"the sandbox did not answer on {self.url}")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/api/ui-config", timeout=2) as answer:
                return answer.status == 200
        except OSError:
            return False

    # -- the test API --------------------------------------------------------------------------

    def ledger(self) -> list[dict[str, Any]]:
        """Every accepted retry: {order, integration, notification_id, action, at, user, ...}."""
        return self.store.ledger()

    def reset(self) -> None:
        """Restore the scenario: data, faults (the scenario's, normally all off), ledger."""
        self.store.reset(self.scenario)

    def set_faults(self, **switches: Any) -> dict[str, Any]:
        """Merge fault switches (see thiio_sandbox.faults.Faults); returns all of them."""
        return self.store.set_faults(self.store.faults().merged(switches)).as_dict()

    def faults(self) -> dict[str, Any]:
        return self.store.faults().as_dict()

    def expire_sessions(self) -> int:
        """End every session alive now; later logins last as usual. Returns how many ended."""
        return self.store.expire_sessions()

    def stop(self) -> None:
        """Shut uvicorn down, wait for its thread, close the database. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(SHUTDOWN_TIMEOUT_SECONDS)
        self._socket.close()
        self.store.close()
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def start_sandbox(
    db_path: Path | None = None,
    scenario: str | Path | Scenario = "default",
    port: int = 0,
    faults: dict[str, Any] | None = None,
    *,
    host: str = "127.0.0.1",
    reset: bool = False,
    retry_delay: float | None = None,
    clock: Clock = time.time,
    ui: str = "vuetify",
    labels: dict[str, Any] | None = None,
) -> RunningSandbox:
    """Serve a sandbox on `host:port` (0: a free port) and return once it answers.

    An existing database keeps its state unless `reset`; `faults` are merged over the
    scenario's; `retry_delay` overrides the scenario's delay when the database is seeded;
    `labels` renames the article's words in the Vuetify UI (thiio_sandbox.relabel.RELABELLED).
    """
    chosen = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if retry_delay is not None:
        chosen = dataclasses.replace(chosen, retry_delay=float(retry_delay))
    store, temp_dir = prepare_store(
        Path(db_path) if db_path is not None else None,
        chosen,
        reset=reset,
        faults=faults,
        clock=clock,
    )
    try:
        running = RunningSandbox(
            store, chosen, host=host, port=port, temp_dir=temp_dir, ui=ui, labels=labels
        )
    except BaseException:
        store.close()
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
        raise
    return running.start()
