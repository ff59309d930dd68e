"""Media queries: at which of the two widths repcheck judges (a desktop and a phone) does an ``@media`` rule apply?

The viewports are the ones ``--render`` uses (:data:`checker.defaults.VIEWPORTS`). A query is read with tinycss2's
tokenizer. What a query asks that repcheck cannot know (a feature it does not model, a syntax it does not read)
makes the rule not apply: hiding rules under it then count for nothing, as before repcheck read stylesheets, so a
query it misreads can never hide what a reader sees.
"""

from __future__ import annotations

from functools import lru_cache

import tinycss2
from tinycss2.ast import DimensionToken, IdentToken, LiteralToken, NumberToken, ParenthesesBlock, WhitespaceToken

from ..defaults import VIEWPORTS

_PX_PER = {"px": 1.0, "em": 16.0, "rem": 16.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
_OTHER_MEDIA = frozenset({"print", "speech", "aural", "braille", "embossed", "handheld", "projection", "tty", "tv"})
# Media features as each viewport answers them (a desktop with a mouse, a phone with a finger).
_FEATURES = {
    "desktop": {"hover": "hover", "any-hover": "hover", "pointer": "fine", "any-pointer": "fine"},
    "phone": {"hover": "none", "any-hover": "none", "pointer": "coarse", "any-pointer": "coarse"},
}


@lru_cache(maxsize=4096)
def media_viewports(prelude: str) -> frozenset[str]:
    """The viewports (names of :data:`VIEWPORTS`) at which ``@media <prelude>`` applies; empty for print-only,
    unknown or unreadable queries."""
    tokens = tinycss2.parse_component_value_list(prelude, skip_comments=True)
    queries: list[list[object]] = [[]]
    for token in tokens:
        if isinstance(token, LiteralToken) and token.value == ",":
            queries.append([])
        elif not isinstance(token, WhitespaceToken):
            queries[-1].append(token)
    return frozenset(name for name in VIEWPORTS if any(_query_applies(q, name) for q in queries))


def _query_applies(query: list[object], viewport: str) -> bool:
    negate = False
    result = True
    for index, token in enumerate(query):
        if isinstance(token, IdentToken):
            word = token.lower_value
            if word == "not" and index == 0:
                negate = True
            elif word in ("only", "and", "screen", "all"):
                continue
            elif word in _OTHER_MEDIA:
                result = False
            else:  # an unknown word, or "or" (level 4 syntax not read here)
                return False
        elif isinstance(token, ParenthesesBlock):
            answer = _feature_applies(token, viewport)
            if answer is None:
                return False
            result = result and answer
        else:
            return False
    if not query:
        return True
    return result != negate


def _feature_applies(block: ParenthesesBlock, viewport: str) -> bool | None:
    """``(max-width: 600px)`` and its kin at ``viewport``; None when it cannot be told."""
    parts = [t for t in block.content if not isinstance(t, WhitespaceToken)]
    if len(parts) != 3 or not isinstance(parts[0], IdentToken) or not _is_colon(parts[1]):
        return None
    name, value = parts[0].lower_value, parts[2]
    width, height = VIEWPORTS[viewport]
    for prefix, measured in (("width", width), ("height", height)):
        if name.endswith(prefix) and name in (prefix, f"min-{prefix}", f"max-{prefix}"):
            px = _pixels(value)
            if px is None:
                return None
            if name.startswith("min-"):
                return measured >= px
            if name.startswith("max-"):
                return measured <= px
            return measured == px
    if name == "orientation" and isinstance(value, IdentToken):
        return value.lower_value == ("landscape" if width > height else "portrait")
    if name in _FEATURES[viewport] and isinstance(value, IdentToken):
        return value.lower_value == _FEATURES[viewport][name]
    return None  # prefers-color-scheme, resolution, aspect-ratio...: not modelled


def _is_colon(token: object) -> bool:
    return isinstance(token, LiteralToken) and token.value == ":"


def _pixels(token: object) -> float | None:
    if isinstance(token, DimensionToken) and token.lower_unit in _PX_PER:
        return float(token.value) * _PX_PER[token.lower_unit]
    if isinstance(token, NumberToken) and token.value == 0:
        return 0.0
    return None
