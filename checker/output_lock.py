"""Is another repcheck run writing this output file? One run at a time per file, so two runs cannot interleave
their lines or truncate each other's work.

A run holds an exclusive ``flock`` on a sidecar file, ``OUTPUT.lock``, from before the output is opened (or read
back by ``--resume``) until it is closed; the sidecar holds the run's pid, for the message the second run shows.
The kernel releases the lock when the process ends, however it ends, so a sidecar left by a killed run is no
obstacle: the next run simply takes it. On a normal end (and on Ctrl-C) the sidecar is removed. The sidecar, not
the output itself, is locked because ``--resume`` may replace the output with a repaired copy (a new file).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .errors import ReportWriteError, UsageProblem

try:
    import fcntl
except ImportError:  # Windows: no flock; runs there are not kept apart
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from .settings import RunSettings

LOCK_SUFFIX = ".lock"


class OutputInUse(UsageProblem):
    """Another run holds the lock of an output file: exit 2, before anything is checked."""

    def line(self) -> str:
        return f"repcheck: {self}"


def lock_path(output: str) -> str:
    """The sidecar locked for ``output``: the same for every spelling of the path (``./out``, a symlink)."""
    return os.path.realpath(output) + LOCK_SUFFIX


def _holder(fd: int) -> str:
    """The pid the holder wrote into the sidecar, as it reads in a message."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return f" (pid {text})" if text.isdigit() else ""


class OutputLock:
    """The lock of one output file, held from :meth:`acquire` to :meth:`release`."""

    def __init__(self, output: str) -> None:
        self.output = output
        self.path = lock_path(output)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`OutputInUse` naming the file and the other run's pid."""
        folder = os.path.dirname(self.path)
        if folder:
            os.makedirs(folder, exist_ok=True)  # the output's folder: "reports/results.jsonl" in a fresh checkout
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                holder = _holder(fd)
                os.close(fd)
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
                raise OutputInUse(f"{self.output} is being written by another repcheck run{holder}") from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # the holder removed this sidecar as we waited for it: take the new one
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        """Remove the sidecar (still holding the lock, so no other run holds a removed file), then let go."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(fd)


@contextlib.contextmanager
def locked_outputs(paths: Iterable[str | None]) -> Iterator[None]:
    """Hold the lock of every output file in ``paths`` (``None`` and ``-``, standard output, need none) for the
    ``with`` block. Raises :class:`OutputInUse` if another run holds one of them; locks taken are released."""
    with contextlib.ExitStack() as stack:
        seen: set[str] = set()
        for path in paths:
            if fcntl is None or path in (None, "-") or lock_path(path) in seen:
                continue
            seen.add(lock_path(path))
            lock = OutputLock(path)
            try:
                lock.acquire()
            except OSError as exc:  # a folder that cannot be made, a file that cannot be written
                raise ReportWriteError(str(exc)) from None
            stack.callback(lock.release)
        yield


def locked_run_outputs(settings: RunSettings) -> contextlib.AbstractContextManager[None]:
    """Hold the locks of a run's output files: ``--output`` and every ``--report FORMAT=PATH``."""
    return locked_outputs([settings.output, *settings.reports.values()])
