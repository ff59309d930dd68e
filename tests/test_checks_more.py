"""The credit, link, canonical and pixel checks, the page model's links and resources, and checker.urls.

Checks run on small inline pages (Page.parse on strings) with rules built by the pack loader, so that params are
validated as a pack's would be.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.checks import CHECKS, Context, Reporter
from checker.engine import Checker
from checker.pack import PackError, Rule, parse_pack
from checker.page import Page
from checker.report import Status, Verdict
from checker.urls import domain_of, normalise, on_domain, same_article

ORIGINAL = "https://theconversation.com/lake-effect-snow-is-getting-heavier-241587"
COUNTER = "https://counter.theconversation.com/content/241587/count.gif?distributor=republish-lightbox-basic"
PAGE_URL = "https://ledger.example/2025/01/14/lake-effect-snow/"
STORY = [
    f"Paragraph {n} of the story tells readers about lake-effect snow, the open water of the Great Lakes in "
    "midwinter, the cold air that slides over it from Canada and the towns that end up buried under the bands."
    for n in range(1, 9)
]
CREDIT = (
    '<p><em>This article is republished from <a href="https://theconversation.com">The Conversation</a> under a '
    f'Creative Commons license. Read the <a href="{ORIGINAL}">original article</a>.</em></p>'
)
CREDIT_PLAIN = "<p><em>This article is republished from The Conversation under a Creative Commons license.</em></p>"
PIXEL = f'<img src="{COUNTER.replace("&", "&amp;")}" alt="The Conversation" width="1" height="1">'
PATTERNS = [r"\brepublished from the conversation\b"]


def html(*, top: str = "", end: str = "", head: str = "", sidebar: str = "", footer: str = "", tail: str = "") -> str:
    story = "\n".join(f"<p>{p}</p>" for p in STORY)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Snow – Ledger</title>{head}</head>
<body class="single">
<header id="masthead" class="site-header"><nav class="main-navigation"><ul>
  <li><a href="/news/">News</a></li><li><a href="https://theconversation.com/us">Partner</a></li></ul></nav></header>
<main id="main"><article class="post hentry">
  <header class="entry-header"><h1 class="entry-title">Lake-effect snow is getting heavier</h1>
  <span class="byline">by Renata Solberg</span></header>
  <div class="entry-content">
    {top}
    {story}
    {end}
  </div>
</article></main>
<aside id="secondary" class="widget-area"><section class="widget">{sidebar}</section></aside>
<footer id="colophon" class="site-footer"><p>About the Ledger.</p>{footer}</footer>
{tail}
</body></html>"""


def pack(*rules: dict[str, Any], homepage: str | None = "https://theconversation.com") -> Any:
    head = {"id": "tc", "name": "The Conversation", "aliases": ["The Conversation"], "terms": "Credit us."}
    if homepage is not None:
        head["homepage"] = homepage
    raw = [{"title": r["id"], "description": r["id"], **r} for r in rules]
    return parse_pack({"pack": head, "rules": raw})


def check(
    page_html: str,
    check_name: str,
    params: dict[str, Any] | None = None,
    *,
    original: str | None = None,
    url: str | None = PAGE_URL,
    homepage: str | None = "https://theconversation.com",
) -> Verdict:
    the_pack = pack({"id": "rule", "check": check_name, "params": params or {}}, homepage=homepage)
    rule: Rule = the_pack.rules[0]
    page = Page.parse(page_html, url)
    verdict = CHECKS[check_name].run(page, rule, Context(the_pack, Reporter(None, "none"), original))
    assert_evidence(verdict)
    return verdict


def assert_evidence(verdict: Verdict) -> None:
    """The evidence contract: a pass says where and what; anything else says what was looked for."""
    assert verdict.message and verdict.evidence is not None
    if verdict.status is Status.PASS:
        assert verdict.evidence.where and verdict.evidence.snippet
    else:
        assert verdict.evidence.looked_for


