"""The page model: what a reader of the article sees, and where. Built once per page; every check reads it.

``Page.parse(html, url)`` parses with lxml once, then:

1. reads the metadata (title, ``<meta>``, canonical, JSON-LD);
2. finds the article region: the paragraphs of the page are grouped under the story body that holds them
   (``itemprop=articleBody`` or a CMS content class such as ``entry-content`` or ``field--name-body``) and the
   ``article`` around it; without such markup, under an ``article``; else the densest run of paragraphs. Paragraphs
   in site chrome or hidden elements never count. The region grows to take in the headline when the headline
   sits just outside it;
3. walks the region once into text blocks (one per visual line: a paragraph, a heading, a list item, a
   ``<br>``-separated line) and images, skipping what no reader sees — ``<script>``, ``<style>``, ``<template>``,
   ``<noscript>``, ``[hidden]``, inline ``display:none`` / ``visibility:hidden``, visually-hidden classes (comments
   are dropped by the parser) — and site chrome (navigation, sidebars, widgets, related stories, comments, share
   bars). Skipped elements are remembered, so that a failing check can say "found, but hidden" or "found, but in
   the sidebar".

Everything outside the region is reachable lazily (:meth:`Page.outside_blocks`, :meth:`Page.other_images`) for
messages like "the logo is only in the sidebar"; most pages never need it.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple
from urllib.parse import urljoin

import lxml.etree

from .errors import PageNotChecked
from .folding import alias_pattern, fold, fold_lines, squash

# Plain lxml.etree elements: lxml.html's element classes cost a Python call for every element touched.
HtmlElement = lxml.etree._Element


class PageError(PageNotChecked):
    """The document cannot be read as a web page (empty, not HTML)."""


# ----------------------------------------------------------------------------------------------------------------
# What no reader sees.

_INVISIBLE_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object", "embed", "head", "title"})
_HIDDEN_CLASSES = frozenset(
    {
        "screen-reader-text",
        "sr-only",
        "visually-hidden",
        "visuallyhidden",
        "element-invisible",
        "screen-reader-only",
        "a11y-hidden",
    }
)
_HIDDEN_STYLE = re.compile(r"(?<![-\w])(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.I)

# ----------------------------------------------------------------------------------------------------------------
# Site chrome: never part of the article, even inside the region.

_CHROME_TAGS = frozenset({"nav", "amp-sidebar", "form", "button", "select", "dialog", "menu"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar"})
# A class or id token is chrome when it is one of _CHROME_EXACT, or when its first or last dash/underscore-separated
# part says so ("sidebar-left", "jp-relatedposts" no, "post-share", "td-ad"), or any part is "related"/"sidebar".
_CHROME_EXACT = frozenset(
    ["secondary", "widget-area", "jp-relatedposts", "crp_related", "sharedaddy", "a2a_kit", "masthead", "respond", "discussion", "more-stories", "more_stories", "read-next", "read_next", "top-stories", "top_stories", "nav-links", "nav_links", "pagination", "post-navigation", "post_navigation", "advertisement", "adsbygoogle", "tags", "tag-list", "post-tags", "entry-tags", "cat-links", "tags-links", "recommendations", "recommendation", "comment-list", "comments-area", "comment-section", "comments-section"]
)
_CHROME_FIRST = frozenset(
    ["sidebar", "widget", "widgets", "related", "share", "sharing", "social", "newsletter", "subscribe", "subscription", "signup", "paywall", "breadcrumb", "breadcrumbs", "menu", "nav", "navbar", "navigation", "advert", "ad", "ads", "promo", "sponsor", "sponsored", "outbrain", "taboola", "zergnet", "revcontent", "cookie", "cookies", "gdpr", "consent", "modal", "popup", "overlay", "popular", "trending", "recommended", "disqus", "comments", "comment", "yarpp", "addtoany", "dfp", "gpt", "most"]
)
_CHROME_LAST = frozenset(
    ["sidebar", "widget", "related", "share", "sharing", "shares", "newsletter", "menu", "navigation", "nav", "ad", "ads", "popular", "trending", "recommended"]
)
_CHROME_ANY = frozenset(
    {"related", "sidebar", "relatedposts", "newsletter", "outbrain", "taboola", "breadcrumb", "breadcrumbs"}
)
# Layout words: "sidebar-layout", "l-grid--article-sidebar", "has-sidebar", "panel-two-col-sidebar-right" name a
# page layout that *has* a sidebar, and wrap the article itself.
_CHROME_VETO = frozenset(
    {
        "layout",
        "container",
        "grid",
        "col",
        "cols",
        "column",
        "columns",
        "row",
        "rows",
        "template",
        "has",
        "with",
        "wrapper",
        "wrap",
        "page",
        "main",
        "enabled",
        "on",
        "included",
        "one",
        "two",
        # page builders wrap every piece of content in their "widgets" and "blocks"
        "elementor",
        "wp",
        "et",
        "vc",
        "fl",
        "block",
        "blocks",
    }
)
_CHROME_NOT = frozenset({"comment-content", "comments-count", "comment-count", "share-count", "nav-links-wrapper"})
_PARTS = re.compile(r"[-_]+")


def _chrome_token_test(token: str, parts: list[str] | None = None) -> bool:
    """Whether a class or id token names site chrome. ``parts``: the token lower-cased and split on - and _."""
    low = token.lower()
    if low in _CHROME_EXACT:
        return True
    if low in _CHROME_NOT:
        return False
    if parts is None:
        parts = [p for p in _PARTS.split(low) if p]
    if not parts or not _CHROME_VETO.isdisjoint(parts):
        return False
    if parts[0] in _CHROME_FIRST or parts[-1] in _CHROME_LAST:
        return True
    # "site-header", "site-footer", "site-navigation" are chrome; "site-content", "site-main" are not
    if (
        parts[0] == "site"
        and len(parts) > 1
        and parts[1] in ("header", "footer", "nav", "navigation", "branding", "info")
    ):
        return True
    return not _CHROME_ANY.isdisjoint(parts)


# ----------------------------------------------------------------------------------------------------------------
# The article region.

_BODY_CLASSES = frozenset(
    ["entry-content", "post-content", "article-content", "article-body", "article__body", "article__content", "articlebody", "article-text", "story-body", "story-content", "story-text", "post-body", "post-entry", "entry-body", "field--name-body", "field-name-body", "node__content", "content-body", "body-content", "single-content", "single-post-content", "td-post-content", "post_content", "the-content", "rich-text", "article-main"]
)
_BODY_IDS = frozenset({"article-body", "articleBody", "story-body", "article-content"})
_CONTAINER_CLASSES = frozenset({"hentry", "type-post", "h-entry"})

# ----------------------------------------------------------------------------------------------------------------
# Blocks and images.

_BLOCK_TAGS = frozenset(
    ["p", "div", "section", "article", "header", "footer", "main", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "blockquote", "figure", "figcaption", "pre", "address", "hr", "fieldset", "details", "summary", "center", "amp-carousel", "amp-accordion", "body", "html"]
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that may wrap a whole story: only these are checked before being taken for chrome (a wrapper holding
# paragraphs of its own is content, whatever its class says; the story's own wrappers are kept anyway).
_SMALL = lxml.etree.XPath("count(.//p) < 4")
_WRAPPER_TAGS = frozenset({"div", "section", "main", "article", "table", "tbody", "tr", "td", "center"})
_INLINE_TAGS = frozenset({"span", "a", "em", "strong", "b", "i", "small", "time", "abbr", "cite", "font", "u"})
_IMAGE_TAGS = frozenset({"img", "amp-img", "amp-anim", "svg", "source"})
_BYLINE_CLASS = re.compile(
    r"by-?line|author|writer|contributor|reporter|journalist|autor|auteur|posted-?by|article-?by|meta-?by",
    re.I,
)
_CAPTION_CLASS = re.compile(r"caption|credit|photo-?by|image-?source", re.I)
_AUTHOR_HREF = re.compile(
    r"/(?:author|authors|autor|autoren|auteur|byline|writers?|reporters?|journalists?|staff|people|profiles?|"
    r"contributors?)/",
    re.I,
)
_TOPIC_HREF = re.compile(
    r"/(?:tags?|topics?|themen?|thema|schlagworte?|stichworte?|keywords?|categor(?:y|ies)|sujets?|temas?|person|personen)/",
    re.I,
)
_PX = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$")
_STYLE_SIZE = re.compile(r"(?<![-\w])(width|height)\s*:\s*(\d+(?:\.\d+)?)\s*px", re.I)
_BG_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.I)
_TEXT_LEN = lxml.etree.XPath("string-length(.)")
_ROLE_IMG = lxml.etree.XPath(".//*[@role='img']")
_IMG_URL_ATTRS = (
    "src",
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-orig-file",
    "data-large-file",
    "data-url",
    "data-lazy",
)
_IMG_SRCSET_ATTRS = ("srcset", "data-srcset", "data-lazy-srcset")

BYLINE = "byline"  # inside an element marked as byline / author (class, id, rel, itemprop, author link)
TOPIC = "topic"  # a link to a tag or topic page ("/tag/donald-trump/"): a subject of the story, not its author
HEADING = "heading"
CAPTION = "caption"
_NO_MARKS: frozenset[str] = frozenset()


class Block:
    """One visual line of text: a paragraph, a heading, a list item, a ``<br>``-separated line."""

    __slots__ = ("index", "text", "words", "element", "marks", "in_region", "_folded")

    def __init__(self, index: int, text: str, element: HtmlElement, marks: frozenset[str], in_region: bool = True):
        self.index = index
        self.text = text
        self.words = text.count(" ") + 1 if text else 0
        self.element = element
        self.marks = marks
        self.in_region = in_region
        self._folded: str | None = None

    def __repr__(self) -> str:
        return f"Block({self.index}, {self.text[:40]!r}, marks={sorted(self.marks)})"

    @property
    def folded(self) -> str:
        """The text folded for comparison (see :func:`checker.folding.fold`)."""
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded

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
    block_index: int  # index of the first block after the image (its position among the blocks); -1 outside

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
        text = f"<{self.kind}"
        if label:
            text += f' "{squash(label)[:80]}"'
        if url:
            text += f" {url[:120]}"
        return text + ">"


@dataclass(frozen=True, eq=False)
class Hidden:
    """An element of the article region that no reader sees, and why (``class sr-only``, ``<template>``...)."""

    element: HtmlElement
    reason: str

    @property
    def where(self) -> str:
        return css_path(self.element)


@dataclass(frozen=True, eq=False)
class Link:
    """A link a reader sees in the article: ``href`` resolved against the page's URL, its text, and the block
    (visual line) it sits in."""

    href: str
    text: str
    block: Block
    element: HtmlElement = field(repr=False, default=None)  # type: ignore[assignment]

    @property
    def where(self) -> str:
        return css_path(self.element) if self.element is not None else self.block.where


@dataclass(frozen=True, eq=False)
class Resource:
    """A URL the markup makes the browser load (an image, pixel, script or frame), anywhere in the document."""

    kind: str  # img, amp-img, amp-pixel, script, iframe
    url: str
    element: HtmlElement = field(repr=False)

    @property
    def where(self) -> str:
        return css_path(self.element)

    @property
    def in_noscript(self) -> bool:
        """Inside ``<noscript>``: loaded only by browsers with scripts off."""
        return any(a.tag == "noscript" for a in self.element.iterancestors())


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
    hidden: list[Hidden]
    chrome: dict[HtmlElement, str]
    root: HtmlElement
    raw_source: str | bytes = ""  # the HTML as given (bytes: UTF-8), see ``source``
    cache: dict[Any, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, html: str | bytes, url: str | None = None, *, charset: str | None = None) -> Page:
        """Parse ``html`` (text, or bytes whose encoding is found as a browser finds it, ``charset`` being the
        HTTP header's) into the page model. Raises PageError."""
        if isinstance(html, bytes):
            from .fetch import decode_html, utf8_as_is

            if utf8_as_is(html, charset):
                data = html  # lxml reads UTF-8 as it is; the text is decoded only if a message needs it
                source: str | bytes = html
            else:
                text = decode_html(html, charset)[0]
                data = text.encode("utf-8", "surrogatepass")
                source = text
        else:
            data = html.encode("utf-8", "surrogatepass")
            source = html
        if not data or data.isspace():
            raise PageError("the page is empty")
        parser = lxml.etree.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, no_network=True
        )
        try:
            root = lxml.etree.fromstring(data, parser=parser)
        except (lxml.etree.XMLSyntaxError, lxml.etree.ParserError, ValueError) as exc:
            raise PageError(f"the page cannot be parsed as HTML ({exc})") from None
        if root is None or not isinstance(root.tag, str):
            raise PageError("the page has no HTML content")
        metadata = _Metadata(url)
        body = root.find("body")
        head = root.find("head")
        if body is None:
            body = root  # then the one pass over it meets the head's elements too
        elif head is not None:
            for el in head.iter(*_METADATA_TAGS):
                metadata.take(el)
        roots, how, headline, headline_el, story, story_body, window = _find_region(body, metadata)
        title, meta, canonical, jsonld = metadata.title, metadata.meta, metadata.canonical, metadata.jsonld
        lang = root.get("lang") or None
        # The headline, the story and what holds them are never site chrome, whatever their classes say.
        protected = [a for el in (headline_el, story, story_body) if el is not None for a in (el, *el.iterancestors())]
        walker = _Walker(find_chrome=True, keep=protected, window=window, header=(headline_el, story_body))
        walker.walk(roots)
        if window is not None:
            _take_bylines_around(window[0], window[1], body, walker)
        elif roots[0] is not body:
            _take_bylines_around(roots[0], roots[0], body, walker)
        return cls(
            url=url,
            title=title,
            lang=lang,
            meta=meta,
            canonical=canonical,
            jsonld_sources=tuple(jsonld),
            headline=headline,
            blocks=walker.blocks,
            images=walker.images,
            region_roots=tuple(roots),
            region_how=how,
            hidden=walker.hidden,
            chrome=walker.chrome,
            root=root,
            raw_source=source,
        )

    # ------------------------------------------------------------------------------------------------------------
    @cached_property
    def jsonld(self) -> list[dict[str, Any]]:
        """JSON-LD objects of the page that name an author or creator, ``@graph`` flattened. Unreadable blocks are
        skipped."""
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
            if '"author"' not in source and '"creator"' not in source:
                continue  # only authors are read from JSON-LD: skip parsing the rest
            try:
                collect(json.loads(source))
            except ValueError:
                continue
        return out

    def meta_values(self, *names: str) -> list[str]:
        """The contents of the ``<meta>`` tags with these names or properties (lower-case)."""
        out: list[str] = []
        for name in names:
            out.extend(self.meta.get(name, ()))
        return out

    @cached_property
    def text(self) -> str:
        """All the region's visible text, one block per line."""
        return "\n".join(b.text for b in self.blocks)

    @cached_property
    def folded_text(self) -> str:
        """The region's visible text, folded (see :func:`checker.folding.fold`), one block per line.

        Computing it folds every block at once (much faster than block by block) and fills ``Block.folded``.
        """
        folded = fold_lines([b.text for b in self.blocks])
        starts = []
        offset = 0
        for block, text in zip(self.blocks, folded):
            block._folded = text
            starts.append(offset)
            offset += len(text) + 1
        self.cache["line-starts"] = starts
        return "\n".join(folded)

    def names_any(self, names: tuple[str, ...] | list[str]) -> bool:
        """Whether the region's visible text names any of ``names`` as whole words (folded). Cached."""
        key = ("names-any", tuple(names))
        if key not in self.cache:
            text = self.folded_text
            # A plain substring test first: the alternation regex has no literal prefix to scan for quickly.
            self.cache[key] = any(fold(n) in text for n in names) and alias_pattern(names).search(text) is not None
        return bool(self.cache[key])

    def search_blocks(self, pattern: re.Pattern[str]) -> Iterator[tuple[Block, int, int]]:
        """Every match of ``pattern`` in the folded text of the region's blocks: (block, start, end) in
        ``block.folded``. One regex pass over the whole text; a match never spans two blocks."""
        text = self.folded_text
        starts: list[int] = self.cache["line-starts"]
        for match in pattern.finditer(text):
            index = bisect.bisect_right(starts, match.start()) - 1
            block = self.blocks[index]
            start = match.start() - starts[index]
            end = match.end() - starts[index]
            if end <= len(block.folded):
                yield block, start, end

    @cached_property
    def heading_index(self) -> int | None:
        """Index of the block holding the article's headline, if it is in the region."""
        for block in self.blocks:
            tag = block.element.tag
            if tag == "h1" or (tag in _HEADING_TAGS and self.headline and block.text == self.headline):
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
        """Index of the last long paragraph: the end of the story's body."""
        for block in reversed(self.blocks):
            if block.words >= 25 and BYLINE not in block.marks:
                return block.index
        return len(self.blocks) - 1

    @cached_property
    def links(self) -> list[Link]:
        """The links a reader sees in the article region, in document order: each ``<a href>`` of the region that
        is not hidden, not in site chrome, and whose text (or a visible image in it) is part of a visible block.
        ``href`` is resolved against the page's URL."""
        from .urls import absolute

        owners: dict[HtmlElement, list[Block]] = {}
        for each in self.blocks:
            owners.setdefault(each.element, []).append(each)
        unseen = {h.element for h in self.hidden}
        unseen.update(self.chrome)
        images = {image.element: image for image in self.images}
        out: list[Link] = []
        seen: set[HtmlElement] = set()
        for root in self.region_roots:
            for a in root.iter("a"):
                href = (a.get("href") or "").strip()
                if not href or a in seen:
                    continue
                seen.add(a)
                owner: list[Block] | None = None
                visible = True
                for node in (a, *a.iterancestors()):
                    if node in unseen or _invisible_reason(node):
                        visible = False
                        break
                    if owner is None and node in owners:
                        owner = owners[node]
                    if node is root:
                        break
                if not visible:
                    continue
                text = squash(text_of(a))
                block: Block | None = None
                if text and owner:
                    block = next((b for b in owner if text in b.text), owner[0])
                elif not text:
                    image = next((images[i] for i in a.iter() if i in images), None)
                    if image is None or not self.blocks:
                        continue  # nothing of it is seen
                    block = owner[0] if owner else self.blocks[min(max(image.block_index, 0), len(self.blocks) - 1)]
                    text = next((label for label in image.labels if label), "")
                if block is None:
                    continue
                out.append(Link(absolute(href, self.url), text, block, a))
        return out

    @cached_property
    def resources(self) -> list[Resource]:
        """Every URL the markup loads, anywhere in the document (head, site chrome, hidden elements included):
        ``img`` (``src``, ``data-src``, the first ``srcset`` candidate), ``amp-img``, ``amp-pixel``, ``script``
        and ``iframe`` ``src``. ``<link href>`` is not included. Comments are gone (the parser drops them), so
        a pixel commented out does not count; lxml parses ``<noscript>`` content as elements, and a pixel there
        counts (it loads when scripts are off: see :attr:`Resource.in_noscript`). Content of ``<template>``
        never loads and is left out."""
        from .urls import absolute

        out: list[Resource] = []
        for el in self.root.iter("img", "amp-img", "amp-pixel", "script", "iframe"):
            kind = el.tag
            candidates = [el.get("src")]
            if kind in ("img", "amp-img"):
                candidates.append(el.get("data-src"))
                srcset = _srcset_urls(el.get("srcset"))
                candidates.append(srcset[0] if srcset else None)
            urls: list[str] = []
            for value in candidates:
                value = (value or "").strip()
                if not value or value.lower().startswith(("data:", "about:", "javascript:")):
                    continue
                url = absolute(value, self.url)
                if url not in urls:
                    urls.append(url)
            if not urls or any(a.tag == "template" for a in el.iterancestors()):
                continue
            out.extend(Resource(kind, url, el) for url in urls)
        return out

    # ------------------------------------------------------------------------------------------------------------
    # Outside the region: computed only when a failing check wants to say where else something is.

    @cached_property
    def source(self) -> str:
        """The page's HTML as text, for cheap "is it anywhere at all" tests before any walk."""
        raw = self.raw_source
        return raw if isinstance(raw, str) else raw.decode("utf-8", "replace")

    @cached_property
    def _body(self) -> HtmlElement:
        body = self.root.find("body")
        return body if body is not None else self.root

    def mentions(self, name: str) -> bool:
        """Whether every word of ``name`` occurs in the page's source (lower, Capitalised or UPPER case).

        A cheap, loose test before walking the rest of the page to say where else something is.
        """
        words = [w for w in re.split(r"[\W_]+", name.lower()) if w and w.isascii()]
        if not words:
            return True
        word = max(words, key=len)  # the most telling word is enough for a loose test
        variants = (word, word.capitalize(), word.upper())
        raw = self.raw_source
        if isinstance(raw, bytes):  # UTF-8 as it came: search the bytes, decode nothing
            return any(v.encode() in raw for v in variants)
        return any(v in raw for v in variants)

    @cached_property
    def page_text(self) -> str:
        """All the text of the page's body, folded, hidden parts included: to test whether a name is anywhere
        before walking the rest of the page to say where."""
        return fold(text_of(self._body))

    def outside_blocks(self) -> list[Block]:
        """Visible blocks of the page outside the article region (site chrome, other stories). Walked on demand."""
        if "outside-blocks" not in self.cache:
            walker = _Walker(find_chrome=False, skip=set(self.region_roots))
            walker.walk([self._body])
            self.cache["outside-blocks"] = walker.blocks + [b for el in self.chrome for b in _walk_all(el)]
        return self.cache["outside-blocks"]  # type: ignore[no-any-return]

    def other_images(self) -> list[Image]:
        """The page's images that are not shown in the article: outside it, in chrome, or hidden."""
        inside = {id(i.element) for i in self.images}
        return [i for i in _images_in(self._body) if id(i.element) not in inside]

    def locate(self, element: HtmlElement) -> str:
        """Where ``element`` is, for messages: "hidden (class sr-only)", "in aside#secondary (class widget-area)"."""
        for ancestor in (element, *element.iterancestors()):
            reason = _invisible_reason(ancestor)
            if reason:
                return f"hidden ({reason})"
        for ancestor in (element, *element.iterancestors()):
            if ancestor in self.chrome:
                return f"in {css_path(ancestor, short=True)} ({self.chrome[ancestor]})"
            if ancestor in self.region_roots:
                return "in the article"
            reason = _chrome_reason(ancestor) or (
                ancestor.tag if ancestor.tag in ("header", "footer", "aside") else None
            )
            if reason:
                return f"in {css_path(ancestor, short=True)} ({reason}), outside the article"
        return "outside the article"

    def hidden_blocks(self) -> Iterator[tuple[Hidden, str]]:
        """Text of the hidden elements of the region, for "found, but hidden" messages."""
        for item in self.hidden:
            if item.element.tag in ("script", "style"):
                continue
            text = squash(text_of(item.element))
            if text:
                yield item, text


