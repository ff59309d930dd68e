"""Does the process give the memory of a big page back to the system once it is done with it?

With glibc's defaults it often does not: after the first big block (a 10 MB page body, its decoded text, its
pickled copy on the way to a worker process) is freed, glibc raises its ``mmap`` threshold to that size, so later
blocks of that size come from the heap of the thread's arena and stay in the process when freed. An audit's 16
fetching threads, each with an arena, then held some 300 MB of freed pages (issue 13, point 3). Fixing the
threshold at 1 MB (``mallopt(M_MMAP_THRESHOLD)``, which also turns the raising off) maps every big block on its
own and unmaps it when it is freed. Small objects (the parsed tree's nodes, the page model) are not affected.

Elsewhere than glibc (musl, macOS, Windows) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_M_MMAP_THRESHOLD = -3  # glibc's <malloc.h>
BIG_BLOCK = 1 << 20  # bytes: blocks at least this big are mapped on their own and given back when freed
_taken: bool | None = None  # whether the C library took the setting; None: not asked yet


def give_back_big_blocks() -> bool:
    """Make this process give freed blocks of :data:`BIG_BLOCK` bytes or more back to the system (asked once per
    process). Returns whether the C library took the setting."""
    global _taken
    if _taken is None:
        _taken = False
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                _taken = bool(libc.mallopt(_M_MMAP_THRESHOLD, BIG_BLOCK))
            except (OSError, AttributeError):  # no such library, or no mallopt in it (musl)
                pass
    return _taken
