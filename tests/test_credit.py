"""The ``credit`` check: a visible credit line, at its place, linked if asked."""

from __future__ import annotations

from typing import Any

import pytest
from ledger import CREDIT, CREDIT_PLAIN, ORIGINAL, PATTERNS, STORY, check, html, pack

from checker.pack import PackError
from checker.report import Status


def test_credit_anywhere_passes_with_where_and_snippet() -> None:
    verdict = check(html(end=CREDIT), "credit", {"patterns": PATTERNS})
    assert verdict.status is Status.PASS
    assert "entry-content" in verdict.evidence.where and "republished from The Conversation" in verdict.evidence.snippet


def test_credit_by_phrase_ignores_case_and_typography() -> None:
    page = html(top="<p>THIS ARTICLE IS REPUBLISHED FROM THE\u00a0CONVERSATION.</p>")
    assert check(page, "credit", {"phrases": ["republished from The Conversation"]}).status is Status.PASS


@pytest.mark.parametrize(
    ("top", "end", "position", "status"),
    [
        (CREDIT, "", "top", Status.PASS),
        ("", CREDIT, "top", Status.FAIL),
        ("", CREDIT, "end", Status.PASS),
        (CREDIT, "", "end", Status.FAIL),
        ("", CREDIT, "anywhere", Status.PASS),
    ],
)
def test_credit_position(top: str, end: str, position: str, status: Status) -> None:
    verdict = check(html(top=top, end=end), "credit", {"patterns": PATTERNS, "position": position})
    assert verdict.status is status
    if status is Status.FAIL:
        assert "is shown, but not at the" in verdict.message and verdict.evidence.also


def test_credit_top_counts_the_first_blocks_of_the_story_body() -> None:
    after_two = html(top="<p>" + STORY[0] + "</p><p>" + STORY[1] + "</p>" + CREDIT)
    assert check(after_two, "credit", {"patterns": PATTERNS, "position": "top"}).status is Status.PASS
    assert check(after_two, "credit", {"patterns": PATTERNS, "position": "top", "within": 1}).status is Status.FAIL


def test_credit_link_to_licensor_or_original() -> None:
    params = {"patterns": PATTERNS, "link_to": "original-or-licensor"}
    verdict = check(html(top=CREDIT), "credit", params)
    assert verdict.status is Status.PASS and "linked to theconversation.com" in verdict.message
    unlinked = check(html(top=CREDIT_PLAIN), "credit", params)
    assert unlinked.status is Status.FAIL and "it has no link" in unlinked.message
    elsewhere = check(
        html(top='<p>Republished from The Conversation. <a href="https://other.example/">More</a></p>'),
        "credit",
        params,
    )
    assert elsewhere.status is Status.FAIL and "other.example" in elsewhere.message


def test_credit_link_to_original_compares_normalised_urls() -> None:
    href = f"{ORIGINAL.replace('https://', 'http://www.')}/?utm_source=tc"
    credit = f'<p>Republished from The Conversation: <a href="{href}">read it</a>.</p>'
    params = {"patterns": PATTERNS, "link_to": "original"}
    verdict = check(html(top=credit), "credit", params, original=ORIGINAL)
    assert verdict.status is Status.PASS and "the original article" in verdict.message
    other = check(html(top=credit), "credit", params, original="https://theconversation.com/another-story-1")
    assert other.status is Status.FAIL


def test_credit_needing_the_original_without_one_is_skipped_with_how_to() -> None:
    verdict = check(html(top=CREDIT), "credit", {"patterns": PATTERNS, "link_to": "original"})
    assert verdict.status is Status.SKIP
    assert "--original URL" in verdict.message and "`original` column" in verdict.message
    assert verdict.evidence.where  # the credit was found: say where
    from_file = check(
        html(top=CREDIT), "credit", {"patterns": PATTERNS, "link_to": "original"}, original="/tmp/original.html"
    )
    assert from_file.status is Status.SKIP and "given as a file" in from_file.message


def test_credit_licensor_domain_defaults_to_the_original_when_the_pack_has_no_homepage() -> None:
    params = {"patterns": PATTERNS, "link_to": "original-or-licensor"}
    assert check(html(top=CREDIT), "credit", params, homepage=None).status is Status.SKIP
    home_only = html(top='<p>Republished from The Conversation (<a href="https://theconversation.com/">home</a>)</p>')
    verdict = check(home_only, "credit", params, homepage=None, original=ORIGINAL)
    assert verdict.status is Status.PASS and "theconversation.com" in verdict.message


def test_credit_any_link_if_unknown() -> None:
    params = {"patterns": PATTERNS, "link_to": "original-or-licensor", "any_link_if_unknown": True}
    verdict = check(html(top=CREDIT), "credit", params, homepage=None)
    assert verdict.status is Status.PASS and "any other site counts" in verdict.message
    own_site = html(top='<p>Republished from The Conversation (<a href="/about/">about</a>)</p>')
    assert check(own_site, "credit", params, homepage=None).status is Status.FAIL


def test_credit_hidden_or_only_in_site_chrome_fails_saying_where() -> None:
    hidden = check(html(top='<div style="display:none">' + CREDIT + "</div>"), "credit", {"patterns": PATTERNS})
    assert hidden.status is Status.FAIL and "hidden" in hidden.message and "display:none" in hidden.message
    footer = check(html(footer=CREDIT), "credit", {"patterns": PATTERNS})
    assert footer.status is Status.FAIL and "footer" in footer.message and footer.evidence.also
    comment = check(html(top="<!-- " + CREDIT + " -->"), "credit", {"patterns": PATTERNS})
    assert comment.status is Status.FAIL and comment.message.endswith("is not shown in the article")
    script = check(
        html(tail='<script>var credit = "republished from The Conversation";</script>'),
        "credit",
        {"patterns": PATTERNS},
    )
    assert script.status is Status.FAIL


@pytest.mark.parametrize(
    ("params", "wanted"),
    [
        ({"patterns": PATTERNS, "within": 0}, '"within"'),
        ({}, "neither phrases nor patterns"),
    ],
)
def test_credit_bad_param_values_are_refused_naming_the_param(params: dict[str, Any], wanted: str) -> None:
    with pytest.raises(PackError) as info:  # when the pack loads, not when a page is checked
        pack({"id": "rule", "check": "credit", "params": params})
    assert wanted in str(info.value) and 'rule "rule"' in str(info.value)
