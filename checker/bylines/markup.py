"""Byline markup: what does an element's own markup say its text is (a byline, a caption, a topic link)?

The page walker marks its text blocks with these words. This module imports only ``re`` and lxml, never the page
model, so that the page package can use it without an import cycle.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import lxml.etree

from ..folding import fold, squash

if TYPE_CHECKING:
    from ..page import HtmlElement

BYLINE = "byline"  # inside an element marked as byline / author (class, id, rel, itemprop, author link)
TOPIC = "topic"  # a link to a tag or topic page ("/tag/donald-trump/"): a subject of the story, not its author
HEADING = "heading"
CAPTION = "caption"
NO_MARKS: frozenset[str] = frozenset()
_BYLINE_MARK = frozenset({BYLINE})
_CAPTION_MARK = frozenset({CAPTION})
_TOPIC_MARK = frozenset({TOPIC})
QUOTE = "quote"  # inside a <blockquote>: quoted words and their attribution ("— Max Weber"), not a byline
# Characters: an element classed byline, author or tags that holds more is a wrapper of the story, whatever its
# class says ("author-beate-finken" on the <article>, a post tagged "links" and classed "tag-links").
MARK_MAX_TEXT = 1500

_BYLINE_CLASS = re.compile(
    r"by-?line|author|writer|contributor|reporter|journalist|autor|auteur|posted-?by|article-?by|meta-?by",
    re.I,
)
_CAPTION_CLASS = re.compile(r"caption|credit|photo-?by|image-?source", re.I)
_AUTHOR_HREF = re.compile(
    r"/(?:author|authors|autor|autoren|auteur|byline|writers?|reporters?|journalists?|staff|people|profiles?|"
    r"contributors?)/",
    re.I,
)
_TOPIC_HREF = re.compile(
    r"/(?:tags?|topics?|themen?|thema|schlagworte?|stichworte?|keywords?|categor(?:y|ies)|kategorien?|sujets?|"
    r"temas?|person|personen)/"
    r"|[?&]subject(?:%3alist|:list)?=",  # Plone's keyword search, where its pages link their subjects
    re.I,
)
# A list of tags, topics or keywords ("post-tags", "tags-links", "article__topics", "tag-list"), or the kicker over
# a headline ("article-kicker", "eyebrow", "dachzeile"): subjects of the story, not its author, however short.
_TAG_LIST_CLASS = re.compile(
    r"^(?!(?:has|no|with|show|hide|is)[-_])(?:[a-z0-9]+[-_]+)*(?:tags?|tag-?list|tag-?links?|tag-?cloud|topics?|topic-?links?|"
    r"topic-?list|keywords?|schlagworte|schlagwoerter|stichworte|themen|etiquetas|kicker|eyebrow|overline|dachzeile|"
    r"rubrik)(?:[-_]+(?:list|links|wrap|wrapper|"
    r"container|box|block|area|section|cloud|items?|name|link))?$",
    re.I,
)
# The story's categories, named as themes name them ("category", "post-categories", "cat-links"): narrower than a
# tag list's names, since "category" is also a layout word ("detay-spot-category" holds a byline).
_CATEGORIES = re.compile(
    r"^(?:(?:post|entry|article|story|news|link)[-_])?(?:categor(?:y|ies)|cat-?links)(?:[-_]list)?$", re.I
)
# A CSS module's hash after the name ("ArticleItemTag_tag__sSc_k"; Next.js puts it before: "Tags-module__x9Q__tag").
_MODULE_HASH = re.compile(r"__[\w-]{4,10}$")
# WordPress's post classes name the post's tags and categories ("tag-credit-suisse", "category-sidebar-stories"):
# words chosen by editors, which say nothing of what the element is.
TAXONOMY_TOKEN = re.compile(r"^(?:tag|category)-(?!(?:list|links|cloud)$)", re.I)
# A utility class laying out a grid ("[grid-template-areas:'content'_'authors']"): it names every area of the
# layout, not what the element is (unlike "[grid-area:authors]", the author box itself).
_UTILITY_TOKEN = re.compile(r"grid-template", re.I)
# A line opening with an author label, perhaps after a date: "Von …", "Autorin/Autor …", "12.03.2025 - Redaktion: …"
AUTHOR_LABEL = re.compile(
    r"^[\d\s.,:/|•·–—-]*(?:by|von|written by|autor(?:in)?(?:/autor(?:in)?)?|autoren|autorinnen|author|authors|"
    r"auteur|autora|text|texte|texto|redaktion|erstellt von|verfasst von|geschrieben von)\b",
    re.I,
)
# Other stories' teasers: an article element, or several headings.
TEASERS = lxml.etree.XPath("boolean(descendant-or-self::article or count(.//h2|.//h3|.//h4) > 1)")
_TEXT_LEN = lxml.etree.XPath("string-length(.)")


def token_marks(token: str) -> frozenset[str]:
    """What one class or id token says an element's text is: byline, caption, or nothing. The last word names
    what the element is: "ACredit-Author" is an author, "author-photo-credit" a credit. Tokens that
    :data:`TAXONOMY_TOKEN` matches say nothing: the caller skips them (see :func:`class_marks`). A tag list is a
    topic (:data:`TOPIC`)."""
    if _UTILITY_TOKEN.search(token):
        return NO_MARKS
    if _TAG_LIST_CLASS.match(token) or _TAG_LIST_CLASS.match(_MODULE_HASH.sub("", token)) or _CATEGORIES.match(token):
        return _TOPIC_MARK
    byline = _last_match_end(_BYLINE_CLASS, token)
    caption = _last_match_end(_CAPTION_CLASS, token)
    if byline or caption:
        return _BYLINE_MARK if byline > caption else _CAPTION_MARK
    return NO_MARKS


def _last_match_end(pattern: re.Pattern[str], token: str) -> int:
    """Where the last match of ``pattern`` in ``token`` ends (0: none)."""
    end = 0
    for match in pattern.finditer(token):
        end = match.end()
    return end


_CLASS_MARKS: dict[str, frozenset[str]] = {}


def class_marks(value: str) -> frozenset[str]:
    """What a class (or id) attribute value says: the marks of all its tokens. Cached by value."""
    marks = _CLASS_MARKS.get(value)
    if marks is None:
        marks = frozenset().union(*(token_marks(t) for t in value.split() if not TAXONOMY_TOKEN.match(t)))
        if len(_CLASS_MARKS) < 100_000:
            _CLASS_MARKS[value] = marks
    return marks


def element_marks(
    tag: str,
    own_class: frozenset[str],
    own_id: frozenset[str],
    rel: str | None,
    itemprop: str | None,
    href: str | None,
) -> frozenset[str]:
    """What an element's own attributes say its text is: byline (class or id words, ``rel=author``,
    ``itemprop=author``, a link to an author page), caption (class words) or topic (a link to a tag page,
    ``rel=tag``).
    ``own_class``, ``own_id``: the marks of its class and id values (:func:`class_marks`)."""
    found: set[str] = set()
    if own_class:
        found.update(own_class)
    if own_id:
        found.update(own_id)
    if (rel and "author" in rel.lower()) or (itemprop and ("author" in itemprop or "creator" in itemprop)):
        found.add(BYLINE)
    elif rel and _TOPIC_REL.intersection(rel.lower().split()):
        found.add(TOPIC)
    if href and tag == "a":
        if _AUTHOR_HREF.search(href):
            found.add(BYLINE)
        elif _TOPIC_HREF.search(href):
            found.add(TOPIC)
    return frozenset(found) if found else NO_MARKS


_TOPIC_REL = frozenset({"tag", "category"})


def only_in_topic_links(el: HtmlElement, name: str, folded: str) -> bool:
    """Whether every occurrence of ``name`` (folded) in ``folded`` (the folded text of ``el``'s line) lies in a link
    inside ``el`` to a tag or topic (``rel=tag``, a /tag/ or /topics/ address, a tag-list class): a tag, however
    it sits in a byline bar ("01.12.2022 / Photovoltaik / Top Solar News / Wirtschaft")."""
    wanted = folded.count(name)
    if not wanted:
        return False
    for link in el.iter("a"):
        text = "".join(link.itertext())
        if not text:
            continue
        inside = fold(squash(text)).count(name)
        if not inside:
            continue
        cls, ident = link.get("class"), link.get("id")
        marks = element_marks(
            "a",
            class_marks(cls) if cls else NO_MARKS,
            class_marks(ident) if ident else NO_MARKS,
            link.get("rel"),
            link.get("itemprop"),
            link.get("href"),
        )
        if TOPIC in marks and BYLINE not in marks:
            wanted -= inside
            if wanted <= 0:
                return True
    return False


def holds_byline(el: HtmlElement) -> bool:
    """Whether an element holds one marked as byline or author (see :func:`element_marks`)."""
    for node in el.iter():
        tag = node.tag
        if not isinstance(tag, str):
            continue
        cls, ident = node.get("class"), node.get("id")
        marks = element_marks(
            tag,
            class_marks(cls) if cls else NO_MARKS,
            class_marks(ident) if ident else NO_MARKS,
            node.get("rel"),
            node.get("itemprop"),
            node.get("href"),
        )
        if BYLINE in marks:
            return True
    return False


def header_byline(el: HtmlElement) -> bool:
    """Whether an element of the article's header that looks like chrome (a share bar, a "meta" strip, a
    ``<nav>`` of author links) is a byline bar: small, not an ``aside``, and holding a byline or author element."""
    return el.tag != "aside" and int(_TEXT_LEN(el)) <= 400 and not TEASERS(el) and holds_byline(el)
