"""The evidence a person and a CI system read: results.json, report.html, JUnit XML.

Site text (names, errors) is hostile until proven otherwise: it must come out as text, never
as live markup."""

from __future__ import annotations

import json
import re
import stat
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from thiio_runbook.outcomes import OrderResult, Outcome, RunInfo, StepRecord
from thiio_runbook.report import (
    DEFAULT_ADVICE,
    count_outcomes,
    percentile,
    persistent_error_groups,
    render_report_html,
    screenshot_href,
    step_stats,
    summary_line,
    write_junit_xml,
    write_report_html,
    write_results_json,
)

SCRIPT_NAME = "<script>alert(1)</script>"
IMG_ERROR = "<img src=x onerror=alert(1)>"


def run_info(**changes) -> RunInfo:
    run = RunInfo(
        run_id="20261126-041500-ab12",
        started_at="2026-11-26T04:15:00Z",
        finished_at="2026-11-26T04:19:30Z",
        target_url="http://127.0.0.1:8765",
        runbook="retry-ultracart",
        sandbox=True,
        tool_version="0.1.0",
        command="run-retry --sandbox --batch examples/orders.yaml",
    )
    for key, value in changes.items():
        setattr(run, key, value)
    return run


def steps(order: str, *timings: tuple[str, float]) -> list[StepRecord]:
    return [
        StepRecord(name, seconds, f"{order}/{n:02d}-{name.split()[0]}.png")
        for n, (name, seconds) in enumerate(timings, start=1)
    ]


@pytest.fixture
def results() -> list[OrderResult]:
    return [
        OrderResult(
            order="12345",
            outcome=Outcome.SUCCEEDED,
            query="12345",
            customer=SCRIPT_NAME,
            status_before="Failed",
            status_after="Success",
            attempts_before=1,
            attempts_after=2,
            note="customer called",
            steps=steps("12345", ("1.3 locate", 1.0), ("2.2 retry", 0.5)),
        ),
        OrderResult(
            order="10004",
            outcome=Outcome.STILL_FAILED,
            query="10004",
            customer=IMG_ERROR,
            status_before="Failed",
            status_after="Failed",
            attempts_before=1,
            attempts_after=2,
            error=f"Item [SKU-123] does not exist. {IMG_ERROR}",
            steps=steps("10004", ("1.3 locate", 3.0), ("2.2 retry", 0.7)),
        ),
        OrderResult(
            order="10009",
            outcome=Outcome.STILL_FAILED,
            error=f"Item [SKU-123] does not exist. {IMG_ERROR}",
            advice="Map SKU-123 in UltraCart first.",
            steps=steps("10009", ("1.3 locate", 2.0)),
        ),
        OrderResult(
            order="10005",
            outcome=Outcome.STILL_FAILED,
            error="shipping service level [FreeEconomy] specified in import file does not map.",
        ),
        OrderResult(
            order="Maria Garcia",
            outcome=Outcome.AMBIGUOUS,
            lookup="customer",
            query="Maria Garcia",
            matches=[
                {"number": "10020", "date": "2026-11-20", "status": "Failed"},
                {"number": "10021", "date": "2026-11-21", "status": SCRIPT_NAME},
            ],
        ),
        OrderResult(order="99999", outcome=Outcome.NOT_FOUND, query="99999"),
        OrderResult(order="10014", outcome=Outcome.ERROR, error="timed out looking for 'Orders'"),
    ]


