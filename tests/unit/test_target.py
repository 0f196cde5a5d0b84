"""Which account: THIIO_* from the environment or ./.env; never a password flag."""

from __future__ import annotations

from pathlib import Path

import pytest

from thiio_runbook.target import TargetError, resolve_target

FULL = {
    "THIIO_URL": "https://my-domain.thiio.io/",
    "THIIO_EMAIL": "ops@example.com",
    "THIIO_PASSWORD": "s3cret-pw",
}


def test_environment_gives_the_target(tmp_path: Path) -> None:
    target = resolve_target(False, {**FULL, "THIIO_TOTP_SECRET": "ABC"}, tmp_path)
    assert target is not None
    assert target.url == "https://my-domain.thiio.io"
    assert target.totp_secret == "ABC"
    assert "s3cret-pw" not in repr(target)  # a stray log line cannot leak it
    assert "ABC" not in repr(target)


def test_dotenv_completes_but_never_overrides_the_environment(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "THIIO_URL=https://from-file.thiio.io\nTHIIO_EMAIL=file@example.com\nTHIIO_PASSWORD=pw\n"
    )
    target = resolve_target(False, {"THIIO_EMAIL": "env@example.com"}, tmp_path)
    assert target is not None
    assert (target.url, target.email, target.password) == (
        "https://from-file.thiio.io",
        "env@example.com",
        "pw",
    )


def test_nothing_set_says_what_to_set(tmp_path: Path) -> None:
    with pytest.raises(TargetError) as caught:
        resolve_target(False, {}, tmp_path)
    message = str(caught.value)
    for name in ("THIIO_URL", "THIIO_EMAIL", "THIIO_PASSWORD", "--sandbox"):
        assert name in message


def test_partly_set_names_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(TargetError, match="THIIO_PASSWORD not set"):
        resolve_target(False, {k: v for k, v in FULL.items() if k != "THIIO_PASSWORD"}, tmp_path)


@pytest.mark.parametrize("url", ["ftp://x.thiio.io", "my-domain.thiio.io", "javascript:alert(1)"])
def test_url_must_be_http(tmp_path: Path, url: str) -> None:
    with pytest.raises(TargetError, match="http"):
        resolve_target(False, {**FULL, "THIIO_URL": url}, tmp_path)


def test_sandbox_needs_no_environment(tmp_path: Path) -> None:
    assert resolve_target(True, {}, tmp_path) is None