# ---------------------------------------------------------------------------------------------------------------
# urls


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://theconversation.com/a-story-1", "https://theconversation.com/a-story-1"),
        ("http://theconversation.com/a-story-1", "https://theconversation.com/a-story-1"),
        ("HTTPS://WWW.TheConversation.com/a-story-1/", "https://theconversation.com/a-story-1"),
        ("https://theconversation.com:443/a-story-1#comments", "https://theconversation.com/a-story-1"),
        ("http://theconversation.com:80/a-story-1", "https://theconversation.com/a-story-1"),
        ("https://example.org:8080/a", "https://example.org:8080/a"),
        ("https://example.org/a?utm_source=x&utm_medium=email&b=2&a=1", "https://example.org/a?a=1&b=2"),
        (
            "https://example.org/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=5&cmpid=6&ocid=7&_ga=8",
            "https://example.org/a",
        ),
        ("https://example.org/a?UTM_Campaign=x&page=2", "https://example.org/a?page=2"),
        ("https://example.org/", "https://example.org"),
        ("https://example.org", "https://example.org"),
        ("//example.org/a/", "https://example.org/a"),
        ("  https://example.org/A/b/  ", "https://example.org/A/b"),  # paths keep their case
        ("mailto:news@example.org", "mailto:news@example.org"),
    ],
)
def test_normalise(url: str, expected: str) -> None:
    assert normalise(url) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.example.org/story/?utm_source=tw", "http://example.org/story", True),
        ("https://example.org/story#top", "https://example.org/story/", True),
        ("https://example.org/story?id=1&x=2", "https://example.org/story?x=2&id=1", True),
        ("https://example.org/story?id=1", "https://example.org/story?id=2", False),
        ("https://example.org/story", "https://example.org/story-2", False),
        ("https://a.example.org/story", "https://example.org/story", False),
        ("", "https://example.org/story", False),
        (None, None, False),
    ],
)
def test_same_article(a: str | None, b: str | None, same: bool) -> None:
    assert same_article(a, b) is same


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.TheConversation.com/us", "theconversation.com"),
        ("http://counter.theconversation.com:8080/x", "counter.theconversation.com"),
        ("theconversation.com", "theconversation.com"),
        ("www.example.org/a", "example.org"),
        ("", ""),
        (None, ""),
    ],
)
def test_domain_of(url: str | None, domain: str) -> None:
    assert domain_of(url) == domain


@pytest.mark.parametrize(
    ("url", "domains", "on"),
    [
        ("https://theconversation.com/us", ["theconversation.com"], True),
        ("https://www.theconversation.com/us", ["theconversation.com"], True),
        ("https://counter.theconversation.com/c.gif", ["theconversation.com"], True),
        ("https://theconversation.com/us", ["https://www.theconversation.com"], True),
        ("https://nottheconversation.com/us", ["theconversation.com"], False),
        ("https://theconversation.com.evil.example/us", ["theconversation.com"], False),
        ("https://example.org/", [], False),
        ("/relative/path", ["theconversation.com"], False),
    ],
)
def test_on_domain(url: str, domains: list[str], on: bool) -> None:
    assert on_domain(url, domains) is on


# ---------------------------------------------------------------------------------------------------------------
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


def test_resources_are_every_loaded_url_of_the_document() -> None:
    page = Page.parse(
        html(
            head='<script src="/js/app.js"></script><link rel="stylesheet" href="/style.css">',
            top='<img src="data:image/gif;base64,R0lGOD" data-src="/lazy.jpg" alt="">'
            '<img srcset="/a-400.jpg 400w, /a-800.jpg 800w" alt="">'
            '<amp-pixel src="https://px.example/amp?x=1"></amp-pixel>'
            '<iframe src="https://video.example/embed/1"></iframe>',
            end='<!-- <img src="https://commented.example/pixel.gif"> -->'
            '<noscript><img src="https://noscript.example/pixel.gif" width="1" height="1"></noscript>'
            '<template><img src="https://template.example/x.gif"></template>',
            footer='<div style="display:none"><img src="https://hidden.example/p.gif"></div>',
        ),
        PAGE_URL,
    )
    found = {(r.kind, r.url) for r in page.resources}
    assert ("script", "https://ledger.example/js/app.js") in found
    assert ("img", "https://ledger.example/lazy.jpg") in found
    assert ("img", "https://ledger.example/a-400.jpg") in found
    assert ("amp-pixel", "https://px.example/amp?x=1") in found
    assert ("iframe", "https://video.example/embed/1") in found
    assert ("img", "https://hidden.example/p.gif") in found  # hidden images still load
    urls = {url for _, url in found}
    assert "https://ledger.example/style.css" not in urls  # <link href> is not a resource here
    assert not any("commented.example" in u or "template.example" in u or u.startswith("data:") for u in urls)
    noscript = next(r for r in page.resources if "noscript.example" in r.url)
    assert noscript.in_noscript  # lxml parses <noscript> content: the pixel counts (it loads with scripts off)


# ---------------------------------------------------------------------------------------------------------------
# credit


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
    credit = f'<p>Republished from The Conversation: <a href="{ORIGINAL.replace("https://", "http://www.")}/?utm_source=tc">read it</a>.</p>'
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


