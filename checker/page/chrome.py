"""Hidden and chrome: does a reader see this element, and is it part of the article or of the site around it?

The vocabulary of what no reader sees (``<script>``, ``[hidden]``, ``display:none``, visually-hidden classes) and of
site chrome (navigation, sidebars, share bars, related stories...), and the facts a class or id value states, cached
by value: the same class strings repeat all over a page and a site.
"""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING, NamedTuple

from ..bylines.markup import NO_MARKS, TAXONOMY_TOKEN, token_marks
from ..folding import squash

if TYPE_CHECKING:
    from .parts import HtmlElement

# ----------------------------------------------------------------------------------------------------------------
# What no reader sees.

INVISIBLE_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object", "embed", "head", "title"})
# The attribute by which what is learnt outside the markup (the page's stylesheets, a browser's computed style) marks
# an element as hidden; its value is the reason shown to the user. Setting it can only make a page fail, never pass.
HIDDEN_MARK = "data-repcheck-hidden"
# The attributes by which ``--render`` marks an element it took a screenshot of (its value: SHOT_TOKEN, a colon and
# the screenshot's number), and the URL of a CSS background image it shows. A marked element is an image of the
# page even when it is no <img> (a logo drawn as a CSS background). The token is drawn afresh by each process, so a
# page's own markup cannot pose as such an element.
SHOT_MARK = "data-repcheck-shot"
BACKGROUND_MARK = "data-repcheck-background"
SHOT_TOKEN = secrets.token_hex(8)
_HIDDEN_CLASSES = frozenset(
    {
        "screen-reader-text",
        "sr-only",
        "visually-hidden",
        "visuallyhidden",
        "element-invisible",
        "screen-reader-only",
        "a11y-hidden",
    }
)
_HIDDEN_STYLE = re.compile(
    r"(?<![-\w])(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|opacity\s*:\s*(?:0*\.?0+|0+\.)%?\s*(?:[;!]|$))",
    re.I,
)

# ----------------------------------------------------------------------------------------------------------------
# Site chrome: never part of the article, even inside the region.

