"""``--render --screenshots DIR``: a picture of what each passing rule rests on, and of a failing page, named in the
JSON evidence (file and box) and shown in the HTML report. In the real browser, over the tests' loopback server."""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from server import LoopbackServer
from test_render import FIXTURES, browser  # noqa: F401 - the browser fixture, shared

from checker.cli import main
from checker.report import json_schema_text


def png_size(path: Path) -> tuple[int, int]:
    """A PNG file's width and height, read from its IHDR chunk (and proof that it is a PNG)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture
def site() -> Iterator[LoopbackServer]:
    srv = LoopbackServer().start()
    for name in ("js-byline.html", "css-logo-display-none.html"):
        srv.add(f"/{name}", (FIXTURES / "render" / name).read_bytes())
    try:
        yield srv
    finally:
        srv.stop()


def run(args: list[str], here: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[dict[str, Any]], str]:
    """Run ``repcheck`` in ``here`` (relative paths, as a user types them); its exit code, JSON Lines and HTML."""
    monkeypatch.chdir(here)
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    out, html = here / "out" / "results.jsonl", here / "out" / "report.html"
    reports = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return result.exit_code, reports, html.read_text(encoding="utf-8") if html.exists() else ""


def test_each_passing_rule_gets_a_crop_and_a_failing_page_a_whole_picture(
    browser: str,  # noqa: F811
    site: LoopbackServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    urls = [site.url("/js-byline.html"), site.url("/css-logo-display-none.html")]
    args = ["check", *urls, "--render", "--browser", browser, "--screenshots", "shots", "--reporter", "Nick Pope"]
    outputs = ["--format", "jsonl", "-o", "out/results.jsonl", "--report", "html=out/report.html"]
    code, reports, page = run([*args, *outputs], tmp_path, monkeypatch)
    assert code == 1  # the second page hides its logo
    validator = Draft202012Validator(json.loads(json_schema_text()))
    for report in reports:
        validator.validate(report)  # screenshot and box are declared, with their types
    passing, failing = reports
    for rule in passing["rules"]:
        assert rule["status"] == "pass"
        evidence = rule["evidence"]
        folder = r"shots/127\.0\.0\.1-\d+-js-byline\.html-[0-9a-f]{10}/"
        assert re.fullmatch(folder + re.escape(rule["id"]) + r"\.png", evidence["screenshot"])
        _, _, width, height = evidence["box"]
        shot_width, shot_height = png_size(tmp_path / evidence["screenshot"])
        assert width > 0 and height > 0  # the crop is the element's box, to the pixel the browser rounds it to
        assert abs(shot_width - width) <= 1 and abs(shot_height - height) <= 1
    byline = next(r for r in passing["rules"] if r["id"] == "byline")
    assert byline["evidence"]["box"][1] < 300  # the byline sits near the top of the story, where the page puts it
    logo = next(r for r in failing["rules"] if r["id"] == "logo")
    assert logo["status"] == "fail" and logo["evidence"]["screenshot"].endswith("/page.png")
    assert "box" not in logo["evidence"]
    assert png_size(tmp_path / logo["evidence"]["screenshot"])[0] == 1280  # the desktop viewport, whole
    # the HTML report, written in out/, finds the pictures from there, and its policy lets them load
    assert '"../shots/127.0.0.1-' in page and "img-src data: 'self' file:" in page
    # and so does the report made again from the results file, written elsewhere
    again = CliRunner().invoke(main, ["report", "out/results.jsonl", "-o", "reports/again.html"])
    assert again.exit_code == 0, again.output
    assert '"../shots/127.0.0.1-' in (tmp_path / "reports" / "again.html").read_text(encoding="utf-8")


def test_screenshots_need_render(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(page), "--screenshots", str(tmp_path / "shots")])
    assert result.exit_code == 2
    assert "--screenshots needs --render" in result.output + (result.stderr or "")
    assert not (tmp_path / "shots").exists()
