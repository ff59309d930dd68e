"""How does a worker process know that the audit it works for has died?

An audit's worker processes come from a forkserver. If the audit's main process is killed outright (``kill -9``,
the OOM killer, a CI runner's timeout), nothing tells them: they wait on their task queue forever, each holding
the write end of the forkserver's "alive" pipe (so the forkserver waits too) and the audit's stdout and stderr
(so a CI step reading those never ends). :func:`watch_parent` starts a daemon thread in the worker that looks at
the main process a few times a second and ends the worker the moment it is gone; the forkserver then sees its pipe
close and ends as well.

"Gone" is read from ``/proc`` where there is one: no such process, a zombie (dead, not yet reaped by its own
parent), or a process of the same number started at another time (the number reused). Elsewhere, ``os.kill(pid,
0)`` says whether the number is in use. The worker's own parent changing (its forkserver died) counts too.
"""

from __future__ import annotations

import os
import threading
import time

POLL_SECONDS = 0.2
"""How often a worker looks at the main process: it exits well within a second of the main process's death."""

_GONE_STATES = frozenset("ZXx")  # zombie, dead


def process_start(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from ``/proc/PID/stat``); None without ``/proc``."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read().decode("ascii", "replace")
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None


def is_alive(pid: int, started: str | None) -> bool:
    """Whether process ``pid``, which started at ``started`` (:func:`process_start`), still runs."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read().decode("ascii", "replace")
    except FileNotFoundError:
        return False
    except OSError:
        return _number_in_use(pid)
    fields = stat[stat.rfind(")") + 2 :].split()
    if not fields or fields[0] in _GONE_STATES:
        return False
    return started is None or (len(fields) > 19 and fields[19] == started)


def _number_in_use(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def watch_parent(main_pid: int, main_started: str | None, poll: float = POLL_SECONDS) -> threading.Thread:
    """In a worker process: end this process (exit status 1, without clean-up, as its work is lost anyway) once
    the audit's main process ``main_pid`` (started at ``main_started``) or this worker's own parent has died."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(poll)
            if os.getppid() != parent or not is_alive(main_pid, main_started):
                os._exit(1)

    thread = threading.Thread(target=watch, name="repcheck-orphan-watch", daemon=True)
    thread.start()
    return thread
