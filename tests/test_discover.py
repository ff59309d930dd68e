"""`repcheck discover`: republications of synthetic originals planted in web-crawl archives among pages that copy
nothing, found, checked and written; broken records and cut-short files counted, never fatal."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from discover_archives import build, haystack, originals, write_originals
from server import LoopbackServer

from checker.audit.sources import read_list
from checker.cli import main
from checker.discover.archive import ScanOptions, scan_archive
from checker.discover.example import copy_page, planted_pages, write_archive
from checker.discover.index import Original, OriginalsIndex

pytestmark = pytest.mark.slow  # each test writes and searches archives of a few hundred pages


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Original], dict[str, str]]:
    """Two archives of the haystack with every variant of 4 originals planted; what was planted, by URL: variant."""
    folder = tmp_path_factory.mktemp("crawl")
    found = originals()
    planted = build(folder, found)
    write_originals(folder / "originals.jsonl", found)
    return folder, found, {p.url: p.variant for p in planted}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["discover", *args], catch_exceptions=False)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_planted_copy_is_found_and_nothing_else(crawl, tmp_path):
    folder, found, planted = crawl
    out = tmp_path / "found.jsonl"
    archives = sorted(map(str, folder.glob("*.warc.gz")))
    result = run(*archives, "--originals", str(folder / "originals.jsonl"), "-o", str(out))
    copies = lines(out)
    assert {c["url"] for c in copies} == set(planted), result.output
    by_url = {c["url"]: c for c in copies}
    originals_by_url = {p[0]: p[3] for p in planted_pages(found)}
    for url, variant in planted.items():
        copy = by_url[url]
        assert copy["original"] == originals_by_url[url]
        assert copy["share"] >= 0.5 and (copy["share"] == 1.0) == (variant != "cut"), (variant, copy["share"])
        assert copy["uncredited"] == (variant == "uncredited")
        assert copy["crawl_date"] == "2026-11-02T08:15:00Z"
        assert copy["archive"].endswith(".warc.gz") and isinstance(copy["offset"], int)
        assert copy["report"]["url"] == url
        assert copy["report"]["reporter_source"] == "original"
    # the pack's verdicts, the original known: credited copies pass, uncredited ones fail the byline and logo
    assert {by_url[u]["report"]["status"] for u, v in planted.items() if v != "uncredited"} == {"pass"}
    for url in (u for u, v in planted.items() if v == "uncredited"):
        rules = {r["id"]: r["status"] for r in by_url[url]["report"]["rules"]}
        assert rules["byline"] == "fail" and rules["logo"] == "fail"
    # the other encoding was read as such, accents and all
    assert {by_url[u]["report"]["encoding"] for u, v in planted.items() if v == "encoding"} == {"windows-1252"}
    assert result.exit_code == 1  # uncredited copies fail the pack
    assert "copies found" in result.output


def test_the_record_offset_points_at_the_copy(crawl, tmp_path):
    folder, found, _ = crawl
    archive = str(sorted(folder.glob("*.warc.gz"))[0])
    result = scan_archive(archive, OriginalsIndex.of(found), ScanOptions())
    from warcio.archiveiterator import ArchiveIterator

    with open(archive, "rb") as handle:
        for copy in result.found:
            handle.seek(copy["offset"])
            record = next(iter(ArchiveIterator(handle)))
            assert record.rec_headers.get_header("WARC-Target-URI") == copy["url"]


def test_a_copy_keeping_less_than_min_share_is_not_one(tmp_path):
    original = originals(1)[0]
    keep = round(len(original.paragraphs) * 0.35)
    part = Original(original.url, original.headline, original.paragraphs[:keep], original.reporter)
    body, kind = copy_page(part, "verbatim", site="partial.example")
    write_archive(tmp_path / "a.warc.gz", [("https://partial.example/x", body, kind)])
    index = OriginalsIndex.of([original])
    assert scan_archive(str(tmp_path / "a.warc.gz"), index, ScanOptions()).found == []
    found = scan_archive(str(tmp_path / "a.warc.gz"), index, ScanOptions(min_share=0.25)).found
    assert len(found) == 1 and 0.25 <= found[0]["share"] < 0.5


def _copies_and_haystack(count: int = 6) -> list[tuple[str, bytes, str]]:
    copies = [(url, body, kind) for url, body, kind, _, _ in planted_pages(originals(1))]
    return copies[:3] + haystack(real_pages=count) + copies[3:]


def test_a_broken_record_is_counted_and_skipped(tmp_path):
    archive = tmp_path / "broken.warc.gz"
    pages = _copies_and_haystack()
    write_archive(archive, pages)
    data = bytearray(archive.read_bytes())
    middle = len(data) // 2  # inside a haystack page's member, between the copies
    data[middle : middle + 64] = bytes(64)
    archive.write_bytes(bytes(data))
    result = scan_archive(str(archive), OriginalsIndex.of(originals(1)), ScanOptions())
    assert result.broken == 1 and not result.truncated
    assert len(result.found) == 6  # the copies before and after the broken record
    assert result.records == 2 * len(pages) - 1


def test_a_broken_record_in_an_uncompressed_archive(tmp_path):
    archive = tmp_path / "broken.warc"
    write_archive(archive, _copies_and_haystack())
    data = archive.read_bytes()
    third = data.index(b"WARC/1.", len(data) // 2)  # a record's header block in the middle, made unreadable
    archive.write_bytes(data[:third] + b"GARBAGE" + data[third + 7 :])
    result = scan_archive(str(archive), OriginalsIndex.of(originals(1)), ScanOptions())
    assert result.broken == 1 and not result.truncated
    assert len(result.found) == 6


@pytest.mark.parametrize("suffix", [".warc.gz", ".warc"])
def test_a_truncated_archive_keeps_what_was_found_before_the_cut(tmp_path, suffix):
    archive = tmp_path / f"cut{suffix}"
    write_archive(archive, _copies_and_haystack())
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) - 2000])  # inside the last copy
    out = tmp_path / "found.jsonl"
    originals_file = write_originals(tmp_path / "originals.jsonl", originals(1))
    result = run(str(archive), str(tmp_path / "missing.warc.gz"), "--originals", str(originals_file), "-o", str(out))
    assert len(lines(out)) == 5
    counts = {c["archive"]: c for c in lines(Path(str(out) + ".done"))}
    assert counts[str(archive)]["truncated"] is True
    assert "cannot open" in counts[str(tmp_path / "missing.warc.gz")]["error"]
    assert result.exit_code == 1  # the uncredited copy fails; the cut file is reported
    assert "1 file cut short" in result.output and "1 file unreadable" in result.output


def test_index_saved_and_reused_and_audit_csv_read_by_audit(crawl, tmp_path, server: LoopbackServer):
    folder, found, planted = crawl
    archive = str(sorted(folder.glob("*.warc.gz"))[0])
    index_file, audit_file = tmp_path / "originals.idx", tmp_path / "copies.csv"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    run(archive, "--originals", str(folder / "originals.jsonl"), "--index", str(index_file), "-o", str(first))
    assert len(OriginalsIndex.load(index_file)) == len(found)
    run(archive, "--index", str(index_file), "-o", str(second), "--emit-audit", str(audit_file))
    assert [c["url"] for c in lines(first)] == [c["url"] for c in lines(second)]
    rows = {t.url: t for t in read_list(str(audit_file))}
    assert set(rows) == {c["url"] for c in lines(second)}
    assert all(t.original and t.reporter for t in rows.values())
    # repcheck audit re-checks the live pages of that CSV: served here, at the archived URLs' paths
    with open(audit_file, newline="", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    by_url = {url: body for url, body, _, _, _ in planted_pages(found)}
    for row in table:
        row["url"] = server.add("/" + row["url"].split("/", 3)[3], by_url[row["url"]])
    live = tmp_path / "live.csv"
    with open(live, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["url", "original", "reporter"])
        writer.writeheader()
        writer.writerows(table)
    audited = tmp_path / "audit.jsonl"
    CliRunner().invoke(main, ["audit", str(live), "-o", str(audited), "--ignore-robots", "-q"])
    reports = lines(audited)
    assert len(reports) == len(table)
    assert {r["reporter"] for r in reports} == {row["reporter"] for row in table}


def test_resume_searches_only_the_archives_not_finished(crawl, tmp_path):
    folder, _, planted = crawl
    archives = sorted(map(str, folder.glob("*.warc.gz")))
    out = tmp_path / "found.jsonl"
    run(archives[0], "--originals", str(folder / "originals.jsonl"), "-o", str(out))
    first = lines(out)
    with open(out, "a", encoding="utf-8") as handle:  # a finding of a file the killed run never finished
        handle.write(json.dumps({**first[0], "archive": archives[1]}) + "\n")
    result = run(*archives, "--originals", str(folder / "originals.jsonl"), "-o", str(out), "--resume")
    copies = lines(out)
    assert sorted(c["url"] for c in copies) == sorted(planted)
    assert [c["archive"] for c in copies[: len(first)]] == [archives[0]] * len(first)
    assert len(lines(Path(str(out) + ".done"))) == 2
    assert f"{len(planted)} copies found" in result.output


def test_originals_from_a_folder_a_url_list_and_a_sitemap(tmp_path, server: LoopbackServer):
    found = originals(2)
    pages = {}
    for number, original in enumerate(found):
        body, _ = copy_page(original, "verbatim", site="licensor.example")
        canonical = f'<link rel="canonical" href="{original.url}">'
        pages[number] = body.replace(b"</title>", b"</title>" + canonical.encode())
        (tmp_path / f"o{number}.html").write_bytes(pages[number])
    urls = [server.add(f"/story/{n}", body) for n, body in pages.items()]
    (tmp_path / "urls.txt").write_text("\n".join(urls) + "\n")
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    sitemap = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    (tmp_path / "sitemap.xml").write_text(sitemap)
    folder = tmp_path / "saved"
    folder.mkdir()
    for n in pages:
        os.replace(tmp_path / f"o{n}.html", folder / f"o{n}.html")
    archive = tmp_path / "a.warc.gz"
    write_archive(archive, [(u, b, k) for u, b, k, _, v in planted_pages(found) if v in ("cut", "uncredited")])
    expected = {"folder": [o.url for o in found], "urls.txt": urls, "sitemap.xml": urls}
    for source, names in expected.items():
        out = tmp_path / f"{source}.jsonl"
        where = folder if source == "folder" else tmp_path / source
        run(str(archive), "--originals", str(where), "-o", str(out))
        copies = lines(out)
        assert sorted({c["original"] for c in copies}) == sorted(names), source
        assert len(copies) == 4
        assert {c["report"]["reporter"] for c in copies} == {o.reporter for o in found}  # from the bylines


def test_the_html_report_groups_discovered_copies_by_site(crawl, tmp_path):
    folder, _, planted = crawl
    out, page = tmp_path / "found.jsonl", tmp_path / "report.html"
    run(*sorted(map(str, folder.glob("*.warc.gz"))), "--originals", str(folder / "originals.jsonl"), "-o", str(out))
    result = CliRunner().invoke(main, ["report", str(out), "-o", str(page)])
    assert f"{len(planted)} pages" in result.output
    html = page.read_text(encoding="utf-8")
    for host in {url.split("/")[2] for url in planted}:
        assert host in html


def test_usage_errors_are_one_line(tmp_path):
    result = run(str(tmp_path / "a.warc.gz"), "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 2 and "--originals" in result.output
    (tmp_path / "bad.idx").write_text("not an index\n")
    result = run(str(tmp_path / "a.warc.gz"), "--index", str(tmp_path / "bad.idx"), "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 2 and "not an originals index" in result.output


def test_the_worked_example_of_the_readme(tmp_path, monkeypatch):
    """`python -m checker.discover.example demo`, then discover, as the README's "Finding republications" runs it."""
    from checker.discover.example import main as make_example

    monkeypatch.chdir(tmp_path)
    assert make_example(["demo"]) == 0
    result = run("demo/crawl.warc.gz", "--originals", "demo/originals.jsonl", "-o", "demo/found.jsonl")
    assert "18 copies found (3 uncredited, 3 failing)" in result.output
    assert result.exit_code == 1
    assert len(lines(tmp_path / "demo" / "found.jsonl")) == 18


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_keeps_the_files_finished_and_resume_goes_on(crawl, tmp_path, jobs):
    """Ctrl-C (SIGINT to the process group, as a terminal sends it) ends the run at once, workers and all."""
    import signal
    import subprocess
    import sys
    import time

    folder, _, planted = crawl
    archives = []
    for number in range(12):  # the same archive under 12 names: enough work to be interrupted in the middle
        archives.append(tmp_path / f"copy-{number}.warc.gz")
        archives[-1].symlink_to(sorted(folder.glob("*.warc.gz"))[0])
    out = tmp_path / "found.jsonl"
    command = [sys.executable, "-m", "checker", "discover", *map(str, archives), "-o", str(out), "--jobs", jobs]
    process = subprocess.Popen(
        [*command, "--originals", str(folder / "originals.jsonl")],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    done = Path(str(out) + ".done")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (done.exists() and done.read_text().count("\n") >= 1):
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "--resume goes on" in stderr
    finished = done.read_text().count("\n")
    assert 1 <= finished < 12
    per_file = lines(done)[0]["copies"]
    resumed = subprocess.run(
        [*command, "--originals", str(folder / "originals.jsonl"), "--resume"], capture_output=True, text=True
    )
    assert resumed.returncode == 1, resumed.stderr
    assert len(lines(out)) == 12 * per_file and done.read_text().count("\n") == 12
