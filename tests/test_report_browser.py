"""The HTML report in headless Chromium: numbers, filters, rows, no script from pages, no network, a phone, a
large report, and the screenshot tool (Debian's chromium through Playwright; skipped without it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, unavailable
from report_samples import (
    EVIL_SNIPPET,
    EVIL_TITLE,
    ROOT,
    SAMPLE,
    WHEN,
    evil_line,
    lines,
    synthetic,
    write_lines,
)

from checker.formats.html import (
    build_report,
    render_report,
    row_from_dict,
)

# ------------------------------------------------------------------------------------------------ in Chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample results plus one page full of script, rendered."""
    folder = tmp_path_factory.mktemp("report")
    data = lines()
    write_lines(folder / "results.jsonl", [*data, evil_line(data[1])])
    document, _ = build_report([folder / "results.jsonl"], generated=WHEN)
    path = folder / "report.html"
    path.write_text(document, encoding="utf-8")
    return path


class Watched:
    """A page with everything it logs, throws and requests recorded."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))

    def open(self, path: Path, hash_: str = "") -> Any:
        self.page.goto(path.as_uri() + hash_)
        self.page.wait_for_selector("#pages tbody tr")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.close()


def visible_rows(page: Any) -> list[dict[str, Any]]:
    return page.eval_on_selector_all(
        "#pages tbody tr.page-row",
        """rows => rows.map(r => ({url: r.dataset.url, host: r.dataset.host, status: r.dataset.status,
             cells: Object.fromEntries([...r.querySelectorAll('td[data-rule]')].map(
               c => [c.dataset.rule, c.dataset.status])), text: r.textContent}))""",
    )


def count_text(page: Any) -> tuple[int, int]:
    text = page.text_content("#pages-count")
    match = re.match(r"([\d,]+) of ([\d,]+) pages", text)
    assert match, text
    return int(match.group(1).replace(",", "")), int(match.group(2).replace(",", ""))


def expected(report_file: Path) -> list[dict[str, Any]]:
    return lines(report_file.parent / "results.jsonl")


def test_browser_shows_the_numbers_of_the_results(watched: Watched, report_file: Path) -> None:
    page = watched.open(report_file)
    data = expected(report_file)
    shown = {
        key: int(page.text_content(f'[data-stat="{key}"]').replace(",", ""))
        for key in ("pages", "compliant", "noncompliant", "errored")
    }
    assert shown == {
        "pages": len(data),
        "compliant": sum(d["status"] == "pass" for d in data),
        "noncompliant": sum(d["status"] == "fail" for d in data),
        "errored": sum(d["status"] == "error" for d in data),
    }
    for rule in ("logo", "byline", "affiliation", "notice"):
        failures = sum(
            any(
                r["id"] == rule and r["status"] == "fail" and not r["baselined"] and r["severity"] != "info"
                for r in d["rules"]
            )
            for d in data
        )  # an info-severity rule not met is information, not a failure
        assert page.get_attribute(f'#rule-chart [data-rule="{rule}"]', "data-count") == str(failures)
        assert page.text_content(f'#rule-chart [data-rule="{rule}"] .bar-count') == str(failures)
    sites = page.eval_on_selector_all("#sites tbody tr[data-host]", "rows => rows.map(r => r.dataset.host)")
    assert sorted(sites) == sorted({d["url"].split("/")[2] for d in data})
    rows = visible_rows(page)
    assert len(rows) == len(data) and count_text(page) == (len(data), len(data))
    assert [r["status"] for r in rows] == sorted((r["status"] for r in rows), key=["fail", "error", "pass"].index)
    assert watched.errors == []


def test_browser_filters_by_rule_and_status_and_links_the_view(watched: Watched, report_file: Path) -> None:
    page = watched.open(report_file)
    data = expected(report_file)
    logo_failed = {d["url"] for d in data if any(r["id"] == "logo" and r["status"] == "fail" for r in d["rules"])}
    page.select_option("#filter-rule", "logo")
    page.select_option("#filter-status", "fail")
    rows = visible_rows(page)
    assert {r["url"] for r in rows} == logo_failed
    assert all(r["cells"]["logo"] == "fail" for r in rows)
    assert count_text(page) == (len(logo_failed), len(data))
    assert page.evaluate("location.hash") == "#rule=logo&status=fail"
    # the same view from a link
    other = Watched(page.context.browser)
    try:
        linked = other.open(report_file, "#rule=logo&status=fail")
        assert {r["url"] for r in visible_rows(linked)} == logo_failed
        assert linked.input_value("#filter-rule") == "logo"
        assert linked.input_value("#filter-status") == "fail"
    finally:
        other.close()
    # a rule alone: the pages where it did not pass
    page.select_option("#filter-status", "")
    not_passed = {
        d["url"] for d in data if any(r["id"] == "byline" and r["status"] in ("fail", "error") for r in d["rules"])
    }
    page.select_option("#filter-rule", "byline")
    assert {r["url"] for r in visible_rows(page)} == not_passed
    # a site
    page.click("#clear-filters")
    page.select_option("#filter-site", "prairiesentinel.example")
    rows = visible_rows(page)
    assert rows and all(r["host"] == "prairiesentinel.example" for r in rows)
    assert len(rows) == sum("//prairiesentinel.example/" in d["url"] for d in data)
    assert "site=prairiesentinel.example" in page.evaluate("location.hash")
    # a page status
    page.click("#clear-filters")
    page.select_option("#filter-status", "error")
    assert {r["status"] for r in visible_rows(page)} == {"error"}
    assert page.evaluate("location.hash") == "#status=error"
    assert watched.errors == []


def _wait_until(page: Any, expression: str, timeout: float = 10.0) -> None:
    """Poll ``expression`` from here: Playwright's wait_for_function evaluates strings inside the page, which the
    report's Content-Security-Policy (rightly) forbids."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)