# ---------------------------------------------------------------------------------------------------------------
# link


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


# ---------------------------------------------------------------------------------------------------------------
# canonical


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


# ---------------------------------------------------------------------------------------------------------------
# pixel

COUNTER_RE = [r"counter\.theconversation\.com/content/\d+/count\.gif"]


def test_pixel_anywhere_in_the_markup_passes_with_its_path_and_url() -> None:
    for where in ({"end": PIXEL}, {"footer": PIXEL}, {"top": '<div style="display:none">' + PIXEL + "</div>"}):
        verdict = check(html(**where), "pixel", {"patterns": COUNTER_RE})
        assert verdict.status is Status.PASS
        assert verdict.evidence.where.endswith("img") and COUNTER in verdict.evidence.snippet


def test_pixel_inside_an_html_comment_does_not_count() -> None:
    verdict = check(html(end="<!-- " + PIXEL + " -->"), "pixel", {"patterns": COUNTER_RE})
    assert verdict.status is Status.FAIL and "does not load" in verdict.message
    stripped = check(html(), "pixel", {"patterns": COUNTER_RE})
    assert stripped.status is Status.FAIL and stripped.message.endswith("is not in the page")


def test_pixel_inside_noscript_counts_and_says_so() -> None:
    verdict = check(html(end="<noscript>" + PIXEL + "</noscript>"), "pixel", {"patterns": COUNTER_RE})
    assert verdict.status is Status.PASS and "noscript" in verdict.message


def test_pixel_kinds_and_other_pixels() -> None:
    script = f'<script src="{COUNTER}"></script>'
    verdict = check(html(end=script), "pixel", {"patterns": COUNTER_RE, "kinds": ["img"]})
    assert verdict.status is Status.FAIL and "only by a <script>" in verdict.message
    other = check(
        html(end='<img src="https://pixel.propublica.org/pixel.gif" width="1" height="1">'),
        "pixel",
        {"patterns": COUNTER_RE},
    )
    assert other.status is Status.FAIL and any("propublica" in a for a in other.evidence.also)
    amp = check(
        html(end='<amp-pixel src="https://example.org/?republication-pixel=true&amp;post=3"></amp-pixel>'),
        "pixel",
        {"patterns": [r"[?&]republication-pixel=true\b"]},
    )
    assert amp.status is Status.PASS


# ---------------------------------------------------------------------------------------------------------------
# Odd pages never make a check raise


@pytest.mark.parametrize(
    "odd",
    [
        "<html><body><div></div></body></html>",
        "<html><body><p>Just one line.</p></body></html>",
        "<p>fragment <a href='javascript:void(0)'>x</a> <a href='http://[bad'>y</a></p>",
        (
            "<html><head><link rel='canonical' href='not a url'></head><body><img src='//x'>"
            "<p><a href='https://[::1/x'>Republished from The Conversation</a></p></body></html>"
        ),
    ],
)
@pytest.mark.parametrize(
    ("check_name", "params"),
    [
        ("credit", {"patterns": PATTERNS, "position": "top", "link_to": "original-or-licensor"}),
        ("credit", {"patterns": PATTERNS, "position": "end"}),
        ("link", {}),
        ("canonical", {"accept_licensor_domain": True, "syndication_source": True}),
        ("pixel", {"patterns": COUNTER_RE}),
    ],
)
def test_odd_pages(odd: str, check_name: str, params: dict[str, Any]) -> None:
    for url, original in ((None, None), (PAGE_URL, ORIGINAL)):
        verdict = check(odd, check_name, params, url=url, original=original)
        assert verdict.status in (Status.PASS, Status.FAIL, Status.SKIP)


# ---------------------------------------------------------------------------------------------------------------
# Packs: params validated at load; a skipped rule fails nothing


