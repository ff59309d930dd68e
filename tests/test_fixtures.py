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
from checker.pack import shipped_packs

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MANIFEST: list[dict[str, Any]] = tomllib.loads((FIXTURES / "manifest.toml").read_text(encoding="utf-8"))["page"]
RULES = ("logo", "byline", "affiliation")  # the DCNF rules every DCNF entry states
DCNF = [entry for entry in MANIFEST if entry.get("pack", "dcnf") == "dcnf"]
OWN_MANIFESTS = {"encodings"}  # folders whose pages have their own manifest and test (tests/test_encodings.py)


def _checker(entry: dict[str, Any]) -> Checker:
    """The checker an entry asks for: its pack (default dcnf), reporter and original article (a fixture path)."""
    original = str(FIXTURES / entry["original"]) if "original" in entry else None
    return Checker(entry.get("pack", "dcnf"), reporter=entry.get("reporter"), original=original)


def _ids(entry: dict[str, Any]) -> str:
    return entry["file"].removesuffix(".html")


def test_manifest_lists_every_fixture_page_once() -> None:
    listed = [entry["file"] for entry in MANIFEST]
    pages = (p.relative_to(FIXTURES) for p in FIXTURES.rglob("*.html"))
    on_disk = sorted(str(p) for p in pages if p.parts[0] not in OWN_MANIFESTS)
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed)


def test_manifest_covers_each_cms_and_each_rule_failing() -> None:
    assert {e["cms"] for e in MANIFEST} >= {"wordpress", "newspack", "drupal", "static", "amp"}
    for entry in DCNF:
        assert set(RULES) <= set(entry["expect"]), entry["file"]
    for rule in RULES:
        assert any(e["expect"][rule] == "fail" for e in DCNF), rule
    assert any(all(e["expect"][r] == "pass" for r in RULES) for e in DCNF)


@pytest.mark.parametrize("entry", MANIFEST, ids=_ids)
def test_fixture_file_verdicts(entry: dict[str, Any]) -> None:
    report = _checker(entry).check_file(FIXTURES / entry["file"])
    got = {r.id: r.status.value for r in report.rules}
    expected = entry["expect"]
    messages = {r.id: r.message for r in report.rules}
    for rule, status in expected.items():
        assert got.get(rule) == status, f"{rule}: {messages.get(rule, 'no such rule in the pack')}"
    expected_status = entry.get("status") or ("pass" if all(v != "fail" for v in expected.values()) else "fail")
    assert report.status.value == expected_status
    if "detected_reporter" in entry:
        assert report.reporter == entry["detected_reporter"]
        assert report.reporter_source == "detected"
    if "reporter" in entry:
        assert report.reporter == entry["reporter"]
        assert report.reporter_source == "given"


@pytest.mark.parametrize("entry", MANIFEST, ids=_ids)
def test_every_verdict_carries_evidence_or_a_reason(entry: dict[str, Any]) -> None:
    report = _checker(entry).check_file(FIXTURES / entry["file"])
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
        url = server.url("/" + entry["file"])
        report = _checker(entry).check_url(url)
        assert report.url == url and report.http_status == 200
        assert {r.id: r.status.value for r in report.rules if r.id in entry["expect"]} == entry["expect"], entry["file"]


@pytest.mark.parametrize("pack", sorted(shipped_packs()))
def test_every_shipped_pack_has_a_compliant_and_a_non_compliant_fixture(pack: str) -> None:
    entries = [entry for entry in MANIFEST if entry.get("pack", "dcnf") == pack]
    outcomes = {
        (entry.get("status") or ("pass" if all(v != "fail" for v in entry["expect"].values()) else "fail"))
        for entry in entries
    }
    assert {"pass", "fail"} <= outcomes, f"{pack}: {len(entries)} fixture pages, outcomes {sorted(outcomes)}"
