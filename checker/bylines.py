"""Where a person's name appears on the page, and whether a reader would read it as the article's byline.

Shared by the ``byline`` and ``affiliation`` checks and by reporter detection. Works only on the page model's
blocks (visible text of the article region); never on metadata, except that metadata names are *candidates* that
must then be found in a visible byline position.

A name found in a block is classified as:

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

from .folding import fold, name_pattern, squash
from .page import BYLINE, CAPTION, HEADING, TOPIC, Block, Page

BYLINE_KINDS = ("marked", "by", "line", "bio", "signoff")

# "By", in the languages of the pages repcheck meets, as the last words before a name on its line.
_BY_BEFORE = re.compile(
    r"(?:^|[\s|:•·,;(\[/—-])(?:by|written by|words by|reported by|story by|posted by|article by|text by|"
    r"von|par|por|di|door|av|af|de|da|z|od|author|authors|autor|autorin|autoren|autorinnen|autore|auteur|autora|"
    r"text|texte|texto|redaktion|"
    r"reportage|redakteur|redakteurin|escribe|escrito por|written)\s*:?\s*$"
)
# A list of names after a "By": "By Jane Doe and", "By Jane Doe, John Roe &".
_BY_LIST_BEFORE = re.compile(
    r"(?:^|[\s|:•·(\[—-])(?:by|von|par|por|di|door|written by)\s+[^.|]{2,80}?(?:,|\band\b|\bund\b|\bet\b|\by\b|\be\b|&)\s*$"
)
# After a name on a byline line: a separator, a title, an outlet, a date — not the rest of a sentence.
_LINE_AFTER = re.compile(
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
_HONORIFIC = (
    r"(?:prof|dr|mr|mrs|ms|mme|mlle|herr|frau|sir|dame|dipl|ing|mag|rev|rechtsanwalt|rechtsanwältin|professor|"
    r"professorin)\.?(?:-\w+\.?)?\s+"
)
_TRAILING_HONORIFICS = re.compile(r"(?<![^\W\d])(?:" + _HONORIFIC + r")+$")  # on folded (lower-case) text
# A photo credit, not a byline: "Photograph by Jeremy Holden", "Foto: dpa".
_CREDIT_LINE = re.compile(r"^(?:photo|photograph|picture|image|foto|bild|illustration|video|grafik)s?\b", re.I)
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
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+\S")


@dataclass(frozen=True)
class NameHit:
    """One occurrence of a name in a visible block, and how a reader would read it."""

    block: Block
    start: int
    end: int
    kind: str

    @property
    def is_byline(self) -> bool:
        return self.kind in BYLINE_KINDS


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


def classify(page: Page, block: Block, start: int, end: int) -> str:
    """How a reader reads the name at ``block.folded[start:end]``."""
    text = block.folded
    # An honorific belongs to the name: "Autor: Dr. Lena Vogt" is "Autor:" before "Lena Vogt".
    before = _TRAILING_HONORIFICS.sub("", text[:start])
    after = text[end:]
    if (
        (CAPTION in block.marks and BYLINE not in block.marks)
        or _CREDIT_LINE.match(text)
        or _CREDIT_INSIDE.search(text)
    ):
        return "caption"
    lead_ok = _lead_is_byline(before)
    if (
        BYLINE in block.marks
        and (block.words <= 20 or (start <= 60 and lead_ok))
        and (HEADING not in block.marks or block.words <= 12)
    ):
        return "marked"
    by = _BY_BEFORE.search(before[-60:]) or _BY_LIST_BEFORE.search(before[-100:])
    if by:
        # "By Jane Doe" opens its line, or follows a separator, a date or a label ("Story and photos by" is one
        # phrase of _BY_BEFORE), or opens the last part of a meta line ("News | Published: 5 hours ago | Written
        # by Jane Doe"). Not "a study by Jane Doe found" in the middle of a sentence.
        offset = max(0, len(before) - (60 if by.re is _BY_BEFORE else 100))
        lead = before[: offset + by.start()]
        if _lead_is_byline(lead) or (block.words <= 30 and _LAST_PART.search(lead)):
            return "by"
        # "Ein Artikel von Pamela Sladky | 27.01.2022", "Text von Christian Seiler Illustration von ...": a few words
        # before "von", on a short line where what follows the name is a byline's tail, not a sentence going on.
        if block.words <= 14 and len(lead.split()) <= 3 and _LINE_AFTER.match(_original_tail(block.text, after)):
            return "by"
    if TOPIC in block.marks and BYLINE not in block.marks:
        return "sentence"  # a link to the topic page of a person the story is about
    # Alone (or with a title / outlet) on a short line near the headline or at the end of the story, perhaps
    # after a date or an honorific.
    if lead_ok and block.words <= 16 and HEADING not in block.marks:
        original_after = _original_tail(block.text, after)
        if _LINE_AFTER.match(original_after) and (near_top(page, block) or near_end(page, block)):
            return "line"
    if lead_ok and _BIO_AFTER.match(after) and _BIO_ROLE.search(after[:120]) and near_end(page, block):
        return "bio"
    if _SIGNOFF_BEFORE.search(before[-3:]) and _SIGNOFF_AFTER.match(after) and near_end(page, block):
        return "signoff"
    return "sentence"


def _lead_is_byline(lead: str) -> bool:
    """Whether what stands before a name on its line leaves it a byline: nothing, a separator, a date, an
    honorific ("Dr."), or a short label ("Autor:")."""
    lead = lead.strip()
    if not lead:
        return True
    if len(lead) > 40:
        return False
    stripped = lead.strip(" |-–—•·:([,")
    return (
        not stripped
        or _BY_LEAD.match(lead) is not None
        or _DATE_ONLY.match(stripped) is not None
        or _HONORIFICS.fullmatch(stripped + " ") is not None
    )


def opens_with_by(text: str) -> bool:
    """Whether a line opens with "By" (or "Written by", "Von", "Par"...): a byline line."""
    return _BY_PREFIX.match(text) is not None


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
    starts: list[int] = page.cache["line-starts"]
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
    hits.sort(key=lambda h: BYLINE_KINDS.index(h.kind) if h.is_byline else len(BYLINE_KINDS))
    return hits


def name_hits(page: Page, name: str, *, exact: bool = False) -> list[NameHit]:
    """Every visible occurrence of ``name``, byline kinds first (best first). Cached per page.

    ``exact``: the name was read off this very page (a detected reporter), so its exact form is enough and no
    pattern needs compiling.
    """
    key = f"name-hits:{exact}:{fold(name)}"
    if key not in page.cache:
        if exact:
            hits = literal_hits(page, name)
        else:
            hits = find_name(page, name)
            hits.sort(key=lambda h: BYLINE_KINDS.index(h.kind) if h.is_byline else len(BYLINE_KINDS))
        page.cache[key] = hits
    return page.cache[key]  # type: ignore[no-any-return]


# ----------------------------------------------------------------------------------------------------------------
# Names on byline lines when no reporter is given.

_MONTHS = (
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|"
    "october|november|december|januar|februar|märz|maerz|juni|juli|oktober|dezember|janvier|février|mars|avril|"
    "juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    "septiembre|octubre|noviembre|diciembre"
)
_NAME_CUT = re.compile(
    r"\s*(?:\||•|·|/|\(|\[|:|;|@|\s[-–—]\s|[-–—]{1,2}\s|,|\s(?:and|und|&|et|y|e|und)\s|\d|"
    r"\s(?:for|für|pour|para|per|at|with|on|in|of|from|is|was|updated|published|posted|am|photo|photos|foto|"
    r"twitter|email|e-mail|follow|reporter|correspondent|editor|writer|ceo|staff)\b|"
    r"\s(?:" + _MONTHS + r")\.?(?=\s*\d|\s*$)|\s(?:le|am|el|il|em|den|du)\s+(?=\d)|"
    r"\s(?:illustrations?|fotos?|photos?|bilder?)\b|$)",
    re.I,
)
_BY_PREFIX = re.compile(
    r"^\s*(?:(?:(?:written|words|reported|story|posted|article|text|reporting|ein \w+)\s+)?"
    r"(?:(?:by|von|par|por|di|door|av|af|de|autor|autorin|auteur|texte?|texto)\b|(?-i:[Bb]y(?=[A-Z]|by\b)))\s*:?\s*)+",
    re.I,
)
_HONORIFICS = re.compile(r"^(?:" + _HONORIFIC + r")+", re.I)
_FINAL_INITIAL = re.compile(r"\s\w\.$")
# The first two letters of every line _BY_PREFIX can match: a cheap test before the regex.
_BY_STARTS = frozenset(["by", "vo", "pa", "po", "di", "do", "av", "af", "de", "au", "te", "wr", "wo", "re", "st", "ar", "ei"])
# A short label before a name: "Interview: Julia Lauter", "Text & Fotos: Ivan Valetny", "Autor*in: ..."
_LABEL_PREFIX = re.compile(r"^\s*[\w*&/ ]{2,25}:\s+(?=\S)")
_PARTICLES = frozenset(["de", "da", "del", "della", "di", "van", "von", "der", "den", "la", "le", "du", "dos", "das", "bin", "al", "ter", "ten", "zu", "y"])
_ARTICLES = frozenset(["the", "a", "an", "der", "die", "das", "den", "dem", "ein", "eine", "le", "la", "les", "l", "un", "une", "el", "los", "las", "il", "lo", "gli", "i"])
_NOT_NAME_WORDS = frozenset(
    fold(w)
    for w in ["staff", "admin", "administrator", "editor", "editors", "editorial", "team", "desk", "news", "newsroom", "daily", "caller", "foundation", "reporter", "correspondent", "contributor", "writer", "guest", "press", "associated", "reuters", "afp", "dpa", "ap", "agency", "agencies", "redaktion", "home", "menu", "share", "tweet", "email", "print", "comments", "comment", "subscribe", "follow", "more", "read", "the", "our", "your", "by", "and", "with", "from", "updated", "published", "posted", "about", "contact", "advertise", "facebook", "twitter", "linkedin", "instagram", "whatsapp", "login", "sign", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "august", "september", "october", "november", "december", "opinion", "analysis", "commentary", "column", "world", "politics", "business", "sports", "photo", "video", "image", "getty", "images", "shutterstock", "policy", "policies", "privacy", "preferences", "manage", "settings", "cookie", "cookies", "terms", "conditions", "saved", "story", "stories", "related", "coverage", "watch", "live", "full", "text", "box", "office", "roundup", "district", "cases", "head", "first", "tips", "tipp", "information", "federal", "bureau", "identifier", "times", "council", "praise", "update", "latest", "breaking", "trending", "popular", "recommended", "newsletter", "podcast", "search", "account", "register", "gallery", "videos", "audio", "listen", "deals", "shop", "sponsored", "partner", "weather", "traffic", "police", "click", "here", "aktuell", "artikel", "kommentar", "kommentare", "mehr", "lesen", "teilen", "drucken", "allgemein", "besonderer", "seit", "mai", "uhr", "actualité", "actualités", "lire", "partager", "commentaires", "noticias", "leer", "compartir", "güncelleme", "son", "haber", "über", "about", "blog", "beitrag", "beiträge", "autor", "autorin", "author", "authors", "posts", "artikel", "alle", "all", "view", "profile", "bio", "startseite", "zur", "copyright", "publié", "publie", "publicado", "ver", "más", "guide", "stand", "kategorien", "kategorie", "netzwerk", "senior", "junior", "politics", "political", "illustration", "escucha", "noticia", "vorschau", "pdf", "preview", "autoren", "rechtsanwalt", "rechtsanwältin", "experte", "expertin", "weitere", "informationen", "suggested", "citation", "stellvertretende", "stellvertretender", "pressesprecher", "pressesprecherin", "content", "creator", "health", "score", "good", "night", "today's", "word", "spot", "charakter", "pm", "et", "est", "edt", "cet", "utc", "gmt", "mehr", "infos", "in", "im", "zum", "am", "an", "auf", "bei", "mit", "für", "weiterlesen", "local", "golpe", "super", "welche", "wünsche", "climate", "management", "experte", "expertin", "online", "social", "media"]
)


def _name_word(word: str) -> bool:
    """A word of a person's name: capitalised (any script with case), a name particle, or a word of a script
    without case (CJK); not a number, not a URL."""
    first = word[0]
    if first.isupper():
        return all(c.isalpha() or c in "'’.-" for c in word)
    if word.lower().rstrip(".") in _PARTICLES:
        return True
    return word.isalpha() and word.lower() == word.upper()  # a script without case


def clean_name(raw: str) -> str | None:
    """The person's name in a byline fragment ("By Jane Doe | Reporter" -> "Jane Doe"), or None."""
    text = squash(raw)
    text = _BY_PREFIX.sub("", text)
    if ":" in text[:28]:  # "Interview: Julia Lauter", "Text & Fotos: Ivan Valetny"
        text = _BY_PREFIX.sub("", _LABEL_PREFIX.sub("", text))
    text = _NAME_CUT.split(text, maxsplit=1)[0].strip(" ,:;'\"“”‘’")
    if "." in text:  # honorifics ("Dr.", "Prof.") and initials ("Joe S.") are the only dots in a name
        text = _HONORIFICS.sub("", text)
        if not _FINAL_INITIAL.search(text):
            text = text.rstrip(".")
    else:
        text = _HONORIFICS.sub("", text)
    words = text.split()
    if not 2 <= len(words) <= 5:
        return None
    if not all(_name_word(w) for w in words):
        return None
    if words[0].lower() in _ARTICLES or words[0].lower().rstrip(".") in _PARTICLES:
        return None  # "Die Gemeindepolitik", "The Editors"
    if len(words[-1].rstrip(".")) == 1 and not words[-1].endswith("."):
        return None  # "Ilanga D": a name ends with a surname, or an initial with its dot ("Joe S.")
    if words[-1].lower() in _PARTICLES:
        return None  # "J I da": a name does not end with "da" or "von"
    if any((w.lower() if w.isascii() else fold(w)).strip(".") in _NOT_NAME_WORDS for w in words):
        return None
    if sum(len(w) for w in words) > 45:
        return None
    return text


