"""The evidence of a run, for people and machines: results.json, report.html, JUnit XML.

Everything written here may hold text from the site (customer names, error texts, order
numbers) and from the batch file (notes): the HTML is rendered by Jinja2 with autoescaping on
and a Content-Security-Policy that forbids scripts, the XML is built with ElementTree. Files are
written atomically (a temporary file, then os.replace) and are readable by the user alone:
they name customers.

The run's login is the first step of every order's steps (one login serves every page of a
run): the report shows it once, at the top, and counts it once in the step statistics. The
report of a run folder also shows, under each order, its pictures from earlier visits (the
read-only plan check before the plan was confirmed, a try made again at the end of the run,
an interrupted run's visit) and keeps the batch file's note apart from the tool's own. With
``--self-contained`` a second file, report-self-contained.html, carries every picture inside it
(data: URIs) so that it can be archived or mailed alone; report.html links the pictures.
"""

from __future__ import annotations

import base64
import json
import math
import os
import re
import sqlite3
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined

from thiio_runbook import __version__
from thiio_runbook.journal import Journal, JournalError, journal_path
from thiio_runbook.outcomes import NEEDS_ATTENTION, OrderResult, Outcome, RunInfo, StepRecord
from thiio_runbook.rundir import order_folder, screenshot_number
from thiio_runbook.steps import LOG_IN

RESULTS_JSON = "results.json"
REPORT_HTML = "report.html"
SELF_CONTAINED_HTML = "report-self-contained.html"

# The article's step 2.4, "Handle Persistent Errors", for a still_failed order without advice of
# its own.
DEFAULT_ADVICE = (
    "Thiio still reports this error after the retry. Identify and resolve its cause before "
    "retrying the order again (article step 2.4, Handle Persistent Errors)."
)
NO_ERROR_TEXT = "(Thiio showed no error text)"


# --- numbers -----------------------------------------------------------------------------------


def count_outcomes(results: Iterable[OrderResult]) -> dict[str, int]:
    """Orders per outcome, every outcome present (zeros too), in the documented order."""
    counts = {outcome.value: 0 for outcome in Outcome}
    for result in results:
        counts[result.outcome.value] += 1
    return counts


def summary_line(results: Sequence[OrderResult]) -> str:
    """One line for the terminal and the report's title: "3 succeeded, 1 still_failed"."""
    parts = [f"{count} {outcome}" for outcome, count in count_outcomes(results).items() if count]
    return ", ".join(parts) if parts else "no orders"


@dataclass(frozen=True)
class StepStats:
    name: str
    count: int
    p50: float
    p95: float
    max: float


def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); values need not be sorted."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _leading_login(result: OrderResult) -> StepRecord | None:
    """The run's login in front of this order's steps, if it is there.

    The procedure puts the login of the run (step 1.1, made once for every page) in front of
    each order's own steps; a login of the order's own (the session expired on the way) comes
    after a step of the order, never first.
    """
    if result.steps and result.steps[0].name == LOG_IN:
        return result.steps[0]
    return None


def run_logins(results: Iterable[OrderResult]) -> list[StepRecord]:
    """The run's login(s), each once, in the order first seen (one per process: a resumed run
    logs in again)."""
    logins: list[StepRecord] = []
    for result in results:
        login = _leading_login(result)
        if login is not None and login not in logins:
            logins.append(login)
    return logins


def own_steps(result: OrderResult) -> list[StepRecord]:
    """The steps taken for this order: its steps without the run's shared login."""
    return result.steps[1:] if _leading_login(result) is not None else list(result.steps)


def own_seconds(result: OrderResult) -> float:
    return sum(step.seconds for step in own_steps(result))


def step_stats(results: Iterable[OrderResult]) -> list[StepStats]:
    """p50/p95/max seconds per step name across the run, steps in the order first seen.

    The run's login counts once (not once for every order it served)."""
    results = list(results)
    seconds: dict[str, list[float]] = {}
    for login in run_logins(results):
        seconds.setdefault(login.name, []).append(login.seconds)
    for result in results:
        for step in own_steps(result):
            seconds.setdefault(step.name, []).append(step.seconds)
    return [
        StepStats(name, len(values), percentile(values, 0.5), percentile(values, 0.95), max(values))
        for name, values in seconds.items()
    ]


@dataclass
class ErrorGroup:
    error: str
    advice: str
    orders: list[OrderResult]


