"""run-retry --batch end to end: the example batches, the plan, the question, bad input, evidence.

Real CLI entry point (in-process), headless Chromium, a fresh sandbox per test; the sandbox's
ledger is the ground truth of what was retried.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from thiio_runbook import cli
from thiio_runbook.engine import execute
from thiio_runbook.journal import DONE, PRECHECKED

from .batch_support import (
    RETRIED,
    expected_retries,
    journal_entries,
    ledger_counts,
    outcomes_by_entry,
    pngs,
    run_in_thread,
    write_batch,
)

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# What each entry of examples/orders.yaml ends as against the default scenario.
YAML_EXPECTED: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("order", "12345"): [("12345", "succeeded")],
    ("order", "10001"): [("10001", "succeeded")],
    ("order", "10002"): [("10002", "succeeded")],
    ("order", "10003"): [("10003", "succeeded")],
    ("order", "10005"): [("10005", "still_failed")],
    ("order", "10006"): [("10006", "still_failed")],
    ("order", "10008"): [("10008", "still_failed")],  # 429 on the first retry
    ("order", "10010"): [("10010", "not_failed")],
    ("order", "10013"): [("10013", "not_failed")],
    ("order", "10015"): [("10015", "no_row")],
    ("order", "10017"): [("10017", "succeeded")],
    ("order", "10018"): [("10018", "succeeded")],
    ("order", "10028"): [("10028", "succeeded")],
    ("order", "99999"): [("99999", "not_found")],
    ("email", "linda.okafor@example.com"): [("10004", "still_failed")],
    ("email", "brian.miller@example.com"): [("brian.miller@example.com", "ambiguous")],
    ("customer", "José Núñez"): [("10025", "succeeded")],
    ("customer", "Maria Garcia"): [("Maria Garcia", "ambiguous")],
}

CSV_EXPECTED: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("order", "12345"): [("12345", "succeeded")],
    ("order", "10001"): [("10001", "succeeded")],
    ("order", "10002"): [("10002", "succeeded")],
    ("order", "10005"): [("10005", "still_failed")],
    ("order", "10010"): [("10010", "not_failed")],
    ("order", "10015"): [("10015", "no_row")],
    ("order", "99999"): [("99999", "not_found")],
    ("email", "linda.okafor@example.com"): [("10004", "still_failed")],
    ("customer", "Seán O'Brien"): [("10026", "succeeded")],
    ("customer", "Maria Garcia"): [("Maria Garcia", "ambiguous")],
}


@pytest.mark.parametrize(
    ("example", "expected"),
    [("orders.yaml", YAML_EXPECTED), ("orders.csv", CSV_EXPECTED)],
    ids=["yaml", "csv"],
)
def test_example_batch_accounts_for_every_entry_and_retries_each_failed_order_once(
    sandbox, account, run_retry, workdir, example, expected
) -> None:
    shutil.copy(EXAMPLES / example, workdir / example)

    run = run_retry("--batch", example, "--yes", "--concurrency", "2", "--screenshots", "failures")

    assert run.code == 1, run.out + run.err  # some orders need a person
    assert outcomes_by_entry(run.results, expected) == expected
    # Nothing in results.json that no entry accounts for.
    assert len(run.orders) == sum(len(rows) for rows in expected.values())
    retried = {order for rows in expected.values() for order, outcome in rows if outcome in RETRIED}
    # The sandbox's own book: every Failed Ultracart order designated retried exactly once,
    # no other order touched (not the ambiguous ones, not the Success/Pending ones).
    assert ledger_counts(sandbox) == expected_retries(sandbox, expected)
    assert set(ledger_counts(sandbox)) == retried
    ambiguous = [row for row in run.orders if row["outcome"] == "ambiguous"]
    assert ambiguous and all(len(row["matches"]) >= 2 for row in ambiguous)
    html = (run.run_dir / "report.html").read_text(encoding="utf-8")
    for order in run.orders:
        assert order["order"] in html or order["query"] in html, order["order"]
    assert "summary:" in run.out
    # The journal agrees: every entry done.
    assert {record.state for record in journal_entries(run.run_dir)} == {DONE}


def test_dry_run_batch_prints_the_plan_and_clicks_nothing(
    sandbox, account, run_retry, workdir
) -> None:
    write_batch(workdir, "orders.yaml", ["- 12345", "- 10001", "- 10010"])

    run = run_retry("--batch", "orders.yaml", "--dry-run", "--concurrency", "2")

    assert run.code == 0, run.out + run.err
    assert "plan: 2 to retry, 1 not_failed" in run.out
    assert ledger_counts(sandbox) == {}
    assert {o["order"]: o["outcome"] for o in run.orders} == {
        "12345": "dry_run",
        "10001": "dry_run",
        "10010": "not_failed",
    }
    assert run.results["run"]["dry_run"] is True


def test_without_a_terminal_or_yes_the_batch_refuses_before_any_browser(
    sandbox, account, run_retry, workdir, monkeypatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal, as under cron or CI
    assert not sys.stdin.isatty()
    write_batch(workdir, "orders.yaml", ["- 12345"])

    run = run_retry("--batch", "orders.yaml")

    assert run.code == 2
    message = run.err.strip()
    assert "\n" not in message and "--yes" in message, message
    assert run.run_dir is None and not (workdir / "screenshots").exists()
    assert ledger_counts(sandbox) == {}


class Answer:
    """The confirmation prompt's stand-in: answers as told and remembers the question."""

    def __init__(self, yes: bool) -> None:
        self.yes = yes
        self.questions: list[str] = []

    async def __call__(self, question: str) -> bool:
        self.questions.append(question)
        return self.yes


