"""The HTML report (``checker.formats.html``): what it says, that page text cannot run in it, that it stays small,
and, in headless Chromium (``browser.py``), that it shows and filters what the results say."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, unavailable

from checker.formats.html import (
    PAGE_FAIL,
    WARNING,
    HtmlFormatter,
    build_report,
    read_results,
    render_report,
    row_from_dict,
    script_json,
)
from checker.report import SCHEMA_VERSION, Evidence, Report, RuleResult, Severity, Status
from checker.summary import Summary

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "audit" / "sample-results.jsonl"
WHEN = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)

EVIL_TITLE = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
EVIL_SNIPPET = '<img src=x onerror="window.__pwned=2"></script><script>window.__pwned=1</script>\u2028<!--'


# ------------------------------------------------------------------------------------------------ helpers


def lines(path: Path = SAMPLE) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n") if line.strip()]  # not splitlines(): U+2028 in a string


def to_report(data: dict[str, Any]) -> Report:
    """A Report from a line of a results file (the inverse of Report.to_dict)."""
    rules = tuple(
        RuleResult(
            r["id"],
            Status(r["status"]),
            Severity(r["severity"]),
            r["title"],
            r["message"],
            Evidence(
                r["evidence"]["where"],
                r["evidence"]["snippet"],
                r["evidence"]["looked_for"],
                tuple(r["evidence"]["also"]),
            )
            if r["evidence"]
            else None,
            r["baselined"],
        )
        for r in data["rules"]
    )
    return Report(
        data["target"],
        data["url"],
        data["http_status"],
        Status(data["status"]),
        data["error"],
        data["ruleset"],
        data["reporter"],
        data["reporter_source"],
        rules,
        data["original"],
        data["title"],
        data["elapsed_ms"],
        data.get("checked_at"),
    )


def evil_line(base: dict[str, Any]) -> dict[str, Any]:
    """A page whose title, snippet, message, original and URL carry markup and script."""
    data = json.loads(json.dumps(base))
    data["url"] = data["target"] = "https://evil.example/2026/11/<script>window.__pwned=3</script>/?a=1&b=<b>"
    data["title"] = EVIL_TITLE
    data["original"] = "javascript:window.__pwned=4"
    data["status"] = "fail"
    data["rules"][0].update(
        status="fail",
        message="logo missing " + EVIL_TITLE,
        evidence={"where": "div > <script>", "snippet": EVIL_SNIPPET, "looked_for": "</script>", "also": [EVIL_TITLE]},
    )
    return data


def write_lines(path: Path, data: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in data), encoding="utf-8")
    return path


def data_json(document: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', document, re.DOTALL)
    assert match, "no data element"
    return json.loads(match.group(1))


def stat(document: str, key: str) -> int:
    match = re.search(rf'data-stat="{key}">([\d,]+)<', document)
    assert match, key
    return int(match.group(1).replace(",", ""))


def summary_of(reports: list[Report]) -> Summary:
    summary = Summary()
    for report in reports:
        summary.add(report)
    return summary


def formatted(reports: list[Report], **kwargs: Any) -> str:
    fmt = HtmlFormatter(generated=WHEN, **kwargs)
    assert fmt.start() == ""
    for report in reports:
        assert fmt.page(report) == ""
    return fmt.end(summary_of(reports))


HOSTS = [
    "graniteledger.example",
    "libertyhillreport.example",
    "prairiesentinel.example",
    "cumberlandcourier.example",
    "lakeshoredailywire.example",
    "harbordispatch.example",
    "tricountyrecord.example",
    "northforkdispatch.example",
]
REPORTERS = [
    "Nick Pope",
    "Owen Brightwater",
    "Hailey Sandoval",
    "Max Keating",
    "Will Kessler",
    "Ryan Pickrell",
    "John Hugh DeMastri",
    "Renee Castaneda",
    "Jason O'Hara",
    "Ava Lindqvist",
    "Jon Ekberg",
    "Mara Quist",
]
NOTICE = (
    "All content created by the Daily Caller News Foundation, an independent and nonpartisan newswire "
    "service, is available without charge to any legitimate news pub\u2026"
)


def synthetic(n: int) -> Iterator[dict[str, Any]]:
    """``n`` results lines like a real audit's: 8 partner sites, 4 rules, most pages passing, each page with its
    own URL, post id, dates and CSS paths."""
    for i in range(n):
        host = HOSTS[i % len(HOSTS)]
        reporter = REPORTERS[(i * 7) % len(REPORTERS)]
        post = 40000 + i * 13
        slug = f"story-number-{i}-about-the-{['grid', 'budget', 'schools', 'border', 'courts'][i % 5]}-and-more"
        day = f"November {1 + i % 28}, 2026"
        article = f"article#post-{post} > div.inside-article > div.entry-content:nth-of-type(2)"
        rules = []
        logo_fail = i % 9 == 0
        byline_fail = i % 23 == 0
        rules.append(
            {
                "id": "logo",
                "status": "fail" if logo_fail else "pass",
                "severity": "error",
                "title": "DCNF logo shown with the article",
                "message": "no Daily Caller News Foundation logo in the article"
                if logo_fail
                else 'logo shown in the article (text "Daily Caller News Foundation logo")',
                "evidence": {
                    "where": None,
                    "snippet": None,
                    "looked_for": "an image in the article whose "
                    "alt/title/aria-label or file name names 'Daily Caller News Foundation' or 'DCNF'",
                    "also": [],
                }
                if logo_fail
                else {
                    "where": f"{article} > figure.wp-block-image > img.wp-image-{20000 + i % 50}",
                    "snippet": f'<img "Daily Caller News Foundation logo" https://{host}/wp-content/uploads/'
                    f"2019/04/DCNF_logo_2017.png>",
                    "looked_for": None,
                    "also": [],
                },
                "baselined": False,
            }
        )
        rules.append(
            {
                "id": "byline",
                "status": "fail" if byline_fail else "pass",
                "severity": "error",
                "title": "Reporter's byline shown",
                "message": f'no byline names "{reporter}"'
                if byline_fail
                else f'byline names "{reporter}" (in the byline element)',
                "evidence": {
                    "where": f"article#post-{post} > header.entry-header > div.entry-meta",
                    "snippet": f"{day} by {reporter}",
                    "looked_for": None,
                    "also": [],
                },
                "baselined": False,
            }
        )
        rules.append(
            {
                "id": "affiliation",
                "status": "fail" if byline_fail or i % 17 == 0 else "pass",
                "severity": "error",
                "title": "Reporter's DCNF affiliation shown with the byline",
                "message": f'"Daily Caller News Foundation" attached to "{reporter}" (on a line stacked with '
                "the byline)",
                "evidence": {
                    "where": f"{article} > p:nth-of-type(1)",
                    "snippet": "Daily Caller News Foundation",
                    "looked_for": None,
                    "also": [],
                },
                "baselined": False,
            }
        )
        rules.append(
            {
                "id": "notice",
                "status": "fail" if i % 31 == 0 else "pass",
                "severity": "info",
                "title": "DCNF licensing notice kept",
                "message": "the DCNF licensing notice is shown in the article",
                "evidence": {
                    "where": f"{article} > p:nth-of-type({8 + i % 5})",
                    "snippet": NOTICE,
                    "looked_for": None,
                    "also": [],
                },
                "baselined": False,
            }
        )
        url = f"https://{host}/2026/{1 + i % 12:02d}/{slug}/"
        error = "timed out after 20 s" if i % 97 == 0 else None
        if error:
            rules = [dict(r, status="error", message=f"not checked: {error}", evidence=None) for r in rules]
        failed = any(r["status"] == "fail" and r["severity"] == "error" for r in rules)
        yield {
            "target": url,
            "url": url,
            "http_status": None if error else 200,
            "status": "error" if error else ("fail" if failed else "pass"),
            "error": error,
            "ruleset": "dcnf",
            "reporter": reporter,
            "reporter_source": "given",
            "original": f"https://dailycallernewsfoundation.org/2026/11/{(i * 31) % 900}/story/",
            "title": None if error else f"Story {i % 3000}: Grid Operator Warns Of Winter Shortfall",
            "elapsed_ms": 240,
            "checked_at": "2026-11-27T14:00:00Z",
            "rules": rules,
        }


# ------------------------------------------------------------------------------------------------ pure Python


def test_sample_fixture_is_realistic() -> None:
    data = lines()
    assert 15 <= len(data) <= 30
    hosts = {d["url"].split("/")[2] for d in data}
    assert 4 <= len(hosts) <= 6 and all(h.endswith(".example") for h in hosts)
    assert {d["status"] for d in data} == {"pass", "fail", "error"}


def test_formatter_is_silent_until_the_end_and_matches_the_summary() -> None:
    reports = [to_report(d) for d in lines()]
    summary = summary_of(reports)
    document = formatted(reports)
    assert document.startswith("<!DOCTYPE html>")
    assert stat(document, "pages") == summary.pages == len(reports)
    assert stat(document, "compliant") == summary.passed
    assert stat(document, "noncompliant") == summary.failed
    assert stat(document, "errored") == summary.errored
    chart = dict(re.findall(r'<g class="bar" data-rule="([^"]+)" data-count="(\d+)"', document))
    assert {rule: int(count) for rule, count in chart.items() if int(count)} == summary.failures_by_rule
    assert set(chart) == {"logo", "byline", "affiliation", "notice"}
    # the site table: the summary's hosts, worst first as Summary.worst_hosts ranks them
    hosts = re.findall(r'<tr data-host="([^"]+)"><th scope="row">', document)
    assert hosts == [host for host, _ in summary.worst_hosts(limit=1000)]
    # dates and pack
    assert "Pack <b>dcnf</b>" in document
    assert "2026-11-27" in document


def test_report_of_a_results_file_matches_the_formatter() -> None:
    reports = [to_report(d) for d in lines()]
    from_formatter = formatted(reports)
    from_file, meta = build_report([SAMPLE], generated=WHEN)
    for key in ("pages", "compliant", "noncompliant", "errored"):
        assert stat(from_file, key) == stat(from_formatter, key)
    assert data_json(from_file)["pages"] == data_json(from_formatter)["pages"]
    assert meta.unreadable == 0 and meta.trend is None and meta.pack == "dcnf" and meta.pages == len(reports)
    latest = max(d["checked_at"] for d in lines())
    assert meta.checked == datetime.fromisoformat(latest)
    assert f"{meta.checked:%Y-%m-%d %H:%M} UTC" in from_file


def test_page_text_is_escaped_everywhere() -> None:
    data = lines()
    evil = evil_line(data[1])
    reports = [to_report(d) for d in [*data, evil]]
    document = formatted(reports)
    # only our two script elements; nothing from a page opens or closes one, or a comment
    assert document.count("<script") == 2
    assert document.count("</script>") == 2
    assert "<img" not in document and "<!--" not in document
    assert "\u2028" not in document
    payload = re.search(r'<script type="application/json" id="data">(.*?)</script>', document, re.DOTALL).group(1)
    assert "<" not in payload and ">" not in payload and "&" not in payload
    decoded = data_json(document)
    assert EVIL_TITLE in decoded["strings"] and EVIL_SNIPPET in decoded["strings"]
    # server-rendered: the evil host only escaped, in the site table
    assert 'data-host="evil.example"' in document
    assert "javascript:" not in document.split('<script type="application/json"')[0]


def test_script_json_escapes() -> None:
    text = script_json({"a": "</script><!-- & \u2028\u2029 >"})
    assert re.fullmatch(r"[^<>&\u2028\u2029]+", text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 >"}


def test_csp_forbids_the_network_and_hashes_the_inline_code() -> None:
    document, _ = build_report([SAMPLE], generated=WHEN)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', document).group(1)
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "data:"
    assert "unsafe" not in csp
    script = re.search(r"<script>(.*?)</script>", document, re.DOTALL).group(1)
    style = re.search(r"<style>(.*?)</style>", document, re.DOTALL).group(1)

    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert directives["script-src"] == sha(script)
    assert directives["style-src"] == sha(style)
    # no markup the policy would block: no inline handlers, no style attributes, nothing loaded
    assert not re.search(r"\son[a-z]+=", document.split('<script type="application/json"')[0])
    assert " style=" not in document
    assert not re.search(r"(src|href)=\"(https?:)?//", document.split("<main>")[0])


def test_fail_on_decides_again_when_reading_results(tmp_path: Path) -> None:
    rows, _ = read_results([SAMPLE])
    warned = [r for r in lines() if any(x["status"] == "fail" and x["severity"] == "info" for x in r["rules"])]
    assert warned, "the sample has a failure below the threshold"
    kinds = [cell.kind for row in rows for cell in row.cells]
    assert kinds.count(WARNING) == len(warned)
    strict, _ = read_results([SAMPLE], fail_on="info")
    kinds = [cell.kind for row in strict for cell in row.cells]
    assert kinds.count(WARNING) == 0
    # with that threshold, a page with any failure is non-compliant
    failing = [d for d in lines() if not d["error"] and any(x["status"] == "fail" for x in d["rules"])]
    assert sum(r.status == PAGE_FAIL for r in strict) == len(failing)
    assert sum(r.status == PAGE_FAIL for r in rows) == sum(d["status"] == "fail" for d in lines())
    with pytest.raises(ValueError):
        read_results([SAMPLE], fail_on="sometimes")


def test_unreadable_lines_are_counted_and_said(tmp_path: Path) -> None:
    good = lines()[:3]
    path = tmp_path / "results.jsonl"
    text = "".join(json.dumps(d) + "\n" for d in good)
    text += "not json\n\n[1, 2]\n" + '{"target": 3, "status": "pass"}\n' + '{"target": "x", "rules": [{"id": "a"}]}\n'
    text += json.dumps(good[0])[:50] + "\n"  # cut short
    path.write_text(text, encoding="utf-8")
    rows, meta = read_results([path])
    assert len(rows) == 3
    assert meta.unreadable == 5
    document, _ = build_report([path], generated=WHEN)
    assert "5 lines of" in document and "could not be read" in document
    assert stat(document, "pages") == 3


def test_trend_from_files_of_different_dates(tmp_path: Path) -> None:
    data = lines()
    older = []
    for d in data:  # a month earlier every page of the worst site failed and one site had not been audited yet
        d = json.loads(json.dumps(d))
        d["checked_at"] = "2026-10-27T09:00:00Z"
        if "tricountyrecord" in d["url"]:
            continue
        if "libertyhillreport" in d["url"] and d["status"] == "pass":
            d["rules"][0]["status"] = d["status"] = "fail"
        older.append(d)
    first = write_lines(tmp_path / "october.jsonl", older)
    undated = [{k: v for k, v in d.items() if k != "checked_at"} for d in data]
    second = write_lines(tmp_path / "november.jsonl", undated)  # no checked_at: dated by its mtime
    os.utime(second, (datetime(2026, 11, 28, tzinfo=UTC).timestamp(),) * 2)
    rows, meta = read_results([second, first])
    assert len(rows) == len(data)  # the tables show the latest date
    assert [snap.label for snap in meta.trend] == ["2026-10-27", "2026-11-28"]
    assert meta.trend[0].hosts["libertyhillreport.example"] == (4, 0)
    assert meta.trend[1].hosts["libertyhillreport.example"] == (4, 1)
    assert "tricountyrecord.example" not in meta.trend[0].hosts
    document, _ = build_report([second, first], generated=WHEN)
    trend = document[document.index('<section id="trend"') : document.index("</section>", document.index('id="trend"'))]
    assert "2026-10-27" in trend and "2026-11-28" in trend
    row = re.search(r'<tr data-host="libertyhillreport.example">.*?</tr>', trend).group(0)
    assert "<svg" in row and "0%" in row and "25%" in row and "+25 pts" in row
    assert stat(document, "pages") == len(data)
    assert "dated by their modification time" in document


def test_a_file_without_pages_makes_no_snapshot(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("garbage\n", encoding="utf-8")  # dated by mtime (now): would be the latest date
    rows, meta = read_results([SAMPLE, empty])
    assert len(rows) == len(lines()) and meta.trend is None and meta.unreadable == 1


def test_same_day_files_are_one_snapshot(tmp_path: Path) -> None:
    data = lines()
    a = write_lines(tmp_path / "a.jsonl", data[:10])
    b = write_lines(tmp_path / "b.jsonl", data[8:])  # two pages in both: counted once
    rows, meta = read_results([a, b])
    assert len(rows) == len(data) and meta.trend is None


def test_links_are_made_only_of_web_urls() -> None:
    row = row_from_dict({"target": "javascript:alert(1)", "status": "pass", "rules": []})
    document = render_report([row], pack="dcnf", generated=WHEN)
    assert 'href="javascript' not in document
    assert "isWeb(url)" in document  # the script checks every URL it links


def test_empty_results(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    document, meta = build_report([path], generated=WHEN)
    assert stat(document, "pages") == 0 and "No pages." in document and meta.trend is None


@pytest.mark.slow
def test_twenty_thousand_pages_stay_small_and_fast() -> None:
    started = time.perf_counter()
    rows = [row_from_dict(d) for d in synthetic(20_000)]
    document = render_report(rows, pack="dcnf", generated=WHEN)
    elapsed = time.perf_counter() - started
    size = len(document.encode("utf-8"))
    assert size < 15_000_000, f"{size:,} bytes"
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert stat(document, "pages") == 20_000
    assert not data_json(document)["lean"]


@pytest.mark.slow
def test_twenty_thousand_pages_of_long_distinct_evidence_stay_under_15_mb() -> None:
    """Every snippet and CSS path different and 300 characters long: past a budget the evidence of passing rules
    goes, the rest stays."""

    def noisy(i: int, text: str | None) -> str | None:
        return f"{i:06d} {text} " + "x" * 300 if text else text

    rows = []
    for i, data in enumerate(synthetic(20_000)):
        for rule in data["rules"]:
            if rule["evidence"]:
                rule["evidence"]["snippet"] = noisy(i, rule["evidence"]["snippet"] or "snippet")
                rule["evidence"]["where"] = noisy(i, rule["evidence"]["where"])
        rows.append(row_from_dict(data))
    document = render_report(rows, pack="dcnf", generated=WHEN)
    assert len(document.encode("utf-8")) < 15_000_000
    payload = data_json(document)
    assert payload["lean"] and "evidence of rules that passed is left out" in document
    failing = [p for p in payload["pages"] if p[4] == PAGE_FAIL]
    assert all(len(cell) >= 2 for p in failing for cell in p[8])
    assert any(cell[0] & 7 == 1 and len(cell) > 2 for p in failing for cell in p[8])  # failures keep evidence


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
            any(r["id"] == rule and r["status"] == "fail" and not r["baselined"] for r in d["rules"]) for d in data
        )
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
    """The README's command (in its own process: Playwright's sync API does not nest in the module's browser)."""
    reason = unavailable()
    if reason:
        if os.environ.get("REPCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"REPCHECK_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    out = tmp_path / "shot.png"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "browser.py"),
            "screenshot",
            str(SAMPLE),
            str(out),
            "--max-height",
            "1200",
        ],
        check=True,
        cwd=tmp_path,
        timeout=120,
    )
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == 1280 and 600 <= height <= 1200


