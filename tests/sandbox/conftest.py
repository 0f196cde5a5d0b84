"""Fixtures for the sandbox's own tests: a store on a fake clock, an HTTP client on it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_helpers import FakeClock, ScriptedRandom

with warnings.catch_warnings():
    # Starlette 1.x prefers the httpx2 package for its TestClient; httpx works the same here.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from thiio_sandbox.app import create_app
from thiio_sandbox.scenarios import Scenario, load_scenario
from thiio_sandbox.store import Store


@pytest.fixture(scope="session")
def default_scenario() -> Scenario:
    return load_scenario("default")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock, default_scenario: Scenario) -> Iterator[Store]:
    opened = Store(tmp_path / "sandbox.sqlite3", clock=clock)
    opened.seed_if_empty(default_scenario)
    yield opened
    opened.close()


@pytest.fixture
def rng() -> ScriptedRandom:
    return ScriptedRandom()


@pytest.fixture
def client(store: Store, default_scenario: Scenario, rng: ScriptedRandom) -> Iterator[TestClient]:
    with TestClient(create_app(store, default_scenario, rng=rng)) as test_client:
        yield test_client
