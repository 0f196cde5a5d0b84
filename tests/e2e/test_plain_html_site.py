"""The default configuration on Thiio-like admins it has never seen: plain HTML lists, a
labelled ⋮, a role=menu overlay, an <aside> pane, a "Yes" confirmation dialog; and one whose
tabs and dropdown options are bare divs without a role (as Naive UI renders them)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser
SITES = Path(__file__).parent / "plain_site"


class PlainSite:
    """Serves one HTML page at every path but /el.js (its DOM helper); records each POST
    /retry?order=&integration=."""

    def __init__(self, page: bytes) -> None:
        self.retries: list[tuple[str, str]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                script = urlparse(self.path).path == "/el.js"
                self.send_response(200)
                kind = "text/javascript" if script else "text/html; charset=utf-8"
                self.send_header("content-type", kind)
                self.end_headers()
                self.wfile.write((SITES / "el.js").read_bytes() if script else page)

            def do_POST(self) -> None:
                query = parse_qs(urlparse(self.path).query)
                site.retries.append((query["order"][0], query["integration"][0]))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def serve(page: str, monkeypatch: pytest.MonkeyPatch, rerender_ms: int = 0) -> Iterator[PlainSite]:
    html = (SITES / page).read_bytes()
    if rerender_ms:
        html = html.replace(
            b"const RERENDER_MS = 0;", f"const RERENDER_MS = {rerender_ms};".encode()
        )
    site = PlainSite(html)
    monkeypatch.setenv("THIIO_URL", site.url)
    monkeypatch.setenv("THIIO_EMAIL", "ops@example.com")
    monkeypatch.setenv("THIIO_PASSWORD", "plain-pw")
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture
def plain_site(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PlainSite]:
    yield from serve("index.html", monkeypatch)


@pytest.fixture
def bare_divs_site(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[PlainSite]:
    """Parametrized (indirect) with how often its notification list is drawn anew, closing an
    open menu and swallowing the first ⋮ click; 0: never."""
    yield from serve("bare_divs.html", monkeypatch, rerender_ms=getattr(request, "param", 0))


def test_retries_the_ultracart_item_of_a_list_layout(plain_site, run_retry) -> None:
    run = run_retry("--order", "12345", "--fresh-login")

    assert run.code == 0, run.out
    assert plain_site.retries == [("12345", "UltraCart")]  # not the failed Order Desk item
    order = run.order("12345")
    assert order["outcome"] == "succeeded"
    assert (order["status_before"], order["attempts_before"]) == ("Failed", 1)
    assert (order["status_after"], order["attempts_after"]) == ("Success", 2)
    retry_step = next(s for s in order["steps"] if s["name"] == "2.2 retry")
    assert "confirmed the dialog" in retry_step["detail"]


def test_reads_status_and_error_from_a_list_item(plain_site, run_retry) -> None:
    run = run_retry("--order", "12345", "--dry-run")
    assert run.order("12345")["outcome"] == "dry_run", run.out
    identify = next(s for s in run.order("12345")["steps"] if s["name"].startswith("1.5"))
    assert "500: any server side error." in identify["detail"]
    assert plain_site.retries == []

    run = run_retry("--order", "12346")
    assert run.order("12346")["outcome"] == "not_failed"
    run = run_retry("--order", "99999")
    assert run.order("99999")["outcome"] == "not_found"
    assert plain_site.retries == []


def test_wrong_password_on_an_unknown_site_is_one_clear_error(
    plain_site, run_retry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THIIO_PASSWORD", "wrong")
    run = run_retry("--order", "12345")
    assert run.code == 3
    assert "Invalid email or password" in run.out


@pytest.mark.parametrize("bare_divs_site", [0, 1500], ids=["still", "redrawn"], indirect=True)
def test_tabs_and_menu_options_without_roles_are_found_by_their_words(
    bare_divs_site, run_retry
) -> None:
    run = run_retry("--order", "12345", "--fresh-login")

    assert run.code == 0, run.out
    # Only the Ultracart row's Retry, once: not Order Desk's (also failed, with a "Retry" link
    # of its own on screen, which each re-draw brings back as a new element), not "View
    # payload"; the side menu's "Notifications" is not the tab.
    assert bare_divs_site.retries == [("12345", "Ultracart")]
    order = run.order("12345")
    assert order["outcome"] == "succeeded"
    assert (order["status_before"], order["attempts_before"]) == ("Failed", 1)
    assert (order["status_after"], order["attempts_after"]) == ("Success", 2)
    identify = next(s for s in order["steps"] if s["name"].startswith("1.5"))
    assert "500: any server side error." in identify["detail"]


def test_doctor_says_which_things_were_found_as_bare_text(bare_divs_site, run_retry) -> None:
    run = run_retry("doctor", "--order", "12345")

    assert run.code == 0, run.out + run.err
    assert bare_divs_site.retries == []
    assert "found as bare text, not as a tab, button or link" in run.out
    assert "found as bare text the ⋮ made appear, not as a menu item" in run.out
