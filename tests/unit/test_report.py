"""The evidence a person and a CI system read: results.json, report.html, JUnit XML.

Site text (names, errors) is hostile until proven otherwise: it must come out as text, never
as live markup."""

from __future__ import annotations

import base64
import json
import re
import stat
import struct
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from thiio_runbook.batchfile import BatchEntry
from thiio_runbook.journal import Journal, journal_path
from thiio_runbook.outcomes import OrderResult, Outcome, RunInfo, StepRecord
from thiio_runbook.report import (
    DEFAULT_ADVICE,
    RunEvidence,
    batch_notes_of,
    count_outcomes,
    percentile,
    persistent_error_groups,
    render_report_html,
    run_logins,
    screenshot_href,
    split_note,
    step_stats,
    summary_line,
    write_junit_xml,
    write_report_html,
    write_results_json,
    write_self_contained_report_html,
)
from thiio_runbook.rundir import RunFolder

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


# The run's one login, as the procedure puts it in front of every order's own steps.
LOGIN = StepRecord("1.1 log in", 1.8, "12345/01-log-in.png", "logged in")


def batch_results() -> list[OrderResult]:
    """Three orders of one batch that shared one login; 10001 had to log in again itself."""
    return [
        OrderResult(
            order="12345",
            outcome=Outcome.SUCCEEDED,
            query="12345",
            note="customer called",
            steps=[
                LOGIN,
                StepRecord("1.2 orders", 1.0, "12345/07-orders.png"),
                StepRecord("2.2 retry", 0.5, "12345/08-retry.png"),
            ],
        ),
        OrderResult(
            order="10001",
            outcome=Outcome.SUCCEEDED,
            query="10001",
            steps=[
                LOGIN,
                StepRecord("1.2 orders", 2.0, "10001/06-orders.png"),
                StepRecord("1.1 log in", 3.0, "10001/07-log-in.png", "session expired; logged in"),
                StepRecord("2.2 retry", 0.7, "10001/08-retry.png"),
            ],
        ),
        OrderResult(
            order="10010",
            outcome=Outcome.NOT_FAILED,
            query="10010",
            note="the Ultracart row is Success: left alone; <b>look</b> again",
            steps=[LOGIN, StepRecord("1.2 orders", 1.5, "10010/01-orders.png")],
        ),
    ]


def png(shade: int) -> bytes:
    """A 1x1 grey PNG (a real picture a browser can show)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(bytes([0, shade]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# What a plan-then-confirm batch leaves on disk: each order's own pictures, the shared login
# (filed under the first order) and the read-only plan check's (02-06 of 12345, 01-05 of 10001).
EARLIER = {
    "12345": [f"12345/{n:02d}-orders.png" for n in range(2, 7)],
    "10001": [f"10001/{n:02d}-orders.png" for n in range(1, 6)],
}


def run_folder(tmp_path: Path, results: list[OrderResult]) -> Path:
    run_dir = tmp_path / "run"
    paths = [shot for r in results for shot in r.screenshots] + [
        shot for shots in EARLIER.values() for shot in shots
    ]
    for index, relative in enumerate(sorted(set(paths))):
        path = run_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png(index * 7 % 256))
    (run_dir / "12345" / "trace.zip").write_bytes(b"PK")  # not a picture: never shown
    return run_dir


def order_sections(html: str) -> dict[str, str]:
    """Each order's <section>, by order number."""
    sections = re.findall(r'<section class="order" id="order-\d+">(.*?)</section>', html, re.S)
    return {re.search(r"Order (\S+)</h3>", section).group(1): section for section in sections}


def as_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def image_sources(html: str) -> list[str]:
    return [value for name, value in live_markup(html).attributes if name == "src" and value]


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


@pytest.mark.parametrize("self_contained", [False, True], ids=["linked", "self-contained"])
def test_site_text_is_escaped_in_the_report(results, self_contained):
    images = (lambda path: None) if self_contained else None
    html = render_report_html(run_info(), results, images=images)
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


def test_thumbnails_link_to_the_full_screenshot_and_load_at_once(results):
    html = render_report_html(run_info(), results)
    assert '<a href="12345/01-1.3.png"><img src="12345/01-1.3.png" alt="01-1.3.png"></a>' in html
    # A lazy image is never fetched for a printed page or an archived copy: grey boxes.
    assert "loading=" not in html


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