def test_committed_screenshot_is_small() -> None:
    png = ROOT / "fixtures" / "audit" / "report.png"
    assert png.is_file(), "make it: python tests/browser.py screenshot fixtures/audit/sample-results.jsonl " + str(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size < 400_000


def test_no_chromium_skips_with_the_reason(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REPCHECK_CHROMIUM", str(tmp_path / "nothing-here"))
    assert "not an executable file" in unavailable()
    monkeypatch.delenv("REPCHECK_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    if not os.access("/usr/bin/chromium", os.X_OK) and not shutil.which("chromium"):
        assert "no Chromium" in unavailable()


# ---- the commands -----------------------------------------------------------------------------------------------


def test_report_command_writes_the_report_of_a_results_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from checker.cli import main

    out = tmp_path / "site" / "report.html"
    result = CliRunner().invoke(main, ["report", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "26 pages written to" in result.stderr
    document = out.read_text(encoding="utf-8")
    assert document.startswith("<!DOCTYPE html>") or document.lower().startswith("<!doctype html>")
    assert re.search(r'data-stat="pages"[^>]*>\s*26\s*<', document)
    missing = CliRunner().invoke(main, ["report", str(tmp_path / "nope.jsonl"), "-o", str(out)])
    assert missing.exit_code == 2 and "results file not found" in missing.stderr


def test_check_and_audit_write_html_with_report_option(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from checker.cli import main

    pages = [
        str(ROOT / "fixtures/static/logo-missing.html"),
        str(ROOT / "fixtures/wordpress/compliant-both-logos.html"),
    ]
    result = CliRunner().invoke(main, ["check", *pages, "--report", f"html={tmp_path / 'check.html'}"])
    assert result.exit_code == 1
    document = (tmp_path / "check.html").read_text(encoding="utf-8")
    assert re.search(r'data-stat="pages"[^>]*>\s*2\s*<', document)
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(pages) + "\n")
    result = CliRunner().invoke(
        main,
        [
            "audit",
            str(listing),
            "-o",
            str(tmp_path / "r.jsonl"),
            "--processes",
            "0",
            "-q",
            "--report",
            f"html={tmp_path / 'audit.html'}",
        ],
    )
    assert result.exit_code == 1
    assert re.search(r'data-stat="noncompliant"[^>]*>\s*1\s*<', (tmp_path / "audit.html").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_report_command_works_from_a_built_wheel(tmp_path: Path) -> None:
    """The style sheet, script and template are package data: a wheel carries them, and ``repcheck report`` runs
    from an installed (not editable) copy of it."""
    import zipfile

    source = tmp_path / "src"
    for name in ("checker", "rules"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(wheels)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("repcheck-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for asset in ("report.css", "report.js", "report.html"):
        assert f"checker/formats/html/{asset}" in names
    out = tmp_path / "report.html"
    run = subprocess.run(
        [sys.executable, "-c", "import checker.formats.html.assets as a; print(a.__file__)"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
        check=True,
        capture_output=True,
        text=True,
    )
    assert run.stdout.strip() == str(tmp_path / "site" / "checker" / "formats" / "html" / "assets.py")
    subprocess.run(
        [sys.executable, "-m", "checker", "report", str(SAMPLE), "-o", str(out)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
        check=True,
        capture_output=True,
    )
    document = out.read_text(encoding="utf-8")
    expected, _ = build_report([SAMPLE], generated=WHEN)
    made = re.compile(r"on \d{4}-\d\d-\d\d \d\d:\d\d UTC\. This file")
    assert made.sub("", document) == made.sub("", expected)


def test_lines_of_a_newer_schema_are_passed_over_as_unreadable(tmp_path: Path) -> None:
    good = lines()[:2]
    newer = {**good[0], "target": "https://partner.example/newer", "schema_version": SCHEMA_VERSION + 1}
    path = tmp_path / "results.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in [*good, newer]), encoding="utf-8")
    rows, meta = read_results([path])
    assert [r.target for r in rows] == [d["target"] for d in good]
    assert meta.unreadable == 1
