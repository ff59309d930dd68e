"""Names in byline text: which person does a byline fragment name ("By Jane Doe | Reporter" -> "Jane Doe")?

Cleaning ("By"/"Von"/"Par" prefixes, honorifics, titles, dates and outlets cut off) and the tests that tell a
person's name from the words around it.
"""

from __future__ import annotations

import re

from ..folding import fold, squash

# One honorific and the space after it: "Dr. ", "Prof ", "Dipl.-Ing. ".
HONORIFIC = (
    r"(?:prof|dr|mr|mrs|ms|mme|mlle|herr|frau|sir|dame|dipl|ing|mag|rev|rechtsanwalt|rechtsanwältin|professor|"
    r"professorin)\.?(?:-\w+\.?)?\s+"
)

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
BY_PREFIX = re.compile(
    r"^\s*(?:(?:(?:written|words|reported|story|posted|article|text|reporting|ein \w+)\s+)?"
    r"(?:(?:by|von|par|por|di|door|av|af|de|autor|autorin|auteur|texte?|texto)\b|(?-i:[Bb]y(?=[A-Z]|by\b)))\s*:?\s*)+",
    re.I,
)
HONORIFICS = re.compile(r"^(?:" + HONORIFIC + r")+", re.I)
_FINAL_INITIAL = re.compile(r"\s\w\.$")
# The first two letters of every line BY_PREFIX can match: a cheap test before the regex.
# fmt: off
BY_STARTS = frozenset([
    "by", "vo", "pa", "po", "di", "do", "av", "af", "de", "au", "te", "wr", "wo", "re", "st", "ar", "ei",
])
# fmt: on
# A short label before a name: "Interview: Julia Lauter", "Text & Fotos: Ivan Valetny", "Autor*in: ..."
_LABEL_PREFIX = re.compile(r"^\s*[\w*&/ ]{2,25}:\s+(?=\S)")
# fmt: off
_PARTICLES = frozenset([
    "de", "da", "del", "della", "di", "van", "von", "der", "den", "la", "le", "du", "dos", "das", "bin", "al", "ter",
    "ten", "zu", "y",
])
_ARTICLES = frozenset([
    "the", "a", "an", "der", "die", "das", "den", "dem", "ein", "eine", "le", "la", "les", "l", "un", "une", "el",
    "los", "las", "il", "lo", "gli", "i",
])
_NOT_NAME_WORDS = frozenset(fold(w) for w in [
    "staff", "admin", "administrator", "editor", "editors", "editorial", "team", "desk", "news", "newsroom", "daily",
    "caller", "foundation", "reporter", "correspondent", "contributor", "writer", "guest", "press", "associated",
    "reuters", "afp", "dpa", "ap", "agency", "agencies", "redaktion", "home", "menu", "share", "tweet", "email",
    "print", "comments", "comment", "subscribe", "follow", "more", "read", "the", "our", "your", "by", "and", "with",
    "from", "updated", "published", "posted", "about", "contact", "advertise", "facebook", "twitter", "linkedin",
    "instagram", "whatsapp", "login", "sign", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "august", "september", "october", "november", "december", "opinion",
    "analysis", "commentary", "column", "world", "politics", "business", "sports", "photo", "video", "image", "getty",
    "images", "shutterstock", "policy", "policies", "privacy", "preferences", "manage", "settings", "cookie",
    "cookies", "terms", "conditions", "saved", "story", "stories", "related", "coverage", "watch", "live", "full",
    "text", "box", "office", "roundup", "district", "cases", "head", "first", "tips", "tipp", "information", "federal",
    "bureau", "identifier", "times", "council", "praise", "update", "latest", "breaking", "trending", "popular",
    "recommended", "newsletter", "podcast", "search", "account", "register", "gallery", "videos", "audio", "listen",
    "deals", "shop", "sponsored", "partner", "weather", "traffic", "police", "click", "here", "aktuell", "artikel",
    "kommentar", "kommentare", "mehr", "lesen", "teilen", "drucken", "allgemein", "besonderer", "seit", "mai", "uhr",
    "actualité", "actualités", "lire", "partager", "commentaires", "noticias", "leer", "compartir", "güncelleme",
    "son", "haber", "über", "about", "blog", "beitrag", "beiträge", "autor", "autorin", "author", "authors", "posts",
    "artikel", "alle", "all", "view", "profile", "bio", "startseite", "zur", "copyright", "publié", "publie",
    "publicado", "ver", "más", "guide", "stand", "kategorien", "kategorie", "netzwerk", "senior", "junior", "politics",
    "political", "illustration", "escucha", "noticia", "vorschau", "pdf", "preview", "autoren", "rechtsanwalt",
    "rechtsanwältin", "experte", "expertin", "weitere", "informationen", "suggested", "citation", "stellvertretende",
    "stellvertretender", "pressesprecher", "pressesprecherin", "content", "creator", "health", "score", "good",
    "night", "today's", "word", "spot", "charakter", "pm", "et", "est", "edt", "cet", "utc", "gmt", "mehr", "infos",
    "in", "im", "zum", "am", "an", "auf", "bei", "mit", "für", "weiterlesen", "local", "golpe", "super", "welche",
    "wünsche", "climate", "management", "experte", "expertin", "online", "social", "media",
])
# fmt: on


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
    text = BY_PREFIX.sub("", text)
    if ":" in text[:28]:  # "Interview: Julia Lauter", "Text & Fotos: Ivan Valetny"
        text = BY_PREFIX.sub("", _LABEL_PREFIX.sub("", text))
    text = _NAME_CUT.split(text, maxsplit=1)[0].strip(" ,:;'\"“”‘’")
    if "." in text:  # honorifics ("Dr.", "Prof.") and initials ("Joe S.") are the only dots in a name
        text = HONORIFICS.sub("", text)
        if not _FINAL_INITIAL.search(text):
            text = text.rstrip(".")
    else:
        text = HONORIFICS.sub("", text)
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


BY_INSIDE = re.compile(
    r"(?:^|[\s:|•·-])(?:by|von|par|por|di|door|escrito por|escribe|écrit par|author|autor|autorin|auteur)"
    r"\s*:?\s+(?=\S)",
    re.I,
)


def names_in(fragment: str) -> list[str]:
    """Every person's name in a byline fragment that may list several ("By A, B and C"), after the first "by"
    when a date or a label comes before it ("Posted 11. April 2018 by Walter von Aachen")."""
    text = squash(fragment)
    inside = BY_INSIDE.search(text)
    if inside:
        text = text[inside.end() :]
    text = BY_PREFIX.sub("", text)
    names: list[str] = []
    for part in re.split(r"\s*(?:,|\band\b|\bund\b|&|\bet\b|\by\b)\s*", text)[:6]:
        name = clean_name(part)
        if name:
            names.append(name)
        elif names:
            break
    return names


_RUN_BREAK = re.compile(r"[|•·/,;:()\[\]–—@]|\s-\s")


def name_runs(text: str) -> list[str]:
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
_BY_WORD = re.compile(r"^(?:by|von|par|por|di|door|av|af|autor|autorin|auteur|texte?|texto)$", re.I)


def opens_with_by(text: str) -> bool:
    """Whether a line opens with "By" (or "Written by", "Von", "Par"...): a byline line."""
    return BY_PREFIX.match(text) is not None