_BY_INSIDE = re.compile(
    r"(?:^|[\s:|•·-])(?:by|von|par|por|di|door|escrito por|escribe|écrit par|author|autor|autorin|auteur)\s*:?\s+(?=\S)",
    re.I,
)


def _line_name(text: str) -> str | None:
    """The name standing alone on a short line, perhaps after a date or an honorific and before a title:
    "Denis Clerc", "25.10.2022 - Reiner Nagel", "Dr. Tim Loppe", "Ryan Pickrell | Reporter"."""
    name = clean_name(text)
    if name and text.startswith(name):
        return name if _LINE_AFTER.match(text[len(name) :]) else None
    if not (text[:1].isdigit() or _HONORIFICS.match(text)):
        return None  # only a date or an honorific may stand before the name
    runs = _name_runs(text)
    if not runs:
        return None
    name = runs[0]
    at = text.find(name)
    if at < 0 or not _lead_is_byline(fold(text[:at])):
        return None
    return name if _LINE_AFTER.match(text[at + len(name) :]) else None


def _names_in(fragment: str) -> list[str]:
    """Every person's name in a byline fragment that may list several ("By A, B and C"), after the first "by"
    when a date or a label comes before it ("Posted 11. April 2018 by Walter von Aachen")."""
    text = squash(fragment)
    inside = _BY_INSIDE.search(text)
    if inside:
        text = text[inside.end() :]
    text = _BY_PREFIX.sub("", text)
    names: list[str] = []
    for part in re.split(r"\s*(?:,|\band\b|\bund\b|&|\bet\b|\by\b)\s*", text)[:6]:
        name = clean_name(part)
        if name:
            names.append(name)
        elif names:
            break
    return names


