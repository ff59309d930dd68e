"""Which URL may be fetched next? Per-host queues, taken round-robin, under a per-host limit and delay.

A list dominated by one partner must not hit that partner with every worker at once, and must not starve the
other hosts either: each host has its own queue, at most ``per_host`` of its requests run at once, two of its
requests start at least ``delay`` seconds apart, and a host that asked us to wait (429, 503 with
``Retry-After``, or a refused connection being backed off) is left alone until then. Workers take from whichever
host is ready, in turn.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class _Host(Generic[T]):
    name: str
    queue: deque[T] = field(default_factory=deque)
    active: int = 0
    next_start: float = 0.0  # monotonic time before which no request to this host may start
    delay: float = 0.0
    listed: bool = False  # in the ready deque or the sleeping heap


class HostScheduler(Generic[T]):
    """Thread-safe. ``take()`` blocks until some host may be fetched from, and returns ``None`` once every item
    put in has been finished (``done()``) or the scheduler is closed."""

    def __init__(self, *, per_host: int, delay: float = 0.0, clock: Callable[[], float] = time.monotonic) -> None:
        if per_host < 1:
            raise ValueError("per_host must be at least 1")
        self.per_host = per_host
        self.delay = delay
        self._clock = clock
        self._hosts: dict[str, _Host[T]] = {}
        self._ready: deque[_Host[T]] = deque()
        self._sleeping: list[tuple[float, int, _Host[T]]] = []
        self._seq = 0
        self._unfinished = 0
        self._closed = False
        self._cond = threading.Condition()

    # -- filling ------------------------------------------------------------------------------------------------
    def put(self, host: str, item: T) -> None:
        with self._cond:
            state = self._hosts.get(host)
            if state is None:
                state = self._hosts[host] = _Host(host, delay=self.delay)
            state.queue.append(item)
            self._unfinished += 1
            self._list(state)
            self._cond.notify()

    def set_delay(self, host: str, delay: float) -> None:
        """Raise one host's delay between requests (a robots.txt ``Crawl-delay``)."""
        with self._cond:
            state = self._hosts.get(host)
            if state is not None and delay > state.delay:
                state.delay = delay
                state.next_start = max(state.next_start, self._clock() + delay)

    # -- working ------------------------------------------------------------------------------------------------
    def take(self) -> tuple[str, T] | None:
        with self._cond:
            while True:
                if self._closed or self._unfinished == 0:
                    return None
                now = self._clock()
                while self._sleeping and self._sleeping[0][0] <= now:
                    _, _, state = heapq.heappop(self._sleeping)
                    state.listed = False
                    self._list(state)
                while self._ready:
                    state = self._ready.popleft()
                    state.listed = False
                    if not state.queue or state.active >= self.per_host:
                        continue  # listed again when it has work and room
                    if state.next_start > now:
                        self._list(state)
                        continue
                    item = state.queue.popleft()
                    state.active += 1
                    state.next_start = now + state.delay
                    self._list(state)  # to the back: the other hosts go first
                    return state.name, item
                wait = self._sleeping[0][0] - now if self._sleeping else None
                self._cond.wait(wait)

    def release(self, host: str, *, retry: T | None = None, wait: float = 0.0) -> None:
        """A request to ``host`` is over. With ``retry``, the item goes back to the front of the host's queue and
        the whole host is left alone for ``wait`` seconds (a server that asks one page to wait means all of it)."""
        with self._cond:
            state = self._hosts[host]
            state.active -= 1
            if retry is not None:
                state.queue.appendleft(retry)
                state.next_start = max(state.next_start, self._clock() + wait)
            self._list(state)
            self._cond.notify_all()

    def done(self) -> None:
        """One item is finished for good (checked, or reported as not checkable)."""
        with self._cond:
            self._unfinished -= 1
            if self._unfinished <= 0:
                self._cond.notify_all()

    def close(self) -> None:
        """Stop handing out work (an interrupted run)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def unfinished(self) -> int:
        with self._cond:
            return self._unfinished

    # -----------------------------------------------------------------------------------------------------------
    def _list(self, state: _Host[T]) -> None:
        """Put a host where ``take`` will find it, if it has work and room and is not there already."""
        if state.listed or not state.queue or state.active >= self.per_host:
            return
        state.listed = True
        if state.next_start > self._clock():
            self._seq += 1
            heapq.heappush(self._sleeping, (state.next_start, self._seq, state))
        else:
            self._ready.append(state)
