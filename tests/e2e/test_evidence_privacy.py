"""Privacy of the evidence: --mask paints personal data over, the run folder and every file in
it (traces, journal side files) are the user's alone, and the saved session goes with one
command."""

from __future__ import annotations

import stat
import struct
import zlib
from pathlib import Path

import pytest

from thiio_runbook.cli import main

pytestmark = pytest.mark.browser

MASK_COLOUR = (255, 0, 255)  # Playwright's default mask colour


def magenta_share(png: Path) -> float:
    """The share of pure magenta pixels of an 8-bit RGB/RGBA PNG (a tiny decoder: no Pillow)."""
    data = png.read_bytes()
    pos, idat, width, height, channels = 8, b"", 0, 0, 3
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    hits = 0
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + pred) & 255
        for x in range(0, stride, channels):
            if tuple(line[x : x + 3]) == MASK_COLOUR:
                hits += 1
        previous = line
    return hits / (width * height)


def test_mask_paints_over_customer_data_in_screenshots(sandbox, account, run_retry) -> None:
    plain = run_retry("--order", "12345", "--dry-run")
    masked = run_retry("--order", "12345", "--dry-run", "--mask")

    assert masked.order("12345")["outcome"] == "dry_run", masked.out
    # The order list (1.3: email column) and the order pane (1.4: name, email, address).
    for step in ("locate-order", "notifications-tab"):
        (before,) = [p for p in plain.files() if p.name.endswith(f"-{step}.png")]
        (after,) = [p for p in masked.files() if p.name.endswith(f"-{step}.png")]
        assert magenta_share(before) < 0.001, step
        assert magenta_share(after) > 0.002, step


def test_run_folder_and_every_file_in_it_are_the_users_alone(
    sandbox, account, run_retry, workdir: Path
) -> None:
    (workdir / "rb.yaml").write_text("action: Reprocess\n")  # an error: its trace is kept
    batch = workdir / "orders.csv"
    batch.write_text("order\n12345\n10010\n")
    run = run_retry(
        "--batch", str(batch), "--yes", "--runbook", "rb.yaml", "--trace", "retain-on-failure"
    )

    assert run.code == 3, run.out + run.err
    assert stat.S_IMODE(run.run_dir.stat().st_mode) == 0o700
    paths = list(run.run_dir.rglob("*"))
    names = {p.name for p in paths}
    assert "trace.zip" in names and "results.json" in names and "report.html" in names
    assert any("journal" in name for name in names), names
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_forget_session_deletes_the_saved_state_and_says_which_file(
    sandbox, account, run_retry, workdir: Path, capsys
) -> None:
    assert run_retry("--order", "10010").code == 0
    (state,) = (workdir.parent / "cache" / "thiio-runbook").iterdir()

    assert main(["--forget-session"]) == 0
    out = capsys.readouterr().out
    assert f"deleted the saved session of demo@thiio.test on {sandbox.url}: {state}" in out
    assert not state.exists()
    assert main(["--forget-session"]) == 0
    assert "does not exist" in capsys.readouterr().out
