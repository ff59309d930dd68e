"""Every page in fixtures/ gets the verdicts its manifest entry expects, read from a file and over HTTP.

The manifest (fixtures/manifest.toml) is the single source of truth: a new fixture page is tested by adding
an entry there, with no change here.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from checker.engine import Checker

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MANIFEST: list[dict[str, Any]] = tomllib.loads((FIXTURES / "manifest.toml").read_text(encoding="utf-8"))["page"]
RULES = ("logo", "byline", "affiliation")


def _ids(entry: dict[str, Any]) -> str:
    return entry["file"].removesuffix(".html")


def test_manifest_lists_every_fixture_page_once() -> None:
    listed = [entry["file"] for entry in MANIFEST]
    on_disk = sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*.html"))
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed)


def test_manifest_covers_each_cms_and_each_rule_failing() -> None:
    assert {e["cms"] for e in MANIFEST} >= {"wordpress", "newspack", "drupal", "static", "amp"}
    for rule in RULES:
        assert any(e["expect"][rule] == "fail" for e in MANIFEST), rule
    assert any(all(e["expect"][r] == "pass" for r in RULES) for e in MANIFEST)


@pytest.mark.parametrize("entry", MANIFEST, ids=_ids)
def test_fixture_file_verdicts(entry: dict[str, Any]) -> None:
    report = Checker("dcnf", reporter=entry.get("reporter")).check_file(FIXTURES / entry["file"])
    got = {r.id: r.status.value for r in report.rules}
    expected = entry["expect"]
    messages = {r.id: r.message for r in report.rules}
    for rule in RULES:
        assert got[rule] == expected[rule], f"{rule}: {messages[rule]}"
    expected_status = "pass" if all(expected[r] == "pass" for r in RULES) else "fail"
    assert report.status.value == expected_status
    if "detected_reporter" in entry:
        assert report.reporter == entry["detected_reporter"]
        assert report.reporter_source == "detected"
    if "reporter" in entry:
        assert report.reporter == entry["reporter"]
        assert report.reporter_source == "given"


@pytest.mark.parametrize("entry", MANIFEST, ids=_ids)
def test_every_verdict_carries_evidence_or_a_reason(entry: dict[str, Any]) -> None:
    report = Checker("dcnf", reporter=entry.get("reporter")).check_file(FIXTURES / entry["file"])
    for rule in report.rules:
        assert rule.message
        assert rule.evidence is not None, rule.id
        if rule.status.value == "pass":
            assert rule.evidence.where and rule.evidence.snippet, rule.id
        else:
            assert rule.evidence.looked_for, rule.id


def test_fixtures_over_http_match_the_files(server: Any) -> None:
    """The same pages served over loopback HTTP give the same verdicts, with the final URL recorded."""
    for entry in MANIFEST:
        server.add("/" + entry["file"], (FIXTURES / entry["file"]).read_bytes(), content_type="text/html")
    for entry in MANIFEST:
        checker = Checker("dcnf", reporter=entry.get("reporter"))
        url = server.url("/" + entry["file"])
        report = checker.check_url(url)
        assert report.url == url and report.http_status == 200
        assert {r.id: r.status.value for r in report.rules if r.id in RULES} == entry["expect"], entry["file"]
