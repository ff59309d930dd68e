"""The ``link`` check, and the page model's links it reads."""

from __future__ import annotations

from ledger import CREDIT, CREDIT_PLAIN, ORIGINAL, PAGE_URL, check, html

from checker.page import Page
from checker.report import Status

# Page.links and Page.resources


def test_links_are_the_visible_links_of_the_article_resolved_against_the_page_url() -> None:
    page = Page.parse(
        html(
            top=CREDIT,
            end='<p>More at <a href="/related/">our archive</a>.</p>'
            '<p class="sr-only"><a href="https://hidden.example/">hidden link</a></p>'
            '<p style="display:none">Also <a href="https://none.example/">this</a></p>'
            '<div class="share-buttons"><a href="https://share.example/">Share</a></div>'
            '<p><a href="https://theconversation.com/us"><img src="/tc-logo.png" alt="The Conversation logo" '
            'width="160" height="40"></a></p>'
            '<p><a href="#">   </a><a>no href</a></p>',
            sidebar='<a href="https://theconversation.com/sidebar">sidebar</a>',
        ),
        PAGE_URL,
    )
    hrefs = [link.href for link in page.links]
    assert hrefs == [
        "https://theconversation.com",
        ORIGINAL,
        "https://ledger.example/related/",
        "https://theconversation.com/us",
    ]  # an empty link shows nothing: not a link a reader sees
    first = page.links[0]
    assert first.text == "The Conversation" and "republished from" in first.block.text
    assert page.links[3].text == "The Conversation logo"  # an image link: its image's label
    assert page.links is page.links  # cached


def test_link_to_the_licensor_or_the_original() -> None:
    verdict = check(html(end=CREDIT), "link", {})
    assert verdict.status is Status.PASS and "theconversation.com" in verdict.message
    assert (
        verdict.evidence.where.endswith("a:nth-of-type(1)")
        and "→ https://theconversation.com" in verdict.evidence.snippet
    )
    original_only = f'<p>Read the <a href="{ORIGINAL}?utm_medium=rss#x">original</a>.</p>'
    verdict = check(html(end=original_only), "link", {"to": "original"}, original=ORIGINAL)
    assert verdict.status is Status.PASS and "the original article" in verdict.message


def test_link_only_in_chrome_or_hidden_fails_naming_where() -> None:
    verdict = check(html(top=CREDIT_PLAIN, sidebar='<a href="https://theconversation.com/x">TC</a>'), "link", {})
    assert verdict.status is Status.FAIL and "there is one in" in verdict.message
    assert any("theconversation.com/x" in a for a in verdict.evidence.also)
    hidden = check(html(top='<p hidden><a href="https://theconversation.com/">TC</a></p>'), "link", {})
    assert hidden.status is Status.FAIL
    assert "hidden (hidden attribute): https://theconversation.com/" in hidden.evidence.also


def test_link_to_original_without_one_is_skipped() -> None:
    verdict = check(html(end=CREDIT), "link", {"to": "original"})
    assert verdict.status is Status.SKIP and "--original URL" in verdict.message


def test_link_licensor_domains_param() -> None:
    page = html(end='<p>From <a href="https://news.partner.example/a">Partner</a>.</p>')
    assert check(page, "link", {"to": "licensor", "domains": ["partner.example"]}).status is Status.PASS
    assert check(page, "link", {"to": "licensor"}).status is Status.FAIL  # homepage: theconversation.com
