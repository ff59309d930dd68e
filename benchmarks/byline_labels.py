"""Author labels, as the byline benchmark reads them: split into names, prefixes and tails cut, organisations
and single words told apart, names compared in folded form."""

from __future__ import annotations

import re
from typing import Any

from checker.folding import fold

_SPLIT = re.compile(
    r"\s*(?:[,;|/&·、，]|\s(?:and|und|et|y|e)\s"
    # a second credit in the same label: "X Illustration by Y", "作者： X 翻訳者 Y", "X 著、Y 監訳"
    r"|\s(?:illustrations?|photos?|photographs?|fotos?|bilder?|translated|übersetzt|übersetzung)\s+(?:by|von)\s"
    r"|(?:作者|著者|翻訳者|翻译|監訳|イラスト|著|訳)[：:]?)\s*",
    re.I,
)
# What follows a name in a label and is not part of it: "X for The Mail on Sunday", "X from University of Y",
# "X Abteilung Öffentlichkeitsarbeit", "X en Territorio".
_TAIL = re.compile(r"\s(?:for|from|für|abteilung|department|en)\s.*$|\s*기자(?:\s.*)?$|\s*[（(].*$", re.I)
# Names written without spaces, in a script without case (Chinese, Japanese, Korean): "松岡大地", "구현모".
_CASELESS_NAME = re.compile(r"^[^\W\d_]{2,5}$")
# ... unless they name an outlet: "朝日新聞デジタル", "中日新聞Web", "日刊現代".
_CASELESS_OUTLET = re.compile(r"新聞|新闻|日報|日报|日刊|デジタル|オンライン|ニュース|通信|[社网報报]$|Web", re.I)
_PREFIX = re.compile(r"^\s*(?:(?:by|von|par|por|di)\b\s*:?|(?:dr|prof|mr|mrs|ms)\b\.?)\s*", re.I)
# Words that make a labelled "name" an organisation: news agencies, newsroom and organisation words.
# fmt: off
ORG_WORDS = frozenset([
    "ap", "afp", "dpa", "apa", "sda", "sid", "kna", "epd", "ansa", "efe", "reuters", "upi", "xinhua", "anp",
    "belga", "press", "presse", "agentur", "agenturen", "agency", "agence", "agencia", "agenzia", "redaktion",
    "redaction", "redaccion", "redazione", "redactie", "newsroom", "newsdesk", "desk", "staff", "team", "editors",
    "editorial", "online", "media", "service", "services", "news", "nachrichten", "nieuws", "noticias", "notizie",
    "nouvelles", "foundation", "stiftung", "verband", "pressestelle", "ag", "gmbh", "inc", "ltd", "llc", "se", "ev",
    "kg", "university", "universitat", "universidad", "universite", "universita", "hochschule", "institut",
    "institute", "fernsehen", "tv", "radio", "rundfunk", "verlag", "magazin", "magazine", "zeitung", "journal",
    "webteam", "ajansi",
])
# fmt: on
ARTICLES = frozenset(["the", "le", "la", "les", "der", "die", "das", "el", "il"])
_NOT_A_NAME_TOKEN = re.compile(r"[@/\d]|\w\.[a-z]{2,}")  # a handle, a number, a domain

# Labels read by a person and found to name an outlet, a company or a category, in words no rule above can tell
# from a person's name. Each is listed in the output under its reason, like the other exclusions.
REVIEWED = {
    "fundus/test_data/ind/Bhaskar_2024_09_04.html.gz": "the newspaper's name (Dainik Bhaskar)",
    "fundus/test_data/py/Wochenblatt_2025_04_16.html.gz": "the source newspaper's name (Última Hora)",
    "trafilatura/eval/anglerboard.de-rute.html.gz": "a brand's slogan",
    "trafilatura/eval/brandeins.de.wahresIch.html.gz": "the magazine's name; the story shows its author's",
    "trafilatura/eval/daheim-solar.de.batteriespeicher.html.gz": "the company's name",
    "trafilatura/eval/der-erfolg-gibt-recht.de.rinderleber.html.gz": "a category of the blog",
    "trafilatura/eval/houzz.de-Projekte.html.gz": "the company's name",
    "trafilatura/eval/mdr.de.autohaeuser.html.gz": "the broadcaster's name",
    "trafilatura/eval/she-works.de.sport.html.gz": "the magazine's name; the story shows its author's",
}
REVIEWED_REASON = "label names an outlet, a company or a category (read by a person)"
ORGANISATION = "label is an organisation, not a person"
SINGLE_WORD = "label is a single word, not a person's full name"
NOT_SHOWN = "author only in metadata or not shown"
NOT_FOUND = "label not found anywhere in the page (label wrong or page different)"


def strip_prefix(name: str) -> str:
    """``name`` without leading "By", "Von", "Par", "Por", "Di", "Dr.", "Prof." ... (repeated), spaces squashed."""
    previous = None
    while previous != name:
        previous, name = name, _PREFIX.sub("", name, count=1)
    return " ".join(name.split()).strip(" \"'“”‘’()[]")


def key(name: str) -> str:
    """The comparison form of a name: folded, prefixes removed, dots read as spaces."""
    return " ".join(t for t in re.split(r"[\s.]+", fold(strip_prefix(name))) if t).strip(" ,:;-")


def names_of(value: Any) -> list[str]:
    """The names in a label or an answer: a string, a JSON list, or None. Prefixes stripped, empties dropped."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, str):
            parts = (strip_prefix(_TAIL.sub("", p)) for p in _SPLIT.split(strip_prefix(item)) if p)
            names.extend(part for part in parts if key(part))
    return names


def not_a_person(name: str) -> str | None:
    """Why ``name`` is not a person's name (:data:`ORGANISATION` or :data:`SINGLE_WORD`), or None if it may be."""
    written = fold(strip_prefix(name)).split()  # dots kept: "ORF.at" is one word
    words = {w for t in key(name).split() for w in t.split("-")}
    if not words.isdisjoint(ORG_WORDS):
        return ORGANISATION
    if len(written) == 1:
        word = strip_prefix(name)
        caseless = word.lower() == word.upper()
        if caseless and _CASELESS_NAME.match(word) and not _CASELESS_OUTLET.search(word):
            return None
        if caseless and _CASELESS_OUTLET.search(word):
            return ORGANISATION
        return SINGLE_WORD
    # The article as written: "Le Monde" is an outlet, "Lê Phương" a person.
    if strip_prefix(name).split()[0].casefold() in ARTICLES or any(_NOT_A_NAME_TOKEN.search(t) for t in written):
        return ORGANISATION
    return None


def name_regex(name: str, middle: bool = False) -> re.Pattern[str]:
    """Finds ``name`` in folded text as whole words, any punctuation between its words; ``middle``: one more word
    may stand between them ("John H. Doe")."""
    gap = r"[\W_]+(?:\w+[\W_]+)?" if middle else r"[\W_]*"
    return re.compile(r"(?<!\w)" + gap.join(re.escape(t) for t in key(name).split()) + r"(?!\w)")


def matches(answer: list[str], labels: list[str]) -> bool:
    wanted = {key(n) for n in labels}
    return any(key(n) in wanted for n in answer)
