"""A one-line progress display on standard error: pages done of the total, counts, rate and time left."""

from __future__ import annotations

import time
from typing import IO

from ..summary import Summary


def duration(seconds: float) -> str:
    """``0.4s``, ``12s``, ``3m05s``, ``2h07m``."""
    if seconds < 10:
        return f"{max(0.0, seconds):.1f}s"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class Progress:
    """Redrawn in place at most ``hz`` times a second; silent unless ``enabled`` (stderr is a terminal)."""

    def __init__(self, stream: IO[str], total: int, *, enabled: bool, already: int = 0, hz: float = 4.0) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.already = already  # pages counted in the summary that an earlier run checked
        self.started = time.monotonic()
        self._interval = 1.0 / hz
        self._last = 0.0
        self._shown = False

    def line(self, summary: Summary) -> str:
        done = summary.pages - self.already
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        text = (
            f"{done:,}/{self.total:,} pages · {summary.passed:,} pass · {summary.failed:,} fail · "
            f"{summary.errored:,} error · {rate:.1f}/s"
        )
        if 0 < done < self.total and rate > 0:
            text += f" · ETA {duration((self.total - done) / rate)}"
        return text

    def update(self, summary: Summary, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self._interval:
            return
        self._last = now
        self.stream.write("\r" + self.line(summary) + "\x1b[K")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
