"""A local stand-in for a Thiio account, served on 127.0.0.1, for the demo, tests and benchmarks."""

from __future__ import annotations
