"""``--render``: pages judged as headless Chromium shows them (checker/render), in the real browser over the tests'
loopback server. Browser tests skip without Chromium or Playwright, unless REPCHECK_REQUIRE_BROWSER=1 (CI)."""

from __future__ import annotations

import json
import os
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import unavailable
from click.testing import CliRunner
from server import LoopbackServer

from checker import check_url
from checker.cli import main
from checker.engine import Checker
from checker.render import RenderOptions

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MANIFEST: list[dict[str, Any]] = tomllib.loads((FIXTURES / "manifest.toml").read_text(encoding="utf-8"))["page"]
RENDERED = [entry for entry in MANIFEST if "expect_rendered" in entry]
# Pages whose verdict does not depend on scripts: every 5th DCNF fixture (no `expect_rendered`), rendered, must
# get its static verdict.
STATIC_SAMPLE = [e for e in MANIFEST if "expect_rendered" not in e and e.get("pack", "dcnf") == "dcnf"][::5]


@pytest.fixture
def browser() -> Iterator[str]:
    """The Chromium path; skips (or fails, with REPCHECK_REQUIRE_BROWSER=1) when the browser tests cannot run."""
    reason = unavailable()
    if reason is not None:
        if os.environ.get("REPCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"REPCHECK_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from browser import find_chromium

    path = find_chromium()
    assert path is not None
    yield path


@pytest.fixture
def fixture_site() -> Iterator[LoopbackServer]:
    """The fixtures folder over loopback HTTP: each page and the JSON it fetches."""
    srv = LoopbackServer().start()
    for path in FIXTURES.rglob("*"):
        if path.suffix in (".html", ".json", ".png"):
            kind = "application/json" if path.suffix == ".json" else "text/html; charset=utf-8"
            srv.add("/" + str(path.relative_to(FIXTURES)), path.read_bytes(), content_type=kind)
    try:
        yield srv
    finally:
        srv.stop()


def _verdicts(report: Any) -> dict[str, str]:
    return {rule.id: rule.status.value for rule in report.rules}


@pytest.mark.slow
def test_rendered_fixtures_get_their_rendered_verdicts(browser: str, fixture_site: LoopbackServer) -> None:
    checker = Checker("dcnf", reporter="Nick Pope", render=RenderOptions(browser=browser))
    try:
        for entry in RENDERED:
            report = checker.check_url(fixture_site.url("/" + entry["file"]))
            assert report.rendered is True
            got = _verdicts(report)
            messages = {rule.id: rule.message for rule in report.rules}
            for rule, status in entry["expect_rendered"].items():
                assert got[rule] == status, f"{entry['file']} {rule}: {messages[rule]}"
    finally:
        checker.close()


@pytest.mark.slow
def test_rendered_file_fetches_its_json_beside_it(browser: str) -> None:
    """A saved file is served to the browser with its folder, so the story that arrives as JSON is built."""
    checker = Checker("dcnf", reporter="Nick Pope", render=RenderOptions(browser=browser))
    try:
        report = checker.check_file(FIXTURES / "render" / "js-story-json.html")
    finally:
        checker.close()
    assert report.http_status is None and report.rendered
    assert _verdicts(report) == {"logo": "pass", "byline": "pass", "affiliation": "pass", "notice": "pass"}


@pytest.mark.slow
def test_phone_only_failure_names_the_phone(browser: str, fixture_site: LoopbackServer) -> None:
    report = check_url(
        fixture_site.url("/render/js-logo-phone-hidden.html"), reporter="Nick Pope", render=True, browser=browser
    )
    logo = next(rule for rule in report.rules if rule.id == "logo")
    assert logo.status.value == "fail"
    assert logo.message.startswith("on the phone (390×844):"), logo.message
    assert "display: none" in logo.message
    assert "desktop (1280×900) this rule is pass" in logo.message


@pytest.mark.slow
def test_static_fixtures_keep_their_verdict_when_rendered(browser: str, fixture_site: LoopbackServer) -> None:
    checker = Checker("dcnf", render=RenderOptions(browser=browser, block=frozenset({"third-party"})))
    differences = []
    try:
        for entry in STATIC_SAMPLE:
            static = Checker("dcnf", reporter=entry.get("reporter")).check_file(FIXTURES / entry["file"])
            checker.reporter = entry.get("reporter")
            rendered = checker.check_url(fixture_site.url("/" + entry["file"]))
            if _verdicts(static) != _verdicts(rendered):
                differences.append((entry["file"], _verdicts(static), _verdicts(rendered)))
    finally:
        checker.close()
    assert len(STATIC_SAMPLE) >= 10
    assert differences == []


@pytest.mark.slow
def test_a_page_that_never_settles_is_an_error_within_the_timeout(browser: str, server: LoopbackServer) -> None:
    page = "<html><body><h1>Busy</h1><script>setTimeout(() => { for (;;) {} }, 10)</script></body></html>"
    url = server.add("/busy.html", page)
    started = time.monotonic()
    result = CliRunner().invoke(
        main, ["check", url, "--render", "--browser", browser, "--timeout", "3", "--format", "json"]
    )
    elapsed = time.monotonic() - started
    report = json.loads(result.stdout)[0]
    assert result.exit_code == 3, result.output
    assert report["status"] == "error" and report["rendered"] is True
    assert "did not load and settle within 3 s (--timeout)" in report["error"]
    assert elapsed < 60  # generous: never a hang


@pytest.mark.slow
def test_render_block_skips_resource_types(browser: str, server: LoopbackServer) -> None:
    server.add("/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    url = server.add("/p.html", '<html><body><article><h1>T</h1><img src="/logo.png" alt="x"></article></body></html>')
    result = CliRunner().invoke(main, ["check", url, "--render", "--browser", browser, "--render-block", "image,font"])
    assert "Traceback" not in result.output
    assert "/p.html" in server.paths_seen() and "/logo.png" not in server.paths_seen()


def test_static_reports_say_rendered_false(server: LoopbackServer) -> None:
    url = server.add("/p.html", "<html><body><h1>T</h1></body></html>")
    result = CliRunner().invoke(main, ["check", url, "--format", "json"])
    assert json.loads(result.stdout)[0]["rendered"] is False


def test_render_without_a_browser_exits_2_with_how_to_install(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html><body><h1>T</h1></body></html>", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(page), "--render"], env={"REPCHECK_BROWSER": str(tmp_path / "no-chromium")}
    )
    assert result.exit_code == 2
    assert "apt-get install chromium" in result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)


def test_render_block_names_resource_types(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--render", "--render-block", "fonts"])
    assert result.exit_code == 2
    assert "--render-block fonts: not a resource type" in result.output


def test_config_render_true_asks_for_the_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "repcheck.toml").write_text("render = true\n", encoding="utf-8")
    (tmp_path / "p.html").write_text("<html><body><h1>T</h1></body></html>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPCHECK_CONFIG", raising=False)
    result = CliRunner().invoke(main, ["check", "p.html"], env={"REPCHECK_BROWSER": str(tmp_path / "none")})
    assert result.exit_code == 2
    assert "not an executable browser" in result.output


def test_render_without_playwright_exits_2_with_how_to_install(tmp_path: Path) -> None:
    """Playwright's import fails (as without the render extra): exit 2 and the pip line, never a traceback."""
    import subprocess
    import sys

    page = tmp_path / "p.html"
    page.write_text("<html><body><h1>T</h1></body></html>", encoding="utf-8")
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n", encoding="utf-8")
    chromium.chmod(0o755)
    code = "import sys; sys.modules['playwright'] = None; from checker.cli import main; main()"
    args = [sys.executable, "-c", code, "check", str(page), "--render", "--browser", str(chromium)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "pip install 'repcheck[render]'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_audit_render_checks_each_page_once_in_one_browser(
    browser: str, fixture_site: LoopbackServer, tmp_path: Path
) -> None:
    """``audit --render`` over every render fixture, four tabs: one report per URL, each with its rendered
    verdict, and robots.txt still read before the pages."""
    urls = [fixture_site.url("/" + entry["file"]) for entry in RENDERED]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["audit", str(listing), "--render", "--browser", browser, "--jobs", "4", "--per-host", "4"]
    result = CliRunner().invoke(main, [*args, "--reporter", "Nick Pope", "-o", str(out), "-q"])
    assert result.exit_code == 1, result.output  # some fixtures fail when rendered
    reports = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["target"] for r in reports) == sorted(urls)
    by_url = {r["target"]: r for r in reports}
    for entry, url in zip(RENDERED, urls, strict=True):
        report = by_url[url]
        assert report["rendered"] is True
        got = {rule["id"]: rule["status"] for rule in report["rules"]}
        assert {k: got[k] for k in entry["expect_rendered"]} == entry["expect_rendered"], entry["file"]
    assert "/robots.txt" in fixture_site.paths_seen()


