"""One run per output file: a second `audit`, `check` or `report` writing the same file stops at once (exit 2),
naming the file and the pid of the run that holds it, and the first run's output stays whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from audit_helpers import ROOT, fixture_page, send_page
from click.testing import CliRunner
from server import LoopbackServer

from checker.cli import main
from checker.output_lock import OutputLock


def _audit_command(listing: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "checker", "audit", str(listing), "-o", str(out), "--jobs", "2", "--processes", "0"]


@pytest.mark.slow
def test_a_second_audit_on_the_same_output_stops_and_the_first_loses_nothing(
    server: LoopbackServer, tmp_path: Path
) -> None:
    # The first run's pages after the fifth are held until the second run has ended, or until any page is asked
    # for twice (which only a second run writing the same file would do): no race with the machine's speed.
    body = fixture_page()
    released = threading.Event()
    requests: Counter[str] = Counter()
    lock = threading.Lock()

    def page(handler: BaseHTTPRequestHandler) -> None:
        with lock:
            requests[handler.path] += 1
            if requests[handler.path] > 1:
                released.set()
        if int(handler.path.removeprefix("/p")) >= 5:
            released.wait(60)
        send_page(handler, body)

    urls = [server.add_handler(f"/p{i}", page) for i in range(50)]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    out = tmp_path / "same.jsonl"
    first = subprocess.Popen(
        _audit_command(listing, out), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not out.exists() or out.read_text().count("\n") < 3):
            time.sleep(0.05)
        assert out.read_text().count("\n") >= 3, "the first run wrote nothing"
        second = subprocess.run(
            _audit_command(listing, out), cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
        )
    finally:
        released.set()
        _, first_err = first.communicate(timeout=120)
    assert second.returncode == 2, second.stderr
    assert second.stderr == f"repcheck: {out} is being written by another repcheck run (pid {first.pid})\n"
    assert first.returncode == 0, first_err
    targets = [json.loads(line)["target"] for line in out.read_text().splitlines()]
    assert sorted(targets) == sorted(urls)  # every page, each once, every line whole
    assert set(requests.values()) == {1}  # the second run fetched nothing
    assert sorted(os.listdir(tmp_path)) == ["same.jsonl", "urls.txt"]  # no lock file left behind


@pytest.mark.parametrize("command", ["check", "audit", "report"])
def test_a_held_output_is_not_touched_by_another_command(command: str, server: LoopbackServer, tmp_path: Path) -> None:
    url = server.add("/story", fixture_page())
    out = tmp_path / "out.txt"
    out.write_text("the other run's work\n")
    results = tmp_path / "results.jsonl"
    results.write_text('{"target": "' + url + '", "url": "' + url + '", "status": "pass", "rules": []}\n')
    args = {
        "check": ["check", url, "--format", "jsonl", "-o", str(out)],
        "audit": ["audit", "-", "--processes", "0", "-o", str(out)],
        "report": ["report", str(results), "-o", str(out)],
    }[command]
    held = OutputLock(str(out))
    held.acquire()
    try:
        result = CliRunner().invoke(main, args, input=url + "\n")
    finally:
        held.release()
    assert result.exit_code == 2, result.output
    assert result.stderr == f"repcheck: {out} is being written by another repcheck run (pid {os.getpid()})\n"
    assert out.read_text() == "the other run's work\n"
    assert server.paths_seen() == []  # nothing checked
    assert not Path(str(out) + ".lock").exists()
