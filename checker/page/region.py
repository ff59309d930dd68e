"""The article region: which element(s) of the page hold the article, its headline and its story?

The paragraphs of the page are grouped under the story body that holds them (``itemprop=articleBody`` or a CMS
content class such as ``entry-content``) and the ``article`` around it; without such markup, under an ``article``;
else the densest run of paragraphs. Paragraphs in site chrome or hidden elements never count. The region grows to
take in the headline when the headline sits just outside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..folding import fold, squash
from .chrome import (
    BODY_IDS,
    CHROME_ROLES,
    CHROME_TAGS,
    HIDDEN_MARK,
    ClassFacts,
    chrome_reason,
    class_facts,
    hidden_reason,
)
from .metadata import METADATA_TAGS, Metadata
from .parts import HtmlElement, css_path, text_len, text_of


@dataclass(frozen=True, eq=False)
class Region:
    """Where the republished article is on the page."""

    roots: tuple[HtmlElement, ...]  # the element(s) to walk
    how: str  # how they were found, for messages
    headline: str | None  # the headline's text
    headline_el: HtmlElement | None  # the headline's element
    story: HtmlElement  # the element holding the story (its container when there is one)
    story_body: HtmlElement  # the story's own body, where its text starts
    # Keep only the blocks from the start of window[0] to the end of window[1] (see :class:`.walk.Walker`): set
    # when the roots were widened to take in a headline outside the story.
    window: tuple[HtmlElement, HtmlElement] | None


class _Climb(NamedTuple):
    """What the ancestors of an element (itself included) say about the paragraphs under it."""

    excluded: bool  # hidden, or site chrome, or an aside: its paragraphs are not the story
    story: HtmlElement | None  # innermost story-body element
    container: HtmlElement | None  # innermost article container


_Climber = Callable[[HtmlElement, bool], _Climb]


def find_region(body: HtmlElement, metadata: Metadata) -> Region:
    """Where the republished article is in ``body``.

    One pass over the body collects the paragraphs, headlines and ``article`` / ``main`` elements (and hands the
    metadata elements it meets to ``metadata``).
    """
    climb = _Ancestry(body).climb
    ranked, h1s, landmarks = _collect(body, metadata)
    region, story_body, how = _densest(ranked, climb, h1s)
    if region is None:
        articles = [a for a in landmarks if not climb(a, True).excluded]
        if articles:
            region = max(articles, key=text_len)
            how = css_path(region, short=True)
    if region is None:
        region, how = body, "whole page (no article found)"
    # A headline in the article counts even under a class name of chrome ("sidebar" around a post's header).
    headings = [
        h
        for h in h1s
        if text_len(h) and (not climb(h, True).excluded or (_contains(region, h) and not climb(h, False).excluded))
    ]
    headline_el = _pick_headline(headings, region, metadata.meta, metadata.title)
    roots = [region]
    window: tuple[HtmlElement, HtmlElement] | None = None
    if headline_el is not None and not _contains(region, headline_el):
        lca = _common_ancestor(headline_el, region)
        if lca is not None:
            # The article's header (headline, byline, date) often sits outside the element holding the story.
            # Walk their common ancestor, but keep only what lies from the headline to the end of the story
            # (or from the story to the headline): what comes before or after is the rest of the site.
            roots = [lca]
            window = (headline_el, region) if _precedes(headline_el, region) else (region, headline_el)
            how += ", widened to take in the headline"
    headline = squash(text_of(headline_el)) if headline_el is not None else None
    return Region(
        roots=tuple(roots),
        how=how,
        headline=headline or None,
        headline_el=headline_el,
        story=region,
        story_body=region if story_body is None else story_body,
        window=window,
    )


class _Ancestry:
    """What the ancestors of elements of ``body`` say about them (:meth:`climb`), memoised per element."""

    def __init__(self, body: HtmlElement) -> None:
        self.body = body
        self.memos: dict[bool, dict[int, tuple[HtmlElement, _Climb]]] = {True: {}, False: {}}

    def climb(self, el: HtmlElement | None, strict: bool = True) -> _Climb:
        """What ``el`` and its ancestors say; memoised, and iterative so that any nesting depth is fine.

        ``strict``: class, id and role names of site chrome exclude too (not only tags and hidden elements)."""
        memo = self.memos[strict]
        chain: list[HtmlElement] = []
        node = el
        known = _Climb(False, None, None)
        while node is not None and node is not self.body and isinstance(node.tag, str):
            memoised = memo.get(id(node))
            if memoised is not None:
                known = memoised[1]
                break
            chain.append(node)
            node = node.getparent()
        for node in reversed(chain):
            known = _own(node, known, strict)
            memo[id(node)] = (node, known)
        return known


# class, id, style, itemprop, itemtype, role, and why a ``hidden`` attribute or HIDDEN_MARK hides the element
_Attributes = tuple[str | None, str | None, str | None, str | None, str | None, str | None, str | None]


def _attributes(el: HtmlElement) -> _Attributes:
    """The attributes the climb reads, in one read of the element's attributes (a plain tuple: this runs for
    every ancestor of every paragraph container the region search ranks)."""
    cls = ident = style = itemprop = itemtype = role = None
    marked = None
    for key, value in el.items():
        if key == "class":
            cls = value
        elif key == "id":
            ident = value
        elif key == "style":
            style = value
        elif key == "itemprop":
            itemprop = value
        elif key == "itemtype":
            itemtype = value
        elif key == "role":
            role = value
        elif key == "hidden":
            marked = marked or "hidden attribute"
        elif key == HIDDEN_MARK:
            marked = value or "hidden"
    return cls, ident, style, itemprop, itemtype, role, marked


def _own(el: HtmlElement, up: _Climb, strict: bool) -> _Climb:
    """What ``el`` adds to what its ancestors say (the innermost story body and container win)."""
    tag = el.tag
    cls, ident, style, itemprop, itemtype, role, marked = _attributes(el)
    facts = class_facts(cls) if cls else None
    excluded = up.excluded or _excludes(tag, ident, style, role, marked, facts, strict)
    is_story = (facts is not None and facts.body) or itemprop == "articleBody" or ident in BODY_IDS
    is_container = (
        tag == "article"
        or (facts is not None and facts.container)
        or (itemtype is not None and ("Article" in itemtype or "BlogPosting" in itemtype))
    )
    return _Climb(excluded, el if is_story else up.story, el if is_container else up.container)


def _excludes(
    tag: str,
    ident: str | None,
    style: str | None,
    role: str | None,
    marked: str | None,
    facts: ClassFacts | None,
    strict: bool,
) -> bool:
    """Whether an element's own tag and attributes keep its paragraphs out of the story."""
    return (
        (strict and tag == "aside")  # an aside around the whole story is a markup error, seen when not strict
        or tag in CHROME_TAGS
        or hidden_reason(tag, marked, style, facts) is not None
        or (strict and facts is not None and facts.chrome is not None)
        or (strict and ident is not None and class_facts(ident).chrome is not None)
        or (strict and role is not None and role.strip().lower() in CHROME_ROLES)
    )


