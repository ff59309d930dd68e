"""The parts of the page model: which pieces of a page does a check get to read (blocks, images, links...)?

Also the small element helpers every part of the page model uses: the text of an element, its length, and a
readable CSS path to it for evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeAlias

import lxml.etree

from ..errors import PageNotChecked
from ..folding import fold, squash

# Plain lxml.etree elements: lxml.html's element classes cost a Python call for every element touched.
HtmlElement: TypeAlias = lxml.etree._Element


class PageError(PageNotChecked):
    """The document cannot be read as a web page (empty, not HTML)."""


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
    element: HtmlElement = field(repr=False, default=None)

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


def text_of(el: HtmlElement) -> str:
    """All the text inside ``el`` (not its tail)."""
    return lxml.etree.tostring(el, method="text", encoding="unicode", with_tail=False)


_TEXT_LEN = lxml.etree.XPath("string-length(.)")


def text_len(el: HtmlElement) -> int:
    return int(_TEXT_LEN(el))


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
