"""Shared fixtures. Tests talk to a real HTTP server on 127.0.0.1 that they start themselves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from server import LoopbackServer


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the ``browser`` fixture (headless Chromium), directly or through another fixture, is marked
    ``browser``, so ``-m "not browser"`` leaves every Chromium test out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    """A started :class:`server.LoopbackServer` with no routes, stopped after the test."""
    srv = LoopbackServer().start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def hosts() -> Iterator[list[LoopbackServer]]:
    """Three started servers on three ports: three hosts as far as per-host limits go."""
    servers = [LoopbackServer().start() for _ in range(3)]
    try:
        yield servers
    finally:
        for srv in servers:
            srv.stop()


@pytest.fixture
def no_config_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``$REPCHECK_CONFIG`` from the environment that runs the tests."""
    monkeypatch.delenv("REPCHECK_CONFIG", raising=False)
