"""Reading a page without repcheck, for the byline benchmark's exclusions: visible text, the page source, and
whether an author is shown only in site chrome or as a photo credit."""

from __future__ import annotations

import html
import re

import lxml.etree
from byline_labels import NOT_FOUND, NOT_SHOWN, ORGANISATION, SINGLE_WORD, name_regex, not_a_person

from checker.folding import fold

_INVISIBLE = frozenset({"script", "style", "template", "noscript", "head", "title"})
_HIDDEN_CLASSES = frozenset({"sr-only", "screen-reader-text", "visually-hidden", "visuallyhidden", "element-invisible"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def is_hidden(el: lxml.etree._Element) -> bool:
    if not isinstance(el.tag, str) or el.tag in _INVISIBLE or el.get("hidden") is not None:
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    return not _HIDDEN_CLASSES.isdisjoint((el.get("class") or "").split())


def visible_text(text: str) -> str:
    """The folded text of everything a reader sees on the page (its own lxml parse, not repcheck's page model)."""
    parser = lxml.etree.HTMLParser(encoding="utf-8", huge_tree=True, no_network=True)
    root = lxml.etree.fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    if root is None:
        return ""
    out: list[str] = []
    stack: list[lxml.etree._Element | str] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        if item is not root and item.tail:
            stack.append(item.tail)  # popped after the element's own text and children
        if is_hidden(item):
            continue
        stack.extend(reversed(item))
        if item.text:
            stack.append(item.text)
    return fold(" ".join(out))


def source_text(text: str) -> str:
    """The folded text of the whole HTML source, entities and JSON ``\\uXXXX`` escapes decoded."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return fold(html.unescape(text))


# Where a name shown on the page is not a byline, read independently of repcheck's page model: site chrome by tag,
# role or class word, a header or footer outside the article, a photo caption or credit, a copyright line.
_CHROME_TAGS = frozenset({"nav", "aside", "figcaption", "form", "menu"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_CHROME_WORDS = re.compile(
    r"sidebar|widget|comment|menu|footer|masthead|site-?header|copyright|breadcrumb|caption|related|teaser",
    re.I,
)
_COPYRIGHT = re.compile(r"^\W*(?:©|\(c\)|copyright)", re.I)


def chrome_context(el: lxml.etree._Element) -> str | None:
    """Why a reader would not read text in ``el`` as the article's byline, or None."""
    chain = [a for a in (el, *el.iterancestors()) if a.tag not in ("body", "html")]  # page-wide classes say nothing
    in_article = any(a.tag in ("article", "main") for a in chain)
    for a in chain:
        tag = a.tag if isinstance(a.tag, str) else ""
        if tag in _CHROME_TAGS:
            return f"<{tag}>"
        if tag in ("header", "footer") and not in_article:
            return f"site <{tag}>"
        role = (a.get("role") or "").strip().lower()
        if role in _CHROME_ROLES:
            return f"role={role}"
        for attr in ("class", "id"):
            match = _CHROME_WORDS.search(a.get(attr) or "")
            if match and not (in_article and match.group(0).lower() == "widget"):  # builders call every block a widget
                return f"{attr} {match.group(0).lower()}"
    return None


def shown_only_in_chrome(labels: list[str], text: str) -> str | None:
    """When every visible occurrence of the labelled people's names is in site chrome, a photo credit or a
    copyright line (never where a reader reads a byline), the places, e.g. "site <footer>, class sidebar"; else
    None."""
    people = [n for n in labels if not_a_person(n) is None] or labels
    patterns = [name_regex(n) for n in people]
    parser = lxml.etree.HTMLParser(encoding="utf-8", huge_tree=True, no_network=True)
    root = lxml.etree.fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    if root is None:
        return None
    places: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or any(is_hidden(a) for a in (el, *el.iterancestors())):
            continue
        own = " ".join(t for t in [el.text or "", *(c.tail or "" for c in el)] if t.strip())
        folded = fold(own)
        if not any(p.search(folded) for p in patterns):
            continue
        where = chrome_context(el) or ("a copyright line" if _COPYRIGHT.match(own.strip()) else None)
        if where is None:
            return None  # shown somewhere a byline could be
        if where not in places:
            places.append(where)
    return ", ".join(places) or None


def exclusion(labels: list[str], visible: str, source: str) -> str | None:
    """Why a page is left out of the headline numbers, or None."""
    people = [n for n in labels if not_a_person(n) is None]
    if not people:
        reasons = {not_a_person(n) for n in labels}
        return ORGANISATION if ORGANISATION in reasons else SINGLE_WORD
    if any(name_regex(n).search(visible) for n in people):
        return None
    if any(name_regex(n).search(source) for n in people):
        return NOT_SHOWN
    return NOT_FOUND