def _collect(body: HtmlElement, metadata: Metadata) -> tuple[list[list[Any]], list[HtmlElement], list[HtmlElement]]:
    """One pass over ``body``: the 40 containers richest in paragraph text (``[parent, length]``, richest first:
    enough to find the story, pages of comments have hundreds), the ``h1`` and ``h2`` headings and the
    ``article`` and ``main`` elements. Metadata elements met on the way go to ``metadata``."""
    by_parent: dict[int, list[Any]] = {}
    h1s: list[HtmlElement] = []
    landmarks: list[HtmlElement] = []
    for p in body.iter("p", "h1", "h2", "article", "main", *METADATA_TAGS):
        tag = p.tag
        if tag != "p":
            if tag == "h1" or tag == "h2":
                h1s.append(p)
            elif tag in ("article", "main"):
                landmarks.append(p)
            elif tag != "script" or p.get("type"):  # most scripts have no type: nothing to read there
                metadata.take(p)
            continue
        length = text_len(p)
        if length < 20:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        entry = by_parent.get(id(parent))
        if entry is None:
            by_parent[id(parent)] = [parent, length]
        else:
            entry[1] += length
    ranked = sorted(by_parent.values(), key=lambda entry: -entry[1])[:40]
    return ranked, h1s, landmarks


class _Scores(NamedTuple):
    """The paragraph text the ranked containers add up to under each story body and article container."""

    stories: dict[int, list[Any]]  # [story body, text, its container]
    containers: dict[int, list[Any]]  # [container, text]
    best_parent: HtmlElement | None  # the richest container of paragraphs
    best_parent_score: int


def _score(ranked: list[list[Any]], climb: _Climber, strict: bool) -> _Scores:
    story_scores: dict[int, list[Any]] = {}
    container_scores: dict[int, list[Any]] = {}
    best_parent: HtmlElement | None = None
    best_parent_score = 0
    for parent, score in ranked:
        info = climb(parent, strict)
        if info.excluded:
            continue
        if score > best_parent_score:
            best_parent, best_parent_score = parent, score
        if info.story is not None:
            entry = story_scores.setdefault(id(info.story), [info.story, 0, info.container])
            entry[1] += score
        if info.container is not None:
            entry = container_scores.setdefault(id(info.container), [info.container, 0])
            entry[1] += score
    return _Scores(story_scores, container_scores, best_parent, best_parent_score)


