"""What doctor found: each step's checks, the diagnosis they add up to, and its report (the
lines a person reads, and doctor.json)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from .outcomes import ExitCode
from .subcommand import Echo


@dataclass
class Check:
    """One locator of one step: what was looked for, where it is configured, what was found."""

    what: str  # e.g. "the left-menu entry"
    key: str  # e.g. "labels.nav.orders"
    file: str  # the file where the key lives
    words: list[str]
    count: int = 0
    seconds: float | None = None  # until the first match showed; None: never
    offered: list[str] = field(default_factory=list)
    advice: str = ""
    note: str = ""
    found_by: str = ""  # the resolver's tier that found it (resolve.Tier.how)
    # Settings that make it resolve, each checked on the page: {"locators.orders_nav": ...}
    fix: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.count == 1


@dataclass
class DoctorStep:
    name: str
    checks: list[Check] = field(default_factory=list)
    screenshot: str | None = None
    detail: str = ""
    status: str | None = None  # step 1.5: the meaning of the row's status, when read

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


@dataclass
class Diagnosis:
    target_url: str
    runbook: str
    order: str | None = None
    steps: list[DoctorStep] = field(default_factory=list)
    error: str | None = None  # the walk could not go on (login refused, no orders, ...)
    run_dir: str = ""

    @property
    def findings(self) -> list[Check]:
        return [check for step in self.steps for check in step.checks if not check.ok]

    @property
    def exit_code(self) -> int:
        if self.error and not self.findings:
            return int(ExitCode.AUTOMATION_ERROR)
        return int(ExitCode.ATTENTION) if self.findings or self.error else int(ExitCode.OK)


def describe(diagnosis: Diagnosis, echo: Echo) -> None:
    """Every step and check as a person reads them, then the findings' keys."""
    for step in diagnosis.steps:
        mark = "ok  " if step.ok else "FAIL"
        shot = f"  [{step.screenshot}]" if step.screenshot else ""
        echo(f"[{mark}] {step.name}{shot}" + (f"  {step.detail}" if step.detail else ""))
        for check in step.checks:
            when = f"in {check.seconds:.2f}s" if check.seconds is not None else "never appeared"
            plural = "match" if check.count == 1 else "matches"
            echo(
                f"         {check.key:<28} {check.count} {plural} {when}"
                f"  ({check.what}: {', '.join(repr(w) for w in check.words)})"
            )
            if check.note:
                echo(f"           note: {check.note}")
            if not check.ok:
                if check.offered:
                    echo("           the page offered: " + ", ".join(map(repr, check.offered)))
                if check.advice:
                    echo(f"           -> {check.advice}")
                for key, value in check.fix.items():
                    echo(f"           fix (checked on this page): {key}: {value!r}")
    if diagnosis.error:
        echo(f"stopped: {diagnosis.error}")
    findings = diagnosis.findings
    if findings:
        keys = ", ".join(dict.fromkeys(f.key for f in findings))
        echo(f"doctor: {len(findings)} finding(s): {keys}")
    elif not diagnosis.error:
        total = sum(len(s.checks) for s in diagnosis.steps)
        echo(f"doctor: all {total} checks resolved exactly once (order {diagnosis.order})")
    echo(f"screenshots: {diagnosis.run_dir}")


def diagnosis_json(diagnosis: Diagnosis) -> bytes:
    """doctor.json: the whole diagnosis, with its findings listed apart for a quick look."""
    document = asdict(diagnosis)
    document["findings"] = [asdict(f) for f in diagnosis.findings]
    return json.dumps(document, indent=2, ensure_ascii=False).encode()
