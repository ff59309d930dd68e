"""checker.page: the page model holds what a reader of the article sees, and where it is."""

from __future__ import annotations

import pytest
from pages import HEADLINE, PARAS, SIDEBAR_TEXT, article_page, shown, texts

from checker.bylines.markup import QUOTE, TOPIC
from checker.page import BYLINE, CAPTION, HEADING, Page, css_path, text_of

SECRET = "Zebra crossing memo"


# ---------------------------------------------------------------------------------------------------------------
# What no reader sees is not in the blocks (and the region remembers why, where the parser keeps the element).

HIDDEN_CASES = [
    # (id, markup, reason recorded in page.hidden; None when the parser drops it)
    ("html-comment", f"<!-- <p>{SECRET}</p> -->", None),
    ("script", f'<script>var note = "{SECRET}";</script>', "<script>"),
    ("style", f"<style>/* {SECRET} */ .x {{ color: red }}</style>", "<style>"),
    ("template", f"<template><p>{SECRET}</p></template>", "<template>"),
    ("noscript", f"<noscript><p>{SECRET}</p></noscript>", "<noscript>"),
    ("hidden-attribute", f"<p hidden>{SECRET}</p>", "hidden attribute"),
    ("display-none", f'<p style="display:none">{SECRET}</p>', 'style "display:none"'),
    (
        "display-none-spaced-important",
        f'<div style="display : none !important"><p>{SECRET}</p></div>',
        'style "display : none"',
    ),
    ("visibility-hidden", f'<p style="color: red; visibility: hidden">{SECRET}</p>', 'style "visibility: hidden"'),
    ("mixed-case-display-none", f'<p style="Display: None">{SECRET}</p>', 'style "Display: None"'),
    ("mixed-case-visibility-hidden", f'<p style="Visibility:Hidden">{SECRET}</p>', 'style "Visibility:Hidden"'),
    ("sr-only", f'<span class="sr-only">{SECRET}</span>', "class sr-only"),
    ("screen-reader-text", f'<span class="byline screen-reader-text">{SECRET}</span>', "class screen-reader-text"),
    ("visually-hidden", f'<div class="visually-hidden">{SECRET}</div>', "class visually-hidden"),
    # what a stylesheet or the browser found is marked on the element, with its reason
    (
        "marked-hidden",
        f'<div data-repcheck-hidden="hidden by the page\'s stylesheet"><p>{SECRET}</p></div>',
        "hidden by the page's stylesheet",
    ),
]


@pytest.mark.parametrize(("markup", "reason"), [c[1:] for c in HIDDEN_CASES], ids=[c[0] for c in HIDDEN_CASES])
def test_invisible_text_is_not_in_the_blocks(markup: str, reason: str | None) -> None:
    page = Page.parse(article_page(body=markup))
    assert not shown(page, SECRET)
    assert shown(page, PARAS[2])  # the story after it is still read
    reasons = [h.reason for h in page.hidden if SECRET in text_of(h.element)]
    assert reasons == ([reason] if reason else [])


VISIBLE_CASES = [
    ("text-decoration-none", f'<p style="text-decoration:none">{SECRET}</p>'),
    ("overflow-hidden", f'<p style="overflow:hidden">{SECRET}</p>'),
    ("visibility-visible", f'<p style="visibility: visible">{SECRET}</p>'),
    ("display-block", f'<p style="display:block">{SECRET}</p>'),
    ("hidden-print-class", f'<p class="hidden-print">{SECRET}</p>'),
    ("next-to-hidden-text", f'<p><span class="sr-only">Posted</span> {SECRET}</p>'),
]


@pytest.mark.parametrize("markup", [c[1] for c in VISIBLE_CASES], ids=[c[0] for c in VISIBLE_CASES])
def test_visible_text_is_in_the_blocks(markup: str) -> None:
    assert SECRET in texts(Page.parse(article_page(body=markup)))


# ---------------------------------------------------------------------------------------------------------------
# Site chrome is never the article, inside or outside the article element.

