"""The ``canonical`` check: the canonical link (and syndication-source) points to the original."""

from __future__ import annotations

from ledger import ORIGINAL, PAGE_URL, check, html

from checker.report import Status


def canonical(href: str) -> str:
    return f'<link rel="canonical" href="{href}">'


def test_canonical_to_the_original() -> None:
    verdict = check(html(head=canonical(ORIGINAL + "/")), "canonical", {}, original=ORIGINAL)
    assert verdict.status is Status.PASS and verdict.evidence.snippet == ORIGINAL + "/"


def test_canonical_to_the_partners_own_page_fails_naming_it() -> None:
    verdict = check(html(head=canonical(PAGE_URL)), "canonical", {}, original=ORIGINAL)
    assert verdict.status is Status.FAIL and "this page itself" in verdict.message and PAGE_URL in verdict.message
    other = check(html(head=canonical("https://ledger.example/other/")), "canonical", {}, original=ORIGINAL)
    assert other.status is Status.FAIL and "republisher's own site" in other.message
    missing = check(html(), "canonical", {}, original=ORIGINAL)
    assert missing.status is Status.FAIL and "no <link" in missing.message


def test_canonical_without_original_is_skipped_unless_the_domain_is_accepted() -> None:
    page = html(head=canonical("https://theconversation.com/some-story-2"))
    assert check(page, "canonical", {}).status is Status.SKIP
    verdict = check(page, "canonical", {"accept_licensor_domain": True})
    assert verdict.status is Status.PASS and "theconversation.com" in verdict.message


def test_canonical_with_syndication_source() -> None:
    params = {"syndication_source": True}
    both = html(head=canonical(ORIGINAL) + f'<meta name="syndication-source" content="{ORIGINAL}">')
    assert check(both, "canonical", params, original=ORIGINAL).status is Status.PASS
    only_canonical = check(html(head=canonical(ORIGINAL)), "canonical", params, original=ORIGINAL)
    assert only_canonical.status is Status.FAIL and "syndication-source" in only_canonical.message
    wrong = html(head=canonical(ORIGINAL) + f'<meta name="syndication-source" content="{PAGE_URL}">')
    assert "this page itself" in check(wrong, "canonical", params, original=ORIGINAL).message
