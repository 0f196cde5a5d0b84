"""Passwords, session tokens and authenticator codes: the crypto a real admin has."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

import pyotp

# scrypt cost: strong enough to be a real hash, cheap enough that seeding a scenario stays fast.
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1


def hash_password(password: str) -> str:
    """A salted scrypt hash, self-describing so the cost can change later."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return "$".join(
        [
            "scrypt",
            str(_SCRYPT_N),
            str(_SCRYPT_R),
            str(_SCRYPT_P),
            base64.b64encode(salt).decode(),
            base64.b64encode(digest).decode(),
        ]
    )


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = base64.b64decode(digest_b64)
    actual = hashlib.scrypt(
        password.encode(),
        salt=base64.b64decode(salt_b64),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=len(expected),
    )
    return hmac.compare_digest(actual, expected)


def new_token() -> str:
    """A random, URL-safe token (session cookie, XSRF token)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Only digests of session tokens are stored: a leaked database holds no live session."""
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_equal(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return hmac.compare_digest(a.encode(), b.encode())


def totp_code_valid(secret: str, code: str, at: float) -> bool:
    """An authenticator code for `secret` at time `at`, one 30 s step of clock drift allowed."""
    code = code.strip().replace(" ", "")
    if not code.isdigit():
        return False
    return pyotp.TOTP(secret).verify(code, for_time=at, valid_window=1)