def persistent_error_groups(results: Iterable[OrderResult]) -> list[ErrorGroup]:
    """still_failed orders grouped by Thiio's error text, the largest group first."""
    groups: dict[str, ErrorGroup] = {}
    for result in results:
        if result.outcome is not Outcome.STILL_FAILED:
            continue
        error = (result.error or "").strip() or NO_ERROR_TEXT
        group = groups.setdefault(error, ErrorGroup(error, result.advice or DEFAULT_ADVICE, []))
        group.orders.append(result)
    return sorted(groups.values(), key=lambda group: -len(group.orders))  # stable: ties keep order


# --- files -------------------------------------------------------------------------------------


def _write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole or not at all, readable by the user alone."""
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp makes it 0600
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def results_document(run: RunInfo, results: Sequence[OrderResult]) -> dict[str, object]:
    """The content of results.json (also what --json prints)."""
    return {
        "run_id": run.run_id,
        "run": asdict(run),
        "counts": count_outcomes(results),
        "orders": [result.to_json() for result in results],
    }


def write_results_json(run_dir: Path, run: RunInfo, results: Sequence[OrderResult]) -> Path:
    text = json.dumps(results_document(run, results), indent=2, ensure_ascii=False) + "\n"
    return _write_atomically(Path(run_dir) / RESULTS_JSON, text.encode("utf-8"))


# --- report.html -------------------------------------------------------------------------------

_environment = Environment(
    loader=PackageLoader("thiio_runbook", "templates"),
    autoescape=True,  # always: every string in the report may come from the site
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def screenshot_href(path: str) -> str | None:
    """A link to a screenshot relative to the run folder, or None when the path is not one.

    Screenshot paths come from the tool, but a link is only ever relative and inside the run
    folder: no scheme (javascript:, file:), no absolute path, no '..'.
    """
    normalised = path.replace("\\", "/")
    if (
        not normalised
        or normalised.startswith("/")
        or _SCHEME_RE.match(normalised)
        or ".." in normalised.split("/")
    ):
        return None
    return quote(normalised, safe="/")


def order_title(result: OrderResult) -> str:
    """How a person names this result: by order number, or by what was searched for."""
    if result.lookup == "order" or not result.query:
        return f"Order {result.order}"
    searched = f"{result.lookup} {result.query}"
    if result.order and result.order != result.query:
        return f"Order {result.order} (found by {searched})"
    return searched[:1].upper() + searched[1:]


def split_note(note: str | None, batch_note: str | None) -> str | None:
    """The tool's own part of a result's note: without the batch file's note, which the batch
    appends to it ("the row is Success: left alone; customer called")."""
    if not note or not batch_note:
        return note or None
    if note == batch_note:
        return None
    suffix = f"; {batch_note}"
    return note[: -len(suffix)] if note.endswith(suffix) else note


@dataclass(frozen=True)
class RunEvidence:
    """What the run folder knows beyond the results: the batch file's notes, by entry
    (lookup, query), and each result's pictures from earlier visits, by its position."""

    batch_notes: Mapping[tuple[str, str], str] = field(default_factory=dict)
    earlier: Mapping[int, list[str]] = field(default_factory=dict)


def batch_notes_of(run_dir: Path) -> dict[tuple[str, str], str]:
    """The batch file's note of each entry, from the run's journal ({} without one)."""
    path = journal_path(run_dir)
    if not path.is_file():
        return {}
    try:
        with Journal.open(path) as journal:
            records = journal.entries()
    except (JournalError, sqlite3.Error):
        return {}
    return {
        (record.entry.kind, record.entry.value): record.entry.note
        for record in records
        if record.entry.note
    }


def earlier_screenshots(run_dir: Path, results: Sequence[OrderResult]) -> dict[int, list[str]]:
    """Per result (by position), the pictures in its order's folder that no result shows.

    They are of visits whose result a later one replaced: the read-only plan check made before
    the plan was confirmed, a try made again at the end of the run, or an interrupted run's
    visit. Each goes to the first result of its folder, in NN order.
    """
    shown = {shot for result in results for shot in result.screenshots}
    earlier: dict[int, list[str]] = {}
    seen_folders: set[str] = set()
    for index, result in enumerate(results):
        folder = order_folder(result.order)
        if folder in seen_folders:
            continue
        seen_folders.add(folder)
        directory = Path(run_dir) / folder
        if not directory.is_dir():
            continue
        numbered = [
            (number, f"{folder}/{path.name}")
            for path in directory.iterdir()
            if (number := screenshot_number(path)) is not None and path.is_file()
        ]
        left = [relative for _, relative in sorted(numbered) if relative not in shown]
        if left:
            earlier[index] = left
    return earlier


