"""Shared fixtures. Tests talk to a real HTTP server on 127.0.0.1 that they start themselves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from server import LoopbackServer


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    """A started :class:`server.LoopbackServer` with no routes, stopped after the test."""
    srv = LoopbackServer().start()
    try:
        yield srv
    finally:
        srv.stop()
