"""`repcheck audit` and the library under it, against real loopback servers (several, one per "host").

What a user relies on: every listed URL gets exactly one report; no host gets more than --per-host requests at
once; robots.txt is obeyed; 429/503 are retried after Retry-After; a page that could not be checked is `error`,
never `fail`; an interrupted run loses nothing and --resume finishes it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, cast

import pytest
from click.testing import CliRunner
from server import LoopbackServer, unused_port

from checker.audit import AuditOptions, Auditor, AuditTarget
from checker.audit.resume import read_records, trim_partial_line
from checker.audit.scheduler import HostScheduler
from checker.cli import main
from checker.engine import Checker
from checker.report import Evidence, Report, Status

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
MANIFEST: list[dict[str, Any]] = tomllib.loads((FIXTURES / "manifest.toml").read_text(encoding="utf-8"))["page"]
PASSING = FIXTURES / "wordpress" / "compliant-classic.html"


def _page(name: str = "wordpress/compliant-house-author-body-byline.html") -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def hosts() -> Iterator[list[LoopbackServer]]:
    """Three started servers on three ports: three hosts as far as per-host limits go."""
    servers = [LoopbackServer().start() for _ in range(3)]
    try:
        yield servers
    finally:
        for srv in servers:
            srv.stop()


def _audit(
    args: list[str], tmp_path: Path, urls: list[str] | None = None, *, processes: int = 0, stdin: str | None = None
) -> tuple[int, list[dict[str, Any]], str]:
    """Run `repcheck audit` in-process; return the exit code, the JSON reports written, and stderr."""
    out = tmp_path / "out.jsonl"
    extra: list[str] = []
    if urls is not None:
        listing = tmp_path / "urls.txt"
        listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
        extra.append(str(listing))
    result = CliRunner().invoke(
        main,
        ["audit", *extra, *args, "-o", str(out), "--processes", str(processes), "--timeout", "5"],
        input=stdin,
        catch_exceptions=False,
    )
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    return result.exit_code, [json.loads(line) for line in lines], result.stderr


def _serve_fixtures(srv: LoopbackServer) -> list[dict[str, Any]]:
    """Every DCNF fixture page, served (the pages of other packs are checked with their own pack elsewhere)."""
    rows = []
    for entry in MANIFEST:
        if entry.get("pack", "dcnf") != "dcnf":
            continue
        url = srv.add("/" + entry["file"], _page(entry["file"]))
        rows.append({**entry, "url": url})
    return rows


# ---- what an audit reports ------------------------------------------------------------------------------------


def test_audit_of_every_fixture_from_a_csv_gives_the_manifest_verdicts(server: LoopbackServer, tmp_path: Path) -> None:
    rows = _serve_fixtures(server)
    listing = tmp_path / "partners.csv"
    with listing.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["url", "reporter", "notes"])
        for row in rows:
            writer.writerow([row["url"], row.get("reporter", ""), "x, y"])
    code, reports, _ = _audit([str(listing)], tmp_path)
    by_url = {r["target"]: r for r in reports}
    assert len(reports) == len(rows) == len(by_url)
    for row in rows:
        report = by_url[row["url"]]
        got = {rule["id"]: rule["status"] for rule in report["rules"]}
        for rule in ("logo", "byline", "affiliation"):
            assert got[rule] == row["expect"][rule], (row["file"], rule)
        if row.get("reporter"):
            assert (report["reporter"], report["reporter_source"]) == (row["reporter"], "given")
    assert code == 1  # some fixtures fail by design


def test_worker_processes_and_threads_give_the_same_reports(server: LoopbackServer, tmp_path: Path) -> None:
    urls = [row["url"] for row in _serve_fixtures(server)][:12]

    def verdicts(processes: int) -> dict[str, Any]:
        checker = Checker("dcnf")
        got: dict[str, Any] = {}
        Auditor(checker, AuditOptions(processes=processes, jobs=4, per_host=4)).run(
            [AuditTarget(u) for u in urls], lambda r: got.__setitem__(r.target, _verdicts(r))
        )
        return got

    assert verdicts(2) == verdicts(0)


def _verdicts(report: Report) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    return report.status.value, tuple((r.id, r.status.value, r.message) for r in report.rules)


def test_each_url_is_checked_once_and_filters_apply(server: LoopbackServer, tmp_path: Path) -> None:
    a = server.add("/news/a", _page())
    b = server.add("/news/b", _page())
    c = server.add("/opinion/c", _page())
    listing = ["# partner list", a, a + "#comments", "", b, c, c.replace("http://", "HTTP://")]
    code, reports, err = _audit(["--exclude", "*/opinion/*"], tmp_path, listing)
    assert sorted(r["target"] for r in reports) == sorted([a, b])
    assert server.paths_seen().count("/news/a") == 1
    assert "/opinion/c" not in server.paths_seen()
    assert "listed more than once" in err and "excluded" in err
    assert code == 0


def test_library_audit_pages_gives_one_report_per_url_as_the_command_does(
    server: LoopbackServer, tmp_path: Path
) -> None:
    from checker import audit_pages

    a = server.add("/news/a", _page())
    b = server.add("/news/b", _page("wordpress/affiliation-daily-caller.html"))
    c = server.add("/opinion/c", _page())
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{a}\n{a}#comments\n{c}\n", encoding="utf-8")
    reports = audit_pages(
        [str(listing)], urls=[b], exclude=["*/opinion/*"], options=AuditOptions(processes=0), timeout=5
    )
    assert sorted(r.target for r in reports) == sorted([a, b])
    assert "/opinion/c" not in server.paths_seen()
    _, written, _ = _audit(["--exclude", "*/opinion/*"], tmp_path, [a, b, c])
    assert {r.target: _verdicts(r) for r in reports} == {
        r["target"]: (r["status"], tuple((x["id"], x["status"], x["message"]) for x in r["rules"])) for r in written
    }


def test_urls_from_stdin_and_a_bad_pattern_is_a_usage_error(server: LoopbackServer, tmp_path: Path) -> None:
    a = server.add("/a", _page())
    code, reports, _ = _audit(["-"], tmp_path, stdin=a + "\n")
    assert code == 0 and [r["target"] for r in reports] == [a]
    result = CliRunner().invoke(main, ["audit", "-", "--include", "re:(unclosed"], input=a)
    assert result.exit_code == 2 and "re:(unclosed" in result.output


def test_missing_list_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["audit", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr and "Traceback" not in result.output


def test_sitemap_index_with_a_gzipped_child(server: LoopbackServer, tmp_path: Path) -> None:
    import gzip

    pages = [server.add(f"/story/{i}", _page()) for i in range(3)]
    urlset = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{u}</loc></url>" for u in pages[:2])
        + "</urlset>"
    )
    server.add("/sitemap-1.xml.gz", gzip.compress(urlset.encode()), content_type="application/x-gzip")
    server.add(
        "/sitemap-2.xml",
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{pages[2]}</loc></url></urlset>',
        content_type="application/xml",
    )
    index = server.add(
        "/sitemap.xml",
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{server.url('/sitemap-1.xml.gz')}</loc></sitemap>"
        f"<sitemap><loc>{server.url('/sitemap-2.xml')}</loc></sitemap>"
        f"<sitemap><loc>{server.url('/missing.xml')}</loc></sitemap></sitemapindex>",
        content_type="application/xml",
    )
    code, reports, err = _audit(["--sitemap", index], tmp_path)
    assert sorted(r["target"] for r in reports) == sorted(pages)
    assert all(r["status"] == "pass" for r in reports)
    assert "missing.xml" in err  # the unreadable child is said...
    assert code == 3  # ...and a run that could not read all its sources is not a clean pass


def test_csv_output_has_a_row_per_page_and_rule(server: LoopbackServer, tmp_path: Path) -> None:
    good = server.add("/good", _page())
    gone = server.url("/gone")
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{good}\n{gone}\n")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["audit", str(listing), "-f", "csv", "-o", str(out), "--processes", "0"])
    assert result.exit_code == 3
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    rules = [
        rule["id"]
        for rule in json.loads(CliRunner().invoke(main, ["check", str(PASSING), "-f", "json"]).stdout)[0]["rules"]
    ]
    assert [(r["target"], r["rule"]) for r in rows] == [(u, rule) for u in (good, gone) for rule in rules] or [
        (r["target"], r["rule"]) for r in rows
    ] == [(u, rule) for u in (gone, good) for rule in rules]
    gone_rows = [r for r in rows if r["target"] == gone]
    assert {r["rule_status"] for r in gone_rows} == {"error"}
    assert all(r["http_status"] == "404" and "HTTP 404" in r["error"] for r in gone_rows)


# ---- politeness ---------------------------------------------------------------------------------------------------


def test_per_host_limit_holds_while_hosts_run_side_by_side(hosts: list[LoopbackServer], tmp_path: Path) -> None:
    urls = []
    for srv in hosts:
        for i in range(8):
            urls.append(srv.add(f"/p{i}", _page(), delay=0.15))
    started = time.monotonic()
    code, reports, _ = _audit(["--jobs", "6", "--per-host", "2"], tmp_path, urls)
    elapsed = time.monotonic() - started
    assert len(reports) == 24 and code == 0
    assert [srv.peak_in_flight for srv in hosts] == [2, 2, 2]
    # 24 pages of 0.15 s, 2 at a time per host, 3 hosts at once: about 0.6 s; one host at a time would be 1.8 s.
    assert elapsed < 1.6


@pytest.mark.slow
def test_a_list_dominated_by_one_host_does_not_starve_the_others(hosts: list[LoopbackServer], tmp_path: Path) -> None:
    big, small = hosts[0], hosts[1]
    urls = [big.add(f"/p{i}", _page(), delay=0.05) for i in range(30)] + [small.add("/only", _page())]
    order: list[str] = []
    checker = Checker("dcnf")
    Auditor(checker, AuditOptions(jobs=4, per_host=2, processes=0)).run(
        [AuditTarget(u) for u in urls], lambda r: order.append(r.target)
    )
    assert order.index(urls[-1]) < 5
    assert big.peak_in_flight <= 2


def test_delay_spaces_requests_to_one_host(server: LoopbackServer, tmp_path: Path) -> None:
    urls = [server.add(f"/p{i}", _page()) for i in range(4)]
    started = time.monotonic()
    code, reports, _ = _audit(["--delay", "0.2", "--ignore-robots"], tmp_path, urls)
    assert code == 0 and len(reports) == 4
    assert time.monotonic() - started >= 0.6  # three gaps of 0.2 s between four starts


def test_robots_txt_disallow_is_obeyed_unless_ignored(server: LoopbackServer, tmp_path: Path) -> None:
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    public = server.add("/public/story", _page())
    private = server.add("/private/story", _page())
    private2 = server.add("/private/other", _page())
    code, reports, _ = _audit([], tmp_path, [public, private, private2])
    by_url = {r["target"]: r for r in reports}
    assert by_url[public]["status"] == "pass"
    for url in (private, private2):
        assert by_url[url]["status"] == "error"
        assert "robots.txt disallows" in by_url[url]["error"]
    assert not [p for p in server.paths_seen() if p.startswith("/private/")]
    assert server.paths_seen().count("/robots.txt") == 1  # once per host per run
    assert code == 3
    code, reports, _ = _audit(["--ignore-robots"], tmp_path, [private])
    assert code == 0 and reports[0]["status"] == "pass"


def test_robots_txt_group_for_repcheck_wins_and_wildcards_work(server: LoopbackServer, tmp_path: Path) -> None:
    # RFC 9309: the group naming our product token applies, not "*" (which here shuts everyone else out).
    server.add(
        "/robots.txt",
        "User-agent: *\nDisallow: /\n\nUser-agent: RepCheck\nDisallow: /*.amp$\n",
        content_type="text/plain",
    )
    story = server.add("/story", _page())
    amp = server.add("/story.amp", _page())
    amp_query = server.add("/story.amp?x=1", _page())
    _, reports, _ = _audit([], tmp_path, [story, amp, amp_query])
    status = {r["target"]: r["status"] for r in reports}
    assert status == {story: "pass", amp: "error", amp_query: "pass"}


@pytest.mark.parametrize(("robots_status", "checked"), [(404, True), (403, True), (500, False)])
def test_robots_txt_that_cannot_be_read(
    server: LoopbackServer, tmp_path: Path, robots_status: int, checked: bool
) -> None:
    server.add("/robots.txt", "nope", status=robots_status, content_type="text/plain")
    url = server.add("/story", _page())
    _, reports, _ = _audit([], tmp_path, [url])
    if checked:  # 4xx: "unavailable", no rules (RFC 9309)
        assert reports[0]["status"] == "pass"
    else:  # 5xx: "unreachable", assume everything is disallowed
        assert reports[0]["status"] == "error" and "robots.txt" in reports[0]["error"]
        assert "/story" not in server.paths_seen()


def _flaky(srv: LoopbackServer, path: str, answers: list[tuple[int, dict[str, str]]]) -> tuple[str, list[float]]:
    """A page that answers with ``answers`` in turn (status, headers), then with the passing page."""
    times: list[float] = []
    body = _page()

    def handle(handler: Any) -> None:
        times.append(time.monotonic())
        status, headers = answers[len(times) - 1] if len(times) <= len(answers) else (200, {})
        data = body if status == 200 else b"busy"
        handler.send_response(status)
        for name, value in {"Content-Type": "text/html", "Content-Length": str(len(data)), **headers}.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    return srv.add_handler(path, handle), times


@pytest.mark.slow
def test_429_is_retried_after_the_retry_after_delay(server: LoopbackServer, tmp_path: Path) -> None:
    url, times = _flaky(server, "/busy", [(429, {"Retry-After": "1"})])
    code, reports, _ = _audit(["--ignore-robots"], tmp_path, [url])
    assert code == 0 and reports[0]["status"] == "pass"
    assert len(times) == 2 and times[1] - times[0] >= 0.95


def test_503_is_retried_with_backoff_then_given_up_as_error(server: LoopbackServer) -> None:
    url, times = _flaky(server, "/down", [(503, {})] * 10)
    reports: list[Report] = []
    Auditor(Checker("dcnf"), AuditOptions(retries=2, backoff=0.1, processes=0, robots=False)).run(
        [AuditTarget(url)], reports.append
    )
    assert len(times) == 3  # the first try and two retries
    assert times[2] - times[1] > (times[1] - times[0]) * 1.2  # the wait doubles (jitter is ±25%)
    report = reports[0]
    assert report.status is Status.ERROR and report.http_status == 503
    assert report.error == "HTTP 503 Service Unavailable (after 3 attempts)"
    assert all(rule.status is Status.ERROR for rule in report.rules)  # never a fail


def test_retry_after_longer_than_allowed_is_an_error_at_once(server: LoopbackServer, tmp_path: Path) -> None:
    url, times = _flaky(server, "/later", [(429, {"Retry-After": "3600"})])
    code, reports, _ = _audit(["--ignore-robots", "--max-wait", "30"], tmp_path, [url])
    assert code == 3 and len(times) == 1
    assert (
        reports[0]["error"]
        == "HTTP 429 Too Many Requests (the server asked to wait 3600 s, more than the 30 s allowed)"
    )


def test_a_bot_wall_is_an_error_not_a_failure(server: LoopbackServer, tmp_path: Path) -> None:
    url = server.add(
        "/walled", "<html><title>Just a moment...</title></html>", status=403, headers={"cf-mitigated": "challenge"}
    )
    code, reports, _ = _audit(["--ignore-robots"], tmp_path, [url])
    assert code == 3
    assert reports[0]["status"] == "error"
    assert reports[0]["error"] == "HTTP 403 Forbidden (blocked by a bot challenge page)"


# ---- losing nothing -----------------------------------------------------------------------------------------------


def test_a_server_killed_mid_audit_leaves_every_url_reported(tmp_path: Path) -> None:
    srv = LoopbackServer().start()
    served = threading.Event()
    count = {"n": 0}
    body = _page()

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
    body = _page()

    def held(handler: BaseHTTPRequestHandler) -> None:
        released.wait(20)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

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
        urls = [srv.add(f"/p{i}", _page(), delay=0.2) for i in range(20)]
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
    assert [(r.target, r.status, r.failed_rules) for r in records] == [("http://a/1", Status.FAIL, ["logo"])]
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(
        "target,url,http_status,page_status,rule,rule_status\n"
        "http://a/1,http://a/1,200,fail,logo,fail\nhttp://a/1,http://a/1,200,fail,byline,pass\n"
        "http://a/2,http://a/2,404,error,logo,error\n"
    )
    records = list(read_records(str(csv_file), "csv"))
    assert [(r.target, r.status, r.failed_rules) for r in records] == [
        ("http://a/1", Status.FAIL, ["logo"]),
        ("http://a/2", Status.ERROR, []),
    ]


def test_resume_needs_an_output_file() -> None:
    result = CliRunner().invoke(main, ["audit", "-", "--resume"], input="")
    assert result.exit_code == 2 and "--resume needs --output" in result.output


def test_unreachable_host_is_an_error_with_its_reason(tmp_path: Path) -> None:
    port = unused_port()
    url = f"http://127.0.0.1:{port}/story"
    code, reports, err = _audit(["--retries", "0"], tmp_path, [url])
    assert code == 3
    assert reports[0]["status"] == "error"
    assert reports[0]["error"] == f"could not connect to 127.0.0.1:{port} (connection refused) (reading robots.txt)"
    assert reports[0]["http_status"] is None
    assert "could not be checked" in err


def test_robots_txt_busy_for_a_moment_is_asked_again(server: LoopbackServer, tmp_path: Path) -> None:
    _, times = _flaky(server, "/robots.txt", [(503, {"Retry-After": "0"})])
    url = server.add("/story", _page())
    code, reports, _ = _audit([], tmp_path, [url])
    assert len(times) == 2  # not taken as "unreachable, fetch nothing" for the whole run
    assert code == 0 and reports[0]["status"] == "pass"


def test_summary_names_the_worst_sites(hosts: list[LoopbackServer], tmp_path: Path) -> None:
    good = [hosts[0].add(f"/g{i}", _page()) for i in range(3)]
    bad = [hosts[1].add(f"/b{i}", _page("wordpress/logo-display-none.html")) for i in range(2)]
    code, _, err = _audit([], tmp_path, good + bad)
    assert code == 1
    lines = err.splitlines()
    worst = lines.index(next(line for line in lines if line.startswith("worst sites")))
    assert hosts[1].base_url.split("//")[1] in lines[worst + 2]  # the failing site first
    assert "failures by rule: logo 2" in err
    quiet = CliRunner().invoke(main, ["audit", "-", "-q", "--processes", "0"], input="\n".join(good))
    assert quiet.exit_code == 0 and quiet.stderr == ""


# ---- the scheduler alone --------------------------------------------------------------------------------------


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_scheduler_takes_hosts_in_turn_and_keeps_the_limit() -> None:
    sched: HostScheduler[str] = HostScheduler(per_host=1)
    for i in range(3):
        sched.put("a", f"a{i}")
    sched.put("b", "b0")
    first, second = sched.take(), sched.take()
    assert {first, second} == {("a", "a0"), ("b", "b0")}
    sched.release("b")
    sched.done()
    got: list[Any] = []
    threading.Thread(target=lambda: got.append(sched.take()), daemon=True).start()
    time.sleep(0.1)
    assert got == []  # "a" is busy and "b" has nothing left: wait
    sched.release("a")
    sched.done()
    time.sleep(0.1)
    assert got == [("a", "a1")]


def test_scheduler_retry_pauses_the_whole_host() -> None:
    clock = _Clock()
    sched: HostScheduler[str] = HostScheduler(per_host=2, clock=clock)
    sched.put("a", "a0")
    sched.put("a", "a1")
    sched.put("b", "b0")
    host, item = cast(tuple[str, str], sched.take())  # a0
    sched.release(host, retry=item, wait=5.0)
    assert sched.take() == ("b", "b0")
    clock.now = 5.0
    assert sched.take() == ("a", "a0")  # the retried item first, once the pause is over


def test_scheduler_returns_none_when_all_is_done() -> None:
    sched: HostScheduler[str] = HostScheduler(per_host=1)
    sched.put("a", "x")
    assert sched.take() == ("a", "x")
    sched.release("a")
    sched.done()
    assert sched.take() is None


def test_audit_help_lists_the_sources_and_exit_codes() -> None:
    result = CliRunner().invoke(main, ["audit", "--help"])
    assert result.exit_code == 0
    for word in ("--sitemap", "--per-host", "--resume", "--ignore-robots", "Exit codes"):
        assert word in result.output


def test_audit_without_sources_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["audit"])
    assert result.exit_code == 2 and "SOURCE" in result.output


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="needs os.sched_getaffinity")
def test_default_processes_follow_the_cpus() -> None:
    from checker.audit.runner import default_processes

    cpus = len(os.sched_getaffinity(0))
    assert default_processes() == (cpus if cpus > 1 else 0)


def test_the_bundled_example_list_audits_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's audit example: a CSV of saved pages with per-row reporters, run from the repository root."""
    monkeypatch.chdir(ROOT)
    code, reports, err = _audit(["fixtures/audit/partner-pages.csv"], tmp_path)
    expected = {entry["file"]: entry for entry in MANIFEST}
    assert code == 1
    assert len(reports) == 6
    for report in reports:
        name = report["target"].removeprefix("fixtures/")
        if name in expected:
            want = expected[name]["expect"]
            assert {r["id"]: r["status"] for r in report["rules"] if r["id"] in want} == want, name
            assert report["url"] is None and report["http_status"] is None
        else:
            assert report["status"] == "error" and report["error"].startswith("file not found")
    assert "(files)" in err