# ----------------------------------------------------------------------------------------------------------------
# Facts about elements, cached by attribute value: the same class strings repeat all over a page and a site.


class _ClassFacts(NamedTuple):
    hidden: str | None  # a visually-hidden class
    chrome: str | None  # a token marking site chrome
    body: bool  # a story-body class
    container: bool  # an article-container class
    marks: frozenset[str]  # byline / caption
    layout: bool = False  # a wrapper of the page's content ("site-content", "content-wrapper", "post-wrap")


_FACTS: dict[str, _ClassFacts] = {}


_PLAIN = _ClassFacts(None, None, False, False, _NO_MARKS)
_LAYOUT_PARTS = frozenset({"content", "contents", "layout", "wrap", "wrapper", "container", "template"})
_TOKEN_FACTS: dict[str, _ClassFacts] = {}


# WordPress's post classes name the post's tags and categories ("tag-credit-suisse", "category-sidebar-stories"):
# words chosen by editors, which say nothing of what the element is.
_TAXONOMY_TOKEN = re.compile(r"^(?:tag|category)-", re.I)


def _token_facts(token: str) -> _ClassFacts:
    facts = _TOKEN_FACTS.get(token)
    if facts is None and _TAXONOMY_TOKEN.match(token):
        facts = _TOKEN_FACTS[token] = _PLAIN
    if facts is None:
        marks = set()
        byline = _last_match_end(_BYLINE_CLASS, token)
        caption = _last_match_end(_CAPTION_CLASS, token)
        # The last word names what the element is: "ACredit-Author" is an author, "author-photo-credit" a credit.
        if byline or caption:
            marks.add(BYLINE if byline > caption else CAPTION)
        parts = [p for p in _PARTS.split(token.lower()) if p]
        body = token in _BODY_CLASSES
        container = token in _CONTAINER_CLASSES
        facts = _ClassFacts(
            hidden=token if token in _HIDDEN_CLASSES else None,
            chrome=token if _chrome_token_test(token, parts) else None,
            body=body,
            container=container,
            marks=frozenset(marks) if marks else _NO_MARKS,
            layout=body or container or not _LAYOUT_PARTS.isdisjoint(parts),
        )
        if facts == _PLAIN:
            facts = _PLAIN
        if len(_TOKEN_FACTS) < 200_000:
            _TOKEN_FACTS[token] = facts
    return facts


