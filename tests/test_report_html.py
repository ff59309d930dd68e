"""The HTML report (``checker.formats.html``): what it says, that page text cannot run in it, that it stays small,
and the commands that write it. In headless Chromium: ``test_report_browser.py``."""

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
from datetime import UTC, datetime
from pathlib import Path

import pytest
from report_samples import (
    EVIL_SNIPPET,
    EVIL_TITLE,
    ROOT,
    SAMPLE,
    WHEN,
    data_json,
    evil_line,
    formatted,
    lines,
    stat,
    summary_of,
    synthetic,
    to_report,
    write_lines,
)

from checker.formats.html import (
    INFO,
    PAGE_FAIL,
    WARNING,
    build_report,
    read_results,
    render_report,
    row_from_dict,
    script_json,
)
from checker.report import SCHEMA_VERSION

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
    failed = {k: summary.failures_by_rule.get(k, 0) + summary.warnings_by_rule.get(k, 0) for k in chart}
    assert {rule: int(count) for rule, count in chart.items()} == failed  # info findings are not failures
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
    assert kinds.count(INFO) == len(warned) and kinds.count(WARNING) == 0  # info is shown as info, not a warning
    strict, _ = read_results([SAMPLE], fail_on="info")
    kinds = [cell.kind for row in strict for cell in row.cells]
    assert kinds.count(WARNING) == kinds.count(INFO) == 0
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
