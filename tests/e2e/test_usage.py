"""Bad usage and configuration: one clear line, exit 2, nothing started."""

from __future__ import annotations

from pathlib import Path

from thiio_runbook.cli import main


def test_no_target_says_what_to_set(workdir: Path, capsys) -> None:
    assert main(["--order", "12345"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "THIIO_URL" in err and "THIIO_PASSWORD" in err and "--sandbox" in err
    assert not (workdir / "screenshots").exists()


def test_bad_url_is_refused(workdir: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("THIIO_URL", "my-domain.thiio.io")
    monkeypatch.setenv("THIIO_EMAIL", "a@b.c")
    monkeypatch.setenv("THIIO_PASSWORD", "pw")
    assert main(["--order", "12345"]) == 2
    assert "THIIO_URL must be an http:// or https://" in capsys.readouterr().err


def test_config_error_names_file_and_key(workdir: Path, capsys) -> None:
    (workdir / "playwright.config.yaml").write_text("timeouts: {retry_outcome: 5}\n")
    assert main(["--sandbox", "--order", "12345"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith(
        "unknown key (known here: action_seconds, element_seconds, "
        "navigation_seconds, poll_interval_ms, reread_after_seconds, "
        "retry_outcome_seconds, search_seconds)"
    )
    assert "playwright.config.yaml: timeouts.retry_outcome:" in err


def test_missing_config_file(workdir: Path, capsys) -> None:
    assert main(["--sandbox", "--order", "1", "--config", "nope.yaml"]) == 2
    assert "nope.yaml: file not found" in capsys.readouterr().err


def test_no_password_flag_exists(workdir: Path, capsys) -> None:
    assert main(["--order", "1", "--password", "x"]) == 2
    assert main([]) == 2  # one of --order, --customer-email, --customer-name is required


def test_version_and_help(capsys) -> None:
    from thiio_runbook import __version__

    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert capsys.readouterr().out.strip() == f"run-retry {__version__}"
    try:
        main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    # argparse wraps lines at hyphens too: compare without white space.
    assert "'run-retrydoctor--help'" in "".join(capsys.readouterr().out.split())


def test_headed_without_a_display_is_one_line_and_exit_2(
    workdir: Path, capsys, monkeypatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert main(["--sandbox", "--order", "12345", "--headed"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "--headed needs a display" in err and "xvfb-run" in err
    assert not (workdir / "screenshots").exists()
    assert main(["doctor", "--sandbox", "--headed"]) == 2
    assert "--headed needs a display" in capsys.readouterr().err