_RUN_BREAK = re.compile(r"[|•·/,;:()\[\]–—@]|\s-\s")


def _name_runs(text: str) -> list[str]:
    """Names in a byline line whatever surrounds them: runs of two to four name words, broken by punctuation
    and by words that are not names ("Über Bob Fischer", "December 10, 2021 by Luke Koppa", "FOCUS-Online-Experte
    Robin Tschöpe")."""
    names: list[str] = []
    for segment in _RUN_BREAK.split(text):
        run: list[str] = []
        for word in [*segment.split(), ""]:
            bare = word.strip(".,'\"“”‘’!?")
            folded = bare.lower().strip(".") if bare.isascii() else fold(bare).strip(".")
            if (
                bare
                and _name_word(bare)
                and folded not in _NOT_NAME_WORDS
                and ("-" not in folded or _NOT_NAME_WORDS.isdisjoint(folded.split("-")))  # "FOCUS-Online-Experte"
                and not _BY_WORD.match(bare)
            ):
                run.append(bare)
                continue
            while run and run[0].lower().rstrip(".") in _PARTICLES:
                run.pop(0)
            if 2 <= len(run) <= 4:
                name = clean_name(" ".join(run))
                if name:
                    names.append(name)
            run = []
    return names


# A meta line whose last part names the author: "News | Published: 5 hours ago | Written by Jane Doe".
_BY_LAST_PART = re.compile(r"(?:[|•·]|\s[-–—])\s*(?:written by|by|von|par|por|author:?|autor:?)\s+[^|•·]{3,60}$", re.I)
_BY_WORD = re.compile(r"^(?:by|von|par|por|di|door|av|af|autor|autorin|auteur|texte?|texto)$", re.I)