CHROME_CASES = [
    # (id, markup inside the article, reason recorded in page.chrome)
    ("nav", f'<nav class="post-navigation"><a href="/prev/">{SECRET}</a></nav>', "nav"),
    ("widget-area", f'<aside class="widget-area"><p>{SECRET}</p></aside>', "class widget-area"),
    (
        "sharedaddy",
        f'<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><p>{SECRET}</p></div>',
        "class sharedaddy",
    ),
    (
        "jp-relatedposts",
        f'<div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3><p>{SECRET}</p></div>',
        "class jp-relatedposts",
    ),
    (
        "comments-area",
        f'<div id="comments" class="comments-area"><ol class="comment-list"><li>{SECRET}</li></ol></div>',
        "class comments-area",
    ),
    ("site-footer", f'<footer class="site-footer"><p>{SECRET}</p></footer>', "class site-footer"),
]


@pytest.mark.parametrize(("markup", "reason"), [c[1:] for c in CHROME_CASES], ids=[c[0] for c in CHROME_CASES])
def test_chrome_inside_the_article_is_not_in_the_blocks(markup: str, reason: str) -> None:
    page = Page.parse(article_page(end=markup))
    assert not shown(page, SECRET)
    assert reason in page.chrome.values()


@pytest.mark.parametrize(
    "slots", [{"sidebar": f"<p>{SECRET}</p>"}, {"footer": f"<p>{SECRET}</p>"}], ids=["site-sidebar", "site-footer"]
)
def test_chrome_outside_the_article_is_only_in_outside_blocks(slots: dict[str, str]) -> None:
    page = Page.parse(article_page(**slots))
    assert not shown(page, SECRET)
    assert any(SECRET in b.text for b in page.outside_blocks())


# ---------------------------------------------------------------------------------------------------------------
# The article region.


def test_region_holds_headline_byline_and_story_but_not_the_site() -> None:
    page = Page.parse(article_page())
    assert page.headline == HEADLINE
    assert texts(page) == [HEADLINE, "By Nick Pope", *PARAS]
    assert HEADING in page.blocks[0].marks
    assert page.heading_index == 0
    assert not any(t in page.text for t in (SIDEBAR_TEXT, "Prairie Sentinel", "News", "All rights reserved"))


def test_region_without_article_element_is_the_story_div() -> None:
    html = f"""<!doctype html><html><head><title>{HEADLINE}</title></head><body>
<div class="header"><a href="/">Prairie Sentinel</a> <a href="/news/">News</a></div>
<div class="container"><div class="story"><h1>{HEADLINE}</h1><p>By Nick Pope</p>{"".join(f"<p>{p}</p>" for p in PARAS)}</div>
<div class="rail"><h3>Most read</h3><p>{SIDEBAR_TEXT}, and more stories from the region this week.</p></div></div>
<div class="bottom"><p>Copyright 2025 Prairie Sentinel. Reproduction without permission is prohibited.</p></div>
</body></html>"""
    page = Page.parse(html)
    assert texts(page) == [HEADLINE, "By Nick Pope", *PARAS]
    assert page.headline == HEADLINE


def test_newspack_header_outside_the_article_is_in_the_region() -> None:
    html = f"""<!doctype html><html><head><title>{HEADLINE}</title></head><body>
<header id="masthead" class="site-header"><nav class="main-navigation"><a href="/news/">News</a></nav></header>
<div id="content" class="site-content"><section id="primary" class="content-area"><main id="main" class="site-main">
<header class="entry-header"><span class="cat-links"><a href="/nation/">Nation</a></span><h1 class="entry-title">{HEADLINE}</h1>
<div class="entry-meta"><span class="byline">By <span class="author vcard"><a href="/author/nick-pope/">Nick Pope</a></span></span></div></header>
<div class="main-content"><article id="post-89817" class="post type-post hentry"><div class="entry-content">
{"".join(f"<p>{p}</p>" for p in PARAS)}</div></article>
<aside id="secondary" class="widget-area"><p>{SIDEBAR_TEXT}, and more stories from the region this week.</p></aside>
</div></main></section></div></body></html>"""
    page = Page.parse(html)
    assert page.headline == HEADLINE
    assert texts(page)[page.heading_index :] == [HEADLINE, "By Nick Pope", *PARAS]
    assert BYLINE in page.blocks[page.heading_index + 1].marks
    assert not shown(page, SIDEBAR_TEXT)


