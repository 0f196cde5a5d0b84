"""The report of a real batch as an auditor keeps it: --self-contained, copied alone, printed to
PDF by Chromium with every thumbnail loaded."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from thiio_runbook.browser import QUIET_ARGS, choose_browser

from .batch_support import ledger_counts, write_batch

pytestmark = pytest.mark.browser


def launch_args(playwright: Any) -> dict[str, Any]:
    """tests/conftest.py's browser_type_launch_args, headless (page.pdf needs it). Not that
    fixture itself: it starts pytest-playwright's session-wide loop in this thread, after which
    asyncio.run (every later run_retry) refuses to start."""
    choice = choose_browser(playwright.chromium.executable_path)
    args: dict[str, Any] = {"headless": True, "args": list(QUIET_ARGS)}
    if choice.executable_path:
        args["executable_path"] = choice.executable_path
    return args


IMAGES = "Array.from(document.images)"


def test_self_contained_report_prints_every_thumbnail(
    sandbox, account, run_retry, workdir: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    write_batch(workdir, "orders.yaml", ["- order: 12345", "  note: customer called", "- 10001"])

    run = run_retry("--batch", "orders.yaml", "--yes", "--self-contained")

    assert run.code == 0, run.out + run.err
    assert ledger_counts(sandbox) == {"12345": 1, "10001": 1}
    assert run.run_dir is not None
    report = run.run_dir / "report-self-contained.html"
    assert f"report-self-contained.html: {report}" in run.out
    assert (run.run_dir / "report.html").is_file()  # the linked one stays
    # Every picture of the run is in it once: the shared login, each order's own.
    pictures = sorted(run.run_dir.rglob("*.png"))
    assert len({o["steps"][0]["screenshot"] for o in run.orders}) == 1  # one login for both
    # Archived or mailed alone: nothing next to it.
    alone = tmp_path / "mailed" / "report.html"
    alone.parent.mkdir()
    shutil.copy(report, alone)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_args(playwright))
        try:
            page = browser.new_page()
            page.goto(alone.as_uri(), wait_until="load")  # the load event waits for images
            loaded = page.evaluate(
                f"{IMAGES}.map(img => [img.alt, img.complete && img.naturalWidth > 0])"
            )
            assert [alt for alt, _ in loaded] != [] and all(ok for _, ok in loaded), loaded
            assert sorted(alt for alt, _ in loaded) == sorted(p.name for p in pictures)
            page.emulate_media(media="print")
            shown = page.evaluate(
                f"{IMAGES}.filter(img => {{ const box = img.getBoundingClientRect();"
                " return box.width > 0 && box.height > 0; }).length"
            )
            assert shown == len(loaded)  # thumbnails visible in the printed layout
            pdf = page.pdf(path=str(tmp_path / "report.pdf"), format="A4")
        finally:
            browser.close()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert (tmp_path / "report.pdf").stat().st_size == len(pdf)
    assert b"/Subtype /Image" in pdf
