"""Encoding: what do a page's bytes mean as text? The encoding is chosen the way a browser chooses it.

:func:`choose_encoding` picks it, in a browser's order: a byte order mark, the HTTP header's charset, the
document's own ``<meta charset>`` or XML declaration (:mod:`.encoding_prescan`), then a guess from the bytes.
:func:`decode_html` decodes with it; :func:`utf8_as_is` says when the bytes can go to the parser undecoded.
Encodings are named as the WHATWG Encoding Standard and ``document.characterSet`` name them ("windows-1252").

The guess is Chromium's, measured against Debian's Chromium (``benchmarks/encodings.py``,
``tests/test_encodings.py``): a page fetched over HTTP is never guessed to be UTF-8 (browsers refuse to,
so that sites cannot come to rely on it: unlabelled UTF-8 shows as windows-1252 mojibake to readers too), while a
saved file that is valid UTF-8 is read as UTF-8. Otherwise chardetng (Firefox's detector) guesses among the
legacy encodings from the first 256 KB, preferring windows-1252 for Western European text, as browsers do.
"""

from __future__ import annotations

import codecs
import re

import chardetng_py

from .encoding_labels import decode, lookup
from .encoding_prescan import prescan

DETECT_BYTES = 256 * 1024  # how much of a body the guess reads: Chromium's detector sees no further
DEFAULT = "windows-1252"  # a browser's default for an English-language user, and for pure ASCII

_BOMS = (
    (codecs.BOM_UTF8, "UTF-8"),
    (codecs.BOM_UTF16_LE, "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "UTF-16BE"),
)
# chardetng's answer -> Chromium's name for what it detects in the same bytes (GBK and gb18030 decode alike;
# Chromium's detector does not tell KOI8-U from KOI8-R)
_AS_CHROMIUM_NAMES = {"gb18030": "GBK", "KOI8-U": "KOI8-R"}
# Bytes that windows-1253 reads differently from ISO-8859-7: without any, Chromium calls Greek ISO-8859-7
_WINDOWS_1253_ONLY = re.compile(rb"[\x80-\x9f\xa1\xa2]")


def choose_encoding(body: bytes, declared: str | None = None, *, local: bool = False) -> tuple[str, int]:
    """The encoding a browser would decode ``body`` with, and the length of its byte order mark (0 if none).

    ``declared`` is the HTTP header's charset (ignored unless it is a known label). ``local`` is for bytes that
    come from a file or stdin, which a browser opens as a ``file:`` URL: there valid UTF-8 is read as UTF-8.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, len(bom)
    chosen = lookup(declared) or prescan(body)
    if chosen is not None:
        return chosen, 0
    return guess_encoding(body, local=local), 0


def guess_encoding(body: bytes, *, local: bool = False) -> str:
    """What a browser guesses for a body that declares no encoding (see the module's docstring)."""
    sample = body[:DETECT_BYTES]
    if sample.isascii():
        return DEFAULT
    if _is_utf8(sample):  # over HTTP Chromium's detector finds UTF-8 and may not use it: the default stands
        return "UTF-8" if local else DEFAULT
    guessed = lookup(chardetng_py.detect(sample, allow_utf8=False)) or DEFAULT
    guessed = _AS_CHROMIUM_NAMES.get(guessed, guessed)
    if guessed == "windows-1253" and not _WINDOWS_1253_ONLY.search(sample):
        return "ISO-8859-7"
    return guessed


def decode_html(body: bytes, declared: str | None = None, *, local: bool = False) -> tuple[str, str]:
    """Decode an HTML body as a browser would; return ``(text, encoding)``, the encoding's WHATWG name.

    See :func:`choose_encoding` for ``declared`` and ``local``. Never raises: undecodable bytes become U+FFFD.
    A byte order mark is not part of ``text``."""
    encoding, bom = choose_encoding(body, declared, local=local)
    return decode(body[bom:], encoding), encoding


def utf8_as_is(body: bytes, declared: str | None = None, *, local: bool = False) -> bool:
    """Whether :func:`decode_html` would read ``body`` as UTF-8 without a BOM, so that a parser can be handed
    the bytes themselves (lxml reads UTF-8 as it is) instead of decoded text."""
    return choose_encoding(body, declared, local=local) == ("UTF-8", 0)


def declared_encoding(body: bytes) -> str | None:
    """The encoding a document declares for itself (a BOM, else ``<meta charset>`` or an XML declaration), by its
    WHATWG name, or None. What :func:`decode_html` would use when no header says more."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    return prescan(body)


def _is_utf8(sample: bytes) -> bool:
    """Whether ``sample`` is UTF-8, allowing a sequence cut short at its end (the sample may end mid-character)."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and len(sample) == DETECT_BYTES
    return True