def gather_evidence(run_dir: Path, results: Sequence[OrderResult]) -> RunEvidence:
    return RunEvidence(batch_notes_of(run_dir), earlier_screenshots(run_dir, results))


# How a screenshot path becomes an <img src>: a relative link, or the picture itself.
ImageSource = Callable[[str], "str | None"]

_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def embedded_images(run_dir: Path) -> ImageSource:
    """A data: URI of each screenshot in the run folder (None: not a picture of this folder)."""
    root = Path(run_dir).resolve()

    def source(path: str) -> str | None:
        href = screenshot_href(path)
        kind = _IMAGE_TYPES.get(Path(path).suffix.lower())
        if href is None or kind is None:
            return None
        file = (root / path.replace("\\", "/")).resolve()
        if not file.is_relative_to(root) or not file.is_file():
            return None
        return f"data:{kind};base64,{base64.b64encode(file.read_bytes()).decode('ascii')}"

    return source


def _shot_view(path: str, image: ImageSource, link: bool) -> dict[str, object]:
    return {
        "src": image(path),
        "href": screenshot_href(path) if link else None,
        "label": Path(path).name,
    }


def _order_view(
    position: int,
    result: OrderResult,
    evidence: RunEvidence,
    image: ImageSource,
    link: bool,
) -> dict[str, object]:
    match_keys: list[str] = []
    for match in result.matches:
        match_keys.extend(key for key in match if key not in match_keys)
    steps = own_steps(result)
    batch_note = evidence.batch_notes.get((result.lookup, result.query))
    return {
        "anchor": f"order-{position + 1}",
        "title": order_title(result),
        "order": result.order,
        "result": result,
        "steps": steps,
        "seconds": own_seconds(result),
        "advice": result.advice or DEFAULT_ADVICE,
        "tool_note": split_note(result.note, batch_note),
        "batch_note": batch_note,
        "match_keys": match_keys,
        "shots": [_shot_view(step.screenshot, image, link) for step in steps if step.screenshot],
        "earlier": [_shot_view(shot, image, link) for shot in evidence.earlier.get(position, [])],
    }


def render_report_html(
    run: RunInfo,
    results: Sequence[OrderResult],
    evidence: RunEvidence | None = None,
    *,
    images: ImageSource | None = None,
) -> str:
    """The report; pictures linked (relative to the run folder) unless ``images`` gives them
    (embedded_images: a self-contained page)."""
    evidence = evidence or RunEvidence()
    self_contained = images is not None
    image = images or screenshot_href
    link = not self_contained
    orders = [
        _order_view(position, result, evidence, image, link)
        for position, result in enumerate(results)
    ]
    anchors = {id(view["result"]): view for view in orders}
    error_groups = [
        {
            "error": group.error,
            "advice": group.advice,
            "orders": [anchors[id(result)] for result in group.orders],
        }
        for group in persistent_error_groups(results)
    ]
    logins = [
        {
            "step": login,
            "shot": _shot_view(login.screenshot, image, link) if login.screenshot else None,
        }
        for login in run_logins(results)
    ]
    return _environment.get_template("report.html.j2").render(
        run=run,
        tool_version=run.tool_version or __version__,
        summary=summary_line(results),
        counts=count_outcomes(results),
        error_groups=error_groups,
        step_stats=step_stats(results),
        logins=logins,
        orders=orders,
        self_contained=self_contained,
    )


def write_report_html(run_dir: Path, run: RunInfo, results: Sequence[OrderResult]) -> Path:
    """report.html in the run folder: no external assets, no script; its pictures are linked
    (relative paths: it needs the run folder beside it)."""
    html = render_report_html(run, results, gather_evidence(Path(run_dir), results))
    return _write_atomically(Path(run_dir) / REPORT_HTML, html.encode("utf-8"))