CHROME_TAGS = frozenset({"nav", "amp-sidebar", "form", "button", "select", "dialog", "menu"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar"})
# A class or id token is chrome when it is one of _CHROME_EXACT, or when its first or last dash/underscore-separated
# part says so ("sidebar-left", "jp-relatedposts" no, "post-share", "td-ad"), or any part is "related"/"sidebar".
# fmt: off
_CHROME_EXACT = frozenset(
    [
        "secondary", "widget-area", "jp-relatedposts", "crp_related", "sharedaddy", "a2a_kit", "masthead", "respond",
        "discussion", "more-stories", "more_stories", "read-next", "read_next", "top-stories", "top_stories",
        "nav-links", "nav_links", "pagination", "post-navigation", "post_navigation", "advertisement", "adsbygoogle",
        "tags", "tag-list", "post-tags", "entry-tags", "cat-links", "tags-links", "recommendations", "recommendation",
        "comment-list", "comments-area", "comment-section", "comments-section",
    ]
)
_CHROME_FIRST = frozenset(
    [
        "sidebar", "widget", "widgets", "related", "share", "sharing", "social", "newsletter", "subscribe",
        "subscription", "signup", "paywall", "breadcrumb", "breadcrumbs", "menu", "nav", "navbar", "navigation",
        "advert", "ad", "ads", "promo", "sponsor", "sponsored", "outbrain", "taboola", "zergnet", "revcontent",
        "cookie", "cookies", "gdpr", "consent", "modal", "popup", "overlay", "popular", "trending", "recommended",
        "disqus", "comments", "comment", "yarpp", "addtoany", "dfp", "gpt", "most",
    ]
)
_CHROME_LAST = frozenset(
    [
        "sidebar", "widget", "related", "share", "sharing", "shares", "newsletter", "menu", "navigation", "nav", "ad",
        "ads", "popular", "trending", "recommended",
    ]
)
# fmt: on
_CHROME_ANY = frozenset(
    {"related", "sidebar", "relatedposts", "newsletter", "outbrain", "taboola", "breadcrumb", "breadcrumbs"}
)
# Layout words: "sidebar-layout", "l-grid--article-sidebar", "has-sidebar", "panel-two-col-sidebar-right" name a
# page layout that *has* a sidebar, and wrap the article itself.
_CHROME_VETO = frozenset(
    {
        "layout",
        "container",
        "grid",
        "col",
        "cols",
        "column",
        "columns",
        "row",
        "rows",
        "template",
        "has",
        "with",
        "wrapper",
        "wrap",
        "page",
        "main",
        "enabled",
        "on",
        "included",
        "one",
        "two",
        # page builders wrap every piece of content in their "widgets" and "blocks"
        "elementor",
        "wp",
        "et",
        "vc",
        "fl",
        "block",
        "blocks",
    }
)
_CHROME_NOT = frozenset({"comment-content", "comments-count", "comment-count", "share-count", "nav-links-wrapper"})
_PARTS = re.compile(r"[-_]+")


def _chrome_token_test(token: str, parts: list[str] | None = None) -> bool:
    """Whether a class or id token names site chrome. ``parts``: the token lower-cased and split on - and _."""
    low = token.lower()
    if low in _CHROME_EXACT:
        return True
    if low in _CHROME_NOT:
        return False
    if parts is None:
        parts = [p for p in _PARTS.split(low) if p]
    if not parts or not _CHROME_VETO.isdisjoint(parts):
        return False
    if parts[0] in _CHROME_FIRST or parts[-1] in _CHROME_LAST:
        return True
    # "site-header", "site-footer", "site-navigation" are chrome; "site-content", "site-main" are not
    if (
        parts[0] == "site"
        and len(parts) > 1
        and parts[1] in ("header", "footer", "nav", "navigation", "branding", "info")
    ):
        return True
    return not _CHROME_ANY.isdisjoint(parts)


# Classes and ids of the story body and of the article container (see ``region``).
# fmt: off
_BODY_CLASSES = frozenset(
    [
        "entry-content", "post-content", "article-content", "article-body", "article__body", "article__content",
        "articlebody", "article-text", "story-body", "story-content", "story-text", "post-body", "post-entry",
        "entry-body", "field--name-body", "field-name-body", "node__content", "content-body", "body-content",
        "single-content", "single-post-content", "td-post-content", "post_content", "the-content", "rich-text",
        "article-main",
    ]
)
# fmt: on
BODY_IDS = frozenset({"article-body", "articleBody", "story-body", "article-content"})
_CONTAINER_CLASSES = frozenset({"hentry", "type-post", "h-entry"})

# ----------------------------------------------------------------------------------------------------------------
# Facts about elements, cached by attribute value: the same class strings repeat all over a page and a site.


class ClassFacts(NamedTuple):
    hidden: str | None  # a visually-hidden class
    chrome: str | None  # a token marking site chrome
    body: bool  # a story-body class
    container: bool  # an article-container class
    marks: frozenset[str]  # byline / caption
    layout: bool = False  # a wrapper of the page's content ("site-content", "content-wrapper", "post-wrap")


_FACTS: dict[str, ClassFacts] = {}


_PLAIN = ClassFacts(None, None, False, False, NO_MARKS)
_LAYOUT_PARTS = frozenset({"content", "contents", "layout", "wrap", "wrapper", "container", "template"})
_TOKEN_FACTS: dict[str, ClassFacts] = {}


def _token_facts(token: str) -> ClassFacts:
    facts = _TOKEN_FACTS.get(token)
    if facts is None and TAXONOMY_TOKEN.match(token):
        facts = _TOKEN_FACTS[token] = _PLAIN
    if facts is None:
        parts = [p for p in _PARTS.split(token.lower()) if p]
        body = token in _BODY_CLASSES
        container = token in _CONTAINER_CLASSES
        facts = ClassFacts(
            hidden=token if token in _HIDDEN_CLASSES else None,
            chrome=token if _chrome_token_test(token, parts) else None,
            body=body,
            container=container,
            marks=token_marks(token),
            layout=body or container or not _LAYOUT_PARTS.isdisjoint(parts),
        )
        if facts == _PLAIN:
            facts = _PLAIN
        if len(_TOKEN_FACTS) < 200_000:
            _TOKEN_FACTS[token] = facts
    return facts


def class_facts(value: str) -> ClassFacts:
    """Facts of a class (or id) attribute value, cached by value and by token: class strings are unique
    combinations ("post-4121 post type-post status-publish") of tokens that repeat everywhere."""
    facts = _FACTS.get(value)
    if facts is None:
        parts = [_token_facts(t) for t in value.split()]
        found = [f for f in parts if f is not _PLAIN]
        if not found:
            facts = _PLAIN
        elif len(found) == 1:
            facts = found[0]
        else:
            layout = any(f.layout for f in found)
            facts = ClassFacts(
                hidden=next((f.hidden for f in found if f.hidden), None),
                # "cs-site-content cs-sidebar-right", "post-wrap sidebar-on": a content wrapper of a page laid
                # out with a sidebar, not the sidebar.
                chrome=None if layout else next((f.chrome for f in found if f.chrome), None),
                body=any(f.body for f in found),
                container=any(f.container for f in found),
                marks=frozenset().union(*(f.marks for f in found)),
                layout=layout,
            )
        if len(_FACTS) < 100_000:
            _FACTS[value] = facts
    return facts


def _maybe_hidden(style: str) -> bool:
    """Cheap test before the regex: could this inline style hide the element?"""
    low = style.lower()
    return "none" in low or "hidden" in low or "collapse" in low or "opacity" in low


def hidden_reason(tag: str, marked: str | None, style: str | None, facts: ClassFacts | None) -> str | None:
    """Why no reader sees an element, from what was read of it: its tag, ``marked`` (the reason a ``hidden``
    attribute or a :data:`HIDDEN_MARK` gives), inline style, class facts."""
    if tag in INVISIBLE_TAGS:
        return f"<{tag}>"
    if marked is not None:
        return marked
    if style and _maybe_hidden(style):
        match = _HIDDEN_STYLE.search(style)
        if match:
            return f'style "{squash(match.group(0))}"'
    if facts is not None and facts.hidden:
        return f"class {facts.hidden}"
    return None


def invisible_reason(el: HtmlElement) -> str | None:
    """Why no reader sees ``el`` (and what it holds), or None."""
    cls = el.get("class")
    marked = el.get(HIDDEN_MARK) or ("hidden attribute" if el.get("hidden") is not None else None)
    return hidden_reason(el.tag, marked, el.get("style"), class_facts(cls) if cls else None)


def chrome_reason(el: HtmlElement) -> str | None:
    """Why ``el`` is site chrome ("nav", "role=navigation", "class sidebar"), or None if it is not."""
    tag = el.tag
    if tag in CHROME_TAGS:
        return tag
    role = el.get("role")
    if role and role.strip().lower() in CHROME_ROLES:
        return f"role={role.strip().lower()}"
    for attr in ("class", "id"):
        value = el.get(attr)
        if value:
            token = class_facts(value).chrome
            if token:
                return f"{attr} {token}"
    return None
