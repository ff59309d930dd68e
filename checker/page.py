"""The page model: what a reader of the article sees, and where. Built once per page; every check reads it.

``Page.parse(html, url)`` parses with lxml once, then:

1. reads the metadata (title, ``<meta>``, canonical, JSON-LD) from the document;
2. removes what no reader sees — comments, ``<script>``, ``<style>``, ``<template>``, ``<noscript>``, ``<head>``,
   ``[hidden]``, inline ``display:none`` / ``visibility:hidden``, visually-hidden classes — keeping a note of each
   removed element so that a failing check can say "found, but hidden";
3. finds the article region: semantic markup first (the body of the story — ``itemprop=articleBody`` or a CMS
   content class — inside its ``article``), then ``article`` / ``main``, then the densest run of paragraphs; the
   region grows to take in the headline when the headline sits just outside it;
4. walks the region once, skipping site chrome (navigation, sidebars, widgets, related stories, comments, share
   bars), into text blocks (one per visual line: a paragraph, a heading, a ``<br>``-separated line) and images.

Everything outside the region is reachable lazily through :meth:`Page.outside_blocks` and
:meth:`Page.outside_images`, for messages like "the logo is only in the sidebar".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator
from urllib.parse import urljoin

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from .text import fold, squash


class PageError(Exception):
    """The document cannot be read as a web page (empty, not HTML)."""


# --------------------------------------------------------------------------------------------------------------
# What no reader sees.

_HIDDEN_CLASSES = (
    "screen-reader-text",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "element-invisible",
    "screen-reader-only",
    "a11y-hidden",
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _class_token_test(token: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {token} ')"


_INVISIBLE_XPATH = lxml.etree.XPath(
    "//script | //style | //template | //noscript | //head | //iframe | //object | //embed"
    " | //*[@hidden] | //*[@style][contains(@style, 'none') or contains(@style, 'hidden')"
    " or contains(@style, 'NONE') or contains(@style, 'HIDDEN')]"
    " | //*[@class][" + " or ".join(_class_token_test(c) for c in _HIDDEN_CLASSES) + "]"
)

# --------------------------------------------------------------------------------------------------------------
# Site chrome: never part of the article, even inside the region.

_CHROME_TAGS = frozenset({"nav", "amp-sidebar", "form", "button", "select", "dialog", "menu"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar"})
_CHROME_TOKEN = re.compile(
    r"""^(?:
        sidebar|sidebar[-_].*|.*[-_]sidebar|secondary|widget|widgets|widget[-_].*|.*[-_]widget|widget-area
      | related|related[-_].*|.*[-_]related|.*[-_]related[-_].*|jp-relatedposts|yarpp.*|crp_related
      | more[-_]stories|more[-_]from.*|read[-_]next|read[-_]more[-_].*|recommended.*|recommendations?
      | popular.*|most[-_](?:read|popular|viewed|shared).*|trending.*|top[-_]stories
      | comments?|comments?[-_](?:area|list|section|wrap|wrapper|container)|respond|disqus.*|discussion
      | share|sharing|shares|share[-_].*|.*[-_]share|.*[-_]sharing|sharedaddy|social|social[-_].*|addtoany.*|a2a_kit
      | newsletter.*|.*[-_]newsletter|subscribe.*|subscription.*|signup.*|paywall.*
      | breadcrumbs?|breadcrumb[-_].*|site[-_](?:header|footer|nav.*|navigation|branding|info)|masthead
      | main[-_](?:menu|navigation|nav)|menu|menu[-_].*|.*[-_]menu|nav|navbar|navigation|.*[-_]navigation
      | post[-_]navigation|nav[-_]links|pagination
      | advert.*|advertisement|ad|ads|ad[-_].*|.*[-_]ad|adsbygoogle|dfp.*|gpt[-_]ad.*|sponsor.*|promo|promo[-_].*
      | outbrain.*|ob[-_]widget.*|taboola.*|zergnet.*|revcontent.*
      | cookie.*|gdpr.*|consent.*|modal|modal[-_].*|popup.*|overlay
      | tags|tag[-_]list|post[-_]tags|entry[-_]tags|cat[-_]links|tags[-_]links
    )$""",
    re.X | re.I,
)
# Cheap pre-selection in C before the precise token test in Python.
_CHROME_XPATH = lxml.etree.XPath(
    "//nav | //amp-sidebar | //form | //button | //select | //dialog | //menu | //*[@role]"
    " | //*[@class or @id][contains(@class, 'side') or contains(@class, 'widget') or contains(@class, 'relat')"
    " or contains(@class, 'comment') or contains(@class, 'share') or contains(@class, 'social')"
    " or contains(@class, 'newsletter') or contains(@class, 'subscri') or contains(@class, 'menu')"
    " or contains(@class, 'nav') or contains(@class, 'ad') or contains(@class, 'promo') or contains(@class, 'popular')"
    " or contains(@class, 'trending') or contains(@class, 'recommend') or contains(@class, 'more')"
    " or contains(@class, 'read') or contains(@class, 'outbrain') or contains(@class, 'taboola')"
    " or contains(@class, 'crumb') or contains(@class, 'site') or contains(@class, 'mast')"
    " or contains(@class, 'cookie') or contains(@class, 'modal') or contains(@class, 'popup') or contains(@class, 'overlay')"
    " or contains(@class, 'sponsor') or contains(@class, 'tag') or contains(@class, 'cat') or contains(@class, 'secondary')"
    " or contains(@class, 'disqus') or contains(@class, 'respond') or contains(@class, 'pagination')"
    " or contains(@class, 'dfp') or contains(@class, 'gpt') or contains(@class, 'zerg') or contains(@class, 'revcontent')"
    " or contains(@class, 'consent') or contains(@class, 'gdpr') or contains(@class, 'paywall') or contains(@class, 'signup')"
    " or contains(@class, 'a2a') or contains(@class, 'ob-') or contains(@class, 'yarpp') or contains(@class, 'breadcrumb')"
    " or contains(@id, 'side') or contains(@id, 'widget') or contains(@id, 'relat') or contains(@id, 'comment')"
    " or contains(@id, 'share') or contains(@id, 'social') or contains(@id, 'newsletter') or contains(@id, 'menu')"
    " or contains(@id, 'nav') or contains(@id, 'ad') or contains(@id, 'promo') or contains(@id, 'secondary')"
    " or contains(@id, 'respond') or contains(@id, 'disqus') or contains(@id, 'site') or contains(@id, 'mast')"
    " or contains(@id, 'more') or contains(@id, 'read') or contains(@id, 'popular') or contains(@id, 'outbrain')"
    " or contains(@id, 'taboola') or contains(@id, 'cookie') or contains(@id, 'modal') or contains(@id, 'subscri')]"
)


def _chrome_reason(el: HtmlElement) -> str | None:
    """Why ``el`` is site chrome ("nav", "role=navigation", "class sidebar"), or None if it is not."""
    tag = el.tag
    if tag in _CHROME_TAGS:
        return tag
    role = el.get("role")
    if role and role.strip().lower() in _CHROME_ROLES:
        return f"role={role.strip().lower()}"
    for attr in ("class", "id"):
        value = el.get(attr)
        if value:
            for token in value.split():
                if _CHROME_TOKEN.match(token):
                    return f"{attr} {token}"
    return None


# --------------------------------------------------------------------------------------------------------------
# The article region.

_BODY_CLASSES = (
    "entry-content",
    "post-content",
    "article-content",
    "article-body",
    "article__body",
    "article__content",
    "articlebody",
    "article-text",
    "story-body",
    "story-content",
    "story-text",
    "post-body",
    "post-entry",
    "entry-body",
    "field--name-body",
    "field-name-body",
    "node__content",
    "content-body",
    "body-content",
    "single-content",
    "single-post-content",
    "td-post-content",
    "post_content",
    "the-content",
    "rich-text",
    "article-main",
)
_BODY_XPATH = lxml.etree.XPath(
    "//*[@itemprop='articleBody'] | //*[@id='article-body' or @id='articleBody' or @id='story-body']"
    " | //*[@class][" + " or ".join(_class_token_test(c) for c in _BODY_CLASSES) + "]"
)
_CONTAINER_XPATH = lxml.etree.XPath(
    "//article | //*[@itemtype][contains(@itemtype, 'Article') or contains(@itemtype, 'BlogPosting')]"
    " | //*[@class][" + _class_token_test("hentry") + " or " + _class_token_test("type-post") + "]"
)
_MAIN_XPATH = lxml.etree.XPath("//main | //*[@role='main'] | //*[@id='main' or @id='content' or @id='main-content']")
_PARAGRAPH_PARENTS_XPATH = lxml.etree.XPath("//p/..")
_H1_XPATH = lxml.etree.XPath("//h1")

# --------------------------------------------------------------------------------------------------------------
# Blocks and images.

_BLOCK_TAGS = frozenset(
    """p div section article header footer main aside h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tbody thead tfoot
    tr td th caption blockquote figure figcaption pre address hr form fieldset details summary nav center
    amp-carousel amp-accordion body html""".split()
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BYLINE_CLASS = re.compile(
    r"by-?line|author|writer|contributor|reporter|journalist|autor|auteur|posted-?by|article-?by|meta-?by|dateline-by",
    re.I,
)
_CAPTION_CLASS = re.compile(r"caption|credit|photo-?by|image-?source|wp-element-caption", re.I)
_AUTHOR_HREF = re.compile(r"/(?:author|authors|autor|autoren|auteur|byline|writers?|reporters?|journalists?|staff|people|profile|profiles|contributors?)/", re.I)
_PX = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$")
_STYLE_SIZE = re.compile(r"(?<![-\w])(width|height)\s*:\s*(\d+(?:\.\d+)?)\s*px", re.I)
_BG_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.I)

BYLINE = "byline"  # inside an element marked as byline / author (class, id, rel, itemprop, author link)
HEADING = "heading"
CAPTION = "caption"


@dataclass(eq=False)
class Block:
    """One visual line of text in the article region: a paragraph, a heading, a list item, a ``<br>`` line."""

    index: int
    text: str
    element: HtmlElement
    marks: frozenset[str]
    in_region: bool = True

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def words(self) -> int:
        return self.text.count(" ") + 1 if self.text else 0

    @property
    def where(self) -> str:
        return css_path(self.element)


@dataclass(eq=False)
class Image:
    """An image a reader sees: ``img``, ``amp-img``, ``picture/source``, inline ``svg`` or ``role=img`` element."""

    element: HtmlElement
    kind: str
    urls: tuple[str, ...]
    labels: tuple[str, ...]
    width: float | None
    height: float | None
    block_index: int  # index of the first block after the image (its position among the blocks)

    @property
    def where(self) -> str:
        return css_path(self.element)

    @property
    def tiny(self) -> bool:
        """Drawn at 1×1 or zero size: a tracking pixel or a hidden image, not something a reader sees."""
        return (self.width is not None and self.width <= 1) or (self.height is not None and self.height <= 1)

    def describe(self) -> str:
        label = next((label for label in self.labels if label), None)
        url = next((u for u in self.urls if not u.startswith("data:")), None)
        bits = [f"<{self.kind}"]
        if label:
            bits.append(f' "{squash(label)[:80]}"')
        if url:
            bits.append(f" {url[:120]}")
        return "".join(bits) + ">"


@dataclass(frozen=True)
class Removed:
    """An element taken out of the page because no reader sees it, and why."""

    element: HtmlElement
    reason: str
    parent: HtmlElement

    @property
    def where(self) -> str:
        """CSS path of the removed element, through the parent it was taken from."""
        return f"{css_path(self.parent)} > {css_path(self.element, short=True)}"


@dataclass(eq=False)
class Page:
    """The page model. Build it with :meth:`Page.parse`."""

    url: str | None
    title: str | None
    lang: str | None
    meta: dict[str, list[str]]
    canonical: str | None
    jsonld_sources: tuple[str, ...]
    headline: str | None
    blocks: list[Block]
    images: list[Image]
    region_roots: tuple[HtmlElement, ...]
    region_how: str
    removed: list[Removed]
    root: HtmlElement
    chrome: frozenset[HtmlElement]
    cache: dict[str, Any] = field(default_factory=dict)

    # ---------------------------------------------------------------------------------------------------------
    @classmethod
    def parse(cls, html: str | bytes, url: str | None = None) -> "Page":
        """Parse ``html`` (text, or bytes whose encoding is detected) into the page model."""
        if isinstance(html, bytes):
            from .fetch import decode_html

            html, _ = decode_html(html)
        data = html.encode("utf-8", "surrogatepass")
        if not data.strip():
            raise PageError("the page is empty")
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
        try:
            root = lxml.html.document_fromstring(data, parser=parser)
        except (lxml.etree.ParserError, ValueError) as exc:
            raise PageError(f"the page cannot be parsed as HTML ({exc})") from None
        if root is None or not isinstance(root.tag, str):
            raise PageError("the page cannot be parsed as HTML")

        title, meta, canonical, jsonld, lang = _read_metadata(root, url)
        removed = _remove_invisible(root)
        roots, how, headline = _find_region(root, meta, title)
        chrome = _find_chrome(root, roots)
        blocks, images = _walk(roots, chrome, in_region=True)
        return cls(
            url=url,
            title=title,
            lang=lang,
            meta=meta,
            canonical=canonical,
            jsonld_sources=tuple(jsonld),
            headline=headline,
            blocks=blocks,
            images=images,
            region_roots=tuple(roots),
            region_how=how,
            removed=removed,
            root=root,
            chrome=frozenset(chrome),
        )

    # ---------------------------------------------------------------------------------------------------------
    @cached_property
    def jsonld(self) -> list[dict[str, Any]]:
        """JSON-LD objects of the page, ``@graph`` flattened. Unreadable blocks are skipped."""
        out: list[dict[str, Any]] = []

        def collect(node: Any) -> None:
            if isinstance(node, list):
                for item in node:
                    collect(item)
            elif isinstance(node, dict):
                out.append(node)
                if "@graph" in node:
                    collect(node["@graph"])

        for source in self.jsonld_sources:
            try:
                collect(json.loads(source))
            except ValueError:
                continue
        return out

    def meta_values(self, *names: str) -> list[str]:
        out: list[str] = []
        for name in names:
            out.extend(self.meta.get(name, ()))
        return out

    @cached_property
    def text(self) -> str:
        """All the region's visible text, one block per line."""
        return "\n".join(b.text for b in self.blocks)

    @cached_property
    def heading_index(self) -> int | None:
        """Index of the block holding the article's headline, if it is in the region."""
        for block in self.blocks:
            if block.element.tag == "h1" or (block.element.tag in _HEADING_TAGS and self.headline and block.text == self.headline):
                return block.index
        return None

    @cached_property
    def body_start(self) -> int:
        """Index of the first block of the story's body: the first long paragraph after the headline."""
        start = (self.heading_index or -1) + 1
        for block in self.blocks[start:]:
            if block.words >= 25 and BYLINE not in block.marks:
                return block.index
        return start

    @cached_property
    def body_end(self) -> int:
        """Index of the last block with a long paragraph (the end of the story's body)."""
        for block in reversed(self.blocks):
            if block.words >= 25 and BYLINE not in block.marks:
                return block.index
        return len(self.blocks) - 1

    # ---------------------------------------------------------------------------------------------------------
    @cached_property
    def _outside(self) -> tuple[list[Block], list[Image]]:
        body = self.root.find("body")
        if body is None:
            return [], []
        region = set(self.region_roots)
        blocks, images = _walk([body], frozenset(), in_region=False, skip=region)
        return blocks, images

    def outside_blocks(self) -> list[Block]:
        """Visible blocks of the page outside the article region (site chrome, other stories). Lazy."""
        return self._outside[0]

    def outside_images(self) -> list[Image]:
        """Visible images of the page outside the article region. Lazy."""
        return self._outside[1]

    def chrome_reason(self, element: HtmlElement) -> str | None:
        """Why ``element`` is not part of the article ("in nav", "in class sidebar"), or None if it is."""
        for ancestor in element.iterancestors():
            if ancestor in self.chrome:
                return f"in {css_path(ancestor, short=True)} ({_chrome_reason(ancestor)})"
        if any(root is element or root in element.iterancestors() for root in self.region_roots):
            return None
        for ancestor in element.iterancestors():
            reason = _chrome_reason(ancestor) or (ancestor.tag if ancestor.tag in ("header", "footer", "aside") else None)
            if reason:
                return f"in {css_path(ancestor, short=True)} ({reason}), outside the article"
        return "outside the article"

    def hidden_blocks(self) -> Iterator[tuple[Removed, str]]:
        """Text of the removed (invisible) elements, for "found, but hidden" messages. Lazy."""
        for item in self.removed:
            if item.element.tag in ("script", "style", "head"):
                continue
            text = squash(item.element.text_content())
            if text:
                yield item, text

    def hidden_images(self) -> Iterator[tuple[Removed, Image]]:
        for item in self.removed:
            if item.element.tag in ("script", "style", "head"):
                continue
            _, images = _walk([item.element], frozenset(), in_region=False)
            for image in images:
                yield item, image


