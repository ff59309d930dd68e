"""Text helpers shared by the page model and the checks: folding for comparison, name patterns, snippets.

``fold`` maps text to the form used for every comparison in repcheck: diacritics removed, case folded,
apostrophes and dashes unified, every kind of whitespace collapsed to one space. Names are matched on folded
text, so "JASON O’HARA", "Jason O'Hara" and "jason  o'hara" are the same name.
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from .user_regex import compile_user_regex

_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Apostrophes and quotes that people type inside names; dashes of every width.
_TRANSLATE: dict[int, str | None] = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u02bb": "'",
        "\u00b4": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2026": "...",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00df": "ss",
        "\u0131": "i",
        "\u00f8": "o",
        "\u00d8": "o",
        "\u0142": "l",
        "\u0141": "l",
        "\u0111": "d",
        "\u0110": "d",
        "\u00e6": "ae",
        "\u00c6": "ae",
        "\u0153": "oe",
        "\u0152": "oe",
    }
)


def squash(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking and thin spaces) to one space and strip; drop soft
    hyphens, which a reader does not see ("Mat\u00adthi\u00adas")."""
    if "\u00ad" in text:
        text = text.replace("\u00ad", "")
    return " ".join(text.split())


_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATE) + "]")


def _special(match: re.Match[str]) -> str:
    char = match.group()
    return _TRANSLATE[ord(char)] or ""


def fold(text: str) -> str:
    """The comparison form of ``text``: no diacritics, case-folded, one kind of apostrophe, dash and space.

    Length is not preserved in general (``ß`` becomes ``ss``), so offsets in folded text are approximate
    offsets in the original.
    """
    text = text.replace("`", "'")
    if not text.isascii():
        # Typographic quotes, dashes and spaces are most of the non-ASCII in English text: replace them first,
        # so that most text takes the fast path below.
        text = _SPECIAL.sub(_special, text)
    if text.isascii():
        return " ".join(text.split()).lower()  # str.split's whitespace is regex \s's, and it is faster
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(text.split()).casefold()


_LINE_SPACE = re.compile(r"[^\S\n]+")


def fold_lines(texts: list[str]) -> list[str]:
    """``[fold(t) for t in texts]`` for texts without line breaks, in one pass over the joined text (faster)."""
    if not texts:
        return []
    text = "\n".join(texts).replace("`", "'")
    if not text.isascii():
        text = _SPECIAL.sub(_special, text)
    text = text.lower() if text.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text or not text.isascii():
        text = _LINE_SPACE.sub(" ", text)
    return [line.strip() for line in text.split("\n")]


_NAME_TOKEN_SPLIT = re.compile(r"[\s.]+")


@lru_cache(maxsize=4096)
def name_pattern(name: str) -> re.Pattern[str] | None:
    """A regex that finds ``name`` in folded text, as a whole name.

    Tolerates: hyphen or space between parts ("Jean-Pierre" / "Jean Pierre"), a page that drops the name's
    apostrophe ("O'Hara" finds "OHara"), initials with or without dots and spaces ("J.D. Vance" / "J. D. Vance" /
    "JD Vance" is not tolerated), and one middle name or initial on the page that the given name leaves out
    ("John DeMastri" finds "John H. DeMastri"). A longer name on the page is not the same name: "Nick Pope" does
    not find "Nick Pope-Smith". Returns None for an empty name.
    """
    folded = fold(name)
    tokens = [t for t in _NAME_TOKEN_SPLIT.split(folded) if t]
    if not tokens:
        return None
    parts = []
    for token in tokens:
        piece = re.escape(token)
        piece = piece.replace(r"\-", r"[ -]?").replace("'", "'?")
        parts.append(piece)
    if len(parts) == 1:
        body = parts[0]
    else:
        # Folded text has single spaces, and a newline only between blocks: a name never spans two lines.
        sep = r"(?:\.?[ -]+|\.)"
        middle = r"(?:\.? \w{1,15}\.?)?"
        body = parts[0] + middle + sep + sep.join(parts[1:])
    # A digit may follow straight away ("Kinsella2 minutes ago": markup glued to the date), a letter may not.
    return re.compile(r"(?<![\w'])" + body + r"(?![^\W\d_]|-\w)")


def snippet(text: str, start: int = 0, end: int | None = None, width: int = 160) -> str:
    """A short excerpt of ``text`` around ``start:end`` for evidence, with ellipses where it was cut."""
    text = squash(text)
    if len(text) <= width:
        return text
    end = start if end is None else end
    centre = (start + end) // 2
    lo = max(0, min(centre - width // 2, len(text) - width))
    hi = lo + width
    out = text[lo:hi].strip()
    return ("…" if lo > 0 else "") + out + ("…" if hi < len(text) else "")


def alias_pattern(aliases: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    """One regex finding any of ``aliases`` (organisation names) as whole words in folded text."""
    return _alias_pattern(tuple(aliases))


@lru_cache(maxsize=256)
def _alias_pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    alts = sorted({fold(a) for a in aliases if a.strip()}, key=len, reverse=True)
    if not alts:
        return re.compile(r"(?!x)x")
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)")


def location_matcher(pattern: str) -> Callable[[str], bool]:
    """A predicate for a URL (or path) pattern: a shell-style glob matched against the whole location
    (``fnmatch.fnmatchcase``: ``*`` matches anything, ``/`` included; case-sensitive), or ``re:REGEX``, searched
    for anywhere in it, with RE2 (:mod:`checker.user_regex`). Raises :class:`UserRegexError` for a regular
    expression RE2 cannot take (callers say it their way)."""
    if pattern.startswith("re:"):
        regex = compile_user_regex(pattern[3:])
        return lambda location: regex.search(location) is not None
    return lambda location: fnmatch.fnmatchcase(location, pattern)
