"""Names a page shows that are not its byline, for the byline benchmark's on-page rejection.

Read without repcheck's page model (its own lxml parse, hidden subtrees skipped as ``plain_reading`` does), up to
one name for each kind of place a name is shown and is not the article's byline:

- "caption or credit": a photo caption or credit (``figcaption``; a class or id word caption, credit, photo-by,
  image-byline, media-author; text with "Photo:", "Foto:", "/AFP", "via AP", "Shutterstock", "Getty"...);
- "tag list": tag, topic and keyword lists (a class or id word tags, topics, keywords; ``rel="tag"`` links);
- "site chrome": menus, sidebars, footers, related stories, comments (``plain_reading``'s chrome test).

A name is two or three capitalised words in a row ("Andrew Harnik", "Hither Hills State"): anything given as the
reporter that is not the byline must fail, a place or an outlet as much as a person. Left out: a name sharing a
word with the labelled authors, and one shown near a labelled author's name anywhere in the visible text (a
co-author the label does not list).
"""

from __future__ import annotations

import re

import lxml.etree
from byline_labels import key, name_regex
from plain_reading import chrome_context, is_hidden

from checker.folding import fold

KINDS = ("caption or credit", "tag list", "site chrome")
_CAPTION_WORDS = re.compile(r"caption|credit|photo-?by|image-?byline|media-?author|wp-caption", re.I)
_CREDIT_TEXT = re.compile(
    r"\b(?:photo|foto|fotos|bild|bilder|image|picture|video|audio)\s*:|/\s*(?:afp|ap|reuters|dpa|getty)\b|\bvia ap\b"
    r"|shutterstock|getty images|\balle bilder von\b|\bimago\b|\bistock",
    re.I,
)
_TAG_WORDS = re.compile(r"(?<![a-z])(?:tags?|topics?|keywords?|schlagw)(?![a-z])", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
NEAR = 150  # characters around a labelled name where another name is taken for a co-author


def _capitalised(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and any(c.islower() for c in word[1:])


def names_in(text: str) -> list[str]:
    """Runs of two or three capitalised words separated by single spaces, in order."""
    found: list[str] = []
    run: list[str] = []
    end = -1
    for match in _WORD.finditer(text):
        word = match.group(0)
        adjacent = run and text[end : match.start()] == " "
        if _capitalised(word) and (adjacent or not run):
            run.append(word)
        else:
            if len(run) >= 2:
                found.append(" ".join(run[:3]))
            run = [word] if _capitalised(word) else []
        end = match.end()
    if len(run) >= 2:
        found.append(" ".join(run[:3]))
    return found


def _kind(el: lxml.etree._Element, own: str) -> tuple[str, str] | None:
    """(kind, where) when text in ``el`` is shown somewhere that is not a byline, else None."""
    chain = [a for a in (el, *el.iterancestors()) if isinstance(a.tag, str) and a.tag not in ("body", "html")]
    for a in chain:
        if a.tag == "figcaption":
            return KINDS[0], "<figcaption>"
        for attr in ("class", "id", "itemprop"):
            match = _CAPTION_WORDS.search(a.get(attr) or "")
            if match:
                return KINDS[0], f"{attr} {match.group(0).lower()}"
    if _CREDIT_TEXT.search(own):
        return KINDS[0], "a credit line"
    for a in chain:
        if a.tag == "a" and "tag" in (a.get("rel") or "").lower().split():
            return KINDS[1], 'rel="tag"'
        for attr in ("class", "id"):
            match = _TAG_WORDS.search(a.get(attr) or "")
            if match:
                return KINDS[1], f"{attr} {match.group(0).lower()}"
    where = chrome_context(el)
    return (KINDS[2], where) if where else None


def onpage_names(text: str, labels: list[str], visible: str) -> dict[str, tuple[str, str]]:
    """Up to one name per kind (:data:`KINDS`): kind -> (name, where it is shown). ``visible``: the page's folded
    visible text (``plain_reading.visible_text``), where co-authors are looked for."""
    parser = lxml.etree.HTMLParser(encoding="utf-8", huge_tree=True, no_network=True)
    root = lxml.etree.fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    if root is None:
        return {}
    label_words = {w for label in labels for w in key(label).split()}
    near_labels = " ".join(
        visible[max(0, m.start() - NEAR) : m.end() + NEAR]
        for label in labels
        for m in name_regex(label).finditer(visible)
    )
    found: dict[str, tuple[str, str]] = {}
    stack = [root]
    while stack and len(found) < len(KINDS):
        el = stack.pop()
        if is_hidden(el):
            continue
        stack.extend(reversed(el))
        own = " ".join(t.strip() for t in [el.text or "", *(c.tail or "" for c in el)] if t.strip())
        if not own:
            continue
        candidates = [n for n in names_in(own) if label_words.isdisjoint(key(n).split()) and fold(n) not in near_labels]
        if not candidates:
            continue
        kind = _kind(el, own)
        if kind is not None and kind[0] not in found:
            found[kind[0]] = (candidates[0], kind[1])
    return found
