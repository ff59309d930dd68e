"""The page model: what would a reader of this article see, and where? :meth:`Page.parse` builds it once per page.

``Page.parse(html, url)`` parses with lxml once, then:

1. reads the metadata (title, ``<meta>``, canonical, JSON-LD: :mod:`.metadata`);
2. finds the article region (:mod:`.region`): the element(s) holding the story, grown to take in the headline when
   the headline sits just outside it;
3. walks the region once into text blocks (one per visual line) and images (:mod:`.walk`), skipping what no reader
   sees and site chrome (:mod:`.chrome`). Skipped elements are remembered, so that a failing check can say "found,
   but hidden" or "found, but in the sidebar";
4. takes in the byline lines just outside the region (:mod:`checker.bylines.beside`).

Everything outside the region is reachable lazily (:meth:`Page.outside_blocks`, :meth:`Page.other_images`) for
messages like "the logo is only in the sidebar"; most pages never need it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import lxml.etree

from ..bylines.beside import bylines_around
from ..bylines.markup import BYLINE
from ..encoding import choose_encoding
from ..encoding_labels import decode
from ..folding import alias_pattern, fold, fold_lines, squash
from ..sniff import not_html_reason
from ..user_regex import TextPattern
from .chrome import chrome_reason, invisible_reason
from .metadata import METADATA_TAGS, Metadata, jsonld_objects
from .parts import Block, Hidden, HtmlElement, Image, Link, PageError, Resource, css_path, text_of
from .region import find_region
from .stylesheets import apply_page_css, linked_stylesheets
from .walk import HEADING_TAGS, Walker, images_in, srcset_urls, walk_all

if TYPE_CHECKING:
    from ..bylines import BylineCandidate, NameHit


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
    encoding: str | None = None  # what the bytes were decoded as (WHATWG name), None when given text
    # What the bylines module found, kept with the page (see :func:`checker.bylines.name_hits` and
    # :func:`checker.bylines.candidates`): hits by (exact, folded name), and the byline candidates once read.
    hits_by_name: dict[tuple[bool, str], list[NameHit]] = field(default_factory=dict, init=False, repr=False)
    byline_candidates: list[BylineCandidate] | None = field(default=None, init=False, repr=False)
    _names_any: dict[tuple[str, ...], bool] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def parse(
        cls,
        html: str | bytes,
        url: str | None = None,
        *,
        charset: str | None = None,
        local: bool = False,
        page_css: bool = True,
        linked_css: Callable[[list[str]], Mapping[str, str]] | None = None,
    ) -> Page:
        """Parse ``html`` (text, or bytes whose encoding is found as a browser finds it, ``charset`` being the
        HTTP header's and ``local`` saying the bytes come from a file or stdin) into the page model. Raises
        PageError, also for bytes that are no page at all ("not an HTML page: looks like PDF"). ``page_css``:
        apply the page's own stylesheets (False for a document a browser has already judged); ``linked_css``, given
        the URLs of the page's own site's linked stylesheets, returns the text of those it could fetch."""
        encoding = None
        if isinstance(html, bytes):
            binary = not_html_reason(html, charset)
            if binary:
                raise PageError(binary)
            encoding, bom = choose_encoding(html, charset, local=local)
            if (encoding, bom) == ("UTF-8", 0):
                data = html  # lxml reads UTF-8 as it is; the text is decoded only if a message needs it
                source: str | bytes = html
            else:
                text = decode(html[bom:], encoding)
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
        metadata = Metadata(url)
        body = root.find("body")
        head = root.find("head")
        if body is None:
            body = root  # then the one pass over it meets the head's elements too
        elif head is not None:
            for el in head.iter(*METADATA_TAGS):
                metadata.take(el)
        if page_css:  # what the page's own stylesheets hide is marked hidden before anything is read
            linked = None
            if linked_css is not None and url:
                links = linked_stylesheets(root, url)
                texts = linked_css(list(links.values())) if links else {}
                linked = {link: texts[href] for link, href in links.items() if href in texts}
            apply_page_css(root, linked)
        region = find_region(body, metadata)
        # The headline, the story and what holds them are never site chrome, whatever their classes say.
        protected = [
            a
            for el in (region.headline_el, region.story, region.story_body)
            if el is not None
            for a in (el, *el.iterancestors())
        ]
        walker = Walker(
            find_chrome=True, keep=protected, window=region.window, header=(region.headline_el, region.story_body)
        )
        walker.walk(region.roots)
        if region.window is not None:
            _take_bylines_around(region.window[0], region.window[1], body, walker)
        elif region.roots[0] is not body:
            _take_bylines_around(region.roots[0], region.roots[0], body, walker)
        return cls(
            url=url,
            title=metadata.title,
            lang=root.get("lang") or None,
            meta=metadata.meta,
            canonical=metadata.canonical,
            jsonld_sources=tuple(metadata.jsonld),
            headline=region.headline,
            blocks=walker.blocks,
            images=walker.images,
            region_roots=region.roots,
            region_how=region.how,
            hidden=walker.hidden,
            chrome=walker.chrome,
            root=root,
            raw_source=source,
            encoding=encoding,
        )

    # ------------------------------------------------------------------------------------------------------------
    @cached_property
    def jsonld(self) -> list[dict[str, Any]]:
        """JSON-LD objects of the page that name an author or creator, ``@graph`` flattened. Unreadable blocks are
        skipped."""
        return jsonld_objects(self.jsonld_sources)

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
        return self._folded_lines[0]

    @cached_property
    def line_starts(self) -> list[int]:
        """Where each block's line starts in :attr:`folded_text`, by block index."""
        return self._folded_lines[1]

    @cached_property
    def _folded_lines(self) -> tuple[str, list[int]]:
        folded = fold_lines([b.text for b in self.blocks])
        starts = []
        offset = 0
        for block, text in zip(self.blocks, folded, strict=False):
            block._folded = text
            starts.append(offset)
            offset += len(text) + 1
        return "\n".join(folded), starts

    def names_any(self, names: tuple[str, ...] | list[str]) -> bool:
        """Whether the region's visible text names any of ``names`` as whole words (folded). Cached."""
        key = tuple(names)
        found = self._names_any.get(key)
        if found is None:
            text = self.folded_text
            # A plain substring test first: the alternation regex has no literal prefix to scan for quickly.
            found = any(fold(n) in text for n in names) and alias_pattern(names).search(text) is not None
            self._names_any[key] = found
        return found

    def search_blocks(self, pattern: TextPattern) -> Iterator[tuple[Block, int, int]]:
        """Every match of ``pattern`` in the folded text of the region's blocks: (block, start, end) in
        ``block.folded``. One regex pass over the whole text; a match never spans two blocks."""
        text = self.folded_text
        starts = self.line_starts
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
            if tag == "h1" or (tag in HEADING_TAGS and self.headline and block.text == self.headline):
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
        from ..urls import absolute

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
                    if node in unseen or invisible_reason(node):
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
        from ..urls import absolute

        out: list[Resource] = []
        for el in self.root.iter("img", "amp-img", "amp-pixel", "script", "iframe"):
            kind = el.tag
            candidates = [el.get("src")]
            if kind in ("img", "amp-img"):
                candidates.append(el.get("data-src"))
                srcset = srcset_urls(el.get("srcset"))
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
        return self._outside_blocks

    @cached_property
    def _outside_blocks(self) -> list[Block]:
        walker = Walker(find_chrome=False, skip=set(self.region_roots))
        walker.walk([self._body])
        return walker.blocks + [b for el in self.chrome for b in walk_all(el)]

    def other_images(self) -> list[Image]:
        """The page's images that are not shown in the article: outside it, in chrome, or hidden."""
        inside = {id(i.element) for i in self.images}
        return [i for i in images_in(self._body) if id(i.element) not in inside]

    def locate(self, element: HtmlElement) -> str:
        """Where ``element`` is, for messages: "hidden (class sr-only)", "in aside#secondary (class widget-area)"."""
        for ancestor in (element, *element.iterancestors()):
            reason = invisible_reason(ancestor)
            if reason:
                return f"hidden ({reason})"
        for ancestor in (element, *element.iterancestors()):
            if ancestor in self.chrome:
                return f"in {css_path(ancestor, short=True)} ({self.chrome[ancestor]})"
            if ancestor in self.region_roots:
                return "in the article"
            reason = chrome_reason(ancestor) or (
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


def _take_bylines_around(first: HtmlElement, last: HtmlElement, body: HtmlElement, walker: Walker) -> None:
    """Add the byline lines just above ``first`` and just below ``last`` (see
    :func:`checker.bylines.beside.bylines_around`) to the walker's blocks, renumbering its blocks and images."""
    before, after = bylines_around(first, last, body, excluded=_hidden_or_chrome, read=_blocks_seen)
    if not before and not after:
        return
    shift = len(before)
    walker.blocks = before + walker.blocks + after
    for index, block in enumerate(walker.blocks):
        block.index = index
    for image in walker.images:
        image.block_index += shift


def _hidden_or_chrome(el: HtmlElement) -> bool:
    return bool(invisible_reason(el) or chrome_reason(el))


def _blocks_seen(el: HtmlElement) -> list[Block]:
    """The blocks a reader sees in ``el``, site chrome in it skipped."""
    side = Walker(find_chrome=True)
    side.walk([el])
    return side.blocks
