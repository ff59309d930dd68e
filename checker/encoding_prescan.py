"""Prescan: which encoding does a document name for itself, read as Chromium reads it before decoding?

:func:`prescan` finds an XML declaration at the very start, else the first usable ``<meta charset>`` or
``<meta http-equiv="Content-Type" content="...; charset=...">``. Like Chromium's meta charset parser (and
unlike the HTML standard's byte prescan, which stops after 1024 bytes) it reads tags as a tokenizer does:
``<meta>`` inside a comment, a ``<script>``, ``<style>`` or ``<title>`` does not count, and it goes on past
1024 bytes for as long as only tags that belong in ``<head>`` have been seen (``</head>``, or an ``<img>`` in a
``<noscript>``, ends it). Measured against Debian's Chromium 150 (``tests/test_encodings.py``, and all 1,830
pages of the real-world corpus): a ``<meta>`` 100 KB into the head counts, one after a ``<body>`` tag only within
the first 1024 bytes. It reads no more than the first 512 KB.
"""

from __future__ import annotations

import re

from .encoding_labels import lookup

UNCONDITIONAL_BYTES = 1024  # Chromium reads this much whatever tags it meets
PRESCAN_BYTES = 512 * 1024  # and no further than this: a hostile head of 10 MB of tags costs 0.3 s, not 5
# Tags that keep Chromium in the head; any other, start or end tag (</head> too), ends the scan past 1024 bytes
_HEAD_TAGS = frozenset(b"script noscript style meta link object title base".split())
_HEAD_START_TAGS = _HEAD_TAGS | {b"html", b"head"}
# Elements whose content is text, not tags: the end tag that closes each (not <noscript>: Chromium reads tags
# there, so an <img> in a <noscript> ends the head)
_RAW_TEXT = {
    name: re.compile(b"</" + name, re.IGNORECASE)
    for name in b"script style title textarea xmp iframe noembed noframes".split()
}
_TAG_NAME = re.compile(rb"[a-zA-Z][^\s/>]*")
_ATTRIBUTE = re.compile(rb"""[\s/]*([^\s/>=][^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]*)))?""")
_CONTENT_CHARSET = re.compile(rb"""charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))""", re.IGNORECASE)
_XML_DECLARATION = re.compile(rb"""<\?xml\s[^>]*?encoding\s*=\s*["']([^"'>]*)["']""")


def prescan(body: bytes) -> str | None:
    """The WHATWG name of the encoding the document declares (XML declaration or ``<meta>``), else None.

    A ``<meta>`` naming UTF-16 means UTF-8 (the bytes were just read as ASCII), and x-user-defined means
    windows-1252, as the standard says."""
    body = body[:PRESCAN_BYTES]
    if body.startswith(b"<?xml"):
        declared = _XML_DECLARATION.match(body)
        found = _in_document(declared.group(1)) if declared else None
        if found:
            return found
    at, end, in_head = 0, len(body), True
    while at < end:
        at = body.find(b"<", at)
        if at == -1 or (at >= UNCONDITIONAL_BYTES and not in_head):
            return None
        if body.startswith(b"<!--", at):
            close = body.find(b"-->", at + 4)
            at = end if close == -1 else close + 3
            continue
        if body.startswith((b"<!", b"<?"), at):
            close = body.find(b">", at + 2)
            at = end if close == -1 else close + 1
            continue
        end_tag = body.startswith(b"</", at)
        name_match = _TAG_NAME.match(body, at + 1 + end_tag)
        if name_match is None:
            at += 1
            continue
        name = name_match.group().lower()
        if end_tag:
            in_head = in_head and name in _HEAD_TAGS
            close = body.find(b">", name_match.end())
            at = end if close == -1 else close + 1
            continue
        if name == b"plaintext":  # all the rest is text
            return None
        attributes, at = _attributes(body, name_match.end())
        if name == b"meta":
            found = _from_meta(attributes)
            if found:
                return found
        elif name not in _HEAD_START_TAGS:
            in_head = False
        if name in _RAW_TEXT:
            closing = _RAW_TEXT[name].search(body, at)
            at = end if closing is None else closing.start()
    return None


def _attributes(body: bytes, at: int) -> tuple[dict[bytes, bytes], int]:
    """A start tag's attributes (the first of each name, names lower-cased) and where the tag ends."""
    attributes: dict[bytes, bytes] = {}
    end = len(body)
    while at < end:
        while at < end and body[at : at + 1] in (b" ", b"\t", b"\n", b"\r", b"\f", b"/"):
            at += 1
        if at >= end or body[at : at + 1] == b">":
            return attributes, at + 1
        found = _ATTRIBUTE.match(body, at)
        if found is None or found.end() == at:
            at += 1
            continue
        value = next((v for v in found.groups()[1:] if v is not None), b"")
        attributes.setdefault(found.group(1).lower(), value)
        at = found.end()
    return attributes, end


def _from_meta(attributes: dict[bytes, bytes]) -> str | None:
    """The encoding a ``<meta>`` tag's attributes name, as the standard's algorithm reads them."""
    if b"charset" in attributes:
        return _in_document(attributes[b"charset"])
    if attributes.get(b"http-equiv", b"").strip().lower() == b"content-type":
        value = _CONTENT_CHARSET.search(attributes.get(b"content", b""))
        if value:
            return _in_document(next(v for v in value.groups() if v is not None))
    return None


def _in_document(label: bytes) -> str | None:
    name = lookup(label.decode("latin-1"))
    if name is None or name == "replacement":
        return None
    if name.startswith("UTF-16"):
        return "UTF-8"
    return "windows-1252" if name == "x-user-defined" else name
