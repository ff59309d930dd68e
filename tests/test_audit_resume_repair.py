"""`repcheck audit --resume` on a damaged output file: a corrupt line is dropped and its page checked again, a CSV
page cut short is checked again, and a file written in another format is refused, untouched."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from audit_helpers import fixture_page
from click.testing import CliRunner, Result
from server import LoopbackServer

from checker.cli import main


def _audit(out: Path, urls: list[str], *args: str) -> Result:
    return CliRunner().invoke(
        main, ["audit", "-", "-o", str(out), "--processes", "0", *args], input="\n".join(urls) + "\n"
    )


def _pages(server: LoopbackServer, count: int) -> list[str]:
    return [server.add(f"/p{i}", fixture_page()) for i in range(count)]


def test_resume_drops_a_corrupt_middle_line_and_checks_its_page_again(server: LoopbackServer, tmp_path: Path) -> None:
    urls = _pages(server, 6)
    out = tmp_path / "out.jsonl"
    assert _audit(out, urls).exit_code == 0
    lines = out.read_text().splitlines(keepends=True)
    damaged = json.loads(lines[2])["target"]
    lines[2] = lines[2][:60] + "\n"  # a line cut in the middle of the file
    out.write_text("".join(lines))
    resumed = _audit(out, urls, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "line 3 is not a complete report" in resumed.stderr
    assert f"{damaged} is checked again" in resumed.stderr
    targets = [json.loads(line)["target"] for line in out.read_text().splitlines()]  # every line whole
    assert sorted(targets) == sorted(urls)  # one report per page
    fetched = Counter(path for path in server.paths_seen() if path.startswith("/p"))
    assert fetched == {"/" + url.rsplit("/", 1)[1]: 2 if url == damaged else 1 for url in urls}  # that page again


@pytest.mark.parametrize(
    ("written", "resumed"),
    [("csv", "jsonl"), ("jsonl", "csv"), ("junit", "jsonl"), ("html", "csv"), ("json", "jsonl")],
)
def test_resume_refuses_a_file_of_another_format(
    written: str, resumed: str, server: LoopbackServer, tmp_path: Path
) -> None:
    urls = _pages(server, 2)
    out = tmp_path / f"out.{written}"
    assert _audit(out, urls, "--format", written).exit_code == 0
    before = out.read_bytes()
    seen = len(server.paths_seen())
    result = _audit(out, urls, "--format", resumed, "--resume")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(out) in result.stderr and "Traceback" not in result.stderr
    assert out.read_bytes() == before
    assert len(server.paths_seen()) == seen  # nothing checked


def _rows_by_page(text: str) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        rows.setdefault(row["target"], []).append(row["rule"])
    return rows


@pytest.mark.parametrize("cut", ["between two rows", "inside a row"])
def test_resume_checks_again_a_csv_page_cut_inside_its_rows(cut: str, server: LoopbackServer, tmp_path: Path) -> None:
    urls = _pages(server, 4)
    out = tmp_path / "out.csv"
    assert _audit(out, urls, "--format", "csv", "--jobs", "1").exit_code == 0
    whole = _rows_by_page(out.read_text())
    rules = whole[urls[0]]
    assert len(rules) >= 3 and all(rows == rules for rows in whole.values())
    lines = out.read_text().splitlines(keepends=True)
    last = next(i for i, line in enumerate(lines) if line.startswith(urls[3]))  # the first row of the last page
    kept = lines[: last + 2]  # two of its rows
    if cut == "inside a row":
        kept[-1] = kept[-1][:30]
    out.write_text("".join(kept))
    resumed = _audit(out, urls, "--format", "csv", "--resume")
    assert resumed.exit_code == 0, resumed.output
    rows = _rows_by_page(out.read_text())
    assert rows == {url: rules for url in urls}  # every page's rows, whole, once
    assert Counter(server.paths_seen())["/p3"] == 2 and Counter(server.paths_seen())["/p0"] == 1