def test_page_of_br_separated_lines_gives_one_block_per_line() -> None:
    lines = "<br>\n".join(["By Nick Pope", "Daily Caller News Foundation", "", *PARAS])
    page = Page.parse(
        f"<!doctype html><html><head><title>{HEADLINE}</title></head><body><b>{HEADLINE}</b><br>{lines}</body></html>"
    )
    assert texts(page) == [HEADLINE, "By Nick Pope", "Daily Caller News Foundation", *PARAS]


BLOCK_CASES = [
    # (id, markup, blocks it gives)
    (
        "br-splits",
        "<p>By Nick Pope<br>Daily Caller News Foundation</p>",
        ["By Nick Pope", "Daily Caller News Foundation"],
    ),
    ("br-self-closing", "<p>By Nick Pope<br/>Energy Reporter</p>", ["By Nick Pope", "Energy Reporter"]),
    ("spans-join", "<p><span>Ryan</span> <span>Pickrell</span></p>", ["Ryan Pickrell"]),
    (
        "link-and-emphasis-join",
        '<p>By <a href="/author/x/"><strong>Ryan</strong> Pickrell</a></p>',
        ["By Ryan Pickrell"],
    ),
    ("nbsp-squashed", "<p>By Ryan&nbsp;&nbsp;Pickrell</p>", ["By Ryan Pickrell"]),
    ("list-items", "<ul><li>First point</li><li>Second point</li></ul>", ["First point", "Second point"]),
    (
        "text-then-nested-div",
        "<div>Ryan Pickrell<div>Senior Reporter</div></div>",
        ["Ryan Pickrell", "Senior Reporter"],
    ),
]


@pytest.mark.parametrize(("markup", "blocks"), [c[1:] for c in BLOCK_CASES], ids=[c[0] for c in BLOCK_CASES])
def test_blocks_are_visual_lines(markup: str, blocks: list[str]) -> None:
    assert texts(Page.parse(article_page(byline="", body=markup))) == [HEADLINE, PARAS[0], PARAS[1], *blocks, PARAS[2]]


MARK_CASES = [
    # (id, markup, block text, marks)
    ("span-byline", '<div class="entry-meta"><span class="byline">By Nick Pope</span></div>', "By Nick Pope", {BYLINE}),
    ("rel-author", '<p><a rel="author" href="/?p=2">Nick Pope</a></p>', "Nick Pope", {BYLINE}),
    ("itemprop-author", '<p><span itemprop="author">Nick Pope</span></p>', "Nick Pope", {BYLINE}),
    (
        "author-page-link",
        '<p>Posted by <a href="/author/nick-pope/">Nick Pope</a></p>',
        "Posted by Nick Pope",
        {BYLINE},
    ),
    (
        "figcaption",
        "<figure><figcaption>A water heater (Photo: Nick Pope)</figcaption></figure>",
        "A water heater (Photo: Nick Pope)",
        {CAPTION},
    ),
    (
        "credit-class-holding-the-byline",  # "credit" alone may be an author credit: the byline stays
        '<div class="article-credit"><p class="ACredit-Author">Nick Pope</p></div>',
        "Nick Pope",
        {CAPTION, BYLINE},
    ),
    ("tag-list", '<ul class="story-keywords"><li><a href="/?t=1">Hither Hills</a></li></ul>', "Hither Hills", {TOPIC}),
    ("tag-module-class", '<p><a class="Item_tag__x7Qz_k" href="/?t=1">Hither Hills</a></p>', "Hither Hills", {TOPIC}),
    ("quotation", "<blockquote><p>Power corrupts.</p><cite>Max Weber</cite></blockquote>", "Max Weber", {QUOTE}),
    ("tag-post-class", '<div class="tag-hither-hills"><p>By Nick Pope</p></div>', "By Nick Pope", set()),
    ("grid-template-class", '<div class="[grid-template-areas:a_authors]"><p>Nick Pope</p></div>', "Nick Pope", set()),
    (
        "author-class-on-the-story",  # the story's wrapper, classed with its author's name: not a byline
        '<div class="author-nick-pope"><p>Nick Pope</p><p>'
        + "The heater warmed the house all winter. " * 40
        + "</p></div>",
        "Nick Pope",
        set(),
    ),
    (
        "tag-class-on-the-story",  # a post tagged "links": WordPress classes its wrapper "tag-links"
        '<div class="post tag-links"><p>Nick Pope</p><p>'
        + "The heater warmed the house all winter. " * 40
        + "</p></div>",
        "Nick Pope",
        set(),
    ),
    ("plain-paragraph", "<p>By Nick Pope</p>", "By Nick Pope", set()),
]


