"""The page's own stylesheets: which elements do the rules of its ``<style>`` elements hide from a reader?

``.dcnf-logo { display: none }`` in a theme's stylesheet hides the logo as surely as ``style="display:none"`` on
the ``<img>``. :func:`apply_page_css` finds such rules, matches them to the page's elements, and marks each
element it hides with :data:`~.chrome.HIDDEN_MARK` and the reason ("hidden by the page's stylesheet:
`.dcnf-logo { display: none }`"); the walk then treats it as hidden, like any other hidden element.

How, and why so:

- **Which rules.** A WordPress theme inlines 30 KB of CSS a page on average (over ``../shared/realworld``);
  parsing all of it with tinycss2 takes 11 ms, three times a whole check. C-speed scans (:mod:`.css_text`) first
  find the declarations that may hide (``display: none``, ``visibility: hidden``, ``opacity: 0``, ``clip``,
  ``clip-path``, off-screen offsets, ``text-indent``, 1px boxes, ``transform: scale(0)``) and the ``@media``
  blocks around them; only their rules are parsed, by tinycss2, and judged on their parsed declarations.
- **Which elements.** Selectors are matched by :mod:`.selectors`: tags, classes and ids from the subject
  leftwards, starting at the elements that carry the subject's class or id; anything richer by cssselect (lxml's
  companion). A selector with a pseudo-element (``::before`` hides generated content, not the element) or a state
  (``:hover``, ``:focus``: cssselect never matches them) hides nothing; one cssselect cannot read is skipped.
- **The cascade.** A rule that shows the element again wins over the hiding rule when it is more important, more
  specific, or as specific and later (``.post .dcnf-logo { display: block }``), and so does the element's own
  ``style``. Competing rules are looked for among those declaring the property and naming the element's tag, one of
  its classes or its id, which is how themes undo a rule.
- **Widths.** A rule inside ``@media`` counts at the widths its query admits (:mod:`.media`): hidden at the
  phone's width is hidden, and the reason says at which width. ``print``, unknown features, ``@container``,
  ``@keyframes`` and other at-rules never hide.
- **Loading guards** never hide: inlined "critical" CSS often hides the page's main container (``.container {
  opacity: 0; visibility: hidden; transition: ... }``) until the full stylesheet, linked after it, or a script
  shows it again. A rule that fades an element (a ``transition`` beside the ``opacity`` or ``visibility`` that
  hides it), and a rule hiding an element that holds most of the page's text, are taken for such guards: no site
  hides its whole story from every reader.
- **What is not modelled**, so never hides: stylesheets loaded by ``<link>`` (not fetched yet), a child made
  visible again under ``visibility: hidden``, CSS nesting, ``!important`` in inline styles against sheets' ones,
  and ``font-size: 0``, which layouts use on rows whose children set their own size again (judging it needs the
  inheritance of every descendant: ``--render`` sees it).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import tinycss2
from tinycss2.ast import Declaration

from ..defaults import VIEWPORTS
from ..folding import squash
from .chrome import HIDDEN_MARK
from .css_text import ALL_VIEWPORTS, AtBlocks, declaring, hiding_hits, may_hide, prelude_start, rule_around
from .hiding import hiding_properties
from .selectors import NameIndex, Selector, Simple, Translated, compile_one, compile_parts, split_list, whole_xpath

if TYPE_CHECKING:
    from .parts import HtmlElement

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Classes a page's scripts add or remove as it loads (``no-js`` becomes ``js``, ``ssr`` goes when the front end
# takes over, ``is-loaded`` arrives): a rule that needs one describes a state a reader's page leaves at once (it
# never hides), and a rule that shows an element again once one is set is taken to apply.
_JS_STATE = re.compile(
    r"\.(?:[\w-]*[-_])?(?:no-?js|js|ssr|loading|loaded|preload|fouc|hydrated|ready)(?:[-_][\w-]*)?(?![\w-])", re.I
)


class _Block:
    """A style rule's block, as read once per page: its selectors as written and, when first asked for, its
    declarations (most blocks met as competitors are never parsed: their selectors do not match)."""

    __slots__ = ("written", "viewports", "shown", "_body", "_declarations")

    def __init__(self, written: str, body: str, viewports: frozenset[str]) -> None:
        self.written = written  # the selectors, as written (squashed)
        self.viewports = viewports
        self.shown = written if len(written) <= 100 else written[:99] + "…"  # for messages
        self._body = body

    @property
    def declarations(self) -> dict[str, tuple[str, bool]]:
        """property -> (value, !important), lower-case."""
        return _declarations(self._body)

    @property
    def hides(self) -> tuple[str, ...]:
        """The properties by which its declarations hide (see hiding_properties)."""
        return _hides_cached(self._body)


@dataclass(frozen=True)
class _Rule:
    selector: Selector  # one selector of the rule's list
    order: int  # position in the page's stylesheets
    block: _Block

    @property
    def specificity(self) -> tuple[int, int, int]:
        return self.selector.specificity

    @property
    def declarations(self) -> dict[str, tuple[str, bool]]:
        return self.block.declarations

    @property
    def viewports(self) -> frozenset[str]:
        return self.block.viewports

    @property
    def hides(self) -> tuple[str, ...]:
        return self.block.hides


def apply_page_css(root: HtmlElement) -> None:
    """Mark the elements of ``root`` that the page's ``<style>`` rules hide (see the module's doc)."""
    sheets = [text for style in root.iter("style") if (text := _sheet_text(style))]
    if not sheets:
        return
    sheet = _Sheet(root, _COMMENT.sub(" ", "\n".join(sheets)))
    found: list[tuple[int, HtmlElement, _Rule, tuple[str, ...]]] = []
    for rule, hidden_props in sheet.hiding_rules():
        if "transition" in rule.declarations and {"opacity", "visibility"} & set(hidden_props):
            continue  # hidden to fade in: a script or a later stylesheet reveals it
        found.extend((_depth(el), el, rule, hidden_props) for el in sheet.matches(rule.selector))
    if not found:
        return
    page_text = _text_length(root)
    # Outermost first: what lies inside an element found hidden is hidden with it, and need not be judged.
    for _, el, rule, hidden_props in sorted(found, key=lambda item: (item[0], item[2].order)):
        if el.get(HIDDEN_MARK) is not None or any(a.get(HIDDEN_MARK) is not None for a in el.iterancestors()):
            continue
        if _text_length(el) * 2 > page_text:
            continue  # a loading guard over most of the page, undone by a stylesheet or script we do not run
        viewports = sheet.still_hidden(el, rule, hidden_props)
        if viewports:
            el.set(HIDDEN_MARK, _reason(rule, hidden_props, viewports))


def _depth(el: HtmlElement) -> int:
    return sum(1 for _ in el.iterancestors())


def _text_length(el: HtmlElement) -> float:
    length = el.xpath("string-length(normalize-space(string()))")
    return float(length) if isinstance(length, float) else 0.0


def _sheet_text(style: HtmlElement) -> str | None:
    """The CSS of a ``<style>`` element that may hide something, wrapped in ``@media`` when its ``media``
    attribute says where it applies; None for one that cannot: empty, without a hiding declaration, or inside
    ``<noscript>`` (what a reader without JavaScript gets: a lazy-loading plugin's "hide the lazy images" rule)
    or ``<template>``."""
    text = style.text
    if not text or not may_hide(text):
        return None
    if any(a.tag in ("noscript", "template") for a in style.iterancestors()):
        return None
    media = (style.get("media") or "").strip()
    if media and media.lower() != "all":
        return f"@media {media} {{{text}}}"
    return text


def _reason(rule: _Rule, props: tuple[str, ...], viewports: frozenset[str]) -> str:
    shown = _shown(rule, props)
    if viewports == ALL_VIEWPORTS:
        return f"hidden by the page's stylesheet: `{shown}`"
    (name,) = viewports
    return f"hidden at {name} width ({VIEWPORTS[name][0]}px) by the page's stylesheet: `{shown}`"


# The declarations a message shows beside each hiding property: those that hide together.
_SHOWN_WITH = {
    "clip": ("position", "clip"),
    "position": ("position", "left", "top", "right"),
    "width": ("width", "height", "overflow"),
}


def _shown(rule: _Rule, props: tuple[str, ...]) -> str:
    """The rule as a message shows it: its selectors and the declarations that hide (``.x { display: none }``)."""
    names = dict.fromkeys(name for prop in props for name in _SHOWN_WITH.get(prop, (prop,)))
    parts = []
    for name in names:
        if name in rule.declarations:
            value, important = rule.declarations[name]
            parts.append(f"{name}: {value}{' !important' if important else ''}")
    text = f"{rule.block.shown} {{ {'; '.join(parts)} }}"
    return text if len(text) <= 160 else text[:157] + "…"


# ---- parsing a rule --------------------------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def _hides_cached(body: str) -> tuple[str, ...]:
    return hiding_properties(_declarations(body))


@lru_cache(maxsize=16384)
def _declarations(body: str) -> dict[str, tuple[str, bool]]:
    """A rule's declarations: property -> (value, !important), lower-case, as tinycss2 reads them. Kept for the
    process: the pages of one site share their theme's CSS."""
    plain = _plain_declarations(body)
    if plain is not None:
        return plain
    declarations = {}
    for item in tinycss2.parse_blocks_contents(body, skip_comments=True, skip_whitespace=True):
        if isinstance(item, Declaration):
            declarations[item.lower_name] = (tinycss2.serialize(item.value).strip().lower(), item.important)
    return declarations


_PROPERTY = re.compile(r"[ \t\n\r\f]*(-?-?[_a-zA-Z\u0080-\uffff][-\w\u0080-\uffff]*|--)[ \t\n\r\f]*")
_IMPORTANT = re.compile(r"!\s*important\s*$", re.I)
_GLUED_SIGN = re.compile(r"[\w%][+-][\d.]")  # "1rem+2vw": tinycss2 writes "1rem/**/+2vw"


def _plain_declarations(body: str) -> dict[str, tuple[str, bool]] | None:
    """What tinycss2 reads in a block of plain declarations (no strings, escapes, nested blocks or ``url()``),
    read by splitting at ";" and ":", which is many times faster; None for any other block."""
    if any(c in body for c in "\"'\\{}") or "url(" in body:
        return None
    declarations = {}
    for part in body.split(";"):
        name, colon, value = part.partition(":")
        if not colon:
            if part.strip():
                return None  # tinycss2 skips what is no declaration; leave such a block to it
            continue
        if "(" in value and value.count("(") != value.count(")") or _GLUED_SIGN.search(value):
            return None
        if _PROPERTY.fullmatch(name) is None:
            return None
        important = _IMPORTANT.search(value)
        if important is not None:
            value = value[: important.start()]
        declarations[name.strip(" \t\n\r\f").lower()] = (value.strip().lower(), important is not None)
    return declarations


_LAST_COMPOUND = re.compile(r"[^\s>+~]+$")
_NAMES = re.compile(r"[.#]-?[_a-zA-Z\u00a0-\uffff][-\w\u00a0-\uffff]*")
_NAME_TOKEN = re.compile(r"[.#][\w-]+|(?<![\w.#-])[\w-]+")


def _may_match(selectors: tuple[str, ...], names: Collection[str]) -> list[str]:
    """The selectors whose subject, the last compound, names only classes and ids in ``names`` (or
    JavaScript-state classes): a cheap string test that spares the matching of most of a theme's rules, which
    style what the page does not have. One with brackets or parentheses is kept."""
    kept = []
    for selector in selectors:
        if "(" in selector or "[" in selector or "\\" in selector:
            kept.append(selector)
            continue
        last = _LAST_COMPOUND.search(selector)
        subject = last.group().split(":", 1)[0] if last else ""
        if all(name in names or _JS_STATE.fullmatch(name) for name in _NAMES.findall(subject)):
            kept.append(selector)
    return kept


# ---- one page's stylesheet -------------------------------------------------------------------------------------


class _Structure:
    """What is read of a stylesheet's text alone, the same for every page that carries it: its at-rule blocks,
    its hiding declarations, and which blocks declare a property."""

    def __init__(self, css: str) -> None:
        self.at_blocks = AtBlocks(css)
        self.hiding = list(dict.fromkeys(b for hit in hiding_hits(css) if (b := rule_around(css, hit)) is not None))
        self.declaring: dict[str, dict[str, list[int]]] = {}  # property -> name -> the blocks declaring it


_STRUCTURES: dict[str, _Structure] = {}  # the last 16 stylesheets met, by their text


class _Sheet:
    """The page's ``<style>`` CSS (comments removed) and what has been read of it, each thing once per page."""

    def __init__(self, root: HtmlElement, css: str) -> None:
        self.root = root
        self.css = css
        structure = _STRUCTURES.pop(css, None) or _Structure(css)  # the pages of one site share their CSS
        _STRUCTURES[css] = structure
        while len(_STRUCTURES) > 16:
            del _STRUCTURES[next(iter(_STRUCTURES))]
        self._structure = structure
        self._blocks: dict[int, _Block | None] = {}
        self._whole: dict[str, set[HtmlElement]] = {}  # selector text -> what its XPath finds in the page
        self._competing: dict[tuple[str | None, str | None, object, tuple[str, ...]], list[_Rule]] = {}
        self._index: NameIndex | None = None
        self._present: set[str] = set()  # the index's names, as ".class" and "#id"

    def hiding_rules(self) -> list[tuple[_Rule, tuple[str, ...]]]:
        """The rules with a declaration that hides, each with the properties doing it."""
        blocks = [(brace, block) for brace in self._structure.hiding if (block := self._block(brace)) and block.hides]
        if not blocks:
            return []
        self._build_index(block.written for _, block in blocks)
        found = []
        for brace, block in blocks:
            for rule in self._rules(brace, block, self._present):
                if not _JS_STATE.search(rule.selector.text):
                    found.append((rule, block.hides))
        return found

    def _build_index(self, preludes: Iterable[str]) -> None:
        """Index the page's elements by the classes and ids these selectors name."""
        classes: set[str] = set()
        ids: set[str] = set()
        for prelude in preludes:
            for name in _NAMES.findall(prelude):
                (classes if name[0] == "." else ids).add(name[1:])
        self._index = index = NameIndex(self.root, classes, ids)
        self._present = {f".{name}" for name in index.by_class} | {f"#{name}" for name in index.by_id}

    def _block(self, brace: int) -> _Block | None:
        """The style rule whose block opens at ``brace`` (None: an at-rule's, or one that applies nowhere)."""
        if brace in self._blocks:
            return self._blocks[brace]
        block = None
        viewports = self._structure.at_blocks.viewports_at(brace)
        css = self.css
        written = squash(css[prelude_start(css, brace) : brace]) if viewports else ""
        if written and not written.startswith("@"):
            close = css.find("}", brace)
            block = _Block(written, css[brace + 1 : close if close >= 0 else len(css)], viewports)
        self._blocks[brace] = block
        return block

    @staticmethod
    def _rules(brace: int, block: _Block, names: Collection[str]) -> list[_Rule]:
        """The rules (one per selector) of ``block`` whose subject names only classes and ids in ``names``."""
        kept = _may_match(split_list(block.written), names)
        return [_Rule(selector, brace, block) for selector in compile_parts(kept)] if kept else []

    def matches(self, selector: Selector) -> list[HtmlElement]:
        """The page's elements ``selector`` matches: tested one by one from those that carry its subject's class
        or id (or, for a simple selector whose subject is a tag, from the compound before it), else found by
        its XPath over the whole tree."""
        index = self._index
        assert index is not None
        candidates = index.candidates(selector.subject)
        if candidates is None and isinstance(selector, Simple):
            candidates = self._under_left(selector, index)
        if candidates is None or (isinstance(selector, Translated) and selector.test is None):
            return list(self._whole_matches(selector))
        return [el for el in candidates if selector.matches(el)]

    @staticmethod
    def _under_left(selector: Simple, index: NameIndex) -> list[HtmlElement] | None:
        """For ``.menu li`` or ``#nav > a``: the elements with the subject's tag inside (or right under) those
        that carry the previous compound's class or id; None if it names none."""
        tag = selector.subject[0]
        if tag is None or len(selector.compounds) < 2 or selector.combinators[-1] not in " >":
            return None
        left = index.candidates(selector.compounds[-2])
        if left is None:
            return None
        if selector.combinators[-1] == ">":
            return [c for a in left for c in a.iterchildren(tag)]
        return list(dict.fromkeys(d for a in left for d in a.iterdescendants(tag)))

    def _whole_matches(self, selector: Selector) -> set[HtmlElement]:
        found = self._whole.get(selector.text)
        if found is None:
            xpath = whole_xpath(selector)
            result = xpath(self.root) if xpath is not None else []
            found = self._whole[selector.text] = set(result) if isinstance(result, list) else set()
        return found

    def _matches_element(self, text: str, el: HtmlElement) -> bool:
        selector = compile_one(text)
        if selector is None:
            return False
        if isinstance(selector, Translated) and selector.test is None:
            return el in self._whole_matches(selector)
        return selector.matches(el)

    def still_hidden(self, el: HtmlElement, rule: _Rule, props: tuple[str, ...]) -> frozenset[str]:
        """The viewports at which ``rule`` still hides ``el`` once the rules that show it again have had their
        say: the element's own ``style``, or a rule naming its tag, a class or its id that wins the cascade."""
        style = el.get("style")
        if style and not rule.declarations[props[0]][1]:
            inline = _inline_names(style)
            if any(prop in inline for prop in props):
                return frozenset()  # the element's own style says otherwise (if it hid, the walk has said so)
        viewports = rule.viewports
        for other in self._competitors(el, props):
            if other.order == rule.order or not (other.viewports & viewports):
                continue
            if not self._matches_element(_without_js_state(other.selector.text), el):
                continue
            for prop in props:
                if prop not in other.declarations or prop in other.hides:
                    continue
                if _wins(other, rule, prop):
                    viewports = viewports - other.viewports
                    break
            if not viewports:
                break
        return viewports

    def _competitors(self, el: HtmlElement, props: tuple[str, ...]) -> list[_Rule]:
        """The rules naming ``el``'s tag, a class or its id whose block declares one of ``props``."""
        key = (el.get("class"), el.get("id"), el.tag, props)
        rules = self._competing.get(key)
        if rules is None:
            rules = self._competing[key] = self._find_competitors(el, props)
        return rules

    def _find_competitors(self, el: HtmlElement, props: tuple[str, ...]) -> list[_Rule]:
        names = {f".{c}" for c in (el.get("class") or "").split()}
        ident = el.get("id")
        if ident:
            names.add(f"#{ident}")
        if isinstance(el.tag, str):
            names.add(el.tag)
        braces = sorted({b for prop in props for name in names for b in self._declaring(prop).get(name, ())})
        rules = []
        for brace in braces:
            block = self._block(brace)
            if block is not None:
                rules.extend(self._rules(brace, block, names))
        return rules

    def _declaring(self, prop: str) -> dict[str, list[int]]:
        """The blocks that declare ``prop``, by each class (".x"), id ("#x") and tag name their selectors hold."""
        found = self._structure.declaring.get(prop)
        if found is None:
            css = self.css
            found = self._structure.declaring[prop] = {}
            for brace in dict.fromkeys(b for hit in declaring(css, prop) if (b := rule_around(css, hit)) is not None):
                for name in set(_NAME_TOKEN.findall(css, prelude_start(css, brace), brace)):
                    found.setdefault(name, []).append(brace)
        return found


@lru_cache(maxsize=4096)
def _inline_names(style: str) -> frozenset[str]:
    """The properties an inline ``style`` declares."""
    return frozenset(
        d.lower_name
        for d in tinycss2.parse_blocks_contents(style, skip_comments=True, skip_whitespace=True)
        if isinstance(d, Declaration)
    )


def _without_js_state(selector: str) -> str:
    """``selector`` as it applies once the page's scripts have run: its JavaScript-state classes taken as set."""
    if not _JS_STATE.search(selector):
        return selector
    parts = re.split(r"(\s*[>+~]\s*|\s+)", _JS_STATE.sub("", selector).strip())
    # parts alternate compound, combinator, compound...: a compound left empty matches any element
    return "".join(part or "*" if i % 2 == 0 else part for i, part in enumerate(parts)) or "*"


def _wins(other: _Rule, rule: _Rule, prop: str) -> bool:
    mine, theirs = rule.declarations[prop][1], other.declarations[prop][1]
    if mine != theirs:
        return theirs
    return (other.specificity, other.order) > (rule.specificity, rule.order)