@pytest.mark.parametrize(
    ("rule", "wanted"),
    [
        (
            {"check": "credit", "params": {"patterns": ["republished (from"]}},
            'bad regular expression "republished (from"',
        ),
        ({"check": "pixel", "params": {"patterns": ["count\\.gif", "[unclosed"]}}, "bad regular expression"),
        (
            {"check": "credit", "params": {"patterns": PATTERNS, "position": 1}},
            'param "position" must be one of "anywhere", "top", "end"',
        ),
        (
            {"check": "credit", "params": {"patterns": PATTERNS, "position": "middle"}},
            'param "position" must be one of "anywhere", "top", "end" (got "middle")',
        ),
        (
            {"check": "credit", "params": {"patterns": PATTERNS, "link_to": "home"}},
            'param "link_to" must be one of "none", "original", "licensor", "original-or-licensor" (got "home")',
        ),
        ({"check": "link", "params": {"to": "sideways"}}, 'param "to" must be one of "original"'),
        ({"check": "credit", "params": {"patterns": PATTERNS, "within": "3"}}, 'param "within" must be an integer'),
        ({"check": "link", "params": {"to": "original", "where": "top"}}, 'unknown param "where" for check "link"'),
        ({"check": "canonical", "params": {"accept_licensor_domain": "yes"}}, "must be true or false"),
        ({"check": "pixel", "params": {"kinds": "img"}}, 'param "kinds" must be a list of strings'),
    ],
)
def test_pack_refuses_bad_params_of_the_new_checks(rule: dict[str, Any], wanted: str) -> None:
    with pytest.raises(PackError) as info:
        pack({"id": "bad", **rule})
    assert wanted in str(info.value) and 'rule "bad"' in str(info.value)


def test_a_bad_choice_is_refused_when_the_pack_loads_not_when_a_page_is_checked() -> None:
    with pytest.raises(PackError) as info:
        pack({"id": "credit", "check": "credit", "params": {"patterns": PATTERNS, "position": "middle"}})
    assert 'rule "credit": param "position" must be one of "anywhere", "top", "end" (got "middle")' in str(info.value)


def test_a_skipped_rule_neither_fails_nor_errors_the_page() -> None:
    the_pack = pack(
        {"id": "credit", "check": "credit", "params": {"patterns": PATTERNS}},
        {"id": "canonical", "check": "canonical"},
        {"id": "link-original", "check": "link", "params": {"to": "original"}},
        {"id": "counter", "check": "pixel", "params": {"patterns": COUNTER_RE}},
    )
    report = Checker(the_pack).check_html(html(top=CREDIT, end=PIXEL), PAGE_URL)
    got = {r.id: r.status for r in report.rules}
    assert got == {
        "credit": Status.PASS,
        "canonical": Status.SKIP,
        "link-original": Status.SKIP,
        "counter": Status.PASS,
    }
    assert report.status is Status.PASS
    with_original = Checker(the_pack, original=ORIGINAL).check_html(html(top=CREDIT, end=PIXEL), PAGE_URL)
    assert {r.id: r.status for r in with_original.rules}["link-original"] is Status.PASS


def test_shipped_packs_load() -> None:
    from checker.pack import load_pack

    conversation = load_pack("the-conversation")
    assert [r.id for r in conversation.rules] == ["credit", "credit-top", "counter", "link", "logo", "unaltered"]
    assert conversation.rule("credit-top").severity.value == "warning"
    assert conversation.rule("logo").severity.value == "info"
    tracker = load_pack("republication-tracker")
    assert {r.check for r in tracker.rules} == {"credit", "pixel", "canonical"}


def test_a_licensor_whose_name_never_shows_is_known_by_its_pixel() -> None:
    """INN's Republication Tracker names no licensor; its pixel is the sign (folder scans must not skip it)."""
    from checker.signs import licensor_signs
    from checker.pack import load_pack

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


def test_a_credit_line_under_the_byline_is_not_the_reporters_affiliation() -> None:
    """ "By Marisa Okafor" then "This story was originally published by CalMatters. Sign up for their newsletters."
    — the outlet is named, but as the story's credit, not with the reporter."""
    from checker.pack import load_pack

    page = (
        "<html><head><title>Water board votes</title></head><body><article><h1>Water board votes</h1>"
        '<p class="byline">By Marisa Okafor</p>'
        "<p>This story was originally published by CalMatters. Sign up for their newsletters.</p>"
        "<p>The state water board voted on Tuesday to tighten the rules for groundwater pumping in three "
        "valleys, after a year of hearings in which farmers and cities argued over the limits.</p>"
        "<p>The new limits take effect next spring, board members said, and will be reviewed every year.</p>"
        "</article></body></html>"
    )
    report = Checker(load_pack("calmatters"), reporter="Marisa Okafor").check_html(page, PAGE_URL)
    affiliation = next(rule for rule in report.rules if rule.id == "affiliation")
    assert affiliation.status is Status.FAIL, affiliation.message
    stacked = page.replace(
        "This story was originally published by CalMatters. Sign up for their newsletters.", "CalMatters"
    )
    report = Checker(load_pack("calmatters"), reporter="Marisa Okafor").check_html(stacked, PAGE_URL)
    assert next(rule for rule in report.rules if rule.id == "affiliation").status is Status.PASS