@pytest.mark.parametrize(("markup", "text", "marks"), [c[1:] for c in MARK_CASES], ids=[c[0] for c in MARK_CASES])
def test_block_marks(markup: str, text: str, marks: set[str]) -> None:
    page = Page.parse(article_page(byline="", top=markup))
    assert [set(b.marks) for b in page.blocks if b.text == text] == [marks]


# ---------------------------------------------------------------------------------------------------------------
# Images.

IMAGE_CASES = [
    # (id, markup, kind, urls that must be among the image's urls, labels, width, height, tiny)
    (
        "img-src",
        '<img src="/u/heater.jpg" alt="A water heater" width="600" height="400">',
        "img",
        ["/u/heater.jpg"],
        ("A water heater",),
        600,
        400,
        False,
    ),
    (
        "img-srcset",
        '<img srcset="/u/a-300.jpg 300w, /u/a-600.jpg 600w" alt="">',
        "img",
        ["/u/a-300.jpg", "/u/a-600.jpg"],
        (),
        None,
        None,
        False,
    ),
    (
        "lazy-data-src",
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/u/lazy.jpg" alt="">',
        "img",
        ["/u/lazy.jpg"],
        (),
        None,
        None,
        False,
    ),
    (
        "lazy-data-lazy-src",
        '<img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" data-lazy-src="/u/dcnf-logo.png" alt="">',
        "img",
        ["/u/dcnf-logo.png"],
        (),
        None,
        None,
        False,
    ),
    (
        "lazy-data-srcset",
        '<img data-srcset="/u/b-300.jpg 300w, /u/b-600.jpg 2x">',
        "img",
        ["/u/b-300.jpg", "/u/b-600.jpg"],
        (),
        None,
        None,
        False,
    ),
    (
        "amp-img",
        '<amp-img src="/u/d.png" width="200" height="50" layout="fixed" alt="Dee"></amp-img>',
        "amp-img",
        ["/u/d.png"],
        ("Dee",),
        200,
        50,
        False,
    ),
    (
        "svg-title",
        '<svg viewBox="0 0 10 10" width="120"><title>DCNF</title><path d="M0 0h10v10z"/></svg>',
        "svg",
        [],
        ("DCNF",),
        120,
        None,
        False,
    ),
    (
        "role-img-background",
        """<div role="img" aria-label="Logo" style="background-image: url('/u/bg.png'); width: 200px; height: 60px"></div>""",
        "role=img",
        ["/u/bg.png"],
        ("Logo",),
        200,
        60,
        False,
    ),
    (
        "style-size-overrides-attrs",
        '<img src="/u/s.png" width="10" height="10" style="width: 240px; height: 80px" alt="s">',
        "img",
        ["/u/s.png"],
        ("s",),
        240,
        80,
        False,
    ),
    (
        "percent-width-unknown",
        '<img src="/u/p.png" width="100%" alt="p">',
        "img",
        ["/u/p.png"],
        ("p",),
        None,
        None,
        False,
    ),
    ("tracking-pixel", '<img src="/u/px.gif" width="1" height="1" alt="">', "img", ["/u/px.gif"], (), 1, 1, True),
    (
        "zero-size-style",
        '<img src="/u/z.gif" style="width:0px;height:0px" alt="z">',
        "img",
        ["/u/z.gif"],
        ("z",),
        0,
        0,
        True,
    ),
    (
        "one-pixel-high",
        '<img src="/u/line.gif" width="600" height="1" alt="">',
        "img",
        ["/u/line.gif"],
        (),
        600,
        1,
        True,
    ),
]


