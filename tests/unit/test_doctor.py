"""run-retry doctor's pure parts: what resembles a configured word, what the page offered,
the report a person reads, --write, and the exit codes of a doctor that does not get to run."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from thiio_runbook.doctor_measure import MAX_OFFERED, clean_names, resembles
from thiio_runbook.doctor_report import Check, Diagnosis, DoctorStep, describe
from thiio_runbook.doctor_write import fixes_of, write_fixes


@pytest.mark.parametrize(
    ("name", "words", "expected"),
    [
        ("Sales Orders", ["Orders"], True),
        ("Notification Log", ["Notifications"], True),
        ("Retry sync", ["Retry"], True),
        ("Order", ["Orders"], True),  # the name inside the word
        ("Customers", ["Orders"], False),
        ("   ", ["Orders"], False),
    ],
)
def test_resembles(name: str, words: list[str], expected: bool) -> None:
    assert resembles(name, words) is expected


def test_clean_names_one_line_each_no_repeats_no_long_ones() -> None:
    names = ["Sales\n  Orders", "Sales Orders", "", "x" * 81, *(f"n{i}" for i in range(20))]
    cleaned = clean_names(names)
    assert cleaned[0] == "Sales Orders"
    assert "x" * 81 not in cleaned
    assert len(cleaned) == MAX_OFFERED


def _finding() -> Check:
    return Check(
        "the left-menu entry",
        "labels.nav.orders",
        "playwright.config.yaml",
        ["Orders"],
        offered=["Sales Orders"],
        advice="change labels.nav.orders",
        fix={"locators.orders_nav": 'text="Sales Orders"'},
    )


def test_exit_codes_of_a_diagnosis() -> None:
    found = Check("the search bar", "labels.search", "f", ["Search"], count=1, seconds=0.5)
    assert Diagnosis("u", "r", steps=[DoctorStep("1.1", [found])]).exit_code == 0
    assert Diagnosis("u", "r", steps=[DoctorStep("1.1", [_finding()])]).exit_code == 1
    assert Diagnosis("u", "r", error="login refused").exit_code == 3


def test_describe_names_the_finding_what_was_offered_and_the_checked_fix() -> None:
    diagnosis = Diagnosis("u", "r", steps=[DoctorStep("1.1 Log in", [_finding()])], run_dir="d")
    lines: list[str] = []
    describe(diagnosis, lines.append)
    assert lines == [
        "[FAIL] 1.1 Log in",
        "         labels.nav.orders            0 matches never appeared"
        "  (the left-menu entry: 'Orders')",
        "           the page offered: 'Sales Orders'",
        "           -> change labels.nav.orders",
        "           fix (checked on this page): locators.orders_nav: 'text=\"Sales Orders\"'",
        "doctor: 1 finding(s): labels.nav.orders",
        "screenshots: d",
    ]


def test_write_puts_only_checked_fixes_into_the_settings(tmp_path: Path) -> None:
    diagnosis = Diagnosis("u", "r", steps=[DoctorStep("1.1", [_finding()])])
    assert fixes_of(diagnosis) == {"locators.orders_nav": 'text="Sales Orders"'}
    lines: list[str] = []
    path = tmp_path / "playwright.config.yaml"
    write_fixes(diagnosis, path, lines.append)
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert written["locators"]["orders_nav"] == 'text="Sales Orders"'
    assert lines == [
        f"doctor --write: set locators.orders_nav in {path}; run doctor again to check"
    ]
    write_fixes(Diagnosis("u", "r"), path, lines.append)
    assert lines[-1] == "doctor --write: no checked fix to write"
