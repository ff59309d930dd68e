"""CSS selectors matched to a page's elements, from the subject leftwards, as a browser matches them.

Most selectors of hiding rules are tags, classes and ids joined by combinators (``.site-header .logo``,
``#cookie > div``). :func:`compile_selector` reads those with one regex into a :class:`Simple` selector, matched
right to left: from the elements that carry the subject's class or id (a handful, found in the page's
:class:`NameIndex`), up through ancestors and siblings. One XPath run over the whole tree per selector, as
cssselect's translation needs, cost more than the rest of a check on large pages.

Everything richer (attributes, pseudo-classes, ``:not()``, escapes) is a :class:`Translated` selector: cssselect
(lxml's companion) translates it to XPath, run once per page over the whole tree. Both give the same answers:
class tokens split on the whitespace XPath's ``normalize-space`` knows, tag names compared in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import cssselect
import lxml.etree

if TYPE_CHECKING:
    from .parts import HtmlElement

_TRANSLATOR = cssselect.HTMLTranslator()
_IDENT = r"-?[_a-zA-Z\u00a0-\uffff][\w\u00a0-\uffff-]*"
_COMPOUND = re.compile(rf"(\*|[a-zA-Z][\w-]*)?((?:[.#]{_IDENT})*)")
_NAME = re.compile(rf"([.#])({_IDENT})")
_COMBINATOR = re.compile(r"\s*([>+~])\s*|\s+")
_XML_SPACE = str.maketrans("\t\n\r", "   ")
_PSEUDO_ELEMENT = re.compile(r"::|:(?:before|after|first-line|first-letter)(?![\w-])", re.I)

# A compound selector: its tag (None: any), the classes and the ids it needs.
_Compound = tuple[str | None, tuple[str, ...], tuple[str, ...]]


@lru_cache(maxsize=8192)
def class_tokens(value: str) -> frozenset[str]:
    """The class names of a ``class`` attribute, split as XPath's ``normalize-space`` splits."""
    return frozenset(value.translate(_XML_SPACE).split(" ")) - {""}


@dataclass(frozen=True)
class Simple:
    """A selector of tags, classes and ids joined by combinators, matched right to left."""

    text: str
    compounds: tuple[_Compound, ...]  # left to right
    combinators: tuple[str, ...]  # combinators[i] joins compounds[i] and compounds[i + 1]: " ", ">", "+", "~"
    specificity: tuple[int, int, int]

    @property
    def subject(self) -> _Compound:
        return self.compounds[-1]

    def matches(self, el: HtmlElement) -> bool:
        return _matches(el, self.compounds, self.combinators, len(self.compounds) - 1)


@dataclass(frozen=True)
class Translated:
    """A selector cssselect reads: matched by ``test`` on the elements that carry its subject's names, or by its
    XPath over the whole tree (:func:`whole_xpath`)."""

    text: str  # cssselect's canonical form
    specificity: tuple[int, int, int]
    subject: _Compound  # the names (and tag) the subject needs
    test: lxml.etree.XPath | None  # true for an element the selector matches; None when cssselect's XPath cannot
    # be turned into a test of one element

    def matches(self, el: HtmlElement) -> bool:
        return bool(self.test(el)) if self.test is not None else False


class _ElementTests(cssselect.HTMLTranslator):
    """cssselect's translation, turned around: an XPath that tests the context element (combinators become
    conditions on its ancestors and earlier siblings) instead of a path that finds elements from the root."""

    @staticmethod
    def _step(expr: cssselect.xpath.XPathExpr) -> str:
        if expr.path:
            raise cssselect.xpath.ExpressionError("not a single step")
        return f"{expr.element}[{expr.condition}]" if expr.condition else str(expr.element)

    def xpath_descendant_combinator(
        self, left: cssselect.xpath.XPathExpr, right: cssselect.xpath.XPathExpr
    ) -> cssselect.xpath.XPathExpr:
        return right.add_condition(f"ancestor::{self._step(left)}")

    def xpath_child_combinator(
        self, left: cssselect.xpath.XPathExpr, right: cssselect.xpath.XPathExpr
    ) -> cssselect.xpath.XPathExpr:
        return right.add_condition(f"parent::{self._step(left)}")

    def xpath_direct_adjacent_combinator(
        self, left: cssselect.xpath.XPathExpr, right: cssselect.xpath.XPathExpr
    ) -> cssselect.xpath.XPathExpr:
        if left.path:
            raise cssselect.xpath.ExpressionError("not a single step")
        test = "" if left.element == "*" else f"[self::{left.element}]"
        condition = f"[{left.condition}]" if left.condition else ""
        return right.add_condition(f"preceding-sibling::*[1]{test}{condition}")

    def xpath_indirect_adjacent_combinator(
        self, left: cssselect.xpath.XPathExpr, right: cssselect.xpath.XPathExpr
    ) -> cssselect.xpath.XPathExpr:
        return right.add_condition(f"preceding-sibling::{self._step(left)}")