@dataclass(frozen=True)
class BylineCandidate:
    name: str
    block: Block
    kind: str
    score: int


def candidates(page: Page) -> list[BylineCandidate]:
    """Names standing in byline positions on the page, best first (no reporter known). Cached per page."""
    if "byline-candidates" in page.cache:
        return page.cache["byline-candidates"]  # type: ignore[no-any-return]
    found: dict[str, BylineCandidate] = {}

    def add(name: str, block: Block, kind: str, score: int) -> None:
        key = fold(name)
        if key not in found or found[key].score < score:
            found[key] = BylineCandidate(name, block, kind, score)

    # Names from metadata count only where a reader sees them in a byline position.
    for name in metadata_authors(page)[:6]:  # a paper's meta may list seventy authors: the first few will do
        if clean_name(name) is None:
            continue  # "webdesk", "Liberty Hill News Services": not a person's name
        hits = [h for h in literal_hits(page, name) if h.is_byline]
        if hits:
            hit = hits[0]
            shown = squash(hit.block.text[hit.start : hit.end]) if hit.block.text.isascii() else name
            add(shown or name, hit.block, hit.kind, 60 - BYLINE_KINDS.index(hit.kind))
    for block in page.blocks:
        if CAPTION in block.marks and BYLINE not in block.marks:
            continue
        if block.words > 30:
            continue
        by = _BY_PREFIX.match(block.text) if block.text[:2].lower() in _BY_STARTS else None
        if BYLINE in block.marks:
            for name in _names_in(block.text) or _name_runs(block.text):
                add(name, block, "marked", 40 + (5 if by else 0) + (5 if near_top(page, block) else 0))
        elif by or (
            (block.words <= 14 or (block.words <= 30 and _BY_LAST_PART.search(block.text)))
            and (near_top(page, block) or near_end(page, block))
            and _BY_INSIDE.search(block.text)
        ):
            rest = block.text[by.end() :] if by else block.text
            for name in _names_in(block.text) or _name_runs(rest)[:3]:
                add(name, block, "by", 35 + (5 if near_top(page, block) else 0))
        elif block.words <= 16 and (near_top(page, block) or near_end(page, block)) and HEADING not in block.marks:
            name = _line_name(block.text)
            if name:
                add(
                    name,
                    block,
                    "line",
                    20 + (5 if block.words > len(name.split()) else 0) + (5 if near_top(page, block) else 0),
                )
    # Metadata sets the bounds of a name the markup glued to its neighbours: "Sam Stein Senior" -> "Sam Stein".
    meta_names = [fold(n) for n in metadata_authors(page) if clean_name(n)]
    for candidate in list(found.values()):
        key = fold(candidate.name)
        for meta in meta_names:
            if meta != key and meta not in found and f" {meta} " in f" {key} ":
                found[meta] = BylineCandidate(
                    _shown(candidate, meta), candidate.block, candidate.kind, candidate.score + 5
                )
    result = sorted(found.values(), key=lambda c: (-c.score, c.block.index))
    page.cache["byline-candidates"] = result
    return result


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
        names.extend(n for n in re.split(r"\s*(?:,|;|\||\band\b|&)\s*", _BY_PREFIX.sub("", value)) if n)
    for obj in page.jsonld:
        author = obj.get("author") or obj.get("creator")
        for item in author if isinstance(author, list) else [author]:
            if isinstance(item, dict):
                value = item.get("name")
                if isinstance(value, str):
                    names.append(value)
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
