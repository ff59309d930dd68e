"""What words does an archived page carry, and which of its word sequences can be looked up in the originals' index?

Every HTML record of a crawl passes through here, so this is the fast path: the record's bytes are decoded as a
browser decodes them (:func:`checker.encoding.choose_encoding`), parsed once with lxml, and their text (scripts,
styles and templates left out) cut into words as the ``unaltered`` check cuts them (:func:`checker.checks.unaltered.
words`: case, diacritics, quotes, dashes and punctuation removed). Only the few pages that share enough word
sequences with an original are then read with repcheck's full page model and checked.

Near duplicates are found by *containment*, not by resemblance: a republication wrapped in another site's menus,
or with paragraphs cut, shares little of its whole text with the original, but most of the original's word
sequences are in it. Each text is cut into overlapping sequences of :data:`SHINGLE` words; each sequence gets a
64-bit hash; only the sequences whose hash is 0 modulo :data:`SAMPLE` are kept (Broder's "mod-m" sample). The same
sequences are kept from the original and from any page that carries it, so the share of the original's kept
sequences found on a page estimates the share of its text the page carries, whatever else the page holds.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import lxml.etree
import numpy as np

from ..checks.unaltered import words
from ..encoding import choose_encoding
from ..encoding_labels import decode

__all__ = ["SAMPLE", "SHINGLE", "page_words", "sample", "words"]

SHINGLE = 5  # words in a sequence: long enough that common phrases ("said in a statement that") rarely match
SAMPLE = 8  # one word sequence in SAMPLE is kept (by its hash), from originals and pages alike
# A word sequence's hash mixes its words' crc32s, each times its own odd constant, then scrambles the sum
# (splitmix64's finaliser) so that its low bits, which choose the sample, depend on every word.
_WEIGHTS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5, 0x94D049BB133111EB],
    dtype=np.uint64,
)[:SHINGLE]
_MIX = np.uint64(0xBF58476D1CE4E5B9)
# Each word's crc32, kept: most words of a page were on the pages before it (a cache, cleared when it grows big).
_WORD_HASHES: dict[str, int] = {}
_WORD_HASHES_MAX = 1_000_000
_SKIPPED = ("script", "style", "noscript", "template", "svg", "head")


def page_words(body: bytes, charset: str | None = None) -> list[str]:
    """The words of the page ``body`` (bytes, as archived; ``charset`` from its Content-Type header), in reading
    order. An empty list for a body that cannot be read as HTML."""
    encoding, bom = choose_encoding(body, charset)
    data = body if (encoding, bom) == ("UTF-8", 0) else decode(body[bom:], encoding).encode("utf-8", "surrogatepass")
    if not data.strip():
        return []
    parser = lxml.etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except (lxml.etree.XMLSyntaxError, lxml.etree.ParserError, ValueError):
        return []
    if root is None:
        return []
    lxml.etree.strip_elements(root, *_SKIPPED, with_tail=False)
    return words(" ".join(" ".join(root.itertext()).split()))  # runs of spaces collapsed here, faster than fold's


def sample(found: list[str]) -> set[int]:
    """The hashes of the word sequences of ``found`` kept in the sample (see the module's docstring). Vectorised
    with numpy: 2.7 times faster than hashing each sequence's text in Python (measured on 300 real pages)."""
    count = len(found) - SHINGLE + 1
    if count <= 0:
        return set()
    if len(_WORD_HASHES) > _WORD_HASHES_MAX:
        _WORD_HASHES.clear()
    for word in set(found).difference(_WORD_HASHES):
        _WORD_HASHES[word] = zlib.crc32(word.encode("utf-8", "surrogatepass"))
    hashes = np.fromiter(map(_WORD_HASHES.__getitem__, found), dtype=np.uint64, count=len(found))
    mixed = hashes[:count] * _WEIGHTS[0]
    for offset in range(1, SHINGLE):
        mixed += hashes[offset : offset + count] * _WEIGHTS[offset]
    mixed ^= mixed >> np.uint64(30)
    mixed *= _MIX
    mixed ^= mixed >> np.uint64(31)
    return set(mixed[mixed % np.uint64(SAMPLE) == 0].tolist())


def text_words(paragraphs: Iterable[str]) -> list[str]:
    """The words of an original's story paragraphs, as :func:`page_words` cuts a page's."""
    return words(" ".join(paragraphs))