@pytest.mark.parametrize(
    ("markup", "kind", "urls", "labels", "width", "height", "tiny"),
    [c[1:] for c in IMAGE_CASES],
    ids=[c[0] for c in IMAGE_CASES],
)
def test_images(
    markup: str,
    kind: str,
    urls: list[str],
    labels: tuple[str, ...],
    width: float | None,
    height: float | None,
    tiny: bool,
) -> None:
    page = Page.parse(article_page(top=markup))
    [image] = page.images
    assert image.kind == kind
    assert set(urls) <= set(image.urls)
    assert image.labels == labels
    assert (image.width, image.height, image.tiny) == (width, height, tiny)
    assert image.block_index == 2  # before the first paragraph of the story, after headline and byline


def test_picture_sources_are_images_labelled_by_their_img() -> None:
    """A <picture>'s <source> is what most browsers draw: it counts, with the fallback <img>'s alt as its label."""
    page = Page.parse(
        article_page(
            top='<picture><source type="image/webp" srcset="/u/DCNF_logo_2017.webp">'
            '<img src="/u/c.png" alt="Cee"></picture>'
        )
    )
    by_kind = {image.kind: image for image in page.images}
    assert set(by_kind) == {"source", "img"}
    assert by_kind["source"].urls == ("/u/DCNF_logo_2017.webp",) and by_kind["source"].labels == ("Cee",)
    assert by_kind["img"].urls == ("/u/c.png",)


def test_image_without_url_or_label_is_not_an_image() -> None:
    assert Page.parse(article_page(top='<img alt="">')).images == []


def test_images_outside_the_region_are_other_images() -> None:
    page = Page.parse(article_page(sidebar='<img src="/u/dcnf-logo.png" alt="DCNF" width="300" height="80">'))
    assert page.images == []
    other = [i.urls for i in page.other_images()]
    assert ("/u/dcnf-logo.png",) in other and ("/uploads/prairie-sentinel-logo.png",) in other


# ---------------------------------------------------------------------------------------------------------------
# css_path, for evidence.

CSS_CASES = [
    # (id, page, text of the block, full path, short path)
    (
        "from-nearest-id",
        article_page(),
        PARAS[1],
        "article#post-4121 > div.entry-content > p:nth-of-type(2)",
        "p:nth-of-type(2)",
    ),
    (
        "heading-with-class",
        article_page(),
        HEADLINE,
        "article#post-4121 > header.entry-header > h1.entry-title",
        "h1.entry-title",
    ),
    (
        "two-classes-at-most-and-no-spaced-id",
        article_page(body='<div class="a b c" id="two words"><p>Inner text</p></div>'),
        "Inner text",
        "article#post-4121 > div.entry-content > div.a.b > p",
        "p",
    ),
    (
        "from-body-without-ids",
        f'<html><body><div class="story"><p>{PARAS[0]}</p><p>{PARAS[1]}</p></div></body></html>',
        PARAS[0],
        "body > div.story > p:nth-of-type(1)",
        "p:nth-of-type(1)",
    ),
]


@pytest.mark.parametrize(("html", "text", "full", "short"), [c[1:] for c in CSS_CASES], ids=[c[0] for c in CSS_CASES])
def test_css_path(html: str, text: str, full: str, short: str) -> None:
    [block] = [b for b in Page.parse(html).blocks if b.text == text]
    assert (css_path(block.element), css_path(block.element, short=True), block.where) == (full, short, full)