@pytest.mark.parametrize("processes", [0, 2])
def test_the_http_charset_decides_how_an_audited_page_is_read(server: LoopbackServer, processes: int) -> None:
    # The page says UTF-8 in its <meta>, but the server sends windows-1252 and says so: browsers believe the header.
    html = (FIXTURES / "newspack/tricky-diacritics-name.html").read_text(encoding="utf-8")
    assert '<meta charset="UTF-8">' in html
    url = server.add("/latin", html.encode("cp1252"), content_type="text/html; charset=windows-1252")
    reports: list[Report] = []
    Auditor(Checker("dcnf"), AuditOptions(processes=processes, robots=False)).run(
        [AuditTarget(url, reporter="Renée Castañeda")], reports.append
    )
    byline = next(rule for rule in reports[0].rules if rule.id == "byline")
    assert byline.status is Status.PASS, byline.message
    assert "Renée Castañeda" in (cast(Evidence, byline.evidence).snippet or "")


@pytest.mark.parametrize("processes", [0, 2])
def test_each_csv_row_can_name_its_original_article(server: LoopbackServer, tmp_path: Path, processes: int) -> None:
    from test_cli import COMPLIANT, DCNF_ORIGINAL

    original = server.add("/dcnf/original", DCNF_ORIGINAL)
    gone = server.add("/dcnf/gone", "gone", status=404)
    first = server.add("/partner/one", COMPLIANT.read_bytes())
    second = server.add("/partner/two", COMPLIANT.read_bytes())
    listing = tmp_path / "rows.csv"
    listing.write_text(f"url,original\n{first},{original}\n{second},{gone}\n", encoding="utf-8")
    code, reports, _ = _audit([str(listing)], tmp_path, processes=processes)
    by_url = {r["target"]: r for r in reports}
    assert (by_url[first]["reporter"], by_url[first]["reporter_source"]) == ("Nick Pope", "original")
    assert by_url[first]["original"] == original and by_url[first]["status"] == "pass"
    byline = next(r for r in by_url[second]["rules"] if r["id"] == "byline")
    assert byline["status"] == "error" and "HTTP 404" in byline["message"]
    assert server.paths_seen().count("/dcnf/original") == 1
    assert code == 3