def _densest(
    ranked: list[list[Any]], climb: _Climber, h1s: list[HtmlElement]
) -> tuple[HtmlElement | None, HtmlElement | None, str]:
    """The region the paragraphs point to, the story's own body, and how they were found: the story body holding
    the most text (with its container), else the richest container, else the richest parent of paragraphs.

    Strictly first; when class names of chrome hide every paragraph (a layout named "sidebar-layout" or "widget"
    wrapping the story), again with only tags and hidden elements excluding. Also when what strict reading leaves
    is small beside a story that a chrome-named wrapper holds together with the headline, or that has a story-body
    class of its own ("paywall" around "article-body")."""
    wrapped = _wrapped_story(ranked, climb, h1s)
    for strict in (True, False):
        scores = _score(ranked, climb, strict)
        if strict and wrapped and wrapped >= 3 * scores.best_parent_score:
            continue  # a story under chrome names outweighs what the strict reading kept: read loosely
        found = _choose(scores)
        if found[0] is not None:
            return found
    return None, None, ""


def _choose(scores: _Scores) -> tuple[HtmlElement | None, HtmlElement | None, str]:
    """The region one reading's scores point to (see :func:`_densest`), its story body, and how; or Nones."""
    best_total = max(scores.best_parent_score, 1)
    if scores.stories:
        story, score, container = max(scores.stories.values(), key=lambda e: e[1])
        if score >= 80 and score * 3 >= best_total:
            region = container if container is not None and _contains(container, story) else story
            how = f"story body {css_path(story, short=True)}"
            if region is not story:
                how = f"{css_path(region, short=True)} around the {how}"
            return region, story, how
    if scores.containers:
        container, score = max(scores.containers.values(), key=lambda e: e[1])
        if score >= 200 and score * 3 >= best_total:
            return container, None, css_path(container, short=True)
    best_parent = scores.best_parent
    if best_parent is not None and scores.best_parent_score >= 200:
        return best_parent, None, f"densest text {css_path(best_parent, short=True)}"
    return None, None, ""


def _wrapped_story(ranked: list[list[Any]], climb: _Climber, h1s: list[HtmlElement]) -> int:
    """The text of the richest paragraph container that only class, id or role names of chrome exclude, when it is
    a story: it has a story-body class, or an article element not itself named as chrome, or the chrome-named
    wrapper also holds the page's ``h1``. Else 0."""
    for parent, score in ranked:
        if score < 1500:
            return 0
        if not climb(parent, True).excluded:
            continue  # the strict reading sees this one
        loose = climb(parent, False)
        if loose.excluded:
            continue
        if loose.story is not None or (loose.container is not None and chrome_reason(loose.container) is None):
            return int(score)
        outer = next((a for a in reversed([parent, *parent.iterancestors()]) if chrome_reason(a)), None)
        if outer is not None and any(h.tag == "h1" and _contains(outer, h) for h in h1s):
            return int(score)
    return 0


def _pick_headline(
    headings: list[HtmlElement], region: HtmlElement, meta: dict[str, list[str]], title: str | None
) -> HtmlElement | None:
    """The article's headline among the page's visible ``h1`` and ``h2``: one repeating the page's title (or
    og:title) first, in the region before elsewhere; else the region's first ``h1``; else the last ``h1`` before
    the region."""
    wanted = [fold(t) for t in (meta.get("og:title", []) + ([title] if title else [])) if t]

    def repeats_title(heading: HtmlElement) -> bool:
        text = fold(text_of(heading))
        return len(text) > 12 and any(text in w or w in text for w in wanted)

    titled = [h for h in headings if wanted and repeats_title(h)]
    inside = [h for h in titled if _contains(region, h)]
    if inside or titled:
        return (inside or titled)[0]
    h1s = [h for h in headings if h.tag == "h1"]
    inside = [h for h in h1s if _contains(region, h)]
    if inside:
        return inside[0]
    before = [h for h in h1s if _precedes(h, region)]
    return before[-1] if before else None


def _contains(ancestor: HtmlElement, el: HtmlElement) -> bool:
    if ancestor is el:
        return True
    return any(a is ancestor for a in el.iterancestors())


def _precedes(a: HtmlElement, b: HtmlElement) -> bool:
    """Whether ``a`` starts before ``b`` in document order (source lines first, a tree walk on a tie)."""
    line_a, line_b = a.sourceline or 0, b.sourceline or 0
    if line_a != line_b:
        return line_a < line_b
    for el in a.getroottree().iter():
        if el is a:
            return True
        if el is b:
            return False
    return False


def _common_ancestor(a: HtmlElement, b: HtmlElement) -> HtmlElement | None:
    alive = [a, *a.iterancestors()]  # held, so that each proxy keeps its id while we compare
    chain = {id(x) for x in alive}
    for node in (b, *b.iterancestors()):
        if id(node) in chain:
            return node
    return None
