"""Regular expressions that users write — a pack's ``patterns`` and ``file_patterns``, a config's or the command
line's ``re:REGEX`` — compiled with RE2, which matches in time linear in the text: no pattern can make a check
backtrack for minutes (``(a+)+$`` on "aaaa…b" takes as long as any other pattern).

RE2 has no lookarounds (``(?=…)``, ``(?!…)``, ``(?<=…)``, ``(?<!…)``), no backreferences (``\\1``) and no atomic
or possessive groups: a pattern using them is refused where it is read, with the reason (:func:`regex_problem`).
What else differs from Python's ``re``: ``\\w``, ``\\d``, ``\\s`` and ``\\b`` are ASCII-only (``[0-9A-Za-z_]``
and so on), ``$`` matches only at the very end (not before a final newline), and ``\\Z`` is written ``\\z``.
Case-insensitive matching folds Unicode case as ``re.IGNORECASE`` does.

The expressions repcheck writes itself (names, aliases, its own heuristics) stay with ``re``: they are built from
escaped literals or reviewed here, and some need lookarounds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Protocol

import re2


class TextMatch(Protocol):
    """What a match of either engine gives: where it starts and ends, in characters."""

    def start(self) -> int: ...
    def end(self) -> int: ...


class TextPattern(Protocol):
    """A compiled pattern of either engine (``re.Pattern[str]`` or RE2's), as the checks use it."""

    def search(self, text: str, /) -> TextMatch | None: ...
    def finditer(self, text: str, /) -> Iterator[TextMatch]: ...


class UserRegexError(ValueError):
    """A pattern RE2 cannot take; the message is the reason, in words."""


_LOOKAROUND = re.compile(r"\(\?<?[=!]")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")
_ATOMIC = re.compile(r"\(\?>|[+*?}][+]")


def _options(ignore_case: bool) -> re2.Options:
    options = re2.Options()
    options.case_sensitive = not ignore_case
    options.log_errors = False  # RE2 would print each refused pattern to stderr; the caller says it in one line
    return options


_CASE_SENSITIVE = _options(ignore_case=False)
_IGNORE_CASE = _options(ignore_case=True)


@lru_cache(maxsize=512)
def compile_user_regex(pattern: str, ignore_case: bool = False) -> TextPattern:
    """``pattern`` compiled with RE2 (``ignore_case``: as ``re.IGNORECASE``). Raises :class:`UserRegexError`
    with the reason when RE2 cannot take it. Cached: checks compile their patterns for every page."""
    try:
        compiled: TextPattern = re2.compile(pattern, _IGNORE_CASE if ignore_case else _CASE_SENSITIVE)
    except re2.error as exc:
        raise UserRegexError(_reason(pattern, exc)) from None
    return compiled


def regex_problem(pattern: str) -> str | None:
    """Why RE2 cannot take ``pattern`` (one line), or None when it can."""
    try:
        compile_user_regex(pattern)
    except UserRegexError as exc:
        return str(exc)
    return None


def _reason(pattern: str, exc: Exception) -> str:
    unsupported = "repcheck matches patterns in linear time with RE2, which has none"
    if _LOOKAROUND.search(pattern):
        return f"lookarounds ((?=...), (?!...), (?<=...), (?<!...)) are not supported: {unsupported}"
    if _BACKREFERENCE.search(pattern):
        return f"backreferences (\\1, (?P=name)) are not supported: {unsupported}"
    if _ATOMIC.search(pattern):
        return f"atomic groups and possessive quantifiers ((?>...), a++) are not supported: {unsupported}"
    detail = exc.args[0] if exc.args else exc
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    return str(detail).replace(": ", " in ", 1)  # RE2 says "missing ): (a"
