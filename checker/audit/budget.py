"""How many bytes of pages may an audit hold at once? A budget (``AuditOptions.page_budget``, 64 MB by default) on
the pages between the start of their fetch and the end of their checks, so that ``--jobs 16`` over 10 MB pages
does not hold 16 of them (and their copies on the way to the worker processes) while the CPU stage catches up.

A fetching thread reserves the most a page may weigh (``--max-bytes``) before it fetches, keeps what the page
really weighs once it has it, and gives it back when the page's report is made. The bound is strict: the bytes of
the pages held never pass the budget, except a single page bigger than the whole budget, which waits until it is
alone. The cost: at most ``page_budget // max_bytes`` fetches run at once (6 with the defaults, at least one);
a lower ``--max-bytes`` lets more run.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class PageHold:
    """The bytes one page holds of the budget; :meth:`resize` once its size is known."""

    def __init__(self, budget: ByteBudget, size: int) -> None:
        self._budget = budget
        self.size = size

    def resize(self, size: int) -> None:
        """Keep ``size`` bytes (never more than reserved: a page cannot grow past ``--max-bytes``)."""
        size = min(size, self.size)
        self._budget.give_back(self.size - size)
        self.size = size


class ByteBudget:
    """A counting semaphore in bytes, with its own accounting: ``held`` now, ``peak`` since the start."""

    def __init__(self, limit: int) -> None:
        if limit <= 0:
            raise ValueError(f"the page budget must be positive, not {limit!r}")
        self.limit = limit
        self.held = 0
        self.peak = 0
        self._cond = threading.Condition()
        self._closed = False

    @contextmanager
    def hold(self, size: int) -> Iterator[PageHold]:
        """Reserve ``size`` bytes (at most the whole budget) for the block, waiting until they are free; given back
        when the block ends. After :meth:`close`, reserves nothing and waits for nothing."""
        held = PageHold(self, self._reserve(size))
        try:
            yield held
        finally:
            self.give_back(held.size)
            held.size = 0

    def give_back(self, size: int) -> None:
        if size:
            with self._cond:
                self.held -= size
                self._cond.notify_all()

    def close(self) -> None:
        """The run is over or stopped: wake every waiting thread."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _reserve(self, size: int) -> int:
        size = min(max(size, 0), self.limit)
        with self._cond:
            while not self._closed and self.held + size > self.limit:
                self._cond.wait()
            if self._closed:
                return 0
            self.held += size
            self.peak = max(self.peak, self.held)
        return size
