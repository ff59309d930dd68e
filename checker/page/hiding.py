"""Which CSS declarations hide the element they apply to: the judgement :mod:`.stylesheets` makes of every rule,
and the reading of a rule's declarations it rests on.

A declaration list (property -> (value, ``!important``), lower-case, as tinycss2 serialises it) hides by
``display: none``, ``visibility: hidden|collapse``, ``opacity`` of at most 1%, ``clip`` to nothing or ``clip-path``
to nothing, an absolute or fixed box moved at least 999 px off the page's start, ``text-indent`` of -999 px or
more, a box of at most 1 px with its overflow hidden, or ``transform: scale(0)``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import tinycss2
from tinycss2.ast import Declaration

_FAR = -999.0  # px: an offset at least this far off the page's start puts a box out of any viewport


def hiding_properties(declarations: dict[str, tuple[str, bool]]) -> tuple[str, ...]:
    """The properties by which these declarations hide the element they apply to (empty: they don't)."""
    props: list[str] = []

    def value(name: str) -> str:
        return declarations.get(name, ("", False))[0]

    if value("display") == "none":
        props.append("display")
    if value("visibility") in ("hidden", "collapse"):
        props.append("visibility")
    opacity = _number(value("opacity"))
    if opacity is not None and opacity <= 0.01:
        props.append("opacity")
    positioned = value("position") in ("absolute", "fixed")
    clip = value("clip").replace(" ", "").replace(",", "")
    if positioned and clip in ("rect(0000)", "rect(0px0px0px0px)", "rect(1px1px1px1px)"):
        props.append("clip")
    clip_path = value("clip-path").replace(" ", "")
    if clip_path in ("inset(50%)", "inset(100%)", "circle(0)", "circle(0px)", "polygon(0000)"):
        props.append("clip-path")
    if positioned and any((_px(value(side)) or 0) <= _FAR for side in ("left", "top", "right")):
        props.append("position")
    if (_px(value("text-indent")) or 0) <= _FAR:
        props.append("text-indent")
    width, height = _px(value("width")), _px(value("height"))
    if width is not None and height is not None and width <= 1 and height <= 1 and value("overflow") == "hidden":
        props.append("width")
    if value("transform") in ("scale(0)", "scale(0,0)", "scale(0, 0)"):
        props.append("transform")
    return tuple(props)


def _number(text: str) -> float | None:
    text = text.strip()
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        return None


def _px(text: str) -> float | None:
    """A length in CSS pixels (px, em and rem at 16px), or None."""
    text = text.strip()
    for unit, factor in (("px", 1.0), ("rem", 16.0), ("em", 16.0)):
        if text.endswith(unit):
            number = _number(text[: -len(unit)])
            return None if number is None else number * factor
    number = _number(text)
    return 0.0 if number == 0 else None  # a length without a unit is only valid as 0


# ---- reading declarations ----------------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def hiding_in(body: str) -> tuple[str, ...]:
    """The properties by which the declaration block ``body`` hides (see :func:`hiding_properties`)."""
    return hiding_properties(declarations(body))


@lru_cache(maxsize=16384)
def declarations(body: str) -> dict[str, tuple[str, bool]]:
    """A rule's declarations: property -> (value, !important), lower-case, as tinycss2 reads them. Kept for the
    process: the pages of one site share their theme's CSS."""
    plain = plain_declarations(body)
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


def plain_declarations(body: str) -> dict[str, tuple[str, bool]] | None:
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


@lru_cache(maxsize=4096)
def declared_names(style: str) -> frozenset[str]:
    """The properties an inline ``style`` declares."""
    return frozenset(
        d.lower_name
        for d in tinycss2.parse_blocks_contents(style, skip_comments=True, skip_whitespace=True)
        if isinstance(d, Declaration)
    )
