"""`run-retry doctor` and `run-retry scan` share their head (subcommand.py): a flag argparse
refuses or a value out of range is one line on stderr and exit code 2; --help exits 0."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from thiio_runbook import doctor
from thiio_runbook import scan as scan_command

COMMANDS = {
    "doctor": (doctor.main, ["--teach-seconds", "0"], "--teach-seconds must be more than 0"),
    "scan": (scan_command.main, ["--concurrency", "0"], "--concurrency must be between 1 and 16"),
}


@pytest.mark.parametrize("name", COMMANDS)
def test_bad_flags_exit_2_and_help_exits_0(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    off_loop: Callable[..., Any],
) -> None:
    main, out_of_range, why = COMMANDS[name]
    monkeypatch.chdir(tmp_path)
    assert off_loop(main, ["--no-such-flag"]) == 2
    assert off_loop(main, ["--help"]) == 0
    assert f"run-retry {name}" in capsys.readouterr().out
    assert off_loop(main, out_of_range) == 2
    assert capsys.readouterr().err == f"run-retry {name}: {why}\n"
