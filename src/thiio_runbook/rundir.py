"""The run folder: <screenshots-dir>/<run-id>/<order>/NN-<step>.png, readable only by the user.

Screenshots show customers' names and addresses: the folder is created 0700 and every file
0600, whatever the umask.
"""

from __future__ import annotations

import fcntl
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .locate import slug


def new_run_id(now: datetime | None = None) -> str:
    """e.g. 20261126-042501-ab12: sorts by time, unique enough for one person's runs."""
    moment = now or datetime.now(timezone.utc)
    return f"{moment:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def write_private(path: Path, data: bytes) -> None:
    """Write a file only the user can read (created 0600, or narrowed to 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(data)
    finally:
        os.close(fd)


def make_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def order_folder(key: str) -> str:
    """The name of an order's (or a search key's) folder in the run folder."""
    return slug(key, 60)


def screenshot_number(path: Path) -> int | None:
    """NN of an NN-<step>.png, None for any other file."""
    number, dash, _ = path.name.partition("-")
    if path.suffix != ".png" or not dash or not number.isdigit():
        return None
    return int(number)


def highest_screenshot_number(folder: Path) -> int:
    """The highest NN of the folder's NN-<step>.png files, 0 when there is none."""
    if not folder.is_dir():
        return 0
    return max((n for p in folder.iterdir() if (n := screenshot_number(p)) is not None), default=0)


@dataclass(frozen=True)
class RunFolder:
    root: Path  # <screenshots-dir>/<run-id>
    run_id: str
    _counters: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def create(cls, screenshots_dir: Path, run_id: str | None = None) -> RunFolder:
        run_id = run_id or new_run_id()
        screenshots_dir.mkdir(parents=True, exist_ok=True)
        return cls(make_private_dir(screenshots_dir / run_id), run_id)

    def order_dir(self, key: str) -> Path:
        return make_private_dir(self.root / order_folder(key))

    def next_screenshot_path(self, key: str, step_name: str) -> Path:
        """The next NN in the order's folder, so every step's picture keeps its place.

        A resumed run (a new RunFolder on the same folder) carries on after the highest NN
        already there: an earlier visit's pictures are evidence and are never overwritten.
        """
        folder = order_folder(key)
        if folder not in self._counters:
            self._counters[folder] = highest_screenshot_number(self.root / folder)
        self._counters[folder] += 1
        return self.screenshot_path(key, self._counters[folder], step_name)

    def screenshot_path(self, key: str, index: int, step_name: str) -> Path:
        """<order>/NN-<slug>.png, e.g. 12345/04-notifications-tab.png."""
        step_slug = slug(step_name.split(" ", 1)[-1] if step_name[:1].isdigit() else step_name)
        return self.order_dir(key) / f"{index:02d}-{step_slug}.png"

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def narrow_permissions(self) -> None:
        """Files written by others into the run folder (report, results) made 0600 too."""
        for path in self.root.rglob("*"):
            os.chmod(path, 0o700 if path.is_dir() else 0o600)


LOCK_NAME = ".running"


class RunLocked(RuntimeError):
    """Another run-retry process is working on this run right now."""


class RunLock:
    """Held by the one process working on a run (flock on <run>/.running): a second process
    resuming the same run would re-read the first one's clicks in flight as never made, and
    click again. The lock goes with the process, however it ends (a kill included)."""

    def __init__(self, run_dir: Path) -> None:
        self.path = Path(run_dir) / LOCK_NAME
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise RunLocked(
                f"run {self.path.parent.name} is being worked on by another run-retry "
                "right now; wait for it to end"
            ) from None
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None


def is_running(run_dir: Path) -> bool:
    """Whether another process holds the run's lock now."""
    try:
        with RunLock(run_dir):
            return False
    except RunLocked:
        return True