def _last_match_end(pattern: re.Pattern[str], token: str) -> int:
    """Where the last match of ``pattern`` in ``token`` ends (0: none)."""
    end = 0
    for match in pattern.finditer(token):
        end = match.end()
    return end


def _facts(value: str) -> _ClassFacts:
    """Facts of a class (or id) attribute value, cached by value and by token: class strings are unique
    combinations ("post-4121 post type-post status-publish") of tokens that repeat everywhere."""
    facts = _FACTS.get(value)
    if facts is None:
        parts = [_token_facts(t) for t in value.split()]
        found = [f for f in parts if f is not _PLAIN]
        if not found:
            facts = _PLAIN
        elif len(found) == 1:
            facts = found[0]
        else:
            layout = any(f.layout for f in found)
            facts = _ClassFacts(
                hidden=next((f.hidden for f in found if f.hidden), None),
                # "cs-site-content cs-sidebar-right", "post-wrap sidebar-on": a content wrapper of a page laid
                # out with a sidebar, not the sidebar.
                chrome=None if layout else next((f.chrome for f in found if f.chrome), None),
                body=any(f.body for f in found),
                container=any(f.container for f in found),
                marks=frozenset().union(*(f.marks for f in found)),
                layout=layout,
            )
        if len(_FACTS) < 100_000:
            _FACTS[value] = facts
    return facts


