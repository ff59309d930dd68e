"""Is a URL list (or CSV) readable text, and if not, on which line does it go wrong?

An audit reads its whole list before it checks anything, so a list that is not what its author meant is refused
there, with the line to look at, instead of turning into pages checked at wrong URLs (or not at all):

- text must be UTF-8 (a UTF-8 byte order mark is dropped); a file saved as UTF-16 *with* a byte order mark (what
  Excel's "Unicode text" and Windows' Notepad write) is read as UTF-16. Anything else (Latin-1, Windows-1252,
  UTF-16 without its mark, a binary file) is refused at the first byte that is not UTF-8;
- a NUL byte (no list or CSV has one: it is a binary file, or UTF-16 without a byte order mark) is refused;
- a CSV cell whose opening quote is never closed (which would swallow every later row into one cell), and a
  plain list's line that opens a quote and does not close it, are refused.
"""

from __future__ import annotations

import codecs
import csv

UNCLOSED_QUOTE = "unterminated quote (it is never closed)"
_SENTINEL = "\0end of list\0"  # a row no list can hold (a NUL is refused before): it shows where the CSV ended


class ListProblem(Exception):
    """Why a list cannot be read: ``line`` (counted from 1) and a one-line ``reason``."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def list_text(data: bytes) -> str:
    """The text of a list's bytes (see the module's rules). Raises :class:`ListProblem`."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        encoding, body = "utf-8", data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        before = body[: exc.start].decode(encoding, "replace")
        line = line_number(before, len(before))
        if encoding == "utf-16":
            raise ListProblem(line, "not valid UTF-16 (the file starts with a UTF-16 byte order mark)") from None
        bad = body[exc.start : exc.end]
        raise ListProblem(line, f"not UTF-8 (byte 0x{bad[0]:02X}): save the list as UTF-8") from None
    text = text.removeprefix("\ufeff")
    nul = text.find("\0")
    if nul != -1:
        raise ListProblem(line_number(text, nul), "contains a NUL byte (a binary file, or UTF-16 without a BOM?)")
    return text


def line_number(text: str, offset: int) -> int:
    """The line (from 1) that ``text[offset]`` is on, lines ending at ``\\n``, ``\\r\\n`` or ``\\r``."""
    before = text[:offset]
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


def with_sentinel(lines: list[str]) -> list[str]:
    """``lines`` and one more that a CSV reader gives back as a row of its own unless a quote is still open."""
    if lines and not lines[-1].endswith(("\n", "\r")):
        return [*lines[:-1], lines[-1] + "\n", _SENTINEL]
    return [*lines, _SENTINEL]


def is_sentinel(row: list[str]) -> bool:
    """Whether a CSV row is the end added by :func:`with_sentinel` (read as a row of its own: every quote closed)."""
    return row == [_SENTINEL]


def swallowed_sentinel(row: list[str]) -> bool:
    """Whether a CSV row ran into the end added by :func:`with_sentinel`: a quote in it was never closed."""
    return any(_SENTINEL in cell for cell in row)


def runaway_cell(exc: csv.Error) -> bool:
    """Whether a CSV reader stopped at its field size limit (128 K characters): no URL list has such a cell, so
    it is a quote never closed that ran into a long list before it could run into the end."""
    return "field larger than field limit" in str(exc)


def unclosed_quote(line: str) -> bool:
    """Whether a plain list's line opens a quote around its URL and never closes it (``"https://a.example/1``)."""
    stripped = line.strip()
    return stripped[:1] in ('"', "'") and stripped.count(stripped[0]) == 1