_TESTS = _ElementTests()


def _element_test(parsed: cssselect.parser.Selector) -> lxml.etree.XPath | None:
    try:
        expr = _TESTS.xpath(parsed.parsed_tree)
        return lxml.etree.XPath(f"boolean(self::{_TESTS._step(expr)})")
    except (cssselect.SelectorError, cssselect.xpath.ExpressionError, lxml.etree.XPathError):
        return None


def _subject_of(tree: object) -> _Compound:
    """The tag, classes and ids the subject (last compound) of a parsed selector needs."""
    while type(tree).__name__ == "CombinedSelector":
        tree = tree.subselector  # type: ignore[attr-defined]
    tag = None
    classes: list[str] = []
    ids: list[str] = []
    while tree is not None:
        kind = type(tree).__name__
        if kind == "Class":
            classes.append(tree.class_name)  # type: ignore[attr-defined]
        elif kind == "Hash":
            ids.append(tree.id)  # type: ignore[attr-defined]
        elif kind == "Element":
            element = tree.element  # type: ignore[attr-defined]
            tag = element.lower() if element and tree.namespace is None else None  # type: ignore[attr-defined]
            break
        tree = getattr(tree, "selector", None)
    return tag, tuple(classes), tuple(ids)


Selector = Simple | Translated


def _compound_ok(el: HtmlElement, compound: _Compound) -> bool:
    tag, classes, ids = compound
    if tag is not None and el.tag != tag:
        return False
    if ids:
        ident = el.get("id")
        if ident is None or any(i != ident for i in ids):
            return False
    if classes:
        value = el.get("class")
        if not value:
            return False
        tokens = class_tokens(value)
        if any(c not in tokens for c in classes):
            return False
    return True


def _elements(nodes: Iterable[HtmlElement]) -> Iterator[HtmlElement]:
    """The elements among ``nodes`` (not comments or processing instructions)."""
    return (node for node in nodes if isinstance(node.tag, str))


def _matches(el: HtmlElement, compounds: tuple[_Compound, ...], combinators: tuple[str, ...], i: int) -> bool:
    if not _compound_ok(el, compounds[i]):
        return False
    if i == 0:
        return True
    combinator = combinators[i - 1]
    if combinator == " ":
        return any(_matches(a, compounds, combinators, i - 1) for a in el.iterancestors())
    if combinator == ">":
        parent = el.getparent()
        return parent is not None and _matches(parent, compounds, combinators, i - 1)
    before = _elements(el.itersiblings(preceding=True))
    if combinator == "+":
        previous = next(before, None)
        return previous is not None and _matches(previous, compounds, combinators, i - 1)
    return any(_matches(s, compounds, combinators, i - 1) for s in before)


def _simple(text: str) -> Simple | None:
    """``text`` as a :class:`Simple` selector, or None when it needs more than tags, classes, ids and
    combinators."""
    parts = _COMBINATOR.split(text.strip())
    # parts: compound, combinator group (None for whitespace), compound, ...
    compounds: list[_Compound] = []
    combinators: list[str] = []
    for i in range(0, len(parts), 2):
        written = parts[i]
        match = _COMPOUND.fullmatch(written) if written else None
        if match is None or not written:
            return None
        tag = match.group(1)
        names = _NAME.findall(match.group(2))
        compounds.append(
            (
                None if tag is None or tag == "*" else tag.lower(),
                tuple(name for kind, name in names if kind == "."),
                tuple(name for kind, name in names if kind == "#"),
            )
        )
        if i + 1 < len(parts):
            combinators.append(parts[i + 1] or " ")
    ids = sum(len(c[2]) for c in compounds)
    classes = sum(len(c[1]) for c in compounds)
    tags = sum(1 for c in compounds if c[0] is not None)
    return Simple(text.strip(), tuple(compounds), tuple(combinators), (ids, classes, tags))


