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
from pathlib import Path
from typing import Any, cast

import pytest
from audit_helpers import FIXTURES, MANIFEST, PASSING, ROOT, fixture_page, run_audit, serve_fixtures
from click.testing import CliRunner
from server import LoopbackServer

from checker.audit import AuditOptions, Auditor, AuditTarget
from checker.cli import main
from checker.engine import Checker
from checker.report import Evidence, Report, Status

# ---- what an audit reports ------------------------------------------------------------------------------------


def test_audit_of_every_fixture_from_a_csv_gives_the_manifest_verdicts(server: LoopbackServer, tmp_path: Path) -> None:
    rows = serve_fixtures(server)
    listing = tmp_path / "partners.csv"
    with listing.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["url", "reporter", "notes"])
        for row in rows:
            writer.writerow([row["url"], row.get("reporter", ""), "x, y"])
    code, reports, _ = run_audit([str(listing)], tmp_path)
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
    urls = [row["url"] for row in serve_fixtures(server)][:12]

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
    a = server.add("/news/a", fixture_page())
    b = server.add("/news/b", fixture_page())
    c = server.add("/opinion/c", fixture_page())
    listing = ["# partner list", a, a + "#comments", "", b, c, c.replace("http://", "HTTP://")]
    code, reports, err = run_audit(["--exclude", "*/opinion/*"], tmp_path, listing)
    assert sorted(r["target"] for r in reports) == sorted([a, b])
    assert server.paths_seen().count("/news/a") == 1
    assert "/opinion/c" not in server.paths_seen()
    assert "listed more than once" in err and "excluded" in err
    assert code == 0


def test_library_audit_pages_gives_one_report_per_url_as_the_command_does(
    server: LoopbackServer, tmp_path: Path
) -> None:
    from checker import audit_pages

    a = server.add("/news/a", fixture_page())
    b = server.add("/news/b", fixture_page("wordpress/affiliation-daily-caller.html"))
    c = server.add("/opinion/c", fixture_page())
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{a}\n{a}#comments\n{c}\n", encoding="utf-8")
    reports = audit_pages(
        [str(listing)], urls=[b], exclude=["*/opinion/*"], options=AuditOptions(processes=0), timeout=5
    )
    assert sorted(r.target for r in reports) == sorted([a, b])
    assert "/opinion/c" not in server.paths_seen()
    _, written, _ = run_audit(["--exclude", "*/opinion/*"], tmp_path, [a, b, c])
    assert {r.target: _verdicts(r) for r in reports} == {
        r["target"]: (r["status"], tuple((x["id"], x["status"], x["message"]) for x in r["rules"])) for r in written
    }


def test_urls_from_stdin_and_a_bad_pattern_is_a_usage_error(server: LoopbackServer, tmp_path: Path) -> None:
    a = server.add("/a", fixture_page())
    code, reports, _ = run_audit(["-"], tmp_path, stdin=a + "\n")
    assert code == 0 and [r["target"] for r in reports] == [a]
    result = CliRunner().invoke(main, ["audit", "-", "--include", "re:(unclosed"], input=a)
    assert result.exit_code == 2 and "re:(unclosed" in result.output


def test_missing_list_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["audit", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr and "Traceback" not in result.output


def test_sitemap_index_with_a_gzipped_child(server: LoopbackServer, tmp_path: Path) -> None:
    import gzip

    pages = [server.add(f"/story/{i}", fixture_page()) for i in range(3)]
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
    code, reports, err = run_audit(["--sitemap", index], tmp_path)
    assert sorted(r["target"] for r in reports) == sorted(pages)
    assert all(r["status"] == "pass" for r in reports)
    assert "missing.xml" in err  # the unreadable child is said...
    assert code == 3  # ...and a run that could not read all its sources is not a clean pass


def test_csv_output_has_a_row_per_page_and_rule(server: LoopbackServer, tmp_path: Path) -> None:
    good = server.add("/good", fixture_page())
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
    code, reports, err = run_audit(["fixtures/audit/partner-pages.csv"], tmp_path)
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
    code, reports, _ = run_audit([str(listing)], tmp_path, processes=processes)
    by_url = {r["target"]: r for r in reports}
    assert (by_url[first]["reporter"], by_url[first]["reporter_source"]) == ("Nick Pope", "original")
    assert by_url[first]["original"] == original and by_url[first]["status"] == "pass"
    byline = next(r for r in by_url[second]["rules"] if r["id"] == "byline")
    assert byline["status"] == "error" and "HTTP 404" in byline["message"]
    assert server.paths_seen().count("/dcnf/original") == 1
    assert code == 3
