"""thiio-runbook: retry failed UltraCart order syncs through the Thiio admin UI."""

from __future__ import annotations

__version__ = "0.1.0"