def test_the_run_login_is_shown_once_at_the_top_not_under_every_order():
    results = batch_results()
    html = render_report_html(run_info(), results)
    assert run_logins(results) == [LOGIN]
    assert image_sources(html).count("12345/01-log-in.png") == 1
    assert html.index('src="12345/01-log-in.png"') < html.index("<h2>Outcomes</h2>")
    sections = order_sections(html)
    assert list(sections) == ["12345", "10001", "10010"]
    for number, section in sections.items():
        assert "01-log-in.png" not in section, number
    # An order's own login (its session expired on the way) stays with that order.
    assert "session expired; logged in" in sections["10001"]
    assert "<td>1.1 log in</td>" not in sections["12345"]
    assert "Time</dt><dd>1.5 s" in sections["12345"]  # its own steps, not the login's 1.8 s


def test_every_order_shows_its_own_screenshots_only():
    results = batch_results()
    sections = order_sections(render_report_html(run_info(), results))
    for result in results:
        own = [shot for shot in result.screenshots if shot != LOGIN.screenshot]
        assert image_sources(sections[result.order]) == own, result.order


def test_step_stats_count_the_run_login_once():
    stats = {s.name: s for s in step_stats(batch_results())}
    login = stats["1.1 log in"]
    # the shared login once (1.8 s) and 10001's own login again (3.0 s): not 3 x 1.8 s
    assert (login.count, login.p50, login.max) == (2, pytest.approx(2.4), 3.0)
    assert stats["1.2 orders"].count == 3


def test_plan_check_screenshots_are_shown_under_their_order(tmp_path):
    results = batch_results()
    run_dir = run_folder(tmp_path, results)
    html = write_report_html(run_dir, run_info(), results).read_text(encoding="utf-8")
    sections = order_sections(html)
    for number, section in sections.items():
        earlier = EARLIER.get(number, [])
        if earlier:
            assert "Earlier visits to this order (5 screenshots)" in section
            assert "read-only plan check" in section
            shown = image_sources(section.split('class="earlier"', 1)[1])
            assert shown == earlier, number  # in the order they were taken
        else:
            assert 'class="earlier"' not in section, number
    assert image_sources(html).count("12345/01-log-in.png") == 1  # not an "earlier visit"
    assert "trace.zip" not in html


def test_batch_file_note_and_the_tools_explanation_are_apart():
    notes = {("order", "12345"): "customer called", ("order", "10010"): "<b>look</b> again"}
    html = render_report_html(run_info(), batch_results(), RunEvidence(batch_notes=notes))
    sections = {number: as_text(section) for number, section in order_sections(html).items()}
    text = as_text(html)
    assert "Batch file note customer called" in sections["12345"]
    assert "Explanation" not in sections["12345"]  # the note was all the batch file's
    assert "Batch file note &lt;b&gt;look&lt;/b&gt; again" in sections["10010"]
    assert "Explanation the Ultracart row is Success: left alone " in text
    assert "left alone; " not in text  # the joined note is not shown as one
    assert "<b>look</b>" not in html  # the batch file's note stays text


def test_split_note_takes_the_batch_files_note_off_the_tools():
    assert split_note("left alone; customer called", "customer called") == "left alone"
    assert split_note("customer called", "customer called") is None
    assert split_note("left alone", None) == "left alone"
    assert split_note("left alone", "other") == "left alone"
    assert split_note(None, "customer called") is None


def test_batch_notes_come_from_the_runs_journal(tmp_path):
    entries = [
        BatchEntry("order:12345", "order", "12345", "customer called", 1),
        BatchEntry("order:10001", "order", "10001", None, 2),
        BatchEntry("email:jane@x.com", "email", "jane@x.com", "by email", 3),
    ]
    Journal.create(journal_path(tmp_path), run_info(), entries).close()
    assert batch_notes_of(tmp_path) == {
        ("order", "12345"): "customer called",
        ("email", "jane@x.com"): "by email",
    }
    assert batch_notes_of(tmp_path / "elsewhere") == {}
    html = write_report_html(tmp_path, run_info(), batch_results()).read_text()
    assert "Batch file note" in order_sections(html)["12345"]