def _maybe_hidden(style: str) -> bool:
    """Cheap test before the regex: could this inline style hide the element?"""
    low = style.lower()
    return "none" in low or "hidden" in low


def _hidden_reason(tag: str, hidden_attr: bool, style: str | None, facts: _ClassFacts | None) -> str | None:
    """Why no reader sees an element, from what was read of it: its tag, ``hidden``, inline style, class facts."""
    if tag in _INVISIBLE_TAGS:
        return f"<{tag}>"
    if hidden_attr:
        return "hidden attribute"
    if style and _maybe_hidden(style):
        match = _HIDDEN_STYLE.search(style)
        if match:
            return f'style "{squash(match.group(0))}"'
    if facts is not None and facts.hidden:
        return f"class {facts.hidden}"
    return None


def _invisible_reason(el: HtmlElement) -> str | None:
    """Why no reader sees ``el`` (and what it holds), or None."""
    cls = el.get("class")
    return _hidden_reason(el.tag, el.get("hidden") is not None, el.get("style"), _facts(cls) if cls else None)


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
            token = _facts(value).chrome
            if token:
                return f"{attr} {token}"
    return None


def text_of(el: HtmlElement) -> str:
    """All the text inside ``el`` (not its tail)."""
    return lxml.etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def _text_len(el: HtmlElement) -> int:
    return int(_TEXT_LEN(el))