# --------------------------------------------------------------------------------------------------------------
# Building the model.


def _read_metadata(
    root: HtmlElement, url: str | None
) -> tuple[str | None, dict[str, list[str]], str | None, list[str], str | None]:
    title_el = root.find(".//title")
    title = squash(title_el.text_content()) if title_el is not None else None
    meta: dict[str, list[str]] = {}
    for el in root.iter("meta"):
        key = el.get("name") or el.get("property") or el.get("itemprop")
        content = el.get("content")
        if key and content:
            meta.setdefault(key.strip().lower(), []).append(content.strip())
    canonical = None
    for el in root.iter("link"):
        rel = (el.get("rel") or "").lower().split()
        if "canonical" in rel and el.get("href"):
            canonical = urljoin(url or "", el.get("href").strip())
            break
    jsonld = [
        el.text
        for el in root.iter("script")
        if (el.get("type") or "").strip().lower() == "application/ld+json" and el.text
    ]
    lang = root.get("lang") or None
    return title or None, meta, canonical, jsonld, lang


def _remove_invisible(root: HtmlElement) -> list[Removed]:
    removed: list[Removed] = []
    for el in _INVISIBLE_XPATH(root):
        parent = el.getparent()
        if parent is None:
            continue
        tag = el.tag
        if el.get("hidden") is not None:
            reason = "hidden attribute"
        elif tag in ("script", "style", "template", "noscript", "head", "iframe", "object", "embed"):
            reason = f"<{tag}>"
        else:
            style = el.get("style") or ""
            match = _HIDDEN_STYLE.search(style)
            if match:
                reason = f'style "{squash(match.group(0))}"'
            else:
                classes = set((el.get("class") or "").split())
                hidden = [c for c in _HIDDEN_CLASSES if c in classes]
                if not hidden:
                    continue  # the style merely mentions "none" (e.g. "text-decoration: none")
                reason = f"class {hidden[0]}"
        removed.append(Removed(el, reason, parent))
        el.drop_tree()
    return removed