def test_self_contained_report_carries_every_picture(tmp_path):
    results = batch_results()
    run_dir = run_folder(tmp_path, results)
    linked = write_report_html(run_dir, run_info(), results)
    path = write_self_contained_report_html(run_dir, run_info(), results)
    assert path == run_dir / "report-self-contained.html"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    html = path.read_text(encoding="utf-8")
    sources = image_sources(html)
    expected = 1 + sum(len(r.screenshots) - 1 for r in results) + sum(map(len, EARLIER.values()))
    assert len(sources) == expected
    prefix = "data:image/png;base64,"
    assert all(source.startswith(prefix) for source in sources)
    login = (run_dir / LOGIN.screenshot).read_bytes()
    assert base64.b64decode(sources[0][len(prefix) :]) == login
    # nothing refers to a file: no relative image or link (in-page anchors only)
    for name, value in live_markup(html).attributes:
        if name in ("src", "href"):
            assert value and (value.startswith(prefix) or value.startswith("#")), value
    assert 'img-src data:"' in html  # and the page may fetch nothing else
    assert "loading=" not in html
    # report.html stays as it was: linked, small
    linked_html = linked.read_text(encoding="utf-8")
    assert "data:image" not in linked_html
    assert "12345/07-orders.png" in image_sources(linked_html)


def test_self_contained_report_never_takes_a_file_from_outside_the_run_folder(tmp_path):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (tmp_path / "secret.png").write_bytes(png(0))
    (run_dir / "link.png").symlink_to(tmp_path / "secret.png")
    result = OrderResult(
        order="1",
        outcome=Outcome.ERROR,
        steps=[StepRecord("1.2 orders", 1, "../secret.png"), StepRecord("1.3 x", 1, "link.png")],
    )
    html = write_self_contained_report_html(run_dir, run_info(), [result]).read_text()
    assert image_sources(html) == []
    assert "secret.png (not in the run folder)" in html
    assert "link.png (not in the run folder)" in html


def test_report_has_a_printable_layout(results):
    html = render_report_html(run_info(), results)
    style = html[html.index("@media print") :]
    assert re.search(r"tr, figure[^{]*\{ break-inside: avoid; \}", style)
    assert "thead { display: table-header-group; }" in style
    assert "print-color-adjust: exact" in style  # the outcome badges keep their colour


def test_a_resumed_run_never_overwrites_the_screenshots_of_an_earlier_visit(tmp_path):
    folder = RunFolder.create(tmp_path, "20261126-041500-ab12")
    for name in ("1.2 orders", "1.3 locate order"):
        folder.next_screenshot_path("12345", name).write_bytes(png(1))
    resumed = RunFolder(folder.root, folder.run_id)  # a new process on the same run folder
    assert resumed.next_screenshot_path("12345", "1.2 orders").name == "03-orders.png"
    assert resumed.next_screenshot_path("10001", "1.2 orders").name == "01-orders.png"


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


def test_junit_suite_time_is_the_runs_wall_time_not_the_sum_of_its_orders(tmp_path):
    results = batch_results()
    path = write_junit_xml(tmp_path / "junit.xml", run_info(), results)
    suite = ET.parse(path).getroot().find("testsuite")
    assert suite is not None
    assert suite.get("time") == "270.000"  # 04:15:00 -> 04:19:30, the orders overlapping
    cases = {case.get("name"): case.get("time") for case in suite.iter("testcase")}
    # an order's own steps: the run's login is the suite's, not each order's
    assert cases == {"Order 12345": "1.500", "Order 10001": "5.700", "Order 10010": "1.500"}
    unfinished = ET.fromstring(
        write_junit_xml(tmp_path / "j2.xml", run_info(finished_at=None), results).read_bytes()
    ).find("testsuite")
    assert unfinished is not None
    assert unfinished.get("time") == "10.500"  # no end recorded: the login once + own steps


def test_junit_path_printed_is_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_junit_xml(Path("out.xml"), run_info(), batch_results())
    assert path.is_absolute()
    assert path == tmp_path / "out.xml" and path.is_file()