def write_self_contained_report_html(
    run_dir: Path, run: RunInfo, results: Sequence[OrderResult]
) -> Path:
    """report-self-contained.html (--self-contained): report.html with every picture inside it
    (data: URIs), to archive or mail on its own. Larger: every screenshot, whole."""
    run_dir = Path(run_dir)
    html = render_report_html(
        run, results, gather_evidence(run_dir, results), images=embedded_images(run_dir)
    )
    return _write_atomically(run_dir / SELF_CONTAINED_HTML, html.encode("utf-8"))


# --- JUnit XML ---------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry even escaped; a hostile error text must not break the file.
_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: object) -> str:
    return _XML_INVALID_RE.sub("\ufffd", "" if value is None else str(value))


def _case_details(result: OrderResult) -> str:
    lines = [
        f"outcome: {result.outcome.value}",
        f"looked up by {result.lookup}: {result.query or result.order}",
        f"Ultracart status: {result.status_before or '-'} -> {result.status_after or '-'}",
        f"attempts: {result.attempts_before if result.attempts_before is not None else '-'}"
        f" -> {result.attempts_after if result.attempts_after is not None else '-'}",
    ]
    if result.customer:
        lines.append(f"customer: {result.customer}")
    if result.note:
        lines.append(f"note: {result.note}")
    if result.error:
        lines.append(f"error: {result.error}")
    if result.outcome is Outcome.STILL_FAILED:
        lines.append(f"advice: {result.advice or DEFAULT_ADVICE}")
    for match in result.matches:
        lines.append("match: " + ", ".join(f"{key}={value}" for key, value in match.items()))
    steps = own_steps(result)
    lines.extend(f"step {step.name}: {step.seconds:.2f} s" for step in steps)
    lines.extend(f"screenshot: {step.screenshot}" for step in steps if step.screenshot)
    return "\n".join(lines)


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def wall_seconds(run: RunInfo, results: Sequence[OrderResult]) -> float:
    """How long the run took, start to end (a resumed run's includes the pause). Without a
    recorded end: its login and its orders' own steps, one after the other."""
    started, finished = _moment(run.started_at), _moment(run.finished_at)
    if started is not None and finished is not None and finished >= started:
        return (finished - started).total_seconds()
    return sum(login.seconds for login in run_logins(results)) + sum(
        own_seconds(result) for result in results
    )


def render_junit_xml(run: RunInfo, results: Sequence[OrderResult]) -> bytes:
    """One testcase per order: <failure> when a person must look at it, <error> when the
    automation failed, <skipped> for a dry run, passed otherwise. The suite's time is the run's
    wall time (orders overlap on several pages); a case's, its order's own steps."""
    failures = sum(1 for result in results if result.outcome in NEEDS_ATTENTION)
    errors = sum(1 for result in results if result.outcome is Outcome.ERROR)
    skipped = sum(1 for result in results if result.outcome is Outcome.DRY_RUN)
    suites = ET.Element("testsuites", name="run-retry")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=_xml_text(f"run-retry {run.runbook} {run.run_id}"),
        tests=str(len(results)),
        failures=str(failures),
        errors=str(errors),
        skipped=str(skipped),
        time=f"{wall_seconds(run, results):.3f}",  # wall time: the orders overlap
        timestamp=_xml_text(run.started_at),
        hostname=_xml_text(run.target_url),
    )
    for result in results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_xml_text(f"run-retry.{run.runbook}"),
            name=_xml_text(order_title(result)),
            time=f"{own_seconds(result):.3f}",  # the run's login is the suite's
        )
        details = _xml_text(_case_details(result))
        message = _xml_text(
            f"{result.outcome.value}: {result.error}" if result.error else result.outcome.value
        )
        if result.outcome is Outcome.ERROR:
            ET.SubElement(case, "error", message=message, type=result.outcome.value).text = details
        elif result.outcome in NEEDS_ATTENTION:
            ET.SubElement(
                case, "failure", message=message, type=result.outcome.value
            ).text = details
        elif result.outcome is Outcome.DRY_RUN:
            ET.SubElement(case, "skipped", message="dry run: the Retry was not clicked")
            ET.SubElement(case, "system-out").text = details
        else:
            ET.SubElement(case, "system-out").text = details
    ET.indent(suites)
    return ET.tostring(suites, encoding="utf-8", xml_declaration=True) + b"\n"


def write_junit_xml(path: Path, run: RunInfo, results: Sequence[OrderResult]) -> Path:
    """The JUnit XML at ``path``; returns its absolute path (what the run prints)."""
    return _write_atomically(Path(path).absolute(), render_junit_xml(run, results))
