"""Reporter detection: which names stand in byline positions on a page when no reporter is given?

Metadata names (``<meta>`` author, JSON-LD) are only *candidates*: they count where a reader sees them in a byline
position, and they set the bounds of a name the markup glued to its neighbours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..folding import fold, squash
from .hits import (
    BYLINE_KINDS,
    LINE_AFTER,
    HitKind,
    by_before,
    in_figure,
    lead_is_byline,
    literal_hits,
    near_end,
    near_top,
)
from .markup import BYLINE, CAPTION, HEADING, QUOTE, TOPIC, only_in_topic_links
from .names import BY_INSIDE, BY_PREFIX, BY_STARTS, HONORIFICS, clean_name, name_runs, names_in

if TYPE_CHECKING:
    from ..page import Block, Page


def _line_name(text: str) -> str | None:
    """The name standing alone on a short line, perhaps after a date or an honorific and before a title:
    "Denis Clerc", "25.10.2022 - Reiner Nagel", "Dr. Tim Loppe", "Ryan Pickrell | Reporter"."""
    name = clean_name(text)
    if name and text.startswith(name):
        return name if LINE_AFTER.match(text[len(name) :]) else None
    if not (text[:1].isdigit() or HONORIFICS.match(text)):
        return None  # only a date or an honorific may stand before the name
    runs = name_runs(text)
    if not runs:
        return None
    name = runs[0]
    at = text.find(name)
    if at < 0 or not lead_is_byline(fold(text[:at])):
        return None
    return name if LINE_AFTER.match(text[at + len(name) :]) else None


_BY_LAST_PART = re.compile(r"(?:[|•·]|\s[-–—])\s*(?:written by|by|von|par|por|author:?|autor:?)\s+[^|•·]{3,60}$", re.I)


@dataclass(frozen=True)
class BylineCandidate:
    """A name standing in a byline position, where, how (marked, by, line) and how likely it is the byline."""

    name: str
    block: Block
    kind: HitKind
    score: int


def candidates(page: Page) -> list[BylineCandidate]:
    """Names standing in byline positions on the page, best first (no reporter known). Cached per page."""
    if page.byline_candidates is not None:
        return page.byline_candidates
    found = _Found()
    _from_metadata(page, found)
    for block in page.blocks:
        _from_block(page, block, found)
    _bounded_by_metadata(page, found.by_key)
    result = sorted(found.by_key.values(), key=lambda c: (-c.score, c.block.index))
    page.byline_candidates = result
    return result


class _Found:
    """Candidates by folded name: the best score of each name is kept."""

    def __init__(self) -> None:
        self.by_key: dict[str, BylineCandidate] = {}

    def add(self, name: str, block: Block, kind: HitKind, score: int) -> None:
        key = fold(name)
        if key not in self.by_key or self.by_key[key].score < score:
            self.by_key[key] = BylineCandidate(name, block, kind, score)


def _from_metadata(page: Page, found: _Found) -> None:
    """Names from metadata, where a reader sees them in a byline position (only there)."""
    for name in metadata_authors(page)[:6]:  # a paper's meta may list seventy authors: the first few will do
        if clean_name(name) is None:
            continue  # "webdesk", "Liberty Hill News Services": not a person's name
        hits = [h for h in literal_hits(page, name) if h.is_byline]
        if hits:
            hit = hits[0]
            shown = squash(hit.block.text[hit.start : hit.end]) if hit.block.text.isascii() else name
            found.add(shown or name, hit.block, hit.kind, 60 - BYLINE_KINDS.index(hit.kind))


def _from_block(page: Page, block: Block, found: _Found) -> None:
    """The names of one short block: a line marked as byline, a "By ..." line, or a name alone on its line near
    the headline or the end of the story."""
    if (CAPTION in block.marks and BYLINE not in block.marks) or block.words > 30:
        return
    by = BY_PREFIX.match(block.text) if block.text[:2].lower() in BY_STARTS else None
    if CAPTION in block.marks and not by and in_figure(block):
        return  # a credit in a figure's caption credits the picture (see hits.in_figure)
    # In a quotation or a tag list only a "By ..." line names the author (as hits.classify reads them).
    quoted = QUOTE in block.marks
    subject = quoted or (TOPIC in block.marks and BYLINE not in block.marks)
    if BYLINE in block.marks and not quoted:
        tagged = TOPIC in block.marks  # a byline bar that holds tag links too: those name topics
        for name in names_in(block.text) or name_runs(block.text):
            key = fold(name)
            at = block.folded.find(key) if tagged else -1
            if at >= 0 and not by_before(block.folded, at) and only_in_topic_links(block.element, key, block.folded):
                continue
            found.add(name, block, HitKind.MARKED, 40 + (5 if by else 0) + (5 if near_top(page, block) else 0))
    elif by or (
        (block.words <= 14 or (block.words <= 30 and _BY_LAST_PART.search(block.text)))
        and (near_top(page, block) or near_end(page, block))
        and BY_INSIDE.search(block.text)
    ):
        rest = block.text[by.end() :] if by else block.text
        for name in names_in(block.text) or name_runs(rest)[:3]:
            found.add(name, block, HitKind.BY, 35 + (5 if near_top(page, block) else 0))
    elif (
        not subject
        and block.words <= 16
        and (near_top(page, block) or near_end(page, block))
        and HEADING not in block.marks
    ):
        alone = _line_name(block.text)
        if alone:
            score = 20 + (5 if block.words > len(alone.split()) else 0) + (5 if near_top(page, block) else 0)
            found.add(alone, block, HitKind.LINE, score)


def _bounded_by_metadata(page: Page, found: dict[str, BylineCandidate]) -> None:
    """Metadata sets the bounds of a name the markup glued to its neighbours: "Sam Stein Senior" -> "Sam Stein"."""
    meta_names = [fold(n) for n in metadata_authors(page) if clean_name(n)]
    for candidate in list(found.values()):
        key = fold(candidate.name)
        for meta in meta_names:
            if meta != key and meta not in found and f" {meta} " in f" {key} ":
                found[meta] = BylineCandidate(
                    _shown(candidate, meta), candidate.block, candidate.kind, candidate.score + 5
                )


def _shown(candidate: BylineCandidate, folded: str) -> str:
    """The words of ``candidate.name`` that fold to ``folded``, as the page writes them."""
    words = candidate.name.split()
    count = len(folded.split())
    for start in range(len(words) - count + 1):
        piece = " ".join(words[start : start + count])
        if fold(piece) == folded:
            return piece
    return folded.title()


def metadata_authors(page: Page) -> list[str]:
    """Author names the page declares in ``<meta>`` and JSON-LD (hints only: never a byline by themselves)."""
    names: list[str] = []
    for value in page.meta_values(
        "author",
        "article:author",
        "dc.creator",
        "dcterms.creator",
        "parsely-author",
        "sailthru.author",
        "byl",
        "cxenseparse:author",
    ):
        if value.startswith("http"):
            continue
        names.extend(n for n in re.split(r"\s*(?:,|;|\||\band\b|&)\s*", BY_PREFIX.sub("", value)) if n)
    for obj in page.jsonld:
        author = obj.get("author") or obj.get("creator")
        for item in author if isinstance(author, list) else [author]:
            if isinstance(item, dict):
                named = item.get("name")
                if isinstance(named, str):
                    names.append(named)
            elif isinstance(item, str) and not item.startswith("http"):
                names.append(item)
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = fold(name)
        if key and key not in seen and len(key) < 60:
            seen.add(key)
            out.append(squash(name))
    return out
