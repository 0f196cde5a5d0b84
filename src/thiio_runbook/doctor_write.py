"""doctor --write: the fixes the walk checked on the page, written into the site settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .config import write_settings
from .doctor_report import Diagnosis
from .subcommand import Echo


def fixes_of(diagnosis: Diagnosis) -> dict[str, Any]:
    """Every fix the walk checked on the page, by configuration key."""
    return {key: value for check in diagnosis.findings for key, value in check.fix.items()}


def write_fixes(diagnosis: Diagnosis, path: Path, echo: Echo) -> None:
    fixes = fixes_of(diagnosis)
    if not fixes:
        echo("doctor --write: no checked fix to write")
        return
    write_settings(path, fixes)
    echo(f"doctor --write: set {', '.join(fixes)} in {path}; run doctor again to check")
