"""Reading a stylesheet's text without parsing all of it: where may a declaration hide, which rule holds it, and
under which ``@media`` blocks does that rule sit?

A news theme inlines 30 KB to 1.5 MB of CSS a page. Parsing all of it costs many times the check itself, and only
a few dozen of its rules can hide anything, so :mod:`.stylesheets` reads the text here first, with scans that run
at C speed (one literal-led regex per hiding property, ``str.find``/``str.count``), and parses only the rules these
scans point to.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..defaults import VIEWPORTS
from .media import media_viewports

ALL_VIEWPORTS = frozenset(VIEWPORTS)

# Declarations that may hide (false hits only cost a parse: the judgement is hiding.py's). Each pattern starts
# with a literal, which the regex engine finds fast; one alternation over them all is several times slower.
_HIDING = tuple(
    re.compile(pattern)
    for pattern in (
        r"display\s*:\s*none",
        r"visibility\s*:\s*(?:hidden|collapse)",
        r"opacity\s*:\s*[0.]",
        r"clip(?:-path)?\s*:",
        r"text-indent\s*:\s*-",
        r"left\s*:\s*-\d",
        r"top\s*:\s*-\d",
        r"right\s*:\s*-\d",
        r"width\s*:\s*[01](?:px)?\s*[;}!]",
        r"height\s*:\s*[01](?:px)?\s*[;}!]",
        r"transform\s*:\s*scale",
    )
)
_HIDING_ANY_CASE = tuple(re.compile(pattern.pattern, re.I) for pattern in _HIDING)


def _starts_word(text: str, pos: int) -> bool:
    """Whether a property name starting at ``pos`` is a whole name (``width``, not ``max-width``)."""
    if pos == 0:
        return True
    before = text[pos - 1]
    return not (before == "-" or before == "_" or before.isalnum())


def hiding_hits(css: str) -> list[int]:
    """Where declarations that may hide start in ``css``, in order. Property names are matched in any case."""
    low = css.lower()
    patterns = _HIDING if len(low) == len(css) else _HIDING_ANY_CASE  # lower() kept every offset, or not
    text = low if patterns is _HIDING else css
    hits = [m.start() for pattern in patterns for m in pattern.finditer(text) if _starts_word(text, m.start())]
    hits.sort()
    return hits


def may_hide(css: str) -> bool:
    """Whether ``css`` holds a declaration that may hide."""
    low = css.lower()
    patterns = _HIDING if len(low) == len(css) else _HIDING_ANY_CASE
    text = low if patterns is _HIDING else css
    return any(_starts_word(text, m.start()) for pattern in patterns for m in pattern.finditer(text))


@lru_cache(maxsize=16)
def _declaring(prop: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(prop)}\s*:")


def declaring(css: str, prop: str) -> list[int]:
    """Where ``prop`` is declared in ``css`` (lower-case, as written)."""
    return [m.start() for m in _declaring(prop).finditer(css) if _starts_word(css, m.start())]


def rule_around(css: str, pos: int) -> int | None:
    """Where the block holding ``pos`` opens ("{"), or None."""
    brace = css.rfind("{", 0, pos)
    if brace < 0 or css.find("}", brace, pos) >= 0:
        return None
    return brace


def prelude_start(css: str, brace: int) -> int:
    """Where the selector or at-rule heading the block that opens at ``brace`` starts."""
    return max(css.rfind("}", 0, brace), css.rfind("{", 0, brace), css.rfind(";", 0, brace)) + 1


def block_viewports(prelude: str) -> frozenset[str]:
    """Where the rules inside a block headed by ``prelude`` apply (a style rule's own block: everywhere)."""
    if not prelude.startswith("@"):
        return ALL_VIEWPORTS  # a style rule's block; a nested rule inside it is never looked at
    keyword = prelude[1:].split(None, 1)
    name = keyword[0].lower() if keyword else ""
    if name == "media":
        return media_viewports(keyword[1] if len(keyword) > 1 else "")
    if name in ("supports", "layer"):
        return ALL_VIEWPORTS
    return frozenset()  # @keyframes, @font-face, @container, @page, @document...: nothing there hides


_AT_BLOCK = re.compile(r"@[-\w]+[^{};]*\{")
_BLOCK_END = re.compile(r"\}\s*\}")


class AtBlocks:
    """The at-rule blocks of one stylesheet (``@media``, ``@supports``...), found once per stylesheet text: where
    each opens and closes and where the rules inside it apply."""

    def __init__(self, css: str) -> None:
        self.css = css
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._applies: list[frozenset[str]] = []
        self._depths: list[int] = []  # how many at-rule blocks hold this one
        around: list[int] = []  # the blocks holding the current position, innermost last
        for match in _AT_BLOCK.finditer(css):
            brace = match.end() - 1
            while around and self._ends[around[-1]] < brace:
                around.pop()
            self._starts.append(brace)
            self._ends.append(self._end(brace))
            self._applies.append(block_viewports(css[prelude_start(css, brace) : brace].strip()))
            self._depths.append(len(around))
            around.append(len(self._starts) - 1)

    def _end(self, brace: int) -> int:
        """Where the block opening at ``brace`` closes (the end of the text if it never does)."""
        css = self.css
        first = css.find("}", brace)
        if first < 0:
            return len(css)
        if css.find("{", brace + 1, first) < 0:
            return first  # a block of declarations (@font-face, @page) or an empty one
        match = _BLOCK_END.search(css, brace)  # style rules only: the last one's "}" and the block's own
        if match is not None:
            end = match.end() - 1
            if css.count("{", brace + 1, end) == css.count("}", brace + 1, end):
                return end
        depth, pos = 1, brace + 1  # anything else inside (a nested at-rule, nested CSS): count the braces
        while True:
            close = css.find("}", pos)
            if close < 0:
                return len(css)
            depth += css.count("{", pos, close) - 1
            if depth <= 0:
                return close
            pos = close + 1

    def viewports_at(self, brace: int) -> frozenset[str]:
        """Where the rule whose block opens at ``brace`` applies, as the at-rule blocks around it say."""
        viewports = ALL_VIEWPORTS
        i = bisect.bisect_left(self._starts, brace) - 1
        while i >= 0:
            if self._ends[i] > brace:
                viewports = viewports & self._applies[i]
            if self._depths[i] == 0:
                break  # the outermost blocks do not overlap: none before this one holds ``brace``
            i -= 1
        return viewports
