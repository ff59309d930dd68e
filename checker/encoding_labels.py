"""Encoding labels: which encoding does a charset label mean, by its WHATWG name, and how is it decoded?

The names are the WHATWG Encoding Standard's, spelled as browsers report them in ``document.characterSet``
("windows-1252", "UTF-8", "Shift_JIS"), so that repcheck's encoding can be compared with a browser's. Labels
are resolved with ``webencodings`` (the standard's label table, as html5lib uses it): "latin1", "ascii" and
"iso-8859-1" all mean windows-1252, "gb2312" means GBK, and so on.
"""

from __future__ import annotations

import webencodings

# The standard's names, keyed by the lower-case form webencodings gives.
WHATWG_NAMES = (
    "UTF-8",
    "IBM866",
    "ISO-8859-2",
    "ISO-8859-3",
    "ISO-8859-4",
    "ISO-8859-5",
    "ISO-8859-6",
    "ISO-8859-7",
    "ISO-8859-8",
    "ISO-8859-8-I",
    "ISO-8859-10",
    "ISO-8859-13",
    "ISO-8859-14",
    "ISO-8859-15",
    "ISO-8859-16",
    "KOI8-R",
    "KOI8-U",
    "macintosh",
    "windows-874",
    "windows-1250",
    "windows-1251",
    "windows-1252",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
    "x-mac-cyrillic",
    "GBK",
    "gb18030",
    "Big5",
    "EUC-JP",
    "ISO-2022-JP",
    "Shift_JIS",
    "EUC-KR",
    "replacement",
    "UTF-16BE",
    "UTF-16LE",
    "x-user-defined",
)
_NAMES = {name.lower(): name for name in WHATWG_NAMES}
_DECODE_AS = {"GBK": "gb18030"}  # the standard's GBK decoder is its gb18030 decoder


def lookup(label: str | None) -> str | None:
    """The WHATWG name of the encoding ``label`` means (surrounding quotes and spaces ignored), or None."""
    if not label:
        return None
    found = webencodings.lookup(label.strip().strip("\"'").strip())
    return _NAMES.get(found.name) if found is not None else None


def decode(body: bytes, name: str) -> str:
    """``body`` decoded as the encoding named ``name`` (a WHATWG name); bytes it cannot decode become U+FFFD."""
    encoding = webencodings.lookup(_DECODE_AS.get(name, name))
    if encoding is None or encoding.name == "replacement":
        return "\ufffd" if body else ""
    return str(encoding.codec_info.decode(body, "replace")[0])