def test_browser_site_link_filters(watched: Watched, report_file: Path) -> None:
    page = watched.open(report_file)
    page.click('#sites tr[data-host="graniteledger.example"] a')
    _wait_until(page, "document.querySelectorAll('#pages tbody tr.page-row').length < 10")
    assert {r["host"] for r in visible_rows(page)} == {"graniteledger.example"}
    assert page.input_value("#filter-site") == "graniteledger.example"
    page.click('#rule-chart [data-rule="affiliation"] a')
    _wait_until(page, "document.getElementById('filter-rule').value === 'affiliation'")
    assert all(r["cells"]["affiliation"] == "fail" for r in visible_rows(page))
    assert watched.errors == []


def test_browser_search_filters_by_url(watched: Watched, report_file: Path) -> None:
    page = watched.open(report_file)
    page.fill("#search", "offshore-wind")
    page.press("#search", "Enter")
    rows = visible_rows(page)
    data = expected(report_file)
    assert rows and {r["url"] for r in rows} == {d["url"] for d in data if "offshore-wind" in d["url"]}
    assert "q=offshore-wind" in page.evaluate("location.hash")
    page.fill("#search", "no page has this")
    page.press("#search", "Enter")
    assert visible_rows(page) == [] and count_text(page)[0] == 0
    assert page.is_visible("tr.no-match")


def test_browser_row_opens_on_messages_and_evidence(watched: Watched, report_file: Path) -> None:
    page = watched.open(report_file)
    data = {d["url"]: d for d in expected(report_file)}
    row = page.locator("#pages tbody tr.page-row[data-status=pass]").first
    url = row.get_attribute("data-url")
    row.locator("td.status").click()
    detail = page.locator("tr.page-detail")
    assert detail.count() == 1
    text = detail.text_content()
    for rule in data[url]["rules"]:
        assert rule["message"] in text
        if rule["evidence"] and rule["evidence"]["snippet"]:
            assert rule["evidence"]["snippet"] in text
    assert detail.locator(f'a.page-link[href="{url}"]').count() == 1
    assert detail.locator("a.original-link").get_attribute("href") == data[url]["original"]
    assert detail.locator("a.original-link").get_attribute("rel") == "noopener noreferrer"
    assert row.locator(".toggle").get_attribute("aria-expanded") == "true"
    # keyboard: the toggle is a button
    row.locator(".toggle").focus()
    page.keyboard.press("Enter")
    assert page.locator("tr.page-detail").count() == 0


def test_browser_does_not_run_page_script(watched: Watched, report_file: Path) -> None:
    page = watched.open(report_file)
    page.fill("#search", "evil.example")
    page.press("#search", "Enter")
    row = page.locator("#pages tbody tr.page-row").first
    assert row.locator(".page-title").text_content() == EVIL_TITLE
    row.locator(".toggle").click()
    detail = page.locator("tr.page-detail").text_content()
    assert EVIL_SNIPPET.replace("\u2028", "") in detail.replace("\u2028", "")
    assert page.locator("tr.page-detail a.original-link").count() == 0  # javascript: is no link
    assert "javascript:window.__pwned=4" in detail
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 2
    assert (
        page.evaluate(
            "[...document.querySelectorAll('a')].filter(a => !/^(https?:|#)/.test(a.getAttribute('href') || '')).length"
        )
        == 0
    )
    assert watched.errors == []


