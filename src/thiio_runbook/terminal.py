"""The run on a terminal: a yes/no question, Ctrl-C, a progress stream that shows nothing."""

from __future__ import annotations

import asyncio
import io
import signal
import threading
from collections.abc import Callable
from contextlib import suppress


async def ask(question: str) -> bool:
    """A yes/no on the terminal; a daemon thread so Ctrl-C never waits for Enter."""
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[str] = loop.create_future()

    def read() -> None:
        try:
            text = input(question)
        except EOFError:
            text = ""

        def give() -> None:
            if not answer.done():
                answer.set_result(text)

        loop.call_soon_threadsafe(give)

    threading.Thread(target=read, daemon=True).start()
    return (await answer).strip().lower() in ("y", "yes")


class Interrupts:
    """First Ctrl-C: start no new order, finish those in flight. Second: stop at once."""

    def __init__(self, stopping: asyncio.Event, say: Callable[[str], None]) -> None:
        self.stopping = stopping
        self.say = say
        self.task = asyncio.current_task()
        self.installed = False

    def __enter__(self) -> Interrupts:
        with suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGINT, self._on_sigint)
            self.installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self.installed:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGINT)

    def _on_sigint(self) -> None:
        if not self.stopping.is_set():
            self.stopping.set()
            self.say(
                "interrupted: finishing the orders in flight, then writing the report "
                "(Ctrl-C again stops at once; the journal keeps everything)"
            )
        elif self.task is not None:
            self.task.cancel()


class NullStream(io.StringIO):
    """A progress stream that shows nothing: one order already prints each of its steps."""

    def write(self, text: str) -> int:
        return len(text)  # kept nowhere

    def isatty(self) -> bool:
        return False
