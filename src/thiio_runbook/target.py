"""Which Thiio account to drive: THIIO_* from the environment or a .env file, or the sandbox.

No flag ever takes a password: it would land in shell history and process lists.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from dotenv import dotenv_values

SANDBOX_EMAIL = "demo@thiio.test"
SANDBOX_PASSWORD = "demo-password"  # the sandbox's public demo login, not a secret

WHAT_TO_SET = (
    "no Thiio account to work on: set THIIO_URL, THIIO_EMAIL and THIIO_PASSWORD "
    "(and THIIO_TOTP_SECRET if the account uses two-factor codes) in the environment or a .env "
    "file, or pass --sandbox to try it against the embedded sandbox"
)


class TargetError(ValueError):
    """The target account is missing or malformed."""


@dataclass(frozen=True)
class Target:
    url: str  # base URL, no trailing slash
    email: str
    password: str = field(repr=False)
    totp_secret: str | None = field(default=None, repr=False)
    sandbox: bool = False

    def secrets(self) -> list[str]:
        """Values that must never appear in any output."""
        return [s for s in (self.password, self.totp_secret) if s]


def environment_with_dotenv(environ: Mapping[str, str], cwd: Path) -> dict[str, str]:
    """The environment, completed (never overridden) by ./.env."""
    merged: dict[str, str] = {}
    env_file = cwd / ".env"
    if env_file.is_file():
        merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(environ)
    return merged


def check_base_url(url: str) -> str:
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise TargetError(f"THIIO_URL must be an http:// or https:// address, got {url!r}")
    return url.strip().rstrip("/")


def target_from_environment(env: Mapping[str, str]) -> Target:
    url = env.get("THIIO_URL", "").strip()
    email = env.get("THIIO_EMAIL", "").strip()
    password = env.get("THIIO_PASSWORD", "")
    missing = [
        name
        for name, value in (
            ("THIIO_URL", url),
            ("THIIO_EMAIL", email),
            ("THIIO_PASSWORD", password),
        )
        if not value
    ]
    if len(missing) == 3:
        raise TargetError(WHAT_TO_SET)
    if missing:
        raise TargetError(
            f"{', '.join(missing)} not set: set it in the environment or a .env file "
            "(or pass --sandbox to use the embedded sandbox)"
        )
    totp = env.get("THIIO_TOTP_SECRET", "").strip() or None
    return Target(url=check_base_url(url), email=email, password=password, totp_secret=totp)


def sandbox_target(url: str) -> Target:
    return Target(url=url.rstrip("/"), email=SANDBOX_EMAIL, password=SANDBOX_PASSWORD, sandbox=True)


def resolve_target(
    use_sandbox: bool, environ: Mapping[str, str] | None = None, cwd: Path | None = None
) -> Target | None:
    """The account from THIIO_*; None when --sandbox asks for the embedded sandbox instead."""
    if use_sandbox:
        return None
    env = environment_with_dotenv(os.environ if environ is None else environ, cwd or Path.cwd())
    return target_from_environment(env)
