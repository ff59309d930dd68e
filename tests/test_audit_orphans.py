"""An audit killed outright (``kill -9``: the OOM killer, a CI runner's timeout) leaves nothing behind: its worker
processes and their forkserver end within 2 seconds, and let go of the audit's stdout and stderr, so a CI step
reading them does not hang."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from audit_helpers import ROOT, fixture_page
from server import LoopbackServer

from checker.audit.orphans import is_alive, process_start

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process tree from /proc")


def descendants(pid: int) -> set[int]:
    """The processes under ``pid`` that are still running (zombies left out)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if fields[0] not in "ZXx":
            children.setdefault(int(fields[1]), []).append(int(entry))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def test_a_process_is_alive_until_it_dies_even_unreaped() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    started = process_start(proc.pid)
    assert is_alive(proc.pid, started)
    assert not is_alive(proc.pid, "1")  # the same number, started at another time: another process
    proc.kill()
    deadline = time.monotonic() + 10
    while is_alive(proc.pid, started) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not is_alive(proc.pid, started)  # a zombie, not yet reaped, is dead
    proc.wait()
    assert not is_alive(proc.pid, started)


@pytest.mark.slow
def test_workers_end_within_two_seconds_of_the_audit_being_killed(tmp_path: Path) -> None:
    released = threading.Event()
    body = fixture_page()

    def held(handler: BaseHTTPRequestHandler) -> None:  # pages after the fourth wait: the audit is mid-run
        released.wait(60)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    srv = LoopbackServer().start()
    proc = None
    workers: set[int] = set()
    try:
        urls = [srv.add(f"/p{i}", body) if i < 4 else srv.add_handler(f"/p{i}", held) for i in range(12)]
        listing = tmp_path / "urls.txt"
        listing.write_text("\n".join(urls) + "\n")
        out = tmp_path / "results.jsonl"
        command = [sys.executable, "-m", "checker", "audit", str(listing), "-o", str(out), "--processes", "2"]
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not out.exists() or out.read_text().count("\n") < 4):
            time.sleep(0.05)
        workers = descendants(proc.pid)
        assert out.read_text().count("\n") == 4 and len(workers) >= 2  # checked by workers; the rest held

        ended: dict[str, float] = {}

        def drain(name: str, stream: object) -> None:
            stream.read()  # type: ignore[attr-defined]  # returns at EOF: when no process holds the pipe open
            ended[name] = time.monotonic()

        readers = [
            threading.Thread(target=drain, args=(n, s), daemon=True)
            for n, s in (("out", proc.stdout), ("err", proc.stderr))
        ]
        for reader in readers:
            reader.start()
        killed = time.monotonic()
        os.kill(proc.pid, signal.SIGKILL)  # not reaped until the end: a zombie parent must count as dead
        for reader in readers:
            reader.join(10)
        left = {pid for pid in workers if is_alive(pid, None)}
        while left and time.monotonic() < killed + 2.0:  # a process that let go of its files may still be exiting
            time.sleep(0.02)
            left = {pid for pid in left if is_alive(pid, None)}
        assert not left, f"still running 2 s after the kill: {sorted(left)}"
        assert set(ended) == {"out", "err"}
        assert max(ended.values()) - killed < 2.0, f"stdout/stderr held for {max(ended.values()) - killed:.2f} s"
    finally:
        released.set()
        if proc is not None:
            for pid in workers:  # orphans left by a failure are not left to the next test
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            proc.kill()
            proc.wait()
        srv.stop()
