"""Encoding: what do a page's bytes mean as text? The encoding is chosen the way a browser chooses it.

:func:`decode_html` decodes a body (a byte order mark, the HTTP header's charset, a ``<meta>`` or XML declaration in
the first 4 KB, strict UTF-8, then a guess); :func:`utf8_as_is` says when the bytes can go to the parser undecoded.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_PRESCAN_BYTES = 4096  # how far decode_html looks for <meta charset>
_DETECT_BYTES = 256 * 1024  # how much charset_normalizer is shown

# Labels browsers read as a superset encoding (WHATWG Encoding Standard), by Python codec name.
_BROWSER_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gbk",
    "euc_kr": "cp949",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET_VALUE = re.compile(rb"""charset\s*=\s*["']?\s*([-\w.:]+)""")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([-\w.:]+)""", re.IGNORECASE)


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode an HTML body, choosing the encoding as browsers do; return ``(text, encoding)``.

    Order: a byte order mark (which browsers honour even over the HTTP header), then
    ``declared`` (the HTTP header's charset) if it names a known text codec, then
    ``<meta charset=...>`` / ``<meta http-equiv="Content-Type" content="...; charset=...">``
    or an XML declaration in the first 4 KB, then strict UTF-8, then charset_normalizer's
    guess, else UTF-8. ISO-8859-1, ASCII and a few others are read as their Windows
    supersets (``cp1252`` ...), as browsers do. Never raises: undecodable bytes become
    U+FFFD. ``encoding`` is a Python codec name, and a BOM is not part of ``text``.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, "replace"), encoding
    chosen = _codec(declared) or _prescan(body[:_PRESCAN_BYTES])
    if chosen is None:
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            best = charset_normalizer.from_bytes(body[:_DETECT_BYTES]).best()
            chosen = (_codec(best.encoding) if best is not None else None) or "utf-8"
    return body.decode(chosen, "replace"), chosen


def utf8_as_is(body: bytes, declared: str | None = None) -> bool:
    """Whether :func:`decode_html` would read ``body`` as UTF-8 without a BOM, so that a parser can be handed
    the bytes themselves (lxml reads UTF-8 as it is) instead of decoded text."""
    if body.startswith(tuple(bom for bom, _ in _BOMS)):
        return False
    encoding = _codec(declared) or _prescan(body[:_PRESCAN_BYTES])
    if encoding is not None:
        return encoding == "utf-8"
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _codec(label: str | bytes | None, *, in_document: bool = False) -> str | None:
    """The Python codec for a charset label, as a browser would read it; None if unusable.

    A label found inside the document cannot honestly say UTF-16 (the document was
    just read as ASCII), so browsers take it as UTF-8.
    """
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
        b"a".decode(name, "replace")  # rejects bytes-to-bytes codecs such as base64
    except (LookupError, ValueError):
        return None
    if name == "utf-7":  # browsers refuse UTF-7
        return None
    if in_document and name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return _BROWSER_SUPERSETS.get(name, name)


def declared_encoding(body: bytes) -> str | None:
    """The encoding a document declares for itself (a BOM, else ``<meta charset>`` or an XML declaration in the
    first 4 KB), as a Python codec name, or None. What :func:`decode_html` would use when no header says more."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return encoding
    return _prescan(body[:_PRESCAN_BYTES])


def _prescan(head: bytes) -> str | None:
    """The encoding named by a <meta> tag or an XML declaration in the start of a document."""
    low = head.lower()
    at = low.find(b"charset")
    while at != -1:  # each "charset" inside a <meta ...> tag, in order
        tag = low.rfind(b"<", 0, at)
        if tag != -1 and low.startswith(b"<meta", tag) and b">" not in low[tag:at]:
            value = _CHARSET_VALUE.match(low, at)
            encoding = _codec(value.group(1), in_document=True) if value else None
            if encoding:
                return encoding
        at = low.find(b"charset", at + 7)
    declaration = _XML_ENCODING.match(head) if b"<?xml" in head[:100] else None
    return _codec(declaration.group(1), in_document=True) if declaration else None
