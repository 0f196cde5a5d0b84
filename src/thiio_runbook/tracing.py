"""A Playwright trace per order (--trace on | off | retain-on-failure), never with a secret in it.

When traced, each worker page has its own browser context, so each order is traced on its
own: tracing starts when the order starts and stops (saving a part) when it ends. Not chunks
of one tracing session: a trace's network log covers the whole session, so it would carry
every earlier order's calls and the login's request body. Typing credentials stops the trace:
the part so far is saved, the login runs untraced, a new part starts. The parts are merged into one
<run>/<order>/trace.zip (the trace viewer shows each part as its own context), kept when the
mode says so and readable by the user alone. Open it with `playwright show-trace trace.zip`.
"""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import BrowserContext

from .rundir import RunFolder, make_private_dir

TRACE_MODES = ("retain-on-failure", "on", "off")
TRACE_FILE = "trace.zip"
# The viewer loads every "<name>.trace" entry of a zip (with "<name>.network/.stacks") as one
# context: the parts of a trace paused for a login stay side by side in one file.
_PER_PART = (".trace", ".network", ".stacks")


@dataclass
class TraceRecording:
    """One order's trace while it is being recorded; `failed` keeps it in retain-on-failure."""

    key: str
    failed: bool = False
    parts: list[Path] = field(default_factory=list)
    saved: Path | None = None


class ContextTracer:
    """Traces one worker context, one order at a time."""

    def __init__(self, context: BrowserContext, mode: str, folder: RunFolder) -> None:
        if mode not in TRACE_MODES:
            raise ValueError(f"trace mode must be one of {', '.join(TRACE_MODES)}")
        self.context = context
        self.mode = mode
        self.folder = folder
        self.current: TraceRecording | None = None
        self._chunk_open = False
        self._started = False

    async def start(self) -> None:
        """Trace this context's orders from now on (after its login)."""
        if self.mode == "off" or self._started:
            return
        self._started = True

    async def close(self) -> None:
        self._started = False
        if self._chunk_open:
            self._chunk_open = False
            with contextlib.suppress(Exception):
                await self.context.tracing.stop()

    @asynccontextmanager
    async def recording(self, key: str) -> AsyncIterator[TraceRecording]:
        """The order's trace; saved as <run>/<key>/trace.zip when the mode keeps it."""
        record = TraceRecording(key)
        if not self._started:
            yield record
            return
        self.current = record
        await self._start_chunk()
        try:
            yield record
        except BaseException:
            record.failed = True
            raise
        finally:
            self.current = None
            await self._finish(record)

    @asynccontextmanager
    async def paused(self) -> AsyncIterator[None]:
        """Nothing done inside is traced (credentials are typed here)."""
        record = self.current
        if record is None or not self._chunk_open:
            yield
            return
        await self._stop_chunk(record)
        try:
            yield
        finally:
            if self.current is record:
                await self._start_chunk()

    async def _start_chunk(self) -> None:
        try:
            await self.context.tracing.start(screenshots=True, snapshots=True, sources=False)
            self._chunk_open = True
        except Exception:  # a closed context: the order goes on without a trace
            self._chunk_open = False

    async def _stop_chunk(self, record: TraceRecording) -> None:
        if not self._chunk_open:
            return
        self._chunk_open = False
        try:
            # Saved even in retain-on-failure: whether the order failed is known only at its end.
            folder = make_private_dir(self.folder.order_dir(record.key))
            part = folder / f".trace-part-{len(record.parts) + 1}.zip"
            await self.context.tracing.stop(path=part)
            if part.is_file():
                os.chmod(part, 0o600)
                record.parts.append(part)
        except Exception:  # a closed context or a crashed page: no trace for this part
            return

    async def _finish(self, record: TraceRecording) -> None:
        await self._stop_chunk(record)
        keep = self.mode == "on" or (self.mode == "retain-on-failure" and record.failed)
        try:
            if keep and record.parts:
                target = self.folder.order_dir(record.key) / TRACE_FILE
                merge_trace_parts(record.parts, target)
                record.saved = target
        finally:
            for part in record.parts:
                part.unlink(missing_ok=True)


def merge_trace_parts(parts: list[Path], target: Path) -> Path:
    """One zip the trace viewer opens: each part's timeline side by side, resources shared."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as out:
        written: set[str] = set()
        for index, part in enumerate(parts):
            with zipfile.ZipFile(part) as source:
                for name in source.namelist():
                    new_name = name
                    if index and name.endswith(_PER_PART) and "/" not in name:
                        new_name = f"part{index + 1}-{name}"
                    if new_name in written:
                        continue  # a resource both parts saw (named by its hash)
                    written.add(new_name)
                    out.writestr(new_name, source.read(name))
    return target