class TagCollector(HTMLParser):
    """The live elements and attributes a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)


def live_markup(html: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(html)
    return collector


# --- numbers ---------------------------------------------------------------------------------


def test_summary_line_counts_outcomes_in_the_documented_order(results):
    assert summary_line(results) == (
        "1 succeeded, 3 still_failed, 1 not_found, 1 ambiguous, 1 error"
    )
    assert summary_line([]) == "no orders"


def test_counts_list_every_outcome_even_zero(results):
    counts = count_outcomes(results)
    assert list(counts) == [outcome.value for outcome in Outcome]
    assert counts["still_failed"] == 3 and counts["dry_run"] == 0
    assert sum(counts.values()) == len(results)


def test_percentiles_interpolate_between_ranks():
    values = [float(n) for n in range(1, 21)]  # 1..20
    assert percentile(values, 0.5) == pytest.approx(10.5)
    assert percentile(values, 0.95) == pytest.approx(19.05)
    assert percentile([4.0], 0.95) == 4.0
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_step_stats_per_step_name_across_the_run(results):
    stats = {s.name: s for s in step_stats(results)}
    assert list(stats) == ["1.3 locate", "2.2 retry"]
    locate = stats["1.3 locate"]
    assert (locate.count, locate.p50, locate.max) == (3, 2.0, 3.0)
    assert locate.p95 == pytest.approx(2.9)


def test_persistent_errors_are_grouped_by_text_largest_first(results):
    groups = persistent_error_groups(results)
    assert [(g.error[:14], [r.order for r in g.orders]) for g in groups] == [
        ("Item [SKU-123]", ["10004", "10009"]),
        ("shipping servi", ["10005"]),
    ]
    assert groups[0].advice == DEFAULT_ADVICE  # the first order of the group had no advice
    assert groups[1].advice == DEFAULT_ADVICE


# --- results.json ----------------------------------------------------------------------------


def test_results_json_has_the_run_counts_and_every_order(tmp_path, results):
    path = write_results_json(tmp_path, run_info(), results)
    assert path == tmp_path / "results.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document = json.loads(path.read_text(encoding="utf-8"))
    assert list(document) == ["run_id", "run", "counts", "orders"]
    assert document["run_id"] == "20261126-041500-ab12"
    assert document["run"]["sandbox"] is True
    assert document["run"]["finished_at"] == "2026-11-26T04:19:30Z"
    assert document["counts"]["still_failed"] == 3
    first = document["orders"][0]
    assert first["order"] == "12345" and first["outcome"] == "succeeded"
    assert first["customer"] == SCRIPT_NAME  # data stays data; escaping is the reader's job
    assert first["screenshots"] == ["12345/01-1.3.png", "12345/02-2.2.png"]
    assert first["steps"][1] == {
        "name": "2.2 retry",
        "seconds": 0.5,
        "screenshot": "12345/02-2.2.png",
        "detail": "",
    }
    assert [o["order"] for o in document["orders"]] == [r.order for r in results]


def test_rewriting_replaces_whole_and_leaves_no_temporary_files(tmp_path, results):
    write_results_json(tmp_path, run_info(), results)
    write_results_json(tmp_path, run_info(), results[:1])
    assert json.loads((tmp_path / "results.json").read_text())["counts"]["succeeded"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


# --- report.html -----------------------------------------------------------------------------


def test_report_is_self_contained_and_user_only(tmp_path, results):
    path = write_report_html(tmp_path, run_info(), results)
    assert path == tmp_path / "report.html"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    html = path.read_text(encoding="utf-8")
    page = live_markup(html)
    assert "script" not in page.tags
    assert "link" not in page.tags  # no external stylesheet
    # every image and link is relative (a screenshot in the run folder) or an in-page anchor
    for name, value in page.attributes:
        if name in ("src", "href"):
            assert value and not re.match(r"^[a-z]+:|^/", value), value
    assert "Content-Security-Policy" in html


def test_site_text_is_escaped_in_the_report(results):
    html = render_report_html(run_info(), results)
    # the hostile texts are there, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # and not as markup
    assert SCRIPT_NAME not in html
    assert IMG_ERROR not in html
    page = live_markup(html)
    assert "script" not in page.tags
    assert all(not name.startswith("on") for name, _ in page.attributes)
    assert ("src", "x") not in page.attributes


def test_hostile_run_header_and_notes_are_escaped_too():
    run = run_info(target_url="http://x/<script>", command="run-retry --note '<u>'")
    result = OrderResult(
        order="1",
        outcome=Outcome.SUCCEEDED,
        note="<i>note</i>",
        steps=[StepRecord("<marquee>x", 1.0)],
    )
    page = live_markup(render_report_html(run, [result]))
    assert not {"script", "u", "i", "marquee"} & set(page.tags)


def test_report_shows_header_counts_groups_orders_and_timings(results):
    html = render_report_html(run_info(dry_run=True), results)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    for expected in (
        "run-retry report · 20261126-041500-ab12",
        "SANDBOX: not a real Thiio account",
        "DRY RUN: no Retry was clicked",
        "Target http://127.0.0.1:8765",
        "Runbook retry-ultracart",
        "Started 2026-11-26T04:15:00Z",
        "Finished 2026-11-26T04:19:30Z",
        "run-retry 0.1.0",
        "1 succeeded, 3 still_failed, 1 not_found, 1 ambiguous, 1 error",
        "Persistent errors (2)",
        "2 orders: Order 10004 , Order 10009",
        "Map SKU-123 in UltraCart first.",  # an order's own advice
        "Failed → Success",
        "1 → 2",
        "customer called",
        "The search matched 2 orders; none was retried",
        "Customer Maria Garcia",
        "timed out looking for &#39;Orders&#39;",
        "1.3 locate 3 2.00 2.90 3.00",  # step, count, p50, p95, max
    ):
        assert expected in text, expected
    assert text.count(DEFAULT_ADVICE) >= 2


def test_badges_carry_the_outcome(results):
    html = render_report_html(run_info(), results)
    for outcome in ("succeeded", "still_failed", "not_found", "ambiguous", "error"):
        assert f'<span class="badge {outcome}">{outcome}</span>' in html


def test_thumbnails_link_to_the_full_screenshot_and_load_lazily(results):
    html = render_report_html(run_info(), results)
    assert (
        '<a href="12345/01-1.3.png"><img src="12345/01-1.3.png" loading="lazy" alt="01-1.3.png">'
        "</a>" in html
    )


def test_screenshot_paths_are_quoted_and_never_leave_the_run_folder():
    assert screenshot_href("12345/01-log in.png") == "12345/01-log%20in.png"
    assert screenshot_href('a/"onmouseover=x.png') == "a/%22onmouseover%3Dx.png"
    for unsafe in ("javascript:alert(1)", "/etc/passwd", "../other-run/x.png", "C:/x.png", ""):
        assert screenshot_href(unsafe) is None, unsafe
    result = OrderResult(
        order="1", outcome=Outcome.ERROR, steps=[StepRecord("1.1 log in", 1, "../../secret.png")]
    )
    html = render_report_html(run_info(), [result])
    assert "../../secret.png" not in html
    assert "secret.png" in html  # named, not linked


def test_report_of_an_empty_or_interrupted_run(tmp_path):
    html = render_report_html(run_info(finished_at=None), [])
    assert "No orders." in html
    assert "not recorded (interrupted?)" in html


# --- JUnit XML -------------------------------------------------------------------------------


def test_junit_has_a_testcase_per_order_with_failures_and_errors(tmp_path, results):
    dry = OrderResult(order="10001", outcome=Outcome.DRY_RUN)
    fine = OrderResult(order="10010", outcome=Outcome.NOT_FAILED, status_before="Success")
    path = write_junit_xml(tmp_path / "ci" / "junit.xml", run_info(), [*results, dry, fine])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    suite = ET.parse(path).getroot().find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "9"
    assert suite.get("failures") == "5"  # still_failed x3, ambiguous, not_found
    assert suite.get("errors") == "1"
    assert suite.get("skipped") == "1"
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert cases["Order 12345"].find("failure") is None
    assert cases["Order 12345"].get("time") == "1.500"
    failure = cases["Order 10004"].find("failure")
    assert failure is not None and failure.get("type") == "still_failed"
    assert IMG_ERROR in failure.get("message")  # escaped by the XML writer, intact as text
    assert DEFAULT_ADVICE in failure.text
    assert cases["Customer Maria Garcia"].find("failure").get("type") == "ambiguous"
    assert cases["Order 10014"].find("error").get("type") == "error"
    assert cases["Order 10001"].find("skipped") is not None
    assert cases["Order 10010"].find("failure") is None
    raw = path.read_text(encoding="utf-8")
    assert SCRIPT_NAME not in raw and "&lt;script&gt;" in raw


def test_junit_survives_characters_xml_cannot_carry(tmp_path):
    nasty = OrderResult(order="1", outcome=Outcome.STILL_FAILED, error="bell\x07 escape\x1b[31m")
    path = write_junit_xml(tmp_path / "junit.xml", run_info(), [nasty])
    failure = ET.parse(path).getroot().find("testsuite/testcase/failure")
    assert failure is not None
    assert "bell\ufffd escape\ufffd[31m" in failure.get("message")
