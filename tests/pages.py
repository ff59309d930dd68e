"""Pages for tests: one builder of a WordPress-like article page, with slots a test fills to change one thing.

The default page is the Prairie Sentinel's republication of a DCNF story: site header (logo, nav), the article
(h1, byline, three paragraphs), a sidebar widget and the site footer. A test module with another site passes its
own ``masthead``, ``paragraphs`` and so on once, in a small wrapper, and its slots per test::

    article_page(top=LOGO, end=NOTICE)                  # the logo before the story, a notice after it
    article_page(byline="<p>By Jane Roe</p>", body=QUOTE)  # another byline, a paragraph inside the story
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.page import Page

HEADLINE = "Energy Department Finalizes Water Heater Rule Critics Say Will Raise Prices"
PARAS = (
    "The Department of Energy approved a new rule on Tuesday that will require manufacturers of household water "
    "heaters to meet stricter efficiency standards beginning in 2029, according to a notice in the Federal Register.",
    "Industry groups warned that the standards could raise the upfront cost of a typical water heater by several "
    "hundred dollars, and that some models now sold in hardware stores would no longer be legal to make.",
    "Department officials said the rule would save consumers money over the life of the appliance and cut "
    "emissions, though critics noted that the agency's analysis assumed electricity prices would stay flat.",
)
SITE = "Prairie Sentinel"
SIDEBAR_TEXT = "County fair returns with rodeo and livestock shows"
MASTHEAD = (
    '<a href="/" class="custom-logo-link"><img src="/uploads/prairie-sentinel-logo.png" alt="Prairie Sentinel" '
    'width="300" height="60"></a>\n'
    '  <nav class="main-navigation"><ul><li><a href="/news/">News</a></li>'
    '<li><a href="/opinion/">Opinion</a></li></ul></nav>'
)
RECENT_POSTS = (
    '<section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>\n'
    f'  <ul><li><a href="/2025/02/county-fair/">{SIDEBAR_TEXT}</a></li></ul></section>'
)
COLOPHON = "<p>&#169; 2025 Prairie Sentinel. All rights reserved.</p>"


def article_page(
    *,
    top: str = "",
    body: str = "",
    end: str = "",
    byline: str = "<p>By Nick Pope</p>",
    head: str = "",
    sidebar: str = "",
    footer: str = "",
    tail: str = "",
    headline: str = HEADLINE,
    title: str | None = None,
    paragraphs: Sequence[str] = PARAS,
    body_at: int = 2,
    masthead: str = MASTHEAD,
    widgets: str = RECENT_POSTS,
    colophon: str = COLOPHON,
) -> str:
    """The page's HTML. Slots: ``top`` (in the story, before its first paragraph), ``body`` (before paragraph
    ``body_at``), ``end`` (after the last paragraph), ``byline`` (in the article's header, under the h1), ``head``
    (in ``<head>``), ``sidebar`` (before the sidebar's ``widgets``), ``footer`` (before the site footer's
    ``colophon``), ``tail`` (at the end of ``<body>``). ``title`` defaults to the headline and the site's name."""
    story = [f"<p>{p}</p>" for p in paragraphs]
    story.insert(body_at, body)
    lines = "\n    ".join([top, *story, end])
    title = title if title is not None else f"{headline} &#8211; {SITE}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body class="single single-post">
<header id="masthead" class="site-header">
  {masthead}
</header>
<main id="main" class="site-main">
<article id="post-4121" class="post type-post hentry">
  <header class="entry-header"><h1 class="entry-title">{headline}</h1>{byline}</header>
  <div class="entry-content">
    {lines}
  </div>
</article>
</main>
<aside id="secondary" class="widget-area">{sidebar}
  {widgets}
</aside>
<footer id="colophon" class="site-footer">{footer}{colophon}</footer>
{tail}
</body></html>"""


def texts(page: Page) -> list[str]:
    """The text of each visible block of ``page``, in reading order."""
    return [b.text for b in page.blocks]


def shown(page: Page, words: str) -> bool:
    """Whether ``words`` appear in some visible block of ``page``."""
    return any(words in b.text for b in page.blocks)
