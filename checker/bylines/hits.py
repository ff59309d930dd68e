"""Name hits: where does this name appear in the article, and how would a reader read each occurrence of it?

Works only on the page model's blocks (visible text of the article region). A name found in a block is classified
(:class:`HitKind`) as:

- ``marked``: inside an element marked as byline or author (class/id, ``rel=author``, ``itemprop=author``, a link
  to an author page);
- ``by``: introduced by "By" (or "Written by", "Von", "Par", "Por" …) on its line;
- ``line``: standing on its own short line near the headline or at the top or end of the body, possibly followed
  by a title or an outlet ("Ryan Pickrell | China/Asia Pacific Reporter", "Max Keating, DCNF");
- ``bio``: an author line at the end ("Ryan Pickrell is a reporter for …");
- ``signoff``: the name in brackets closing the last paragraph of the story ("… bleibt spannend. (Jana Roth)");
- ``caption``: in a photo caption or credit (not a byline);
- ``sentence``: anywhere else, e.g. inside a sentence of the story (not a byline).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ..folding import fold, name_pattern
from .markup import BYLINE, CAPTION, HEADING, QUOTE, TOPIC, only_in_topic_links
from .names import HONORIFIC, HONORIFICS

if TYPE_CHECKING:
    from ..page import Block, Page


class HitKind(StrEnum):
    """How a reader reads one occurrence of a name (see the module's docstring). A ``str``: it prints and
    compares as its value ("marked", "by" ...)."""

    MARKED = "marked"
    BY = "by"
    LINE = "line"
    BIO = "bio"
    SIGNOFF = "signoff"
    CAPTION = "caption"
    SENTENCE = "sentence"


BYLINE_KINDS = (HitKind.MARKED, HitKind.BY, HitKind.LINE, HitKind.BIO, HitKind.SIGNOFF)

# "By", in the languages of the pages repcheck meets, as the last words before a name on its line.
_BY_BEFORE = re.compile(
    r"(?:^|[\s|:•·,;(\[/—-])(?:by|written by|words by|reported by|story by|posted by|article by|text by|"
    r"von|par|por|di|door|av|af|de|da|z|od|author|authors|autor|autorin|autoren|autorinnen|autore|auteur|autora|"
    r"text|texte|texto|redaktion|"
    r"reportage|redakteur|redakteurin|escribe|escrito por|written|责任编辑|编辑|作者|记者)\s*[:：]?\s*$"
)
# A list of names after a "By": "By Jane Doe and", "By Jane Doe, John Roe &".
_BY_LIST_BEFORE = re.compile(
    r"(?:^|[\s|:•·(\[—-])(?:by|von|par|por|di|door|written by)\s+[^.|]{2,80}?"
    r"(?:,|\band\b|\bund\b|\bet\b|\by\b|\be\b|&)\s*$"
)
# After a name on a byline line: a separator, a title, an outlet, a date — not the rest of a sentence.
LINE_AFTER = re.compile(
    r"^(?:$|\s*[|,•·/(\[:–—.-]|\s+(?:and|und|&|et)\s|\s*\d|\s+(?:for|für|pour|para|per|at|with|mit|on|in|of|is\b)\b|"
    r"\s+(?:illustrations?|fotos?|photos?|bilder?|grafik)\b|"
    r"\s+[A-Z]?[\w.'/&-]*\s*(?:reporter|correspondent|writer|editor|contributor|columnist|journalist|staff|"
    r"analyst|fellow|producer|intern|news|foundation|dcnf|photographer|redakt|autor|published|updated|posted|"
    r"zuletzt|geändert|aktualisiert|veröffentlicht|publié|mis à jour|actualizado|publicado|\w+ reporter))",
    re.I,
)
# After a name opening an author line at the end: "is a reporter for", "covers energy", "writes for".
_BIO_AFTER = re.compile(
    # "Jane Doe is a reporter for", "Bianca Praetorius (37) ist Pitch Coach für" (the article may be left out)
    r"^(?:\s*\([^()]{1,30}\))?,?\s+(?:(?:is|was|has been|serves as|served as|ist|war|est|é|es)\s+"
    r"(?:(?:a|an|the|our|ein|eine|der|die|un|une|le|la|el|il|o|um|uma)\b)?|covers\b|reports (?:for|on)\b|"
    r"writes (?:for|about|on)\b|joined\b|works (?:for|at)\b)",
    re.I,
)
# What may stand before "By" on a byline line: nothing, a separator, or a date / time ("Oct. 9, 2024 by").
_BY_LEAD = re.compile(r"^(?:|.*(?:[|•·:–—]|\s-)\s*|[\w\s,./:]*\d[\w\s,./:]*)$")
# One honorific and the space after it: "Dr. ", "Prof ", "Dipl.-Ing. ".
_TRAILING_HONORIFICS = re.compile(r"(?<![^\W\d])(?:" + HONORIFIC + r")+$")  # on folded (lower-case) text
# A photo credit, not a byline: "Photograph by Jeremy Holden", "Foto: dpa".
_CREDIT_LINE = re.compile(
    r"^(?:(?:photo|photograph|picture|image|foto|bild|illustration|video|grafik)s?"
    r"|getty images|shutterstock|imago|picture[ -]alliance|istock|alamy|unsplash|pexels|pixabay|dreamstime)\b",
    re.I,
)
# A label opening a line of tags, topics or links to other stories: what follows is not a byline.
_LIST_LABEL = re.compile(
    r"^\W*(?:tags?|schlagw\w*|stichw\w*|themen?|keywords?|topics?|kategorien?|categor\w*|rubrik|mehr zu\w*|"
    r"more on|related|siehe auch|see also|read more|lesen sie auch|ahnliche themen)\b",
    re.I,
)
# A picture agency beside a slash, as photo credits write it: "Andrew Harnik/Shutterstock", "EFE/ J.J. Guillén".
# In a caption, an element classed author holding one credits the photo, not the story.
_AGENCY_CREDIT = re.compile(
    r"(?<![^\W\d])(?:afp|ap|dpa|efe|epa|reuters|ansa|anp|imago|getty(?: images)?|shutterstock|istock|alamy)\s*/"
    r"|/\s*(?:afp|ap|dpa|efe|epa|reuters|ansa|anp|imago|getty|shutterstock|istock|alamy)(?![^\W\d])"
)
# A photo credit or an embedded social post inside a line: "Birgit Kelle (Bild: Facebook)", "A post shared by".
_CREDIT_INSIDE = re.compile(
    r"\((?:bild|foto|photo|image|credit|quelle)s?\s*:|\b(?:post|beitrag|photo|video)\s+(?:shared by|geteilt von)\b"
)
# An author line at the end names a role: "... is a reporter for", "... writes about", "... covers".
_BIO_ROLE = re.compile(
    r"reporter|writer|journalist|editor|correspondent|contributor|columnist|author|fellow|freelance|producer|"
    r"staff|covers|writes|reports|redakteur|autor|journaliste|periodista|giornalista|coach|trainer|founder|"
    r"gründer|moderator|berater|consultant|expert|professor|researcher|scientist|wissenschaftler|korrespondent",
    re.I,
)
_DATE_ONLY = re.compile(
    # one character or one word per repetition: no nested quantifier, no catastrophic backtracking
    r"^(?:[\d\s.,:/|•·–—-]|(?<![^\W\d])(?:" + "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|"
    "march|april|june|july|august|september|october|november|december|januar|februar|märz|juni|juli|oktober|"
    "dezember|uhr|am|um|at|on|le|de|del|posted|published|updated|veröffentlicht|publié" + r")(?![^\W\d])\.?)*$"
)
# The author's name in brackets closing the story, as German papers sign off: "... bleibt spannend. (Jana Roth)"
_SIGNOFF_BEFORE = re.compile(r"[.!?\"“”»«]\s*\($")
_SIGNOFF_AFTER = re.compile(r"^\)[\s+*#.]*$")
# A lead ending with a separator: what follows opens a new part of a meta line.
_LAST_PART = re.compile(r"(?:[|•·]|\s[-–—])\s*$")


@dataclass(frozen=True)
class NameHit:
    """One occurrence of a name in a visible block, and how a reader would read it."""

    block: Block
    start: int
    end: int
    kind: HitKind

    @property
    def is_byline(self) -> bool:
        return self.kind in BYLINE_KINDS


def in_figure(block: Block) -> bool:
    """Whether ``block`` is a figure's caption or lies in one: an author element there credits the picture or the
    clip ("Foto: Greg Nelson", "Audio 03:07 Min. | Roman Warschauer"), not the story, unless it says "By" (an
    author card's headshot captioned "By Nick Pope, reporter")."""
    el = block.element
    return el.tag in _FIGURE_TAGS or next(el.iterancestors(*_FIGURE_TAGS), None) is not None


_FIGURE_TAGS = ("figure", "figcaption")


def near_top(page: Page, block: Block) -> bool:
    """Within the lines from the headline to the first few paragraphs of the story."""
    head = page.heading_index
    first = page.body_start
    if block.index <= first + 2 and (head is None or block.index >= head - 3):
        return True
    return head is not None and head <= block.index <= head + 8


def near_end(page: Page, block: Block) -> bool:
    """Within the last lines of the story: just before or after its last long paragraph."""
    return block.index >= page.body_end - 1 and block.index <= page.body_end + 10


def classify(page: Page, block: Block, start: int, end: int) -> HitKind:
    """How a reader reads the name at ``block.folded[start:end]``."""
    text = block.folded
    # An honorific belongs to the name: "Autor: Dr. Lena Vogt" is "Autor:" before "Lena Vogt".
    before = _TRAILING_HONORIFICS.sub("", text[:start])
    after = text[end:]
    if (
        (CAPTION in block.marks and (BYLINE not in block.marks or _AGENCY_CREDIT.search(text)))
        or _CREDIT_LINE.match(text)
        or _CREDIT_INSIDE.search(text)
        or (CAPTION in block.marks and in_figure(block) and not _BY_BEFORE.search(before[-60:]))
    ):
        return HitKind.CAPTION
    if (
        TOPIC in block.marks
        and BYLINE in block.marks
        and not _BY_BEFORE.search(before[-60:])
        and only_in_topic_links(block.element, text[start:end], text)
    ):
        return HitKind.SENTENCE  # a tag link in a byline bar ("Photovoltaik / Top Solar News / Wirtschaft")
    lead_ok = lead_is_byline(before)
    quoted = QUOTE in block.marks  # a quotation and its attribution ("— Max Weber"): only a "By" line counts there
    if (
        not quoted
        and BYLINE in block.marks
        and (block.words <= 20 or (start <= 60 and lead_ok))
        and (HEADING not in block.marks or block.words <= 12)
    ):
        return HitKind.MARKED
    by = _BY_BEFORE.search(before[-60:]) or _BY_LIST_BEFORE.search(before[-100:])
    if by:
        # "By Jane Doe" opens its line, or follows a separator, a date or a label ("Story and photos by" is one
        # phrase of _BY_BEFORE), or opens the last part of a meta line ("News | Published: 5 hours ago | Written
        # by Jane Doe"). Not "a study by Jane Doe found" in the middle of a sentence.
        offset = max(0, len(before) - (60 if by.re is _BY_BEFORE else 100))
        lead = before[: offset + by.start()]
        if lead_is_byline(lead) or (block.words <= 30 and _LAST_PART.search(lead)):
            return HitKind.BY
        # "Ein Artikel von Pamela Sladky | 27.01.2022", "Text von Christian Seiler Illustration von ...": a few words
        # before "von", on a short line where what follows the name is a byline's tail, not a sentence going on.
        if block.words <= 14 and len(lead.split()) <= 3 and LINE_AFTER.match(_original_tail(block.text, after)):
            return HitKind.BY
    if quoted or (TOPIC in block.marks and BYLINE not in block.marks):
        return HitKind.SENTENCE  # a link to the topic page of a person the story is about, a tag, a quotation
    # Alone (or with a title / outlet) on a short line near the headline or at the end of the story, perhaps
    # after a date or an honorific.
    if lead_ok and block.words <= 16 and HEADING not in block.marks:
        original_after = _original_tail(block.text, after)
        if LINE_AFTER.match(original_after) and (near_top(page, block) or near_end(page, block)):
            return HitKind.LINE
    if lead_ok and _BIO_AFTER.match(after) and _BIO_ROLE.search(after[:120]) and near_end(page, block):
        return HitKind.BIO
    if _SIGNOFF_BEFORE.search(before[-3:]) and _SIGNOFF_AFTER.match(after) and near_end(page, block):
        return HitKind.SIGNOFF
    return HitKind.SENTENCE


def by_before(folded: str, start: int) -> bool:
    """Whether "By" or an author label comes just before ``start`` in a folded line ("Edited by Swati Bhasin")."""
    return _BY_BEFORE.search(_TRAILING_HONORIFICS.sub("", folded[:start])[-60:]) is not None


def lead_is_byline(lead: str) -> bool:
    """Whether what stands before a name on its line leaves it a byline: nothing, a separator, a date, an
    honorific ("Dr."), or a short label ("Autor:")."""
    lead = lead.strip()
    if not lead:
        return True
    if len(lead) > 40 or _LIST_LABEL.match(lead):
        return False
    stripped = lead.strip(" |-–—•·:([,")
    return (
        not stripped
        or _BY_LEAD.match(lead) is not None
        or _DATE_ONLY.match(stripped) is not None
        or HONORIFICS.fullmatch(stripped + " ") is not None
    )


def _original_tail(original: str, folded_after: str) -> str:
    """The end of ``original`` matching ``folded_after`` (for case-sensitive tests), approximately."""
    n = len(folded_after)
    return original[len(original) - n :] if n <= len(original) else folded_after


def find_name(page: Page, name: str, blocks: list[Block] | None = None) -> list[NameHit]:
    """Every visible occurrence of ``name`` in the article region (or in ``blocks``), classified."""
    tokens = [t for t in re.split(r"[\s.'-]+", fold(name)) if t]
    if blocks is None and (not tokens or max(tokens, key=len) not in page.folded_text):
        return []  # cheap test before compiling a pattern and folding every block
    pattern = name_pattern(name)
    if pattern is None:
        return []
    hits: list[NameHit] = []
    if blocks is None:
        for block, start, end in page.search_blocks(pattern):
            hits.append(NameHit(block, start, end, classify(page, block, start, end)))
        return hits
    for block in blocks:
        for match in pattern.finditer(block.folded):
            hits.append(NameHit(block, match.start(), match.end(), classify(page, block, match.start(), match.end())))
    return hits


def literal_hits(page: Page, name: str) -> list[NameHit]:
    """Occurrences of ``name`` exactly as written (after folding), classified, byline kinds first.

    For names taken from the page itself (detection), where the exact form is known: no pattern to compile.
    """
    needle = fold(name)
    text = page.folded_text
    starts = page.line_starts
    hits: list[NameHit] = []
    index = text.find(needle) if needle else -1
    while index != -1:
        end = index + len(needle)
        before = text[index - 1] if index else " "
        after = text[end : end + 2]
        if not (before.isalnum() or before == "'") and not (
            after[:1].isalnum() or (after[:1] == "-" and after[1:].isalnum())
        ):
            line = bisect.bisect_right(starts, index) - 1
            block = page.blocks[line]
            start, stop = index - starts[line], end - starts[line]
            hits.append(NameHit(block, start, stop, classify(page, block, start, stop)))
        index = text.find(needle, index + 1)
    hits.sort(key=_best_first)
    return hits


def name_hits(page: Page, name: str, *, exact: bool = False) -> list[NameHit]:
    """Every visible occurrence of ``name``, byline kinds first (best first). Cached per page.

    ``exact``: the name was read off this very page (a detected reporter), so its exact form is enough and no
    pattern needs compiling.
    """
    key = (exact, fold(name))
    hits = page.hits_by_name.get(key)
    if hits is None:
        if exact:
            hits = literal_hits(page, name)
        else:
            hits = find_name(page, name)
            hits.sort(key=_best_first)
        page.hits_by_name[key] = hits
    return hits


def _best_first(hit: NameHit) -> int:
    """Byline kinds first, in the order of :data:`BYLINE_KINDS`; every other kind after them."""
    return BYLINE_KINDS.index(hit.kind) if hit.is_byline else len(BYLINE_KINDS)


# ----------------------------------------------------------------------------------------------------------------