# ----------------------------------------------------------------------------------------------------------------
# Metadata.


class _Metadata:
    """Title, ``<meta>`` contents by lower-cased name, canonical URL and JSON-LD sources, gathered as the
    elements go by (the head's, then those met in the one pass over the body)."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self.title: str | None = None
        self.meta: dict[str, list[str]] = {}
        self.canonical: str | None = None
        self.jsonld: list[str] = []

    def take(self, el: HtmlElement) -> None:
        tag = el.tag
        if tag == "meta":
            key = el.get("name") or el.get("property") or el.get("itemprop")
            content = el.get("content")
            if key and content:
                self.meta.setdefault(key.strip().lower(), []).append(content.strip())
        elif tag == "script":
            kind = el.get("type")  # read the script's text (maybe a large bundle) only for JSON-LD
            if kind and kind.strip().lower() == "application/ld+json" and el.text:
                self.jsonld.append(el.text)
        elif tag == "link":
            href = el.get("href")
            if self.canonical is None and href and "canonical" in (el.get("rel") or "").lower().split():
                try:
                    self.canonical = urljoin(self.url or "", href.strip())
                except ValueError:  # "http://[::1": a canonical nobody can follow is no canonical
                    self.canonical = None
        elif tag == "title" and self.title is None:
            self.title = squash(text_of(el)) or None


_METADATA_TAGS = ("title", "meta", "link", "script")


# ----------------------------------------------------------------------------------------------------------------
# Finding the article region.


class _Climb(NamedTuple):
    """What the ancestors of an element (itself included) say about the paragraphs under it."""

    excluded: bool  # hidden, or site chrome, or an aside: its paragraphs are not the story
    story: HtmlElement | None  # innermost story-body element
    container: HtmlElement | None  # innermost article container


def _find_region(
    body: HtmlElement, metadata: _Metadata
) -> tuple[
    list[HtmlElement],
    str,
    str | None,
    HtmlElement | None,
    HtmlElement,
    HtmlElement,
    tuple[HtmlElement, HtmlElement] | None,
]:
    """The element(s) holding the republished article, how they were found, the headline (text and element),
    the element holding the story (its container when there is one), the story's own body (where its text
    starts), and the window of the walk (see :class:`_Walker`), if any.

    One pass over the body collects the paragraphs, headlines and ``article`` / ``main`` elements (and hands the
    metadata elements it meets to ``metadata``).
    """
    memos: dict[bool, dict[int, tuple[HtmlElement, _Climb]]] = {True: {}, False: {}}

    def own(el: HtmlElement, up: _Climb, strict: bool) -> _Climb:
        """What ``el`` adds to what its ancestors say (the innermost story body and container win)."""
        tag = el.tag
        cls = ident = style = itemprop = itemtype = role = None
        hidden_attr = False
        for key, value in el.items():  # one read of the attributes
            if key == "class":
                cls = value
            elif key == "id":
                ident = value
            elif key == "style":
                style = value
            elif key == "itemprop":
                itemprop = value
            elif key == "itemtype":
                itemtype = value
            elif key == "role":
                role = value
            elif key == "hidden":
                hidden_attr = True
        facts = _facts(cls) if cls else None
        excluded = (
            up.excluded
            or (strict and tag == "aside")  # an aside around the whole story is a markup error, seen when not strict
            or tag in _CHROME_TAGS
            or _hidden_reason(tag, hidden_attr, style, facts) is not None
            or (strict and facts is not None and facts.chrome is not None)
            or (strict and ident is not None and _facts(ident).chrome is not None)
            or (strict and role is not None and role.strip().lower() in _CHROME_ROLES)
        )
        is_story = (facts is not None and facts.body) or itemprop == "articleBody" or ident in _BODY_IDS
        is_container = (
            tag == "article"
            or (facts is not None and facts.container)
            or (itemtype is not None and ("Article" in itemtype or "BlogPosting" in itemtype))
        )
        return _Climb(excluded, el if is_story else up.story, el if is_container else up.container)

    def climb(el: HtmlElement | None, strict: bool = True) -> _Climb:
        """What ``el`` and its ancestors say; memoised, and iterative so that any nesting depth is fine.

        ``strict``: class, id and role names of site chrome exclude too (not only tags and hidden elements)."""
        memo = memos[strict]
        chain: list[HtmlElement] = []
        node = el
        known = _Climb(False, None, None)
        while node is not None and node is not body and isinstance(node.tag, str):
            memoised = memo.get(id(node))
            if memoised is not None:
                known = memoised[1]
                break
            chain.append(node)
            node = node.getparent()
        for node in reversed(chain):
            known = own(node, known, strict)
            memo[id(node)] = (node, known)
        return known

    by_parent: dict[int, list[Any]] = {}
    h1s: list[HtmlElement] = []
    landmarks: list[HtmlElement] = []
    for p in body.iter("p", "h1", "h2", "article", "main", *_METADATA_TAGS):
        tag = p.tag
        if tag != "p":
            if tag == "h1" or tag == "h2":
                h1s.append(p)
            elif tag in ("article", "main"):
                landmarks.append(p)
            elif tag != "script" or p.get("type"):  # most scripts have no type: nothing to read there
                metadata.take(p)
            continue
        length = _text_len(p)
        if length < 20:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        entry = by_parent.get(id(parent))
        if entry is None:
            by_parent[id(parent)] = [parent, length]
        else:
            entry[1] += length

    region: HtmlElement | None = None
    story_body: HtmlElement | None = None
    how = ""
    # The 40 containers richest in paragraph text are enough to find the story (pages of comments have hundreds).
    ranked = sorted(by_parent.values(), key=lambda entry: -entry[1])[:40]
    # Strictly first; when class names of chrome hide every paragraph (a layout named "sidebar-layout" or
    # "widget" wrapping the story), again with only tags and hidden elements excluding.
    # Also when what strict reading leaves is small beside a story that a chrome-named wrapper holds together with
    # the headline, or that has a story-body class of its own ("paywall" around "article-body").
    wrapped = _wrapped_story(ranked, climb, h1s)
    for strict in (True, False):
        story_scores: dict[int, list[Any]] = {}
        container_scores: dict[int, list[Any]] = {}
        best_parent: HtmlElement | None = None
        best_parent_score = 0
        for parent, score in ranked:
            info = climb(parent, strict)
            if info.excluded:
                continue
            if score > best_parent_score:
                best_parent, best_parent_score = parent, score
            if info.story is not None:
                entry = story_scores.setdefault(id(info.story), [info.story, 0, info.container])
                entry[1] += score
            if info.container is not None:
                entry = container_scores.setdefault(id(info.container), [info.container, 0])
                entry[1] += score
        best_total = max(best_parent_score, 1)
        if strict and wrapped and wrapped >= 3 * best_parent_score:
            continue  # a story under chrome names outweighs what the strict reading kept: read loosely
        if story_scores:
            story, score, container = max(story_scores.values(), key=lambda e: e[1])
            if score >= 80 and score * 3 >= best_total:
                story_body = story
                region = container if container is not None and _contains(container, story) else story
                how = f"story body {css_path(story, short=True)}"
                if region is not story:
                    how = f"{css_path(region, short=True)} around the {how}"
        if region is None and container_scores:
            container, score = max(container_scores.values(), key=lambda e: e[1])
            if score >= 200 and score * 3 >= best_total:
                region, how = container, css_path(container, short=True)
        if region is None and best_parent is not None and best_parent_score >= 200:
            region, how = best_parent, f"densest text {css_path(best_parent, short=True)}"
        if region is not None:
            break
    if region is None:
        articles = [a for a in landmarks if not climb(a).excluded]
        if articles:
            region = max(articles, key=_text_len)
            how = css_path(region, short=True)
    if region is None:
        region, how = body, "whole page (no article found)"

    # A headline in the article counts even under a class name of chrome ("sidebar" around a post's header).
    headings = [
        h
        for h in h1s
        if _text_len(h) and (not climb(h).excluded or (_contains(region, h) and not climb(h, False).excluded))
    ]
    headline_el = _pick_headline(headings, region, metadata.meta, metadata.title)
    roots = [region]
    window: tuple[HtmlElement, HtmlElement] | None = None
    if headline_el is not None and not _contains(region, headline_el):
        lca = _common_ancestor(headline_el, region)
        if lca is not None:
            # The article's header (headline, byline, date) often sits outside the element holding the story.
            # Walk their common ancestor, but keep only what lies from the headline to the end of the story
            # (or from the story to the headline): what comes before or after is the rest of the site.
            roots = [lca]
            window = (headline_el, region) if _precedes(headline_el, region) else (region, headline_el)
            how += ", widened to take in the headline"
    headline = squash(text_of(headline_el)) if headline_el is not None else None
    return roots, how, headline or None, headline_el, region, region if story_body is None else story_body, window


def _wrapped_story(
    ranked: list[list[Any]], climb: Callable[[HtmlElement, bool], _Climb], h1s: list[HtmlElement]
) -> int:
    """The text of the richest paragraph container that only class, id or role names of chrome exclude, when it is
    a story: it has a story-body class, or an article element not itself named as chrome, or the chrome-named
    wrapper also holds the page's ``h1``. Else 0."""
    for parent, score in ranked:
        if score < 1500:
            return 0
        if not climb(parent, True).excluded:
            continue  # the strict reading sees this one
        loose = climb(parent, False)
        if loose.excluded:
            continue
        if loose.story is not None or (loose.container is not None and _chrome_reason(loose.container) is None):
            return int(score)
        outer = next((a for a in reversed([parent, *parent.iterancestors()]) if _chrome_reason(a)), None)
        if outer is not None and any(h.tag == "h1" and _contains(outer, h) for h in h1s):
            return int(score)
    return 0