@pytest.mark.slow
def test_a_page_that_redefines_scrollto_is_still_scrolled_and_read(browser: str, server: LoopbackServer) -> None:
    """Pages define global functions named scrollTo (which replace window.scrollTo): the lazy block still loads."""
    lazy = (FIXTURES / "render" / "js-lazy-block.html").read_text(encoding="utf-8")
    page = lazy.replace("</body>", "<script>function scrollTo(id) { $(id).focus(); }</script>\n</body>")
    url = server.add("/lazy.html", page)
    report = check_url(url, reporter="Nick Pope", render=True, browser=browser)
    assert report.error is None
    assert _verdicts(report)["logo"] == "pass"


@pytest.mark.slow
def test_a_rendered_page_over_max_bytes_is_an_error(browser: str, server: LoopbackServer) -> None:
    """A script can grow a small page past --max-bytes: the rendered document is held to the same limit."""
    page = "<html><body><h1>T</h1><script>document.body.append('x'.repeat(50000))</script></body></html>"
    url = server.add("/grows.html", page)
    args = ["check", url, "--render", "--browser", browser, "--max-bytes", "20000", "--format", "json"]
    result = CliRunner().invoke(main, args)
    report = json.loads(result.stdout)[0]
    assert result.exit_code == 3
    assert report["status"] == "error" and "larger than the 20,000-byte limit" in report["error"]
