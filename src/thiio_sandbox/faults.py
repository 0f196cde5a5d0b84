"""Fault switches: the ways a real Thiio account misbehaves, off unless a scenario or test asks.

Server-side faults (latency, 502s, session expiry, stuck retries) are applied by the app and
the store; UI faults (post-login dialog, re-rendering, retry confirmation) are flags the SPA
reads from GET /api/ui-config.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any


class FaultError(ValueError):
    """An unknown switch or a value of the wrong kind."""


@dataclass(frozen=True)
class Faults:
    latency_ms: int = 0  # fixed delay added to every /api call
    jitter_ms: int = 0  # plus a random 0..jitter_ms
    error_rate: float = 0.0  # share of /api calls answering 502 (0..1)
    session_ttl_seconds: float | None = None  # sessions older than this answer 401
    stuck_processing: tuple[str, ...] = ()  # order numbers whose retries never finish
    post_login_dialog: bool = False  # a "What's new" dialog after login
    rerender_ms: int = 0  # SPA re-fetches and re-renders the notification list every N ms
    confirm_retry: bool = False  # Retry asks for confirmation in a dialog

    def merged(self, changes: Mapping[str, Any]) -> Faults:
        """These switches with `changes` applied; raises FaultError on bad input."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise FaultError(f"unknown fault switch(es): {', '.join(unknown)}")
        return replace(self, **{key: _coerce(key, value) for key, value in changes.items()})

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["stuck_processing"] = list(self.stuck_processing)
        return data

    def ui_config(self) -> dict[str, Any]:
        """The switches the single-page app acts on."""
        return {
            "post_login_dialog": self.post_login_dialog,
            "rerender_ms": self.rerender_ms,
            "confirm_retry": self.confirm_retry,
        }


def _coerce(key: str, value: Any) -> Any:
    try:
        if key in ("latency_ms", "jitter_ms", "rerender_ms"):
            number = int(value or 0)
            if number < 0:
                raise FaultError(f"{key} must be >= 0")
            return number
        if key == "error_rate":
            rate = float(value or 0)
            if not 0 <= rate <= 1:
                raise FaultError("error_rate must be between 0 and 1")
            return rate
        if key == "session_ttl_seconds":
            if value in (None, 0, "", False):
                return None
            ttl = float(value)
            if ttl <= 0:
                raise FaultError("session_ttl_seconds must be > 0")
            return ttl
        if key == "stuck_processing":
            if value in (None, "", False):
                return ()
            if isinstance(value, (str, int)):
                value = [value]
            return tuple(str(number) for number in value)
        if key in ("post_login_dialog", "confirm_retry"):
            if not isinstance(value, bool):
                raise FaultError(f"{key} must be true or false")
            return value
    except (TypeError, ValueError) as exc:
        if isinstance(exc, FaultError):
            raise
        raise FaultError(f"bad value for {key}: {value!r}") from exc
    raise FaultError(f"unknown fault switch: {key}")
