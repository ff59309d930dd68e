"""`repcheck audit` loses nothing: servers that die, interrupts and SIGTERM, --resume of JSONL and CSV output."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from audit_helpers import ROOT, fixture_page, run_audit, send_page
from click.testing import CliRunner
from server import LoopbackServer, unused_port

from checker.audit import AuditOptions, Auditor, AuditTarget
from checker.audit.resume import read_records, trim_partial_line
from checker.cli import main
from checker.engine import Checker
from checker.report import Report, Status

# ---- losing nothing -----------------------------------------------------------------------------------------------


def test_a_server_killed_mid_audit_leaves_every_url_reported(tmp_path: Path) -> None:
    srv = LoopbackServer().start()
    served = threading.Event()
    count = {"n": 0}
    body = fixture_page()

    def page(handler: Any) -> None:
        count["n"] += 1
        if count["n"] == 5:
            served.set()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Connection", "close")  # no keep-alive: once stopped, the server is gone
        handler.end_headers()
        handler.wfile.write(body)
        handler.close_connection = True
        srv.pause(0.05)

    urls = [srv.add_handler(f"/p{i}", page) for i in range(20)]

    def stop_once_served() -> None:
        served.wait(10)
        srv.stop()

    threading.Thread(target=stop_once_served, daemon=True).start()
    reports: list[Report] = []
    Auditor(Checker("dcnf"), AuditOptions(jobs=2, retries=1, backoff=0.05, processes=0, robots=False)).run(
        [AuditTarget(u) for u in urls], reports.append
    )
    srv.stop()
    assert sorted(r.target for r in reports) == sorted(urls)
    passed = [r for r in reports if r.status is Status.PASS]
    errored = [r for r in reports if r.status is Status.ERROR]
    assert len(passed) >= 5 and errored and not [r for r in reports if r.status is Status.FAIL]
    assert all(
        "connection refused" in (r.error or "")
        or "closed the connection" in (r.error or "")
        or "reset" in (r.error or "")
        for r in errored
    ), {r.error for r in errored}


@pytest.mark.slow
def test_interrupt_then_resume_checks_every_url_exactly_once(tmp_path: Path) -> None:
    # Pages after the eighth are held until the signal has been sent, so the audit cannot finish first however
    # fast or slow the machine is (it once did, under load).
    released = threading.Event()
    body = fixture_page()

    def held(handler: BaseHTTPRequestHandler) -> None:
        released.wait(20)
        send_page(handler, body)

    srv = LoopbackServer().start()
    try:
        urls = [srv.add(f"/p{i}", body, delay=0.05) if i < 8 else srv.add_handler(f"/p{i}", held) for i in range(30)]
        listing = tmp_path / "urls.txt"
        listing.write_text("\n".join(urls) + "\n")
        out = tmp_path / "results.jsonl"
        command = [
            sys.executable,
            "-m",
            "checker",
            "audit",
            str(listing),
            "-o",
            str(out),
            "--jobs",
            "2",
            "--processes",
            "0",
        ]
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (not out.exists() or out.read_text().count("\n") < 6):
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        threading.Timer(1.0, released.set).start()  # the held fetches end after the signal has been handled
        _, err = proc.communicate(timeout=20)
        assert proc.returncode == 130, err
        assert "--resume" in err and "Traceback" not in err
        first = [json.loads(line)["target"] for line in out.read_text().splitlines()]
        assert 6 <= len(first) < 30
        with out.open("a") as handle:  # as if killed half-way through a line
            handle.write('{"target": "' + urls[-1] + '", "stat')
        done = subprocess.run([*command, "--resume"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        targets = [json.loads(line)["target"] for line in out.read_text().splitlines()]
        assert sorted(targets) == sorted(urls)  # every URL, each exactly once
        assert targets[: len(first)] == first
        assert f"{len(first):,} by an earlier run" in done.stderr
        assert srv.paths_seen().count("/p0") == 1
    finally:
        srv.stop()


@pytest.mark.slow
def test_sigterm_stops_like_ctrl_c(tmp_path: Path) -> None:
    srv = LoopbackServer().start()
    try:
        urls = [srv.add(f"/p{i}", fixture_page(), delay=0.2) for i in range(20)]
        listing = tmp_path / "urls.txt"
        listing.write_text("\n".join(urls))
        out = tmp_path / "r.jsonl"
        proc = subprocess.Popen(
            [sys.executable, "-m", "checker", "audit", str(listing), "-o", str(out), "--jobs", "1", "--processes", "2"],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (not out.exists() or out.read_text().count("\n") < 2):
            time.sleep(0.05)
        proc.terminate()
        _, err = proc.communicate(timeout=20)
        assert proc.returncode == 143, err
        assert "Traceback" not in err and "--resume" in err
        assert all(json.loads(line) for line in out.read_text().splitlines())
    finally:
        srv.stop()


def test_resume_reads_back_csv_and_jsonl(tmp_path: Path) -> None:
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text(
        '{"target": "http://a/1", "url": "http://a/1", "status": "fail", "error": null, '
        '"rules": [{"id": "logo", "status": "fail"}, {"id": "byline", "status": "pass"}]}\n'
        '{"target": "http://a/2", "sta'
    )
    assert trim_partial_line(str(jsonl)) == len('{"target": "http://a/2", "sta')
    records = list(read_records(str(jsonl), "jsonl"))
    assert [(r.target, r.status, r.failed_rules) for r in records] == [("http://a/1", Status.FAIL, [("logo", "error")])]
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(
        "target,url,http_status,page_status,rule,rule_status\n"
        "http://a/1,http://a/1,200,fail,logo,fail\nhttp://a/1,http://a/1,200,fail,byline,pass\n"
        "http://a/2,http://a/2,404,error,logo,error\n"
    )
    records = list(read_records(str(csv_file), "csv"))
    assert [(r.target, r.status, r.failed_rules) for r in records] == [
        ("http://a/1", Status.FAIL, [("logo", "error")]),
        ("http://a/2", Status.ERROR, []),
    ]


def test_resume_needs_an_output_file() -> None:
    result = CliRunner().invoke(main, ["audit", "-", "--resume"], input="")
    assert result.exit_code == 2 and "--resume needs --output" in result.output


def test_unreachable_host_is_an_error_with_its_reason(tmp_path: Path) -> None:
    port = unused_port()
    url = f"http://127.0.0.1:{port}/story"
    code, reports, err = run_audit(["--retries", "0"], tmp_path, [url])
    assert code == 3
    assert reports[0]["status"] == "error"
    assert reports[0]["error"] == f"could not connect to 127.0.0.1:{port} (connection refused) (reading robots.txt)"
    assert reports[0]["http_status"] is None
    assert "could not be checked" in err


def test_summary_names_the_worst_sites(hosts: list[LoopbackServer], tmp_path: Path) -> None:
    good = [hosts[0].add(f"/g{i}", fixture_page()) for i in range(3)]
    bad = [hosts[1].add(f"/b{i}", fixture_page("wordpress/logo-display-none.html")) for i in range(2)]
    code, _, err = run_audit([], tmp_path, good + bad)
    assert code == 1
    lines = err.splitlines()
    worst = lines.index(next(line for line in lines if line.startswith("worst sites")))
    assert hosts[1].base_url.split("//")[1] in lines[worst + 2]  # the failing site first
    assert "failures by rule: logo 2" in err
    quiet = CliRunner().invoke(main, ["audit", "-", "-q", "--processes", "0"], input="\n".join(good))
    assert quiet.exit_code == 0 and quiet.stderr == ""
