"""Sniffing: are a page's bytes text at all, or a PDF, an image, an archive or other binary data sent as HTML?

:func:`not_html_reason` looks at the start of a body before it is decoded, wherever it came from (a fetch, a
file, standard input): a known file signature ("magic bytes") names the format; otherwise a body whose first
few KB are thick with control bytes (NUL and the other C0 codes no text uses) is binary data. Checking such a
body would only report every rule as failed, a false fail; it is an error instead.

Real pages are left alone: a body with a UTF-16 or UTF-32 byte order mark, or one the HTTP header says is
UTF-16 or UTF-32, is text whatever its NULs, and a stray NUL or two in a page is far below the share that
makes data binary (none of the 1,830 pages of ``../shared/realworld`` has a control byte in its first 8 KB;
random bytes have about 10%).
"""

from __future__ import annotations

import codecs

# Signatures at the very start of a body, as the WHATWG MIME Sniffing standard and file(1) know them; only
# ones that no text page can start with (at least 3 bytes, or bytes outside printable ASCII).
_SIGNATURES = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"\x00asm", "WebAssembly"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
    (b"OggS\x00", "Ogg media"),
    (b"\x1a\x45\xdf\xa3", "WebM or Matroska video"),
    (b"\x00\x00\x01\x00", "icon"),
)
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}
_TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32's marks start like UTF-16's
_WIDE_CHARSETS = ("utf-16", "utf16", "utf-32", "utf32", "ucs-2", "ucs2", "unicode")
# C0 control bytes no text uses: all but tab, line feed, form feed, carriage return and escape (ISO-2022-JP).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])
SNIFF_BYTES = 8192  # how much of a body the control-byte share is measured on
_BINARY_SHARE = 0.05  # at least this share of control bytes (random bytes: about 10.5%) ...
_BINARY_COUNT = 4  # ... and at least this many, so that a tiny page with a stray NUL stays text


def not_html_reason(body: bytes, declared: str | None = None) -> str | None:
    """Why ``body`` cannot be an HTML page ("not an HTML page: looks like PDF"), or None if it may be one.

    ``declared`` is the HTTP header's charset, if any: a body it calls UTF-16 or UTF-32 is text.
    """
    kind = binary_kind(body, declared)
    return f"not an HTML page: looks like {kind}" if kind else None


def binary_kind(body: bytes, declared: str | None = None) -> str | None:
    """What binary format ``body`` looks like ("PDF", "PNG image", "binary data"...), or None if it looks like
    text."""
    for signature, kind in _SIGNATURES:
        if body.startswith(signature):
            return kind
    if body.startswith(b"RIFF") and body[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[body[8:12]]
    if body[4:8] == b"ftyp":
        return "MP4 or QuickTime media"
    if body.startswith(_TEXT_BOMS) or (declared and declared.strip().lower().startswith(_WIDE_CHARSETS)):
        return None
    head = body[:SNIFF_BYTES]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls < _BINARY_COUNT or controls < _BINARY_SHARE * len(head):
        return None
    if _utf16_without_bom(head):
        return "UTF-16 text without a byte order mark"
    return "binary data"


def _utf16_without_bom(head: bytes) -> bool:
    """Whether ``head`` is mostly ASCII written as UTF-16 (every other byte NUL), with no byte order mark."""
    pairs = len(head) // 2
    if pairs == 0:
        return False
    high_nul = max(head[0::2].count(0), head[1::2].count(0))
    return high_nul >= 0.9 * pairs and head.count(0) <= 0.6 * len(head)
