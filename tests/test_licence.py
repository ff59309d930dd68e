"""The ``licence`` check: a Creative Commons licence named and linked in the article (the L of TASL)."""

from __future__ import annotations

from typing import Any

import pytest

from checker.checks import Context, Reporter
from checker.checks.licence import licence_of, run
from checker.pack import Rule, load_pack
from checker.page import Page
from checker.report import Severity, Status

URL = "https://partner.example/2026/story/"
STORY = (
    "<p>The county approved the new water plan on Monday after months of hearings, officials said, and the "
    "first projects will begin next spring.</p>"
    "<p>Residents who spoke at the meeting asked for more detail on costs, which the county says it will "
    "publish in the coming weeks along with a timeline.</p>"
)


def page(notice: str = "", footer: str = "") -> Page:
    return Page.parse(
        f"<html><head><title>Water plan approved</title></head><body><header><nav><a href='/'>Home"
        f"</a></nav></header><article><h1>Water plan approved</h1>{STORY}{notice}</article>"
        f"<footer class='site-footer'>{footer}</footer></body></html>",
        URL,
    )


def check(the_page: Page, **params: Any):
    rule = Rule("licence", "licence", Severity.ERROR, "Licence", "", None, params)
    return run(the_page, rule, Context(load_pack("cc-by-nd"), Reporter(None, "none")))


BY_ND = (
    '<p>This article is republished under a <a href="https://creativecommons.org/licenses/by-nd/4.0/">'
    "Creative Commons license</a>.</p>"
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://creativecommons.org/licenses/by-nd/4.0/", ("by-nd", "4.0")),
        ("http://creativecommons.org/licenses/by/4.0/legalcode", ("by", "4.0")),
        ("https://creativecommons.org/licenses/by-nc-nd/3.0/us/", ("by-nc-nd", "3.0")),
        ("https://creativecommons.org/about/", None),
        ("https://example.org/licenses/by/4.0/", None),
        ("http://[bad", None),
    ],
)
def test_licence_of(url: str, expected: tuple[str, str] | None) -> None:
    assert licence_of(url) == expected


def test_named_and_linked_passes_with_the_licence() -> None:
    verdict = check(page(BY_ND), licences=["by-nd"])
    assert verdict.status is Status.PASS and "CC BY-ND 4.0" in verdict.message
    assert verdict.evidence.where and "Creative Commons" in verdict.evidence.snippet


def test_another_licence_fails_naming_it() -> None:
    by_sa = BY_ND.replace("by-nd", "by-sa")
    verdict = check(page(by_sa), licences=["by-nd"])
    assert verdict.status is Status.FAIL and "CC BY-SA 4.0" in verdict.message


def test_named_without_a_link() -> None:
    plain = "<p>This article is republished under a Creative Commons license.</p>"
    assert check(page(plain)).status is Status.FAIL
    assert "does not link" in check(page(plain)).message
    assert check(page(plain), require_link=False).status is Status.PASS


def test_only_in_the_site_footer_or_missing() -> None:
    verdict = check(page(footer=BY_ND))
    assert verdict.status is Status.FAIL and "not in the article" in verdict.message
    assert check(page()).status is Status.FAIL
    assert check(page()).evidence.looked_for


def test_the_cc_packs_use_it() -> None:
    for name, code in (("cc-by", "by"), ("cc-by-nd", "by-nd")):
        rule = load_pack(name).rule("license")
        assert rule.check == "licence" and rule.params["licences"] == [code]