def _text_len(el: HtmlElement) -> int:
    return len(el.text_content())


def _paragraph_len(el: HtmlElement) -> int:
    return sum(len(p.text_content()) for p in el.iter("p"))


def _find_region(
    root: HtmlElement, meta: dict[str, list[str]], title: str | None
) -> tuple[list[HtmlElement], str, str | None]:
    """The element(s) holding the republished article, how they were found, and the headline text."""
    body_el = root.find("body")
    if body_el is None:
        body_el = root
    bodies = [el for el in _BODY_XPATH(root) if _chrome_reason(el) is None]
    story: HtmlElement | None = None
    how = ""
    if bodies:
        scored = [(_paragraph_len(el) or _text_len(el) // 3, el) for el in bodies]
        best_len, story = max(scored, key=lambda item: item[0])
        if best_len < 80:
            story = None
        else:
            how = f"story body {css_path(story, short=True)}"

    region: HtmlElement | None = None
    if story is not None:
        for ancestor in story.iterancestors():
            if ancestor.tag in ("body", "html"):
                break
            if ancestor.tag == "article" or _is_article_container(ancestor):
                region = ancestor
                how = f"{css_path(ancestor, short=True)} around the story body"
                break
        if region is None:
            region = story
    else:
        containers = [el for el in _CONTAINER_XPATH(root) if _chrome_reason(el) is None]
        if containers:
            best = max(containers, key=_paragraph_len)
            if _paragraph_len(best) >= 200:
                region = best
                how = f"{css_path(best, short=True)}"
        if region is None:
            mains = _MAIN_XPATH(root)
            if mains:
                best = max(mains, key=_paragraph_len)
                if _paragraph_len(best) >= 200:
                    region = best
                    how = f"{css_path(best, short=True)}"
        if region is None:
            parents = [el for el in _PARAGRAPH_PARENTS_XPATH(root) if isinstance(el.tag, str)]
            if parents:
                best = max(parents, key=lambda el: sum(len(p.text_content()) for p in el if p.tag == "p"))
                region = best
                how = f"densest text {css_path(best, short=True)}"
        if region is None:
            region = body_el
            how = "whole page (no article found)"

    headline_el = _pick_headline(root, region, meta, title)
    roots = [region]
    if headline_el is not None and not _contains(region, headline_el):
        lca = _common_ancestor(headline_el, region)
        region_len = _text_len(region)
        if lca is not None and lca.tag not in ("html", "body") and _chrome_reason(lca) is None and _text_len(lca) <= region_len + max(1500, region_len // 2):
            roots = [lca]
            how += ", widened to take in the headline"
        else:
            zone = headline_el
            for ancestor in headline_el.iterancestors():
                if ancestor.tag in ("body", "html") or _contains(ancestor, region) or _text_len(ancestor) > 600:
                    break
                if _chrome_reason(ancestor) is not None:
                    break
                zone = ancestor
            roots = [zone, region] if _precedes(zone, region) else [region, zone]
            how += ", plus the headline block"
    headline = squash(headline_el.text_content()) if headline_el is not None else None
    return roots, how, headline or None


def _is_article_container(el: HtmlElement) -> bool:
    itemtype = el.get("itemtype") or ""
    if "Article" in itemtype or "BlogPosting" in itemtype:
        return True
    classes = (el.get("class") or "").split()
    return "hentry" in classes or "type-post" in classes


def _pick_headline(
    root: HtmlElement, region: HtmlElement, meta: dict[str, list[str]], title: str | None
) -> HtmlElement | None:
    h1s = [h for h in _H1_XPATH(root) if squash(h.text_content())]
    if not h1s:
        return None
    inside = [h for h in h1s if _contains(region, h)]
    if inside:
        return inside[0]
    wanted = [fold(t) for t in (meta.get("og:title", []) + ([title] if title else [])) if t]
    for h in h1s:
        text = fold(h.text_content())
        if len(text) > 12 and any(text in w or w in text for w in wanted):
            return h
    before = [h for h in h1s if _precedes(h, region) and _chrome_reason(h) is None]
    return before[-1] if before else None


def _contains(ancestor: HtmlElement, el: HtmlElement) -> bool:
    if ancestor is el:
        return True
    return any(a is ancestor for a in el.iterancestors())


def _precedes(a: HtmlElement, b: HtmlElement) -> bool:
    """Whether ``a`` starts before ``b`` in document order (source lines first, a tree walk on a tie)."""
    line_a, line_b = a.sourceline or 0, b.sourceline or 0
    if line_a != line_b:
        return line_a < line_b
    for el in a.getroottree().iter():
        if el is a:
            return True
        if el is b:
            return False
    return False


def _common_ancestor(a: HtmlElement, b: HtmlElement) -> HtmlElement | None:
    chain = {id(x): x for x in [a, *a.iterancestors()]}
    for node in [b, *b.iterancestors()]:
        if id(node) in chain:
            return node
    return None


def _find_chrome(root: HtmlElement, roots: list[HtmlElement]) -> set[HtmlElement]:
    """Chrome elements inside the region (never a region root nor one of its ancestors)."""
    protected: set[HtmlElement] = set()
    for r in roots:
        protected.add(r)
        protected.update(r.iterancestors())
    total = sum(_text_len(r) for r in roots) or 1
    chrome: set[HtmlElement] = set()
    for el in _CHROME_XPATH(root):
        if el in protected or _chrome_reason(el) is None:
            continue
        if not any(_contains(r, el) for r in roots):
            continue
        # A wrapper holding most of the story is not chrome, whatever its class says.
        if el.tag not in _CHROME_TAGS and _text_len(el) > total * 0.5:
            continue
        chrome.add(el)
    return chrome


def _number(value: str | None) -> float | None:
    if not value:
        return None
    match = _PX.match(value)
    return float(match.group(1)) if match else None


def _srcset_urls(value: str | None) -> list[str]:
    if not value:
        return []
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


_IMG_URL_ATTRS = ("src", "data-src", "data-lazy-src", "data-original", "data-orig-file", "data-large-file", "data-url", "data-lazy")
_IMG_SRCSET_ATTRS = ("srcset", "data-srcset", "data-lazy-srcset")


def _image(el: HtmlElement, tag: str, block_index: int) -> Image | None:
    urls: list[str] = []
    labels: list[str] = []
    width = _number(el.get("width"))
    height = _number(el.get("height"))
    style = el.get("style") or ""
    if style:
        for prop, value in _STYLE_SIZE.findall(style):
            if prop.lower() == "width":
                width = float(value)
            else:
                height = float(value)
    if tag in ("img", "amp-img", "source", "amp-anim"):
        for attr in _IMG_URL_ATTRS:
            value = el.get(attr)
            if value and value.strip():
                urls.append(value.strip())
        for attr in _IMG_SRCSET_ATTRS:
            urls.extend(_srcset_urls(el.get(attr)))
        kind = tag
    elif tag == "svg":
        kind = "svg"
        title = el.find(".//title")
        if title is not None:
            labels.append(squash(title.text_content()))
        for use in el.iter("use", "image"):
            href = use.get("href") or use.get("{http://www.w3.org/1999/xlink}href") or use.get("xlink:href")
            if href:
                urls.append(href)
    else:
        kind = "role=img"
        urls.extend(_BG_URL.findall(style))
    for attr in ("alt", "title", "aria-label"):
        value = el.get(attr)
        if value and value.strip():
            labels.append(value.strip())
    if not urls and not labels:
        return None
    return Image(el, kind, tuple(urls), tuple(labels), width, height, block_index)


def _own_marks(el: HtmlElement, tag: str) -> frozenset[str]:
    marks: set[str] = set()
    cls = el.get("class")
    ident = el.get("id")
    if tag in _HEADING_TAGS:
        marks.add(HEADING)
    if tag == "figcaption":
        marks.add(CAPTION)
    for value in (cls, ident):
        if value:
            if _BYLINE_CLASS.search(value):
                marks.add(BYLINE)
            if _CAPTION_CLASS.search(value):
                marks.add(CAPTION)
    rel = el.get("rel")
    if rel and "author" in rel.lower():
        marks.add(BYLINE)
    itemprop = el.get("itemprop")
    if itemprop and ("author" in itemprop or "creator" in itemprop):
        marks.add(BYLINE)
    if tag == "a":
        href = el.get("href")
        if href and _AUTHOR_HREF.search(href):
            marks.add(BYLINE)
    return frozenset(marks) if marks else _NO_MARKS


_NO_MARKS: frozenset[str] = frozenset()


def _walk(
    roots: list[HtmlElement],
    chrome: frozenset[HtmlElement] | set[HtmlElement],
    *,
    in_region: bool,
    skip: set[HtmlElement] | None = None,
) -> tuple[list[Block], list[Image]]:
    """Walk the region in document order into blocks (visual lines) and images."""
    blocks: list[Block] = []
    images: list[Image] = []
    pieces: list[str] = []
    piece_marks: set[str] = set()
    skip = skip or set()

    def flush(element: HtmlElement, marks: frozenset[str]) -> None:
        if pieces:
            text = squash("".join(pieces))
            if text:
                blocks.append(Block(len(blocks), text, element, frozenset(piece_marks | marks), in_region))
            pieces.clear()
            piece_marks.clear()

    def visit(el: HtmlElement, container: HtmlElement, marks: frozenset[str]) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # a processing instruction or entity that survived parsing
            if el.tail:
                pieces.append(el.tail)
            return
        if el in chrome or el in skip:
            if el.tail:
                pieces.append(el.tail)
                piece_marks.update(marks)
            return
        own = _own_marks(el, tag)
        inner = marks | own if own else marks
        role = el.get("role")
        if tag in ("img", "amp-img", "svg", "amp-anim") or (role == "img"):
            image = _image(el, tag if tag in ("img", "amp-img", "svg", "amp-anim") else "role=img", len(blocks))
            if image is not None:
                images.append(image)
            if tag == "svg":
                if el.tail:
                    pieces.append(el.tail)
                return
        elif tag == "source":
            parent = el.getparent()
            if parent is not None and parent.tag == "picture":
                image = _image(el, tag, len(blocks))
                if image is not None:
                    img = parent.find("img")
                    if img is not None:
                        image.labels = tuple(v for v in (img.get("alt"), img.get("title")) if v) + image.labels
                    images.append(image)
        if tag == "br":
            flush(container, marks)
            if el.tail:
                pieces.append(el.tail)
                piece_marks.update(marks)
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush(container, marks)
            container_here = el
        else:
            container_here = container
        if el.text:
            pieces.append(el.text)
            piece_marks.update(inner)
        for child in el:
            visit(child, container_here, inner)
        if block:
            flush(el, inner)
        if el.tail:
            pieces.append(el.tail)
            piece_marks.update(marks)

    for root in roots:
        tail, root.tail = root.tail, None  # the text after the region is not part of it
        try:
            visit(root, root, _NO_MARKS)
        finally:
            root.tail = tail
        flush(root, _NO_MARKS)
    return blocks, images


# --------------------------------------------------------------------------------------------------------------
# CSS paths for evidence.


def css_path(el: HtmlElement, short: bool = False) -> str:
    """A readable CSS path to ``el`` ("article#post-1 > div.entry-content > p:nth-of-type(3)").

    The path starts at the nearest ancestor with an id (or at ``body``); ``short`` gives just the element.
    """
    parts: list[str] = []
    node: HtmlElement | None = el
    while node is not None and isinstance(node.tag, str) and node.tag not in ("html",):
        part = node.tag
        ident = node.get("id")
        if ident and " " not in ident.strip():
            parts.append(f"{part}#{ident.strip()}")
            break
        classes = [c for c in (node.get("class") or "").split() if re.match(r"^[A-Za-z_][\w-]*$", c)][:2]
        if classes:
            part += "." + ".".join(classes)
        parent = node.getparent()
        if parent is not None and node.tag != "body":
            same = [s for s in parent if s.tag == node.tag]
            if len(same) > 1:
                part += f":nth-of-type({same.index(node) + 1})"
        parts.append(part)
        if short or node.tag == "body":
            break
        node = parent
    return " > ".join(reversed(parts))
