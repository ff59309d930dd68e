"""Measuring a process tree from /proc: its members, their memory and CPU time."""

from __future__ import annotations

import os

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def children_of(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    kids.extend(int(k) for k in handle.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return kids


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0  # gone, or a zombie


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of ``pid`` so far (its threads, not its children), or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()  # state is fields[0]; utime, stime: 11, 12
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return None


def tree_sample(pid: int, cpu: dict[int, float]) -> tuple[int, int, int]:
    """(RSS of ``pid``, RSS of ``pid`` and all its descendants, number of processes), in kB; records each
    process's CPU time in ``cpu`` (pid -> seconds)."""
    todo, seen, total = [pid], 0, 0
    while todo:
        current = todo.pop()
        seen += 1
        total += rss_kb(current)
        seconds = cpu_seconds(current)
        if seconds is not None:
            cpu[current] = max(cpu.get(current, 0.0), seconds)
        todo.extend(children_of(current))
    return rss_kb(pid), total, seen


def group_members(pgid: int) -> list[str]:
    """The live (not zombie) processes of process group ``pgid``: "pid command line"."""
    members = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, pgrp
            if int(fields[2]) != pgid or fields[0] in "ZX":
                continue
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                command = handle.read().replace(b"\0", b" ").decode(errors="replace")
            members.append(f"{name} {command[:120]}")
        except (OSError, IndexError, ValueError):
            continue
    return members