_INVALID = object()  # a selector cssselect cannot parse: browsers drop the whole rule for it


@lru_cache(maxsize=16384)
def split_list(prelude: str) -> tuple[str, ...]:
    """The selectors of a rule's prelude, split at its top-level commas (not those inside ``:is(a, b)``,
    ``[title="a,b"]`` or quotes)."""
    if not any(c in prelude for c in "([\"'\\"):
        return tuple(part.strip() for part in prelude.split(","))
    parts: list[str] = []
    depth, quote, start, i = 0, "", 0, 0
    while i < len(prelude):
        c = prelude[i]
        if c == "\\":
            i += 2
            continue
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth = max(0, depth - 1)
        elif c == "," and depth == 0:
            parts.append(prelude[start:i].strip())
            start = i + 1
        i += 1
    parts.append(prelude[start:].strip())
    return tuple(parts)


def compile_list(prelude: str) -> tuple[Selector, ...]:
    """The selectors of a rule's prelude that can hide an element. Those with a pseudo-element (``::before``
    hides generated content, not the element) and those cssselect cannot translate are left out; a list with one
    that cssselect cannot parse hides nothing, as a browser drops such a rule."""
    return compile_parts(split_list(prelude))


def compile_parts(parts: tuple[str, ...] | list[str]) -> tuple[Selector, ...]:
    """:func:`compile_list` for a prelude already split."""
    found = [_compile(part) for part in parts]
    if any(s is _INVALID for s in found):
        return ()
    return tuple(s for s in found if isinstance(s, (Simple, Translated)))


@lru_cache(maxsize=32768)
def _compile(text: str) -> Selector | object | None:
    """One selector, compiled; None when it can hide nothing (a pseudo-element, or what cssselect cannot
    translate), _INVALID when cssselect cannot parse it."""
    if not any(c in text for c in "()[]\\\"':"):
        simple = _simple(text)
        if simple is not None:
            return simple
    elif _PSEUDO_ELEMENT.search(text) and "(" not in text and "[" not in text:
        return None
    try:
        parsed = cssselect.parse(text)
    except cssselect.SelectorError:
        return _INVALID
    if len(parsed) != 1 or parsed[0].pseudo_element is not None:
        return None
    selector = parsed[0]
    canonical = selector.canonical()
    test = _element_test(selector)
    if test is None and _translated(canonical) is None:
        return None
    return Translated(canonical, selector.specificity(), _subject_of(selector.parsed_tree), test)


@lru_cache(maxsize=8192)
def _translated(selector: str) -> lxml.etree.XPath | None:
    try:
        return lxml.etree.XPath(_TRANSLATOR.css_to_xpath(selector))
    except (cssselect.SelectorError, cssselect.xpath.ExpressionError, lxml.etree.XPathError):
        return None


def whole_xpath(selector: Selector) -> lxml.etree.XPath | None:
    """The XPath that finds what ``selector`` matches in a whole tree (cssselect's translation)."""
    return _translated(selector.text)


def compile_one(selector: str) -> Selector | None:
    """One selector (no commas), as :func:`compile_list` reads it."""
    found = _compile(selector)
    return found if isinstance(found, (Simple, Translated)) else None


class NameIndex:
    """The page's elements by class and by id, for the names asked for: one pass over the tree."""

    def __init__(self, root: HtmlElement, classes: set[str], ids: set[str]) -> None:
        self.by_class: dict[str, list[HtmlElement]] = {}
        self.by_id: dict[str, list[HtmlElement]] = {}
        wanted: dict[str, tuple[str, ...]] = {}  # class attribute -> the asked-for names in it
        by_class, by_id = self.by_class, self.by_id
        for el in root.iter():
            value = el.get("class")
            if value:
                names = wanted.get(value)
                if names is None:
                    names = wanted[value] = tuple(classes.intersection(class_tokens(value)))
                for name in names:
                    by_class.setdefault(name, []).append(el)
            if ids:
                ident = el.get("id")
                if ident is not None and ident in ids:
                    by_id.setdefault(ident, []).append(el)

    def candidates(self, subject: _Compound) -> list[HtmlElement] | None:
        """The elements that carry the subject's rarest name; None when the subject names no class or id."""
        _, classes, ids = subject
        if ids:
            return self.by_id.get(ids[0], [])
        if classes:
            return min((self.by_class.get(c, []) for c in classes), key=len)
        return None