def _pick_headline(
    headings: list[HtmlElement], region: HtmlElement, meta: dict[str, list[str]], title: str | None
) -> HtmlElement | None:
    """The article's headline among the page's visible ``h1`` and ``h2``: one repeating the page's title (or
    og:title) first, in the region before elsewhere; else the region's first ``h1``; else the last ``h1`` before
    the region."""
    wanted = [fold(t) for t in (meta.get("og:title", []) + ([title] if title else [])) if t]

    def repeats_title(heading: HtmlElement) -> bool:
        text = fold(text_of(heading))
        return len(text) > 12 and any(text in w or w in text for w in wanted)

    titled = [h for h in headings if wanted and repeats_title(h)]
    inside = [h for h in titled if _contains(region, h)]
    if inside or titled:
        return (inside or titled)[0]
    h1s = [h for h in headings if h.tag == "h1"]
    inside = [h for h in h1s if _contains(region, h)]
    if inside:
        return inside[0]
    before = [h for h in h1s if _precedes(h, region)]
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
    alive = [a, *a.iterancestors()]  # held, so that each proxy keeps its id while we compare
    chain = {id(x) for x in alive}
    for node in (b, *b.iterancestors()):
        if id(node) in chain:
            return node
    return None


# ----------------------------------------------------------------------------------------------------------------
# Images.


def _number(value: str | None) -> float | None:
    if not value:
        return None
    match = _PX.match(value)
    return float(match.group(1)) if match else None


def _srcset_urls(value: str | None) -> list[str]:
    if not value:
        return []
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _image(el: HtmlElement, block_index: int) -> Image | None:
    """The image ``el`` shows (``img``, ``amp-img``, ``picture > source``, ``svg``, ``role=img``), or None."""
    tag = el.tag
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
        if tag == "source":
            picture = next((a for a in el.iterancestors() if a.tag == "picture"), None)
            # lxml's HTML parser may nest the <img> inside the <source>: look anywhere in the <picture>.
            img = picture.find(".//img") if picture is not None else None
            if img is None:
                return None  # a <source> of <video> or <audio>
            labels.extend(v for v in (img.get("alt"), img.get("title")) if v and v.strip())
    elif tag == "svg":
        kind = "svg"
        title = el.find(".//title")
        if title is not None:
            labels.append(squash(text_of(title)))
        for use in el.iter("use", "image"):
            href = use.get("href") or use.get("{http://www.w3.org/1999/xlink}href")
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


# A line opening with an author label, perhaps after a date: "Von …", "Autorin/Autor …", "12.03.2025 - Redaktion: …"
_AUTHOR_LABEL = re.compile(
    r"^[\d\s.,:/|•·–—-]*(?:by|von|written by|autor(?:in)?(?:/autor(?:in)?)?|autoren|autorinnen|author|authors|"
    r"auteur|autora|text|texte|texto|redaktion|erstellt von|verfasst von|geschrieben von)\b",
    re.I,
)
# Other stories' teasers: an article element, or several headings.
_TEASERS = lxml.etree.XPath("boolean(descendant-or-self::article or count(.//h2|.//h3|.//h4) > 1)")


