"""How many requests may go to one host at once, counted over threads and over processes.

A page's images are fetched by whichever process checks the page. In an audit, several worker processes may
fetch images from one host at the same moment; a limit counted in each process alone would multiply the load on
that host by the number of processes. :class:`SharedHostGates` counts in every process at once: a fixed set of
semaphores made by the audit's main process and handed to each worker when it starts, a host mapped to one of them
by a stable hash. Two hosts that share a semaphore share its limit (more polite, never less). :class:`HostGates`
is the same limit for one process (``repcheck check``, or an audit checking in its fetching threads).
"""

from __future__ import annotations

import threading
import zlib
from typing import Any, Protocol

SHARED_GATES = 64  # semaphores shared by an audit's processes: hosts map onto them (hosts sharing one share its limit)


class Gates(Protocol):
    def gate(self, host: str) -> Any:
        """A context manager held while one request to ``host`` is made."""
        ...


class HostGates:
    """At most ``per_host`` requests at once to each host, over this process's threads."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self._gates: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()

    def gate(self, host: str) -> threading.Semaphore:
        with self._lock:
            return self._gates.setdefault(host.lower(), threading.Semaphore(self.per_host))


class SharedHostGates:
    """At most ``per_host`` requests at once to each host, over every process given this object when it starts
    (through a pool's ``initargs``: semaphores travel only to processes being started)."""

    def __init__(self, per_host: int, context: Any, slots: int = SHARED_GATES) -> None:
        self.per_host = per_host
        self._slots = [context.BoundedSemaphore(per_host) for _ in range(slots)]

    def gate(self, host: str) -> Any:
        return self._slots[zlib.crc32(host.lower().encode("utf-8", "replace")) % len(self._slots)]
