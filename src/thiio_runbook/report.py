"""The evidence of a run, for people and machines: results.json, report.html, JUnit XML.

Everything written here may hold text from the site (customer names, error texts, order
numbers) and from the batch file (notes): the HTML is rendered by Jinja2 with autoescaping on
and a Content-Security-Policy that forbids scripts, the XML is built with ElementTree. Files are
written atomically (a temporary file, then os.replace) and are readable by the user alone:
they name customers.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined

from thiio_runbook import __version__
from thiio_runbook.outcomes import NEEDS_ATTENTION, OrderResult, Outcome, RunInfo

RESULTS_JSON = "results.json"
REPORT_HTML = "report.html"

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


def step_stats(results: Iterable[OrderResult]) -> list[StepStats]:
    """p50/p95/max seconds per step name across the run, steps in the order first seen."""
    seconds: dict[str, list[float]] = {}
    for result in results:
        for step in result.steps:
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


def _order_view(index: int, result: OrderResult) -> dict[str, object]:
    match_keys: list[str] = []
    for match in result.matches:
        match_keys.extend(key for key in match if key not in match_keys)
    return {
        "anchor": f"order-{index}",
        "title": order_title(result),
        "order": result.order,
        "result": result,
        "seconds": sum(step.seconds for step in result.steps),
        "advice": result.advice or DEFAULT_ADVICE,
        "match_keys": match_keys,
        "shots": [
            {"href": screenshot_href(shot), "label": Path(shot).name} for shot in result.screenshots
        ],
    }


def render_report_html(run: RunInfo, results: Sequence[OrderResult]) -> str:
    orders = [_order_view(index, result) for index, result in enumerate(results, start=1)]
    anchors = {id(view["result"]): view for view in orders}
    error_groups = [
        {
            "error": group.error,
            "advice": group.advice,
            "orders": [anchors[id(result)] for result in group.orders],
        }
        for group in persistent_error_groups(results)
    ]
    return _environment.get_template("report.html.j2").render(
        run=run,
        tool_version=run.tool_version or __version__,
        summary=summary_line(results),
        counts=count_outcomes(results),
        error_groups=error_groups,
        step_stats=step_stats(results),
        orders=orders,
    )


def write_report_html(run_dir: Path, run: RunInfo, results: Sequence[OrderResult]) -> Path:
    """A self-contained report.html in the run folder: no external assets, no script."""
    html = render_report_html(run, results)
    return _write_atomically(Path(run_dir) / REPORT_HTML, html.encode("utf-8"))


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
    lines.extend(f"step {step.name}: {step.seconds:.2f} s" for step in result.steps)
    lines.extend(f"screenshot: {shot}" for shot in result.screenshots)
    return "\n".join(lines)


def render_junit_xml(run: RunInfo, results: Sequence[OrderResult]) -> bytes:
    """One testcase per order: <failure> when a person must look at it, <error> when the
    automation failed, <skipped> for a dry run, passed otherwise."""
    failures = sum(1 for result in results if result.outcome in NEEDS_ATTENTION)
    errors = sum(1 for result in results if result.outcome is Outcome.ERROR)
    skipped = sum(1 for result in results if result.outcome is Outcome.DRY_RUN)
    total_seconds = sum(step.seconds for result in results for step in result.steps)
    suites = ET.Element("testsuites", name="run-retry")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=_xml_text(f"run-retry {run.runbook} {run.run_id}"),
        tests=str(len(results)),
        failures=str(failures),
        errors=str(errors),
        skipped=str(skipped),
        time=f"{total_seconds:.3f}",
        timestamp=_xml_text(run.started_at),
        hostname=_xml_text(run.target_url),
    )
    for result in results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_xml_text(f"run-retry.{run.runbook}"),
            name=_xml_text(order_title(result)),
            time=f"{sum(step.seconds for step in result.steps):.3f}",
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
    return _write_atomically(Path(path), render_junit_xml(run, results))
