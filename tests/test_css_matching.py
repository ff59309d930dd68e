"""The fast readings of a page's CSS give the answers of the slow, general ones they stand in for.

:mod:`checker.page.selectors` matches selectors from the subject leftwards instead of running cssselect's XPath
over the whole page, :mod:`checker.page.css_text` finds ``@media`` blocks without reading every brace, and the
plain-declaration reader in :mod:`checker.page.stylesheets` splits at ";" instead of running tinycss2. A
difference between them is a hidden logo taken for a shown one (or the reverse), so each is held to its
reference here.
"""

from __future__ import annotations

import cssselect
import lxml.html
import pytest
import tinycss2
from tinycss2.ast import Declaration

from checker.page.css_text import AtBlocks, hiding_hits
from checker.page.hiding import plain_declarations
from checker.page.selectors import NameIndex, Simple, Translated, compile_list, split_list

PAGE = """<html><body class="home no-js">
<header id="masthead" class="site-header"><nav class="menu primary"><ul>
  <li class="menu-item current"><a href="/">Home</a></li><li class="menu-item"><a href="/news">News</a></li></ul></nav>
  <div class="logo"><img class="custom-logo" src="/logo.png"></div></header>
<main id="main"><article class="post type-post"><h1 class="entry-title">Title</h1>
  <div class="entry-meta"><span class="byline author vcard"><a class="url fn">Ana Ruiz</a></span></div>
  <div class="entry-content"><p class="lead">One</p><p>Two</p>
    <figure class="wp-block-image dcnf-logo"><img class="wp-image-7" src="/up/DCNF.png"></figure>
    <p class="note">Three</p><div class="sharedaddy sd-sharing"><div class="sd-content">Share</div></div></div>
  <footer class="entry-footer"><span class="tags-links"><a rel="tag">Tag</a></span></footer></article>
  <aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">More</h2></section>
  </aside></main>
<footer id="colophon" class="site-footer"><div class="site-info">© 2026</div></footer></body></html>"""

SELECTORS = [
    ".dcnf-logo",
    "figure img",
    ".entry-content > p",
    ".entry-content p",
    "p + p",
    ".lead ~ p",
    "h1 + div span",
    "#masthead .logo img",
    "header > .logo",
    "body.home article .byline a",
    ".menu-item.current a",
    "nav ul > li",
    "#main > article",
    "*",
    ".entry-content *",
    "DIV.entry-meta",
    ".sharedaddy .sd-content",
    ".nothing-here img",
    "#secondary .widget-title",
    ".post .entry-footer a",
    # richer ones, read by cssselect and tested element by element
    ".entry-content p:not(.lead)",
    ":not(.lead)",
    "li:first-child a",
    "img[src*='DCNF']",
    ".menu > ul > li:nth-child(2) a",
    "article :is(h1)",
    "p:last-child",
    ".site-header ~ footer .site-info",
    "figure:not(.wp-block-image) img",
]


@pytest.mark.parametrize("selector", SELECTORS)
def test_a_selector_matches_what_cssselects_xpath_finds(selector: str) -> None:
    root = lxml.html.fromstring(PAGE)
    expected = set(root.xpath(cssselect.HTMLTranslator().css_to_xpath(selector)))
    (compiled,) = compile_list(selector)
    assert {el for el in root.iter() if compiled.matches(el)} == expected
    if isinstance(compiled, Simple):
        names = set(compiled.subject[1])
        index = NameIndex(root, names, set(compiled.subject[2]))
        candidates = index.candidates(compiled.subject)
        if candidates is not None:  # the elements the page search starts from hold every match
            assert expected <= set(candidates)


def test_selectors_past_the_simple_grammar_are_read_by_cssselect() -> None:
    assert isinstance(compile_list(".a .b")[0], Simple)
    assert isinstance(compile_list(".a:not(.b)")[0], Translated)
    assert compile_list(".a::before, .b:after") == ()  # generated content, not the element
    assert compile_list(".a, .b:unknown-pseudo(") == ()  # one unreadable selector drops the rule, as browsers do


def test_a_selector_list_splits_at_its_top_level_commas_only() -> None:
    assert split_list(".a, .b") == (".a", ".b")
    assert split_list(':is(.a, .b) .c, [title="x,y"], .d') == (":is(.a, .b) .c", '[title="x,y"]', ".d")


def _viewports_by_scan(css: str) -> dict[int, frozenset[str]]:
    """Every block's opening brace -> where its rules apply, reading every brace (the reference)."""
    from checker.page.css_text import ALL_VIEWPORTS, block_viewports, prelude_start

    found: dict[int, frozenset[str]] = {}
    stack: list[frozenset[str]] = []
    for pos, char in enumerate(css):
        if char == "}":
            if stack:
                stack.pop()
        elif char == "{":
            outer = stack[-1] if stack else ALL_VIEWPORTS
            found[pos] = outer
            stack.append(outer & block_viewports(css[prelude_start(css, pos) : pos].strip()))
    return found


AT_RULES = [
    ".a{display:none} @media (max-width:600px){.b{display:none}.c{x:y}} .d{display:none}",
    "@font-face{font-family:x;src:local(x)} @media print{.a{display:none}} .b{display:none}",
    "@media (min-width:1024px){@supports (display:grid){.a{display:none}} .b{display:none}} .c{color:red}",
    "@media (max-width:600px){.a{display:none}} @media (min-width:1024px){.b{opacity:0}} @keyframes k{0%{opacity:0}}",
    "@media (max-width:600px){} .a{display:none} @media (max-width:600px){.b{background:url(x@2x.png)}}",
    "@layer base{.a{display:none}} @media (max-width:600px){.b{display:none}",  # never closed
    "@media screen{.a{.b{display:none}}} .c{display:none}",  # nesting
]


@pytest.mark.parametrize("css", AT_RULES)
def test_media_blocks_are_found_as_a_reading_of_every_brace_finds_them(css: str) -> None:
    blocks = AtBlocks(css)
    for brace, viewports in _viewports_by_scan(css).items():
        assert blocks.viewports_at(brace) == viewports, css[:brace]


def test_hiding_declarations_are_found_in_any_case_and_only_as_whole_names() -> None:
    css = ".a{DISPLAY:NONE}.b{max-width:0;}.c{width:1px;height:1px}.d{line-height:0}"
    assert [css[pos : pos + 5] for pos in hiding_hits(css)] == ["DISPL", "width", "heigh"]


BODIES = [
    "display:none",
    " DISPLAY : None !IMPORTANT ",
    "clip: rect(0  0 0 0);position:absolute!important;",
    "width:1px;height:1PX;;overflow:hidden",
    "--foo: 1  2 ;color:red",
    "display:",
    "color:red !ie",
    "font-size:calc(1.375rem+1.5vw)",
    "\xa0\xa0min-height:\xa0300px",
    "left: -9999px; top : -10em",
]


@pytest.mark.parametrize("body", BODIES)
def test_plain_declarations_read_as_tinycss2_reads_them(body: str) -> None:
    expected = {}
    for item in tinycss2.parse_blocks_contents(body, skip_comments=True, skip_whitespace=True):
        if isinstance(item, Declaration):
            expected[item.lower_name] = (tinycss2.serialize(item.value).strip().lower(), item.important)
    plain = plain_declarations(body)
    assert plain is None or plain == expected