def _take_bylines_around(first: HtmlElement, last: HtmlElement, body: HtmlElement, walker: _Walker) -> None:
    """Bylines just outside the article: a theme's byline bar above it (before ``first``, its headline or story)
    or an author line below it (after ``last``). The few elements nearest to it are read, nearest first, at the
    level of the element, its parent or its grandparent; only short lines marked as byline or author, or opening
    with an author label ("Von ...", "Autorin/Autor ..."), count there, and never from site chrome."""
    before = _bylines_beside(first, body, preceding=True)
    after = _bylines_beside(last, body, preceding=False)
    if not before and not after:
        return
    shift = len(before)
    walker.blocks = before + walker.blocks + after
    for index, block in enumerate(walker.blocks):
        block.index = index
    for image in walker.images:
        image.block_index += shift


def _bylines_beside(element: HtmlElement, body: HtmlElement, *, preceding: bool) -> list[Block]:
    """The byline lines (at most three) of the first of ``element``'s nearest siblings on one side that has any,
    looking at the element's own siblings, then its parent's, then its grandparent's."""
    node: HtmlElement | None = element
    for _ in range(3):  # the element, its parent, its grandparent: their nearest siblings on that side
        if node is None or node is body:
            break
        for sibling in itertools.islice(node.itersiblings(preceding=preceding), 6):
            if (
                not isinstance(sibling.tag, str)
                or sibling.tag == "aside"
                or _invisible_reason(sibling)
                or _chrome_reason(sibling)
            ):
                continue
            if not preceding and (_text_len(sibling) > 4000 or _TEASERS(sibling)):
                continue  # comments, or more stories below this one (their bylines are not this article's)
            side = _Walker(find_chrome=True)
            side.walk([sibling])
            found = [
                b
                for b in side.blocks
                if b.words <= 20 and (BYLINE in b.marks or (CAPTION not in b.marks and _AUTHOR_LABEL.match(b.text)))
            ]
            if found:
                return found[-3:] if preceding else found[:3]
        node = node.getparent()
    return []


def _walk_all(root: HtmlElement) -> list[Block]:
    walker = _Walker(find_chrome=False)
    walker.walk([root])
    return walker.blocks


def _images_in(root: HtmlElement) -> list[Image]:
    """Every image in ``root`` (itself included), visible or not: for messages about where else a logo is."""
    found = [el for el in root.iter(*_IMAGE_TAGS)] + list(_ROLE_IMG(root))
    if root.get("role") == "img":
        found.append(root)
    return [image for el in found if (image := _image(el, -1)) is not None]


# ----------------------------------------------------------------------------------------------------------------
# The walk: blocks and images of the region, in document order.


class _Walker:
    """Walks element trees into blocks (visual lines) and images, skipping what no reader sees.

    With ``find_chrome``, site chrome met on the way (navigation, sidebars, share bars, related stories...) is
    skipped and remembered in ``chrome``; a "chrome" wrapper holding most of the text is kept.
    """

    def __init__(
        self,
        *,
        find_chrome: bool,
        skip: set[HtmlElement] | None = None,
        keep: list[HtmlElement] | None = None,
        window: tuple[HtmlElement, HtmlElement] | None = None,
        header: tuple[HtmlElement | None, HtmlElement] | None = None,
    ) -> None:
        self.find_chrome = find_chrome
        # The article's header: from the end of the headline to the start of the story. A byline there is the
        # article's even inside a share bar or a "sidebar" of the header (``_holds_byline``).
        self.header = header
        self._in_header = False
        self._story_met = False
        self.skip = skip or set()
        self._kept = keep or []  # elements never taken for chrome (held here so that their ids stay theirs)
        self.keep = {id(el) for el in self._kept}
        self._alive: list[HtmlElement] = []
        self.window = window  # keep only the blocks from the start of window[0] to the end of window[1]
        self._window_start = 0
        self._window_end: int | None = None
        self.blocks: list[Block] = []
        self.images: list[Image] = []
        self.hidden: list[Hidden] = []
        self.chrome: dict[HtmlElement, str] = {}
        self._pieces: list[str] = []
        self._marks: set[str] = set()

    def walk(self, roots: list[HtmlElement]) -> None:
        for root in roots:
            self._walk_root(root)
            self._flush(root, _NO_MARKS)
        if self.window is not None:
            first = self._window_start
            last = len(self.blocks) if self._window_end is None else self._window_end
            self.blocks = self.blocks[first:last]
            for index, block in enumerate(self.blocks):
                block.index = index
            kept = []
            for image in self.images:
                if first <= image.block_index <= last:
                    image.block_index -= first
                    kept.append(image)
            self.images = kept

    def _walk_root(self, root: HtmlElement) -> None:
        """One pass over ``root`` with lxml's iterwalk: no recursion, so any nesting depth is fine."""
        pieces = self._pieces
        marks = _NO_MARKS
        container = root
        # Per open element: (text of its subtree is skipped, it is a block, marks and container outside it).
        stack: list[tuple[bool, bool, frozenset[str], HtmlElement]] = []
        walker = lxml.etree.iterwalk(root, events=("start", "end"))
        # With a window, what lies wholly before its start is not walked, and the walk stops at its end.
        before = None
        if self.window is not None:
            start = self.window[0]
            # ids of live proxies only: the list keeps them alive (lxml makes a new proxy, with a new id, for an
            # element whose old proxy was collected)
            self._alive = [start, *start.iterancestors()]
            before = {id(a) for a in self._alive}
        for event, el in walker:
            if event == "start":
                if before is not None:
                    if id(el) not in before:
                        stack.append((True, False, marks, container))
                        walker.skip_subtree()
                        continue
                    if el is self.window[0]:  # type: ignore[index]
                        before = None
                if self.header is not None and el is self.header[1]:
                    self._in_header, self._story_met = False, True
                inner = self._start(el, container, marks, el is root)
                if inner is None:
                    stack.append((True, False, marks, container))
                    walker.skip_subtree()
                    continue
                block = el.tag in _BLOCK_TAGS
                stack.append((False, block, marks, container))
                if block:
                    if pieces:
                        self._flush(container, marks)
                    container = el
                if self.window is not None and el is self.window[0]:
                    self._flush(container, marks)
                    self._window_start = len(self.blocks)
                if el.text:
                    self._append(el.text)
                    self._marks.update(inner)
                marks = inner
            else:
                skipped, block, outer, outer_container = stack.pop()
                if self.header is not None and el is self.header[0] and not self._story_met:
                    self._in_header = True
                if block and pieces and not skipped:
                    self._flush(el, marks)
                if self.window is not None and el is self.window[1]:
                    self._flush(el, marks)
                    self._window_end = len(self.blocks)
                    break
                marks, container = outer, outer_container
                if el.tail and el is not root:  # the text after the region is not part of it
                    self._append(el.tail)
                    self._marks.update(marks)

    def _append(self, text: str) -> None:
        """Add text met at an element boundary. Where the markup glues two words that a reader sees apart
        ("By<a>Alex</a>", "<span>Jen Mills</span><span>Published</span>", "Kinsella<time>2 min ago</time>":
        a lower-case letter then a capital, or a letter against a digit), a space goes between; a name split by
        markup ("Ry<b>an</b>") stays whole."""
        pieces = self._pieces
        if pieces:
            last = pieces[-1][-1:]
            first = text[:1]
            if (
                last.isalnum()
                and first.isalnum()
                and ((last.islower() and first.isupper()) or last.isdigit() != first.isdigit())
            ):
                pieces.append(" ")
        pieces.append(text)

    def _flush(self, element: HtmlElement, marks: frozenset[str]) -> None:
        if self._pieces:
            text = squash("".join(self._pieces))
            if text:
                block_marks = frozenset(self._marks | marks) if self._marks else marks
                self.blocks.append(Block(len(self.blocks), text, element, block_marks, self.find_chrome))
            self._pieces.clear()
            self._marks.clear()

    def _start(
        self, el: HtmlElement, container: HtmlElement, marks: frozenset[str], top: bool
    ) -> frozenset[str] | None:
        """Enter ``el``: the marks its content carries, or None when its content is not walked (hidden, chrome,
        an svg, a ``<br>``...). Records hidden elements, chrome and images on the way."""
        tag = el.tag
        if not isinstance(tag, str):  # an entity or processing instruction that survived parsing
            return None
        if tag in _INVISIBLE_TAGS:
            self.hidden.append(Hidden(el, f"<{tag}>"))
            return None
        if el in self.skip:
            return None
        own = _NO_MARKS
        role = None
        items = el.items()
        if items:
            # One read of the attributes; most elements have none or only a class.
            cls = ident = style = rel = itemprop = href = None
            hidden_attr = False
            for key, value in items:
                if key == "class":
                    cls = value
                elif key == "id":
                    ident = value
                elif key == "style":
                    style = value
                elif key == "role":
                    role = value
                elif key == "hidden":
                    hidden_attr = True
                elif key == "rel":
                    rel = value
                elif key == "itemprop":
                    itemprop = value
                elif key == "href":
                    href = value
            facts = _facts(cls) if cls else None
            reason = _hidden_reason(tag, hidden_attr, style, facts)
            if reason is not None:
                self.hidden.append(Hidden(el, reason))
                return None
            id_facts = _facts(ident) if ident else None
            if self.find_chrome and not top:
                chrome = None
                if tag in _CHROME_TAGS:
                    chrome = tag
                elif role and tag not in _INLINE_TAGS and role.strip().lower() in _CHROME_ROLES:
                    chrome = f"role={role.strip().lower()}"
                elif facts is not None and facts.chrome:
                    chrome = f"class {facts.chrome}"
                elif id_facts is not None and id_facts.chrome:
                    chrome = f"id {id_facts.chrome}"
                elif tag == "article" and id(el) not in self.keep and _text_len(el) <= 500:
                    chrome = "another story (a short <article> inside the article)"
                if (
                    chrome is not None
                    and id(el) not in self.keep
                    and BYLINE not in (facts.marks if facts is not None else _NO_MARKS)
                    and (tag not in _WRAPPER_TAGS or _SMALL(el))
                    and not (self._in_header and _header_byline(el))
                ):
                    self.chrome[el] = chrome
                    return None
            own = _marks(tag, facts, id_facts, rel, itemprop, href)
        elif (
            self.find_chrome
            and not top
            and tag in _CHROME_TAGS
            and id(el) not in self.keep
            and not (self._in_header and _header_byline(el))
        ):
            self.chrome[el] = tag
            return None
        if tag in _HEADING_TAGS:
            own = own | _HEADING_MARK
        elif tag == "figcaption":
            own = own | _CAPTION_MARK
        if tag in _IMAGE_TAGS or role == "img":
            image = _image(el, len(self.blocks))
            if image is not None:
                self.images.append(image)
            if tag == "svg":
                return None  # its <title> and <text> are the image's label, not lines of the article
        if tag == "br":
            self._flush(container, marks)
            return None
        return marks | own if own else marks


