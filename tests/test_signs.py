"""Signs of the licensor on a page, and ``--rules auto`` choosing each page's pack by them."""

from __future__ import annotations

from pathlib import Path

import pytest
from ledger import PAGE_URL

from checker.page import Page


def test_a_licensor_whose_name_never_shows_is_known_by_its_pixel() -> None:
    """INN's Republication Tracker names no licensor; its pixel is the sign (folder scans must not skip it)."""
    from checker.pack import load_pack
    from checker.signs import licensor_signs

    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    page = Page.parse((fixtures / "tracker/compliant.html").read_bytes(), PAGE_URL)
    assert licensor_signs(page, load_pack("republication-tracker")) == [
        "Republication Tracker Tool (INN)'s tracking pixel"
    ]
    assert licensor_signs(page, load_pack("dcnf")) == []
    conversation = Page.parse((fixtures / "conversation/compliant.html").read_bytes(), PAGE_URL)
    signs = licensor_signs(conversation, load_pack("the-conversation"))
    assert signs[0] == "The Conversation named in the article" and "The Conversation's tracking pixel" in signs


@pytest.mark.parametrize("processes", [0, 2])
def test_rules_auto_picks_each_pages_licensor_and_says_why(tmp_path: Path, processes: int) -> None:
    import json

    from click.testing import CliRunner

    from checker.cli import main

    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    pages = {
        "conversation/compliant.html": "the-conversation",
        "tracker/compliant.html": "republication-tracker",
        "wordpress/compliant-stacked-affiliation.html": "dcnf",
        "newspack/no-dcnf-story.html": "auto",
    }
    listing = tmp_path / "pages.txt"
    listing.write_text("\n".join(str(fixtures / page) for page in pages) + "\n")
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(
        main,
        [
            "audit",
            str(listing),
            "--rules",
            "auto",
            "-o",
            str(out),
            "-q",
            "--processes",
            str(processes),
            "--disable",
            "counter",
        ],
    )
    assert result.exit_code == 3, result.output  # the page with no licensor is "could not be checked"
    reports = {
        Path(r["target"]).relative_to(fixtures).as_posix(): r for r in map(json.loads, out.read_text().splitlines())
    }
    assert {page: r["ruleset"] for page, r in reports.items()} == pages
    conversation = reports["conversation/compliant.html"]
    assert conversation["ruleset_chosen"].startswith(
        "auto: the-conversation, from The Conversation named in the article"
    )
    assert "counter" not in [rule["id"] for rule in conversation["rules"]]  # --disable applies to the chosen pack
    assert reports["newspack/no-dcnf-story.html"]["error"].startswith("no licensor recognised")
