"""The page's own stylesheets: which elements do the rules of its ``<style>`` elements hide from a reader?

``.dcnf-logo { display: none }`` in a theme's stylesheet hides the logo as surely as ``style="display:none"`` on
the ``<img>``. :func:`apply_page_css` finds such rules, matches them to the page's elements, and marks each
element it hides with :data:`~.chrome.HIDDEN_MARK` and the reason ("hidden by the page's stylesheet:
`.dcnf-logo { display: none }`"); the walk then treats it as hidden, like any other hidden element.

How, and why so:

- **Which rules.** A WordPress theme inlines 30 KB of CSS a page on average (over ``../shared/realworld``);
  parsing all of it with tinycss2 takes 11 ms, three times a whole check. A C-speed scan first finds the
  declarations that may hide (``display: none``, ``visibility: hidden``, ``opacity: 0``, ``clip``, ``clip-path``,
  off-screen offsets, ``text-indent``, 1px boxes, ``transform: scale(0)``); only their rules
  are parsed, by tinycss2, and judged on their parsed declarations.
- **Which elements.** Selectors are matched by cssselect (lxml's companion), translated once per selector text
  for the process. A selector with a pseudo-element (``::before`` hides generated content, not the element) or a
  state (``:hover``, ``:focus``: cssselect never matches them) hides nothing; one cssselect cannot read is skipped.
- **The cascade.** A rule that shows the element again wins over the hiding rule when it is more important, more
  specific, or as specific and later (``.post .dcnf-logo { display: block }``), and so does the element's own
  ``style``. Competing rules are looked for among those naming one of the element's classes or its id, which is
  how themes undo a rule.
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
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import cssselect
import lxml.etree
import tinycss2
from tinycss2.ast import Declaration

from ..defaults import VIEWPORTS
from ..folding import squash
from .chrome import HIDDEN_MARK
from .hiding import hiding_properties
from .media import media_viewports

if TYPE_CHECKING:
    from .parts import HtmlElement

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Where a declaration may hide: a cheap scan (false hits only cost a parse), never the judgement itself.
_MAY_HIDE = re.compile(
    r"(?<![-\w])(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|opacity\s*:\s*[0.]|clip(?:-path)?\s*:"
    r"|text-indent\s*:\s*-|(?:left|top|right)\s*:\s*-\d|(?:width|height)\s*:\s*[01](?:px)?\s*[;}!]"
    r"|transform\s*:\s*scale)",
    re.I,
)
_ALL = frozenset(VIEWPORTS)
# Classes a page's scripts add or remove as it loads (``no-js`` becomes ``js``, ``ssr`` goes when the front end
# takes over, ``is-loaded`` arrives): a rule that needs one describes a state a reader's page leaves at once (it
# never hides), and a rule that shows an element again once one is set is taken to apply.
_JS_STATE = re.compile(
    r"\.(?:[\w-]*[-_])?(?:no-?js|js|ssr|loading|loaded|preload|fouc|hydrated|ready)(?:[-_][\w-]*)?(?![\w-])", re.I
)
_TRANSLATOR = cssselect.HTMLTranslator()


@dataclass(frozen=True)
class _Rule:
    selector: str  # one selector of the rule's list, as written
    specificity: tuple[int, int, int]
    order: int  # position in the page's stylesheets
    declarations: dict[str, tuple[str, bool]]  # property -> (value, !important), lower-case
    viewports: frozenset[str]
    shown: str  # the rule's selectors as written, for messages
    hides: tuple[str, ...]  # the properties by which its declarations hide (see hiding_properties)


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
    if not text or not _MAY_HIDE.search(text):
        return None
    if any(a.tag in ("noscript", "template") for a in style.iterancestors()):
        return None
    media = (style.get("media") or "").strip()
    if media and media.lower() != "all":
        return f"@media {media} {{{text}}}"
    return text


def _reason(rule: _Rule, props: tuple[str, ...], viewports: frozenset[str]) -> str:
    shown = _shown(rule, props)
    if viewports == _ALL:
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
    text = f"{rule.shown} {{ {'; '.join(parts)} }}"
    return text if len(text) <= 160 else text[:157] + "…"


# ---- finding and parsing the rules -----------------------------------------------------------------------------


def _rule_around(css: str, pos: int) -> int | None:
    """Where the block holding ``pos`` opens ("{"), or None."""
    brace = css.rfind("{", 0, pos)
    if brace < 0 or css.find("}", brace, pos) >= 0:
        return None
    return brace


def _prelude_start(css: str, brace: int) -> int:
    """Where the selector or at-rule heading the block that opens at ``brace`` starts."""
    return max(css.rfind("}", 0, brace), css.rfind("{", 0, brace), css.rfind(";", 0, brace)) + 1


def _block_viewports(prelude: str) -> frozenset[str]:
    """Where the rules inside a block headed by ``prelude`` apply (a rule's own block: everywhere)."""
    if not prelude.startswith("@"):
        return _ALL  # a style rule's block; a nested rule inside it is never looked at
    keyword = prelude[1:].split(None, 1)
    name = keyword[0].lower() if keyword else ""
    if name == "media":
        return media_viewports(keyword[1] if len(keyword) > 1 else "")
    if name in ("supports", "layer"):
        return _ALL
    return frozenset()  # @keyframes, @font-face, @container, @page, @document...: nothing there hides


def _parse_rule(css: str, brace: int, viewports: frozenset[str], names: frozenset[str]) -> list[_Rule]:
    """The rules (one per selector that may match) of the style rule whose block opens at ``brace``. ``names``:
    the page's classes (".x") and ids ("#x"); a selector whose subject needs another cannot match anything."""
    close = css.find("}", brace)
    written = squash(css[_prelude_start(css, brace) : brace])
    if not written or written.startswith("@"):
        return []
    prelude = _may_match(written, names)
    if not prelude:
        return []
    body = css[brace + 1 : close if close >= 0 else len(css)]
    declarations = _declarations(body)
    shown = written if len(written) <= 100 else written[:99] + "…"
    hides = _hides_cached(body)
    rules = []
    for selector in _selectors(prelude):
        rules.append(_Rule(selector[0], selector[1], brace, declarations, viewports, shown, hides))
    return rules


@lru_cache(maxsize=16384)
def _hides_cached(body: str) -> tuple[str, ...]:
    return hiding_properties(_declarations(body))


@lru_cache(maxsize=16384)
def _declarations(body: str) -> dict[str, tuple[str, bool]]:
    """A rule's declarations: property -> (value, !important), lower-case. Kept for the process: the pages of one
    site share their theme's CSS."""
    declarations = {}
    for item in tinycss2.parse_blocks_contents(body, skip_comments=True, skip_whitespace=True):
        if isinstance(item, Declaration):
            declarations[item.lower_name] = (tinycss2.serialize(item.value).strip().lower(), item.important)
    return declarations


_LAST_COMPOUND = re.compile(r"[^\s>+~]+$")
_NAMES = re.compile(r"[.#]-?[_a-zA-Z\u00a0-\uffff][-\w\u00a0-\uffff]*")


def _may_match(prelude: str, names: frozenset[str]) -> str:
    """The selectors of ``prelude`` (joined by commas) whose subject, the last compound, names only classes and
    ids the page has: a cheap string test that spares cssselect most of a theme's rules, which style what the
    page does not have. A selector list with brackets or parentheses is kept whole (its commas may be inside)."""
    if "(" in prelude or "[" in prelude or "\\" in prelude:
        return prelude
    kept = []
    for selector in prelude.split(","):
        last = _LAST_COMPOUND.search(selector.strip())
        subject = last.group().split(":", 1)[0] if last else ""
        if all(name in names for name in _NAMES.findall(subject)):
            kept.append(selector.strip())
    return ", ".join(kept)


@lru_cache(maxsize=8192)
def _selectors(prelude: str) -> tuple[tuple[str, tuple[int, int, int]], ...]:
    """The selectors of a rule's prelude that can hide an element: (text, specificity). Those with a
    pseudo-element, and those cssselect cannot read, are left out."""
    try:
        parsed = cssselect.parse(prelude)
    except cssselect.SelectorError:
        return ()
    return tuple((s.canonical(), s.specificity()) for s in parsed if s.pseudo_element is None and _xpath(s.canonical()))


@lru_cache(maxsize=8192)
def _xpath(selector: str) -> lxml.etree.XPath | None:
    try:
        return lxml.etree.XPath(_TRANSLATOR.css_to_xpath(selector))
    except (cssselect.SelectorError, cssselect.xpath.ExpressionError, lxml.etree.XPathError):
        return None


# ---- one page's stylesheet -------------------------------------------------------------------------------------


class _Structure:
    """What is read of a stylesheet's text alone, the same for every page that carries it: where its blocks apply,
    and which blocks name a class, id or tag."""

    def __init__(self) -> None:
        self.viewports: dict[int, frozenset[str]] | None = None
        self.naming: dict[str, list[int]] = {}
        self.index: dict[str, list[int]] | None = None  # every simple name of the preludes -> their blocks


_SIMPLE_NAME = re.compile(r"[.#]?[\w-]+")
_NAME_TOKEN = re.compile(r"[.#][\w-]+|(?<![\w.#-])[\w-]+")
_STRUCTURES: dict[str, _Structure] = {}  # the last 16 stylesheets met, by their text


class _Sheet:
    """The page's ``<style>`` CSS (comments removed) and what has been read of it, each thing once per page."""

    def __init__(self, root: HtmlElement, css: str) -> None:
        self.root = root
        self.css = css
        structure = _STRUCTURES.pop(css, None) or _Structure()  # the pages of one site share their CSS
        _STRUCTURES[css] = structure
        while len(_STRUCTURES) > 16:
            del _STRUCTURES[next(iter(_STRUCTURES))]
        self._structure = structure
        self._naming = structure.naming
        self._rules: dict[int, list[_Rule]] = {}
        self._matches: dict[str, set[HtmlElement]] = {}
        self._competing: dict[tuple[str | None, str | None, object, tuple[str, ...]], list[_Rule]] = {}
        self._blocks: dict[int, str] = {}
        self.names = frozenset(
            [f".{token}" for value in root.xpath("//@class") for token in value.split()]
            + [f"#{value.strip()}" for value in root.xpath("//@id")]
        )

    def hiding_rules(self) -> list[tuple[_Rule, tuple[str, ...]]]:
        """The rules with a declaration that hides, each with the properties doing it."""
        css = self.css
        braces = dict.fromkeys(brace for hit in _MAY_HIDE.finditer(css) if (brace := _rule_around(css, hit.start())))
        found = []
        for brace in braces:
            for rule in self.rules_at(brace):
                if _JS_STATE.search(rule.selector):
                    continue
                props = rule.hides
                if props:
                    found.append((rule, props))
        return found

    def rules_at(self, brace: int) -> list[_Rule]:
        """The rules (one per selector) of the style rule whose block opens at ``brace``."""
        rules = self._rules.get(brace)
        if rules is None:
            viewports = self.viewports_at(brace)
            rules = _parse_rule(self.css, brace, viewports, self.names) if viewports else []
            self._rules[brace] = rules
        return rules

    def viewports_at(self, brace: int) -> frozenset[str]:
        """Where the enclosing at-rules of the block opening at ``brace`` let it apply (one pass over the CSS's
        blocks, made the first time it is asked)."""
        if self._structure.viewports is None:
            self._structure.viewports = viewports = {}
            stack: list[frozenset[str]] = []
            css = self.css
            for match in re.finditer(r"[{}]", css):
                pos = match.start()
                if match.group() == "}":
                    if stack:
                        stack.pop()
                    continue
                outer = stack[-1] if stack else _ALL
                viewports[pos] = outer
                stack.append(outer & _block_viewports(css[_prelude_start(css, pos) : pos].strip()) if outer else outer)
        return self._structure.viewports.get(brace, frozenset())

    def matches(self, selector: str) -> set[HtmlElement]:
        found = self._matches.get(selector)
        if found is None:
            xpath = _xpath(selector)
            result = xpath(self.root) if xpath is not None else []
            found = self._matches[selector] = set(result) if isinstance(result, list) else set()
        return found

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
            for prop in props:
                if prop not in other.declarations or prop in other.hides:
                    continue
                if _wins(other, rule, prop) and el in self.matches(_without_js_state(other.selector)):
                    viewports = viewports - other.viewports
                    break
            if not viewports:
                break
        return viewports

    def _competitors(self, el: HtmlElement, props: tuple[str, ...]) -> list[_Rule]:
        """The rules naming ``el``'s tag, a class or its id whose block mentions one of ``props``."""
        key = (el.get("class"), el.get("id"), el.tag, props)
        rules = self._competing.get(key)
        if rules is None:
            rules = self._competing[key] = self._find_competitors(el, props)
        return rules

    def _find_competitors(self, el: HtmlElement, props: tuple[str, ...]) -> list[_Rule]:
        names = [f".{c}" for c in (el.get("class") or "").split()]
        ident = el.get("id")
        if ident:
            names.append(f"#{ident}")
        if isinstance(el.tag, str):
            names.append(el.tag)
        css = self.css
        rules = []
        for name in names:
            for brace in self._braces_naming(name):
                block = self._blocks.get(brace)
                if block is None:
                    block = self._blocks[brace] = css[brace : css.find("}", brace)]
                if any(prop in block for prop in props):
                    rules.extend(self.rules_at(brace))
        return rules

    def _braces_naming(self, name: str) -> list[int]:
        """The blocks of the rules whose selectors name ``name`` (".class", "#id" or a tag)."""
        braces = self._naming.get(name)
        if braces is None:
            simple = _SIMPLE_NAME.fullmatch(name)
            braces = self._naming[name] = self._name_index().get(name, []) if simple else self._scan_naming(name)
        return braces

    def _name_index(self) -> dict[str, list[int]]:
        """Every class, id and tag token in the text before each block's "{" (since the last "{" or "}"), with the
        blocks it heads, once per stylesheet: what :meth:`_scan_naming` finds for such a name, in one pass."""
        index = self._structure.index
        if index is None:
            index = self._structure.index = {}
            css = self.css
            last = 0
            for match in re.finditer(r"[{}]", css):
                pos = match.start()
                if match.group() == "{":
                    for token in _NAME_TOKEN.findall(css, last, pos):
                        braces = index.setdefault(token, [])
                        if not braces or braces[-1] != pos:
                            braces.append(pos)
                last = pos + 1
        return index

    def _scan_naming(self, name: str) -> list[int]:
        css = self.css
        found: dict[int, None] = {}
        pattern = re.escape(name) if name[0] in ".#" else rf"(?<![\w.#-]){re.escape(name)}"
        for hit in re.finditer(rf"{pattern}(?![\w-])", css):
            brace = css.find("{", hit.end())
            if brace >= 0 and css.find("}", hit.end(), brace) < 0:
                found[brace] = None
        return list(found)


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
