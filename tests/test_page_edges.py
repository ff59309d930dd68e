"""checker.page at the edges: empty and malformed pages, absurd nesting, a byline bar just before the article, a
story inside a chrome-named wrapper, a malformed canonical link."""

from __future__ import annotations

import pytest
from pages import HEADLINE, PARAS, article_page, shown, texts

from checker.engine import Checker
from checker.page import Page, PageError

# ---------------------------------------------------------------------------------------------------------------
# Bad input.


@pytest.mark.parametrize(
    "html", ["", "  \n\t ", b"", b" \r\n"], ids=["empty", "whitespace", "empty-bytes", "whitespace-bytes"]
)
def test_empty_page_is_a_page_error(html: str | bytes) -> None:
    with pytest.raises(PageError):
        Page.parse(html)


MALFORMED_CASES = [
    ("unclosed-tags", f"<html><body><article><h1>{HEADLINE}<p>{PARAS[0]}<p>{PARAS[1]}<div><span>By Nick Pope"),
    ("stray-closing-tags", article_page(body=f"</div></div></article><p>{PARAS[0]} again</p></span></div>")),
    (
        "nul-bytes",
        article_page(byline="<p>By Nick\x00 Pope</p>", body="<p>Second \x00 line</p>").replace("<h1", "<h1\x00"),
    ),
    ("bytes-without-charset", article_page().replace('<meta charset="utf-8">', "").encode("utf-8")),
    # Deeper than Python's recursion limit: the walk must not recurse per element.
    ("nesting-900-deep", article_page(body="<div>" * 900 + f"<p>{PARAS[1]}</p>" + "</div>" * 900)),
]


@pytest.mark.parametrize("html", [c[1] for c in MALFORMED_CASES], ids=[c[0] for c in MALFORMED_CASES])
def test_malformed_page_still_parses(html: str | bytes) -> None:
    page = Page.parse(html)
    assert shown(page, PARAS[1])


def test_absurdly_deep_page_is_a_report_not_a_crash() -> None:
    """5,000 nested elements: lxml keeps what its parser allows; the check reports, it never raises."""
    report = Checker("dcnf", reporter="Nick Pope").check_html("<div>" * 5000 + article_page() + "</div>" * 5000)
    assert report.error is None and {r.status.value for r in report.rules} <= {"pass", "fail"}


def test_byline_bar_just_before_the_article_is_read_but_not_the_site_header() -> None:
    """A theme may print the byline above the <article> that holds the headline and the story: that line is part
    of the article for a reader. The site header before it is not."""
    html = f"""<!doctype html><html><head><title>{HEADLINE}</title></head><body>
    <header class="site-header"><p class="author-login">Log in as author</p><nav><a href="/">Home</a></nav></header>
    <div class="post-byline-bar"><span class="author">By Nick Pope</span></div>
    <article><h1>{HEADLINE}</h1><div class="entry-content"><p>{PARAS[0]}</p><p>{PARAS[1]}</p></div></article>
    </body></html>"""
    page = Page.parse(html)
    assert texts(page)[0] == "By Nick Pope"
    assert not shown(page, "Log in as author")


def test_chrome_named_wrapper_holding_paragraphs_is_content() -> None:
    """Some themes wrap the story itself in a 'widget'; a box of paragraphs is content, a box of links is not."""
    story = "".join(f"<p>{p}</p>" for p in PARAS) + f"<p>{PARAS[0]} Again.</p>"
    page = Page.parse(
        article_page(
            body=f'<div class="widget widget_text">{story}</div>'
            '<div class="widget related"><ul><li><a href="/x">Other story</a></li></ul></div>'
        )
    )
    assert shown(page, PARAS[2])
    assert not shown(page, "Other story")


def test_a_malformed_canonical_is_no_canonical_not_a_crash() -> None:
    page = Page.parse(
        '<html><head><link rel="canonical" href="http://[::1"></head><body><p>Text of the story '
        "that is long enough to be a paragraph.</p></body></html>",
        "https://partner.example/story",
    )
    assert page.canonical is None
