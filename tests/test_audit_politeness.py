"""`repcheck audit` is polite: per-host limits, delays, robots.txt, retries after 429/503, and the scheduler that
keeps them."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, cast

import pytest
from audit_helpers import fixture_page, run_audit
from server import LoopbackServer

from checker.audit import AuditOptions, Auditor, AuditTarget
from checker.audit.scheduler import HostScheduler
from checker.engine import Checker
from checker.report import Report, Status

# ---- politeness ---------------------------------------------------------------------------------------------------


def test_per_host_limit_holds_while_hosts_run_side_by_side(hosts: list[LoopbackServer], tmp_path: Path) -> None:
    urls = []
    for srv in hosts:
        for i in range(8):
            urls.append(srv.add(f"/p{i}", fixture_page(), delay=0.15))
    started = time.monotonic()
    code, reports, _ = run_audit(["--jobs", "6", "--per-host", "2"], tmp_path, urls)
    elapsed = time.monotonic() - started
    assert len(reports) == 24 and code == 0
    assert [srv.peak_in_flight for srv in hosts] == [2, 2, 2]
    # 24 pages of 0.15 s, 2 at a time per host, 3 hosts at once: about 0.6 s; one host at a time would be 1.8 s.
    assert elapsed < 1.6


@pytest.mark.slow
def test_a_list_dominated_by_one_host_does_not_starve_the_others(hosts: list[LoopbackServer], tmp_path: Path) -> None:
    big, small = hosts[0], hosts[1]
    urls = [big.add(f"/p{i}", fixture_page(), delay=0.05) for i in range(30)] + [small.add("/only", fixture_page())]
    order: list[str] = []
    checker = Checker("dcnf")
    Auditor(checker, AuditOptions(jobs=4, per_host=2, processes=0)).run(
        [AuditTarget(u) for u in urls], lambda r: order.append(r.target)
    )
    assert order.index(urls[-1]) < 5
    assert big.peak_in_flight <= 2


def test_delay_spaces_requests_to_one_host(server: LoopbackServer, tmp_path: Path) -> None:
    urls = [server.add(f"/p{i}", fixture_page()) for i in range(4)]
    started = time.monotonic()
    code, reports, _ = run_audit(["--delay", "0.2", "--ignore-robots"], tmp_path, urls)
    assert code == 0 and len(reports) == 4
    assert time.monotonic() - started >= 0.6  # three gaps of 0.2 s between four starts


def test_robots_txt_disallow_is_obeyed_unless_ignored(server: LoopbackServer, tmp_path: Path) -> None:
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    public = server.add("/public/story", fixture_page())
    private = server.add("/private/story", fixture_page())
    private2 = server.add("/private/other", fixture_page())
    code, reports, _ = run_audit([], tmp_path, [public, private, private2])
    by_url = {r["target"]: r for r in reports}
    assert by_url[public]["status"] == "pass"
    for url in (private, private2):
        assert by_url[url]["status"] == "error"
        assert "robots.txt disallows" in by_url[url]["error"]
    assert not [p for p in server.paths_seen() if p.startswith("/private/")]
    assert server.paths_seen().count("/robots.txt") == 1  # once per host per run
    assert code == 3
    code, reports, _ = run_audit(["--ignore-robots"], tmp_path, [private])
    assert code == 0 and reports[0]["status"] == "pass"


def test_robots_txt_group_for_repcheck_wins_and_wildcards_work(server: LoopbackServer, tmp_path: Path) -> None:
    # RFC 9309: the group naming our product token applies, not "*" (which here shuts everyone else out).
    server.add(
        "/robots.txt",
        "User-agent: *\nDisallow: /\n\nUser-agent: RepCheck\nDisallow: /*.amp$\n",
        content_type="text/plain",
    )
    story = server.add("/story", fixture_page())
    amp = server.add("/story.amp", fixture_page())
    amp_query = server.add("/story.amp?x=1", fixture_page())
    _, reports, _ = run_audit([], tmp_path, [story, amp, amp_query])
    status = {r["target"]: r["status"] for r in reports}
    assert status == {story: "pass", amp: "error", amp_query: "pass"}


@pytest.mark.parametrize(("robots_status", "checked"), [(404, True), (403, True), (500, False)])
def test_robots_txt_that_cannot_be_read(
    server: LoopbackServer, tmp_path: Path, robots_status: int, checked: bool
) -> None:
    server.add("/robots.txt", "nope", status=robots_status, content_type="text/plain")
    url = server.add("/story", fixture_page())
    _, reports, _ = run_audit([], tmp_path, [url])
    if checked:  # 4xx: "unavailable", no rules (RFC 9309)
        assert reports[0]["status"] == "pass"
    else:  # 5xx: "unreachable", assume everything is disallowed
        assert reports[0]["status"] == "error" and "robots.txt" in reports[0]["error"]
        assert "/story" not in server.paths_seen()


def _flaky(srv: LoopbackServer, path: str, answers: list[tuple[int, dict[str, str]]]) -> tuple[str, list[float]]:
    """A page that answers with ``answers`` in turn (status, headers), then with the passing page."""
    times: list[float] = []
    body = fixture_page()

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
    code, reports, _ = run_audit(["--ignore-robots"], tmp_path, [url])
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
    code, reports, _ = run_audit(["--ignore-robots", "--max-wait", "30"], tmp_path, [url])
    assert code == 3 and len(times) == 1
    assert (
        reports[0]["error"]
        == "HTTP 429 Too Many Requests (the server asked to wait 3600 s, more than the 30 s allowed)"
    )


def test_robots_txt_busy_for_a_moment_is_asked_again(server: LoopbackServer, tmp_path: Path) -> None:
    _, times = _flaky(server, "/robots.txt", [(503, {"Retry-After": "0"})])
    url = server.add("/story", fixture_page())
    code, reports, _ = run_audit([], tmp_path, [url])
    assert len(times) == 2  # not taken as "unreachable, fetch nothing" for the whole run
    assert code == 0 and reports[0]["status"] == "pass"


def test_a_bot_wall_is_an_error_not_a_failure(server: LoopbackServer, tmp_path: Path) -> None:
    url = server.add(
        "/walled", "<html><title>Just a moment...</title></html>", status=403, headers={"cf-mitigated": "challenge"}
    )
    code, reports, _ = run_audit(["--ignore-robots"], tmp_path, [url])
    assert code == 3
    assert reports[0]["status"] == "error"
    assert reports[0]["error"] == "HTTP 403 Forbidden (blocked by a bot challenge page)"


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
