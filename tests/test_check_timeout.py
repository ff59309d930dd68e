"""A deadline per page after the fetch (--check-timeout): a page whose parsing and checks run past it is an error
with the reason, and the run goes on to the next page, in `check` and in `audit` (threads or worker processes)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from audit_helpers import FIXTURES, run_audit
from click.testing import CliRunner
from config_helpers import write
from server import LoopbackServer

from checker import check_html
from checker.cli import main
from checker.report import Report, Status

PASSING = FIXTURES / "wordpress" / "compliant-stacked-affiliation.html"
TIMEOUT = "0.25"  # seconds: the fixture page checks in a few milliseconds (20 cold), the long page in about 1 s
OVERRUN = "checks took longer than 0.25 s (--check-timeout)"


def long_page() -> str:
    """A real, valid page that takes long to check: an 8 MB article of 100,000 linked paragraphs."""
    body = "".join(
        f"<p>Paragraph {i} of the story, with <a href='/l/{i}'>a link</a> to read.</p>\n" for i in range(100_000)
    )
    return f"<html><head><title>Long</title></head><body><article><h1>Long</h1>{body}</article></body></html>"


def check_json(*args: str) -> tuple[int, dict[str, dict[str, object]]]:
    result = CliRunner().invoke(main, ["check", *args, "--format", "json"], catch_exceptions=False)
    return result.exit_code, {report["target"]: report for report in json.loads(result.stdout)}


@pytest.mark.slow
def test_check_reports_a_page_past_the_deadline_as_an_error_and_checks_the_next(tmp_path: Path) -> None:
    long = tmp_path / "long.html"
    long.write_text(long_page(), encoding="utf-8")
    code, reports = check_json(str(long), str(PASSING), "--check-timeout", TIMEOUT)
    assert reports[str(long)]["status"] == "error" and reports[str(long)]["error"] == OVERRUN
    assert reports[str(PASSING)]["status"] == "pass"
    assert code == 3  # nothing failed, a page could not be checked


@pytest.mark.slow
def test_the_config_file_sets_the_check_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "repcheck.toml", f"check_timeout = {TIMEOUT}\n")
    long = tmp_path / "long.html"
    long.write_text(long_page(), encoding="utf-8")
    code, reports = check_json(str(long))
    assert reports[str(long)]["error"] == OVERRUN and code == 3


@pytest.mark.slow
@pytest.mark.parametrize("processes", [0, 2], ids=["checks-in-fetching-threads", "checks-in-worker-processes"])
def test_audit_reports_a_page_past_the_deadline_as_an_error_and_goes_on(
    server: LoopbackServer, tmp_path: Path, processes: int
) -> None:
    long = server.add("/long", long_page())
    short = server.add("/short", PASSING.read_bytes())
    code, reports, _ = run_audit(["--check-timeout", TIMEOUT], tmp_path, [long, short], processes=processes)
    by_url = {report["target"]: report for report in reports}
    assert by_url[long]["status"] == "error" and by_url[long]["error"] == OVERRUN
    assert by_url[short]["status"] == "pass"
    assert len(reports) == 2 and code == 3


@pytest.mark.slow
def test_the_library_bounds_checks_in_any_thread() -> None:
    """A library caller's own thread (not the main thread, where a signal could do it) is bounded too, and the
    thread checks its next page normally."""
    reports: list[Report] = []

    def two_pages() -> None:
        reports.append(check_html(long_page(), check_timeout=float(TIMEOUT)))
        reports.append(check_html(PASSING.read_bytes(), check_timeout=float(TIMEOUT)))

    thread = threading.Thread(target=two_pages)
    thread.start()
    thread.join(timeout=60)
    assert [r.status for r in reports] == [Status.ERROR, Status.PASS]
    assert reports[0].error == OVERRUN