def plan_then_confirm(workdir: Path, monkeypatch, answer: Answer, lines: list[str]):
    """cli.plan_from + engine.execute with a terminal (stdin is a tty) answering `answer`."""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal(""))
    write_batch(workdir, "orders.yaml", lines)
    argv = ["--batch", "orders.yaml", "--concurrency", "2"]
    plan = cli.plan_from(cli.build_parser().parse_args(argv), workdir, argv)
    said: list[str] = []
    report = run_in_thread(execute(plan, said.append, confirm=answer))
    return report, said


@pytest.mark.parametrize("yes", [False, True], ids=["answer-no", "answer-yes"])
def test_plan_is_shown_then_confirmed(sandbox, account, workdir, monkeypatch, yes) -> None:
    answer = Answer(yes)

    report, said = plan_then_confirm(
        workdir, monkeypatch, answer, ["- 12345", "- 10001", "- 10010"]
    )

    assert "plan: 2 to retry, 1 not_failed" in said, said
    assert len(answer.questions) == 1 and "Retry 2 order(s)" in answer.questions[0]
    states = {record.entry.value: record.state for record in journal_entries(report.run_dir)}
    outcomes = {r.order: r.outcome.value for r in report.results}
    if not yes:
        assert ledger_counts(sandbox) == {}
        assert states == {"12345": PRECHECKED, "10001": PRECHECKED, "10010": DONE}
        # Every entry is accounted for: the two planned ones as not done (--resume carries on).
        assert outcomes == {"12345": "not_done", "10001": "not_done", "10010": "not_failed"}
        assert report.not_done == 2
        # Declined: the two orders are still Failed and need a look; the automation did not fail.
        assert int(report.exit_code) == 1
        assert any("nothing was retried" in line for line in said)
    else:
        assert ledger_counts(sandbox) == {"12345": 1, "10001": 1}
        assert set(states.values()) == {DONE}
        assert outcomes == {"12345": "succeeded", "10001": "succeeded", "10010": "not_failed"}
        assert int(report.exit_code) == 0


def test_bad_input_lists_every_problem_with_its_line_and_starts_no_browser(
    sandbox, account, run_retry, workdir
) -> None:
    write_batch(
        workdir,
        "orders.yaml",
        [
            "- 12345",  # 1: fine
            "- 12x45",  # 2: not a number
            "- email: not-an-email",  # 3
            "- order: 10001",  # 4: fine
            "  customer: Jane Doe",  # two lookups in one item (reported on the item's line 4)
            "- colour: blue",  # 6: unknown key
        ],
    )

    run = run_retry("--batch", "orders.yaml", "--yes")

    assert run.code == 2
    for line in (2, 3, 4, 6):
        assert f"line {line}:" in run.err, run.err
    assert "12x45" in run.err and "not-an-email" in run.err and "colour" in run.err
    assert "nothing was retried" in run.err
    assert run.run_dir is None and not (workdir / "screenshots").exists()
    assert ledger_counts(sandbox) == {}


def test_duplicates_are_merged_with_a_warning_and_retried_once(
    sandbox, account, run_retry, workdir
) -> None:
    write_batch(workdir, "orders.yaml", ["- 12345", "- '#12345'", "- order: 12345", "- 10010"])

    run = run_retry("--batch", "orders.yaml", "--yes", "--concurrency", "2")

    assert run.code == 0, run.out + run.err
    assert "12345 is listed 3 times (lines 1, 2, 3)" in run.err, run.err
    assert ledger_counts(sandbox) == {"12345": 1}
    assert [(o["order"], o["outcome"]) for o in run.orders] == [
        ("12345", "succeeded"),
        ("10010", "not_failed"),
    ]


def test_junit_json_and_screenshots_of_failures_only(sandbox, account, run_retry, workdir) -> None:
    write_batch(workdir, "orders.yaml", ["- 12345", "- 10005", "- 99999"])
    junit = workdir / "out" / "junit.xml"

    run = run_retry(
        "--batch", "orders.yaml", "--yes", "--junit", str(junit),
        "--screenshots", "failures", "--json",
    )  # fmt: skip

    assert run.code == 1, run.err
    # --json: the results document alone on stdout, progress on stderr.
    document = json.loads(run.out)
    assert document["exit_code"] == 1
    assert {o["order"]: o["outcome"] for o in document["orders"]} == {
        "12345": "succeeded",
        "10005": "still_failed",
        "99999": "not_found",
    }
    suite = ET.parse(junit).getroot().find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 3 and suite.get("tests") == "3"
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert len(failed) == 2 and not any("12345" in name for name in failed)
    # Pictures only of the orders that need a person.
    shot_dirs = {p.relative_to(run.run_dir).parts[0] for p in pngs(run.run_dir)}
    assert shot_dirs == {"10005", "99999"}, shot_dirs


def test_screenshots_none_leaves_no_picture(sandbox, account, run_retry, workdir) -> None:
    write_batch(workdir, "orders.yaml", ["- 12345", "- 99999"])

    run = run_retry("--batch", "orders.yaml", "--yes", "--screenshots", "none")

    assert run.code == 1, run.out + run.err
    assert ledger_counts(sandbox) == {"12345": 1}
    assert pngs(run.run_dir) == []
    assert all(o["screenshots"] == [] for o in run.orders)
