"""How long may one page's checks run? A deadline per page (``--check-timeout``, default 30 s) on parsing, the page
model and the rules, after the fetch; a page that runs past it is an ``error`` and the run goes on.

The mechanism: one watchdog thread per process keeps the deadlines; when one passes, it raises
:class:`CheckTimeout` in the thread running that page's checks (CPython's ``PyThreadState_SetAsyncExc``, the
asynchronous exception behind ``KeyboardInterrupt`` in threads). Unlike ``SIGALRM``, which only the main thread
receives, this works in any thread: `check` in the main thread, an audit's worker processes, and an audit's
fetching threads when it runs without worker processes (``processes=0``), or a library caller's own threads.

Its limits, the same as a signal's: the exception is raised between two Python bytecodes, so a single call into C
code (lxml parsing a document, RE2 matching, a ``str`` method on a huge text) finishes first; those calls are
linear in the page's size, which ``--max-bytes`` bounds. A wait on the network is not interrupted either: the
network reads inside the checks (the original article, fetched once per run) are left out of the deadline
(:meth:`PageDeadline.paused`); they have ``--timeout`` of their own.
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType


class CheckTimeout(BaseException):  # noqa: N818 - it is not an error of the page but of its checks' time
    """Raised inside a page's checks when they run past their deadline. A BaseException, like KeyboardInterrupt:
    the ``except Exception`` that turns a crashing check into an error verdict must not swallow it."""


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Make ``thread_id`` raise ``exc`` at its next bytecode; None takes back an exception not yet raised."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


class _Watchdog:
    """The deadlines of the pages being checked in this process, and the thread that enforces them."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        # (when, token), the earliest first. A disarmed deadline's entry stays until the watchdog next wakes: the
        # heap holds at most the pages checked in one --check-timeout, and the watchdog wakes about once per
        # timeout, not once per page.
        self._heap: list[tuple[float, int]] = []
        self._armed: dict[int, tuple[float, int]] = {}  # token -> (when, thread id)
        self._fired: dict[int, int] = {}  # token -> thread id: raised, not yet seen by the page's thread
        self._tokens = itertools.count()
        self._pid: int | None = None

    def arm(self, seconds: float) -> int:
        """Raise CheckTimeout in the calling thread in ``seconds``, unless :meth:`disarm` comes first."""
        when = time.monotonic() + seconds
        with self._cond:
            if self._pid != os.getpid():  # first use, or a forked child: the parent's thread is not here
                self._pid = os.getpid()
                threading.Thread(target=self._run, name="repcheck-check-deadline", daemon=True).start()
            token = next(self._tokens)
            self._armed[token] = (when, threading.get_ident())
            sooner = not self._heap or when < self._heap[0][0]
            heapq.heappush(self._heap, (when, token))
            if sooner:  # else the watchdog wakes in time anyway: not waking it for every page saves a thread switch
                self._cond.notify()
        return token

    def disarm(self, token: int) -> None:
        """Forget the deadline ``token``; if it fired but the exception is not raised yet, take it back."""
        with self._cond:
            self._armed.pop(token, None)
            thread_id = self._fired.pop(token, None)
            if thread_id is not None:
                _raise_in(thread_id, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                # Due deadlines fire; disarmed ones on top go too, so that the wait is for the next live one.
                while self._heap and (self._heap[0][0] <= now or self._heap[0][1] not in self._armed):
                    _, token = heapq.heappop(self._heap)
                    armed = self._armed.pop(token, None)
                    if armed is not None:
                        self._fired[token] = armed[1]
                        _raise_in(armed[1], CheckTimeout)
                self._cond.wait(self._heap[0][0] - now if self._heap else None)


_WATCHDOG = _Watchdog()


class PageDeadline:
    """``with PageDeadline(30):`` raises :class:`CheckTimeout` in the block once it has run 30 s (None: never).

    The caller catches CheckTimeout *around* the ``with``: the exception may surface while the block is left."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._left = seconds
        self._started = 0.0
        self._token: int | None = None

    def __enter__(self) -> PageDeadline:
        self._start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._stop()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Time spent in this block does not count (a network read with a timeout of its own)."""
        self._stop()
        try:
            yield
        finally:
            self._start()

    def _start(self) -> None:
        if self._left is not None:
            self._started = time.monotonic()
            self._token = _WATCHDOG.arm(max(self._left, 0.0))

    def _stop(self) -> None:
        if self._token is not None:
            _WATCHDOG.disarm(self._token)
            self._token = None
            assert self._left is not None
            self._left -= time.monotonic() - self._started
