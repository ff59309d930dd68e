"""Bylines beside the article: which lines just above or below the article region are its byline?

A theme's byline bar often sits above the element holding the story, and an author line below it. The page model
asks here which of those lines count; how an element reads as text, and what is hidden or site chrome, the page
model tells (``read`` and ``excluded``), so that this module never imports it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

import lxml.etree

from .markup import AUTHOR_LABEL, BYLINE, CAPTION, TEASERS

if TYPE_CHECKING:
    from ..page import Block, HtmlElement

_TEXT_LEN = lxml.etree.XPath("string-length(.)")


def bylines_around(
    first: HtmlElement,
    last: HtmlElement,
    body: HtmlElement,
    *,
    excluded: Callable[[HtmlElement], object],
    read: Callable[[HtmlElement], list[Block]],
) -> tuple[list[Block], list[Block]]:
    """Bylines just outside the article: a theme's byline bar above it (before ``first``, its headline or story)
    and an author line below it (after ``last``). The few elements nearest to it are read, nearest first, at the
    level of the element, its parent or its grandparent; only short lines marked as byline or author, or opening
    with an author label ("Von ...", "Autorin/Autor ..."), count there, and never from site chrome.

    ``excluded(el)``: whether ``el`` is hidden or site chrome; ``read(el)``: the blocks a reader sees in ``el``."""
    before = _bylines_beside(first, body, excluded, read, preceding=True)
    after = _bylines_beside(last, body, excluded, read, preceding=False)
    return before, after


def _bylines_beside(
    element: HtmlElement,
    body: HtmlElement,
    excluded: Callable[[HtmlElement], object],
    read: Callable[[HtmlElement], list[Block]],
    *,
    preceding: bool,
) -> list[Block]:
    """The byline lines (at most three) of the first of ``element``'s nearest siblings on one side that has any,
    looking at the element's own siblings, then its parent's, then its grandparent's."""
    node: HtmlElement | None = element
    for _ in range(3):  # the element, its parent, its grandparent: their nearest siblings on that side
        if node is None or node is body:
            break
        for sibling in itertools.islice(node.itersiblings(preceding=preceding), 6):
            if not isinstance(sibling.tag, str) or sibling.tag == "aside" or excluded(sibling):
                continue
            if not preceding and (int(_TEXT_LEN(sibling)) > 4000 or TEASERS(sibling)):
                continue  # comments, or more stories below this one (their bylines are not this article's)
            found = [
                b
                for b in read(sibling)
                if b.words <= 20 and (BYLINE in b.marks or (CAPTION not in b.marks and AUTHOR_LABEL.match(b.text)))
            ]
            if found:
                return found[-3:] if preceding else found[:3]
        node = node.getparent()
    return []