def _header_byline(el: HtmlElement) -> bool:
    """Whether an element of the article's header that looks like chrome (a share bar, a "meta" strip, a
    ``<nav>`` of author links) is a byline bar: small, not an ``aside``, and holding a byline or author element."""
    return el.tag != "aside" and _text_len(el) <= 400 and not _TEASERS(el) and _holds_byline(el)


def _marks(
    tag: str,
    facts: _ClassFacts | None,
    id_facts: _ClassFacts | None,
    rel: str | None,
    itemprop: str | None,
    href: str | None,
) -> frozenset[str]:
    """What an element's own attributes say its text is: byline (class or id words, ``rel=author``,
    ``itemprop=author``, a link to an author page), caption (class words) or topic (a link to a tag page)."""
    found: set[str] = set()
    if facts is not None:
        found.update(facts.marks)
    if id_facts is not None:
        found.update(id_facts.marks)
    if (rel and "author" in rel.lower()) or (itemprop and ("author" in itemprop or "creator" in itemprop)):
        found.add(BYLINE)
    if href and tag == "a":
        if _AUTHOR_HREF.search(href):
            found.add(BYLINE)
        elif _TOPIC_HREF.search(href):
            found.add(TOPIC)
    return frozenset(found) if found else _NO_MARKS


def _holds_byline(el: HtmlElement) -> bool:
    """Whether an element holds one marked as byline or author (see :func:`_marks`)."""
    for node in el.iter():
        tag = node.tag
        if not isinstance(tag, str):
            continue
        cls, ident = node.get("class"), node.get("id")
        marks = _marks(
            tag,
            _facts(cls) if cls else None,
            _facts(ident) if ident else None,
            node.get("rel"),
            node.get("itemprop"),
            node.get("href"),
        )
        if BYLINE in marks:
            return True
    return False


_HEADING_MARK = frozenset({HEADING})
_CAPTION_MARK = frozenset({CAPTION})


# ----------------------------------------------------------------------------------------------------------------
# CSS paths for evidence.

_CSS_CLASS = re.compile(r"^[A-Za-z_][\w-]*$")


def css_path(el: HtmlElement, short: bool = False) -> str:
    """A readable CSS path to ``el`` ("article#post-1 > div.entry-content > p:nth-of-type(3)").

    The path starts at the nearest ancestor with an id (or at ``body``); ``short`` gives just the element.
    """
    parts: list[str] = []
    node: HtmlElement | None = el
    while node is not None and isinstance(node.tag, str) and node.tag != "html":
        part = node.tag
        ident = (node.get("id") or "").strip()
        if ident and " " not in ident:
            parts.append(f"{part}#{ident}")
            break
        classes = [c for c in (node.get("class") or "").split() if _CSS_CLASS.match(c)][:2]
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
