"""Bad input through the real CLI: each a clear error, exit 2 and nothing retried (no browser,
no run folder); an unreachable host is exit 3 at once; a site that is not Thiio stops at the
first step that does not match, with evidence; hostile site text stays inert on the terminal."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from thiio_runbook.cli import main

BAD_FILES = {
    "malformed.yaml": ("- 12345\n- [unclosed\n", "malformed YAML"),
    "malformed.csv": ('order\n"12345\n', "line"),
    "wrong-type.yaml": ("- order: [12345]\n", "line 1"),
    "empty.yaml": ("[]\n", "the list is empty"),
    "unknown-key.yaml": ("- {order: '12345', colour: red}\n", "unknown key 'colour'"),
    "spaces.csv": ("order\n12 345\n", "line 2"),
    "unicode.yaml": ("- '١٢٣٤٥'\n", "line 1"),
    "markup.csv": ("order\n<script>alert(1)</script>\n", "line 2"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_batch_file_is_refused_before_anything(
    name: str, sandbox, account, workdir: Path, capsys
) -> None:
    text, says = BAD_FILES[name]
    (workdir / name).write_text(text, encoding="utf-8")

    assert main(["--batch", name, "--yes"]) == 2
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    assert first.startswith(f"run-retry: {name}") and "nothing was retried" in first, err
    assert says in err, err
    assert "Traceback" not in err and "<script>" not in first
    assert not (workdir / "screenshots").exists()
    assert sandbox.ledger() == []


@pytest.mark.parametrize(
    ("config", "says"),
    [
        ("timeouts: [1, 2]\n", "timeouts: expected a mapping, got a list"),
        ("timeouts: {element_seconds: soon}\n", "expected a number, got text"),
        ("evidence: {mask: []}\n", "evidence.mask: expected a non-empty list of words"),
        ("colour: red\n", "colour: unknown key"),
        ("timeouts: {element_seconds: 8\n", "not valid YAML"),
    ],
)
def test_a_bad_config_is_one_line_and_exit_2(
    config: str, says: str, sandbox, account, workdir: Path, capsys
) -> None:
    (workdir / "playwright.config.yaml").write_text(config)
    assert main(["--order", "12345"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and says in err, err
    assert sandbox.ledger() == []


@pytest.mark.parametrize("value", ["12 345", "١٢٣٤٥", "<b>12345</b>", "12345;rm -rf", ""])
def test_an_order_number_that_is_not_one_is_refused(
    value: str, sandbox, account, workdir: Path, capsys
) -> None:
    assert main(["--order", value]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("run-retry: --order:"), err
    assert sandbox.ledger() == []


def test_a_100000_entry_list_is_validated_in_under_2_seconds(workdir: Path, capsys) -> None:
    lines = [str(300000 + i) for i in range(100_000)]
    lines[77_777] = "77 777"  # one bad entry, far down the list
    (workdir / "big.csv").write_text("order\n" + "\n".join(lines) + "\n")
    started = time.monotonic()
    assert main(["--batch", "big.csv", "--yes", "--sandbox"]) == 2
    assert time.monotonic() - started < 2.0
    assert "line 77779" in capsys.readouterr().err


@pytest.mark.parametrize("url", ["ftp://thiio.example", "my-domain.thiio.io", "javascript:x"])
def test_thiio_url_must_be_http(url: str, workdir: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("THIIO_URL", url)
    monkeypatch.setenv("THIIO_EMAIL", "a@b.c")
    monkeypatch.setenv("THIIO_PASSWORD", "pw")
    assert main(["--order", "12345"]) == 2
    assert "THIIO_URL must be an http:// or https://" in capsys.readouterr().err


@pytest.mark.browser
def test_an_unreachable_host_is_exit_3_at_once(workdir: Path, monkeypatch, capsys) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("THIIO_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("THIIO_EMAIL", "a@b.c")
    monkeypatch.setenv("THIIO_PASSWORD", "pw")
    started = time.monotonic()
    assert main(["--order", "12345"]) == 3
    assert time.monotonic() - started < 30
    out = capsys.readouterr()
    assert f"cannot reach http://127.0.0.1:{port} (net::ERR_CONNECTION_REFUSED)" in out.out
    assert "Traceback" not in out.out + out.err


HOSTILE = (
    "<html><head><title>Acme \x1b[2J<script>alert(1)</script> Blog</title></head>"
    "<body><main><h1>Welcome \x1b]0;pwned\x07<img src=x onerror=alert(1)></h1>"
    "<p>Nothing to see here.</p></main></body></html>"
)


@pytest.fixture
def not_thiio(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A plain web page with hostile text in its title and heading."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(HOSTILE.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("THIIO_URL", url)
    monkeypatch.setenv("THIIO_EMAIL", "a@b.c")
    monkeypatch.setenv("THIIO_PASSWORD", "pw")
    (workdir / "playwright.config.yaml").write_text("timeouts: {element_seconds: 4}\n")
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_a_site_that_is_not_thiio_stops_at_the_first_step_with_evidence(
    not_thiio: str, run_retry
) -> None:
    started = time.monotonic()
    run = run_retry("--order", "12345")

    # A wrong THIIO_URL is a configuration problem (2), said once the page has loaded and
    # element_seconds have passed, not after the navigation time; no --resume hint.
    assert run.code == 2, run.out
    assert time.monotonic() - started < 20
    assert "check THIIO_URL" in run.out and "--resume" not in run.out
    (order,) = run.orders
    assert order["outcome"] == "error"
    assert order["error"].startswith("1.1 log in:")
    assert "neither a login form nor a menu entry 'Orders'" in order["error"]
    assert "Welcome" in order["error"]  # what the page showed instead
    printed = run.out + run.err
    assert "\x1b" not in printed and "\x07" not in printed  # no escape reaches the terminal
    html = (run.run_dir / "report.html").read_text()
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