def test_browser_loads_nothing_and_logs_no_error(watched: Watched, report_file: Path) -> None:
    page = watched.open(report_file)
    page.select_option("#filter-rule", "logo")
    page.locator("#pages tbody tr.page-row .toggle").first.click()
    page.wait_for_timeout(200)
    assert watched.errors == []
    assert watched.failed == []
    assert set(watched.requests) == {report_file.as_uri()}
    # every link out opens apart from the report, without a referrer
    rels = page.eval_on_selector_all("#pages a[target=_blank]", "links => links.map(a => a.rel)")
    assert rels and set(rels) == {"noopener noreferrer"}


def test_browser_fits_a_phone(browser: Any, report_file: Path, tmp_path: Path) -> None:
    phone = Watched(browser, width=390, height=844)
    try:
        page = phone.open(report_file)
        page.locator("#pages tbody tr.page-row .toggle").first.click()
        sizes = page.evaluate(
            "({doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, "
            "view: window.innerWidth, table: document.querySelector('#pages .scroll').scrollWidth})"
        )
        assert sizes["doc"] <= sizes["view"] and sizes["body"] <= sizes["view"], sizes
        assert sizes["table"] > sizes["view"]  # the page table scrolls in its own box
        assert float(page.evaluate("getComputedStyle(document.querySelector('.stat .num')).fontSize")[:-2]) >= 16
        shot = page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
        assert shot[:8] == b"\x89PNG\r\n\x1a\n"
        assert phone.errors == []
    finally:
        phone.close()


def test_browser_screenshot(watched: Watched, report_file: Path, tmp_path: Path) -> None:
    page = watched.open(report_file)
    path = tmp_path / "report.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert watched.errors == []


@pytest.mark.slow
def test_browser_large_report_opens_and_filters_quickly(browser: Any, tmp_path: Path) -> None:
    rows = [row_from_dict(d) for d in synthetic(20_000)]
    path = tmp_path / "large.html"
    path.write_text(render_report(rows, pack="dcnf", generated=WHEN), encoding="utf-8")
    big = Watched(browser)
    try:
        started = time.perf_counter()
        page = big.open(path)
        opened = time.perf_counter() - started
        assert count_text(page) == (20_000, 20_000)
        assert page.locator("#pages tbody tr.page-row").count() == 200  # the first 200 only
        page.click("#show-more")
        assert page.locator("#pages tbody tr.page-row").count() == 400
        took = page.evaluate("""() => { const t = performance.now();
            const rule = document.getElementById('filter-rule'); rule.value = 'byline';
            rule.dispatchEvent(new Event('change'));
            const s = document.getElementById('filter-status'); s.value = 'fail';
            s.dispatchEvent(new Event('change'));
            return performance.now() - t; }""")
        byline_failed = sum(1 for i in range(20_000) if i % 23 == 0 and i % 97 != 0)
        assert count_text(page) == (byline_failed, 20_000)
        assert opened < 10, f"opened in {opened:.1f} s"
        assert took < 500, f"two filter changes took {took:.0f} ms"
        page.fill("#search", "story-number-1999-")
        page.press("#search", "Enter")
        assert count_text(page)[0] == 0 or all("story-number-1999-" in r["url"] for r in visible_rows(page))
        assert big.errors == []
    finally:
        big.close()


@pytest.mark.slow
@pytest.mark.browser
def test_screenshot_tool(tmp_path: Path) -> None:
    """The documentation's screenshot script (in its own process: Playwright's sync API does not nest in the
    module's browser), and the command-line tool behind it."""
    reason = unavailable()
    if reason:
        if os.environ.get("REPCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"REPCHECK_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    docs_shot, tool_shot = tmp_path / "docs.png", tmp_path / "tool.png"
    script = ROOT / "docs" / "gen" / "screenshot.py"
    subprocess.run([sys.executable, str(script), str(docs_shot)], check=True, cwd=tmp_path, timeout=120)
    tool = [sys.executable, str(ROOT / "tests" / "browser.py"), "screenshot", str(SAMPLE), str(tool_shot)]
    subprocess.run([*tool, "--max-height", "1200"], check=True, cwd=tmp_path, timeout=120)
    for out, tallest in ((docs_shot, 1400), (tool_shot, 1200)):
        data = out.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width == 1280 and 600 <= height <= tallest


def test_committed_screenshot_is_small() -> None:
    png = ROOT / "docs" / "assets" / "report.png"
    assert png.is_file(), "make it: python docs/gen/screenshot.py"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size < 300_000
    assert "(../assets/report.png)" in (ROOT / "docs" / "licensors" / "reports.md").read_text(encoding="utf-8")


def test_no_chromium_skips_with_the_reason(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REPCHECK_CHROMIUM", str(tmp_path / "nothing-here"))
    assert "not an executable file" in unavailable()
    monkeypatch.delenv("REPCHECK_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    if not os.access("/usr/bin/chromium", os.X_OK) and not shutil.which("chromium"):
        assert "no Chromium" in unavailable()
