"""The page's own stylesheets: which elements do the rules of its ``<style>`` elements (and, for a page checked by
URL, of the stylesheets it links on its own site) hide from a reader?

``.dcnf-logo { display: none }`` in a theme's stylesheet hides the logo as surely as ``style="display:none"`` on
the ``<img>``. :func:`apply_page_css` finds such rules, matches them to the page's elements, and marks each
element it hides with :data:`~.chrome.HIDDEN_MARK` and the reason ("hidden by the page's stylesheet:
`.dcnf-logo { display: none }`", with the file's address for a linked one); the walk then treats it as hidden,
like any other hidden element. Which ``<link>`` elements count is :func:`linked_stylesheets`'s answer; fetching
them is :mod:`checker.fetch.stylesheets`'s job. The stylesheets are read in the order the page gives them.

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
- **What is not modelled**, so never hides: ``<link>`` stylesheets of HTML checked without fetching (a file,
  standard input, ``check_html``) or on another site, ``@import``, a child made visible again under
  ``visibility: hidden``, CSS nesting, ``!important`` in inline styles against sheets' ones,
  and ``font-size: 0``, which layouts use on rows whose children set their own size again (judging it needs the
  inheritance of every descendant: ``--render`` sees it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..defaults import VIEWPORTS
from ..fetch.stylesheets import same_site
from ..folding import squash
from ..urls import absolute
from .chrome import HIDDEN_MARK
from .css_text import ALL_VIEWPORTS, AtBlocks, declaring, hiding_hits, may_hide, prelude_start, rule_around
from .hiding import declarations, declared_names, hiding_in
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

    __slots__ = ("written", "viewports", "source", "shown", "_body")

    def __init__(self, written: str, body: str, viewports: frozenset[str], source: str | None) -> None:
        self.written = written  # the selectors, as written (squashed)
        self.viewports = viewports
        self.source = source  # the linked stylesheet's address as the page gives it; None for a <style>
        self.shown = written if len(written) <= 100 else written[:99] + "…"  # for messages
        self._body = body

    @property
    def declarations(self) -> dict[str, tuple[str, bool]]:
        """property -> (value, !important), lower-case."""
        return declarations(self._body)

    @property
    def hides(self) -> tuple[str, ...]:
        """The properties by which its declarations hide (see hiding.hiding_properties)."""
        return hiding_in(self._body)


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


def apply_page_css(root: HtmlElement, linked: Mapping[HtmlElement, str] | None = None) -> None:
    """Mark the elements of ``root`` that the page's stylesheets hide (see the module's doc): its ``<style>``
    elements and, in ``linked``, the text of the ``<link>`` elements' stylesheets that were fetched (see
    :func:`linked_stylesheets`), in the order the page gives them."""
    sheets: list[tuple[str, str | None]] = []  # (CSS, where it comes from: None for a <style>)
    for el in root.iter("style", "link") if linked else root.iter("style"):
        text = _sheet_text(el, el.text if el.tag == "style" else linked.get(el) if linked else None)
        if text:
            sheets.append((text, None if el.tag == "style" else el.get("href")))
    if not sheets:
        return
    sheet = _Sheet(root, sheets)
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


def linked_stylesheets(root: HtmlElement, url: str) -> dict[HtmlElement, str]:
    """The ``<link>`` elements of the page at ``url`` whose stylesheets a reader's browser applies and that are on
    the page's own site, with the stylesheets' URLs: ``rel="stylesheet"`` (not an alternate, not ``disabled``),
    and the ``rel="preload" as="style"`` a script turns into one as the page loads. Those inside ``<noscript>``
    or ``<template>`` are not applied."""
    found: dict[HtmlElement, str] = {}
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if not href or link.get("disabled") is not None:
            continue
        applied = "stylesheet" in rel and "alternate" not in rel
        preloaded = (
            "preload" in rel
            and (link.get("as") or "").lower() == "style"
            and "stylesheet" in (link.get("onload") or "")
        )
        if not (applied or preloaded) or any(a.tag in ("noscript", "template") for a in link.iterancestors()):
            continue
        sheet_url = absolute(href, url)
        if same_site(sheet_url, url):
            found[link] = sheet_url
    return found


def _depth(el: HtmlElement) -> int:
    return sum(1 for _ in el.iterancestors())


def _text_length(el: HtmlElement) -> float:
    length = el.xpath("string-length(normalize-space(string()))")
    return float(length) if isinstance(length, float) else 0.0


def _sheet_text(el: HtmlElement, text: str | None) -> str | None:
    """The CSS ``text`` of a ``<style>`` element (or of a ``<link>``'s stylesheet) with comments removed, when it
    may hide something, wrapped in ``@media`` when the element's ``media`` attribute says where it applies; None
    for one that cannot: empty, without a hiding declaration, or inside ``<noscript>`` (what a reader without
    JavaScript gets: a lazy-loading plugin's "hide the lazy images" rule) or ``<template>``."""
    if not text or not may_hide(text):
        return None
    if any(a.tag in ("noscript", "template") for a in el.iterancestors()):
        return None
    text = _COMMENT.sub(" ", text)
    media = (el.get("media") or "").strip()
    if media and media.lower() != "all":
        return f"@media {media} {{{text}}}"
    return text


def _reason(rule: _Rule, props: tuple[str, ...], viewports: frozenset[str]) -> str:
    shown = _shown(rule, props)
    sheet = f"the page's stylesheet {rule.block.source}" if rule.block.source else "the page's stylesheet"
    if viewports == ALL_VIEWPORTS:
        return f"hidden by {sheet}: `{shown}`"
    (name,) = viewports
    return f"hidden at {name} width ({VIEWPORTS[name][0]}px) by {sheet}: `{shown}`"


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
    """What is read of one stylesheet's text alone, the same for every page that carries it: its at-rule blocks,
    its hiding declarations, and which blocks declare a property (positions in that text)."""

    def __init__(self, css: str) -> None:
        self.css = css
        self.at_blocks = AtBlocks(css)
        self.hiding = list(dict.fromkeys(b for hit in hiding_hits(css) if (b := rule_around(css, hit)) is not None))
        self._declaring: dict[str, dict[str, list[int]]] = {}  # property -> name -> the blocks declaring it

    def declaring(self, prop: str) -> dict[str, list[int]]:
        """The blocks that declare ``prop``, by each class (".x"), id ("#x") and tag name their selectors hold."""
        found = self._declaring.get(prop)
        if found is None:
            css = self.css
            found = self._declaring[prop] = {}
            for brace in dict.fromkeys(b for hit in declaring(css, prop) if (b := rule_around(css, hit)) is not None):
                for name in set(_NAME_TOKEN.findall(css, prelude_start(css, brace), brace)):
                    found.setdefault(name, []).append(brace)
        return found


_STRUCTURES: dict[str, _Structure] = {}  # the last stylesheets met, by their text: the pages of a site share them
_KEPT_STRUCTURES = 32


def _structure(css: str) -> _Structure:
    structure = _STRUCTURES.pop(css, None) or _Structure(css)
    _STRUCTURES[css] = structure
    while len(_STRUCTURES) > _KEPT_STRUCTURES:
        del _STRUCTURES[next(iter(_STRUCTURES))]
    return structure


class _Sheet:
    """The page's stylesheets (comments removed), read as one text in their order, and what has been read of
    them, each thing once per page."""

    def __init__(self, root: HtmlElement, sheets: list[tuple[str, str | None]]) -> None:
        self.root = root
        self.css = "\n".join(text for text, _ in sheets)
        self._parts: list[tuple[int, _Structure, str | None]] = []  # (offset in css, structure, source)
        offset = 0
        for text, source in sheets:
            self._parts.append((offset, _structure(text), source))
            offset += len(text) + 1
        self._offsets = [part[0] for part in self._parts]
        self._blocks: dict[int, _Block | None] = {}
        self._whole: dict[str, set[HtmlElement]] = {}  # selector text -> what its XPath finds in the page
        self._competing: dict[tuple[str | None, str | None, object, tuple[str, ...]], list[_Rule]] = {}
        self._index: NameIndex | None = None
        self._present: set[str] = set()  # the index's names, as ".class" and "#id"

    def _part(self, pos: int) -> tuple[int, _Structure, str | None]:
        return self._parts[bisect.bisect_right(self._offsets, pos) - 1]

    def hiding_rules(self) -> list[tuple[_Rule, tuple[str, ...]]]:
        """The rules with a declaration that hides, each with the properties doing it."""
        braces = [offset + brace for offset, structure, _ in self._parts for brace in structure.hiding]
        blocks = [(brace, block) for brace in braces if (block := self._block(brace)) and block.hides]
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
        offset, structure, source = self._part(brace)
        viewports = structure.at_blocks.viewports_at(brace - offset)
        css = self.css
        written = squash(css[prelude_start(css, brace) : brace]) if viewports else ""
        if written and not written.startswith("@"):
            close = css.find("}", brace)
            block = _Block(written, css[brace + 1 : close if close >= 0 else len(css)], viewports, source)
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
            inline = declared_names(style)
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
        braces = sorted(
            {
                offset + brace
                for offset, structure, _ in self._parts
                for prop in props
                for name in names
                for brace in structure.declaring(prop).get(name, ())
            }
        )
        rules = []
        for brace in braces:
            block = self._block(brace)
            if block is not None:
                rules.extend(self._rules(brace, block, names))
        return rules


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
