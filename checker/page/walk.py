"""The walk: what does a reader see in these elements, line by line, and which images?

:class:`Walker` walks element trees once, in document order, into blocks (visual lines) and images, skipping what
no reader sees and, in the article, site chrome; each block carries the marks its markup gives it (byline,
caption, heading, topic).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import lxml.etree

from ..bylines.markup import (
    BYLINE,
    CAPTION,
    HEADING,
    MARK_MAX_TEXT,
    NO_MARKS,
    QUOTE,
    TOPIC,
    element_marks,
    header_byline,
)
from ..folding import squash
from .chrome import (
    BACKGROUND_MARK,
    CHROME_ROLES,
    CHROME_TAGS,
    HIDDEN_MARK,
    INVISIBLE_TAGS,
    SHOT_MARK,
    SHOT_TOKEN,
    class_facts,
    hidden_reason,
)
from .parts import Block, Hidden, HtmlElement, Image, text_len, text_of

# fmt: off
_BLOCK_TAGS = frozenset(
    [
        "p", "div", "section", "article", "header", "footer", "main", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
        "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption",
        "blockquote", "figure", "figcaption", "pre", "address", "hr", "fieldset", "details", "summary", "center",
        "amp-carousel", "amp-accordion", "body", "html",
    ]
)
# fmt: on
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that may wrap a whole story: only these are checked before being taken for chrome (a wrapper holding
# paragraphs of its own is content, whatever its class says; the story's own wrappers are kept anyway).
_SMALL = lxml.etree.XPath("count(.//p) < 4")
_WRAPPER_TAGS = frozenset({"div", "section", "main", "article", "table", "tbody", "tr", "td", "center"})
_INLINE_TAGS = frozenset({"span", "a", "em", "strong", "b", "i", "small", "time", "abbr", "cite", "font", "u"})
_IMAGE_TAGS = frozenset({"img", "amp-img", "amp-anim", "svg", "source"})
_PX = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$")
_STYLE_SIZE = re.compile(r"(?<![-\w])(width|height)\s*:\s*(\d+(?:\.\d+)?)\s*px", re.I)
_BG_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.I)
_SHOT_PREFIX = SHOT_TOKEN + ":"  # how a SHOT_MARK this run set begins
_ROLE_IMG = lxml.etree.XPath(".//*[@role='img']")
_IMG_URL_ATTRS = (
    "src",
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-orig-file",
    "data-large-file",
    "data-url",
    "data-lazy",
)
_IMG_SRCSET_ATTRS = ("srcset", "data-srcset", "data-lazy-srcset")

# ----------------------------------------------------------------------------------------------------------------
# Images.


def _number(value: str | None) -> float | None:
    if not value:
        return None
    match = _PX.match(value)
    return float(match.group(1)) if match else None


def srcset_urls(value: str | None) -> list[str]:
    if not value:
        return []
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _image(el: HtmlElement, block_index: int) -> Image | None:
    """The image ``el`` shows (``img``, ``amp-img``, ``picture > source``, ``svg``, ``role=img``), or None."""
    tag = el.tag
    style = el.get("style") or ""
    width, height = _drawn_size(el, style)
    urls: list[str] = []
    labels: list[str] = []
    if tag in ("img", "amp-img", "source", "amp-anim"):
        kind = tag
        if not _read_img(el, urls, labels):
            return None
    elif tag == "svg":
        kind = "svg"
        _read_svg(el, urls, labels)
    else:
        kind = "role=img" if el.get("role") == "img" else "css background"
        urls.extend(_BG_URL.findall(style))
        if shot_of(el) is not None and el.get(BACKGROUND_MARK):
            urls.append(el.get(BACKGROUND_MARK) or "")
    for attr in ("alt", "title", "aria-label"):
        value = el.get(attr)
        if value and value.strip():
            labels.append(value.strip())
    if not urls and not labels:
        return None
    return Image(el, kind, tuple(urls), tuple(labels), width, height, block_index)


def shot_of(el: HtmlElement) -> str | None:
    """The number of ``--render``'s screenshot of ``el``, when this run's renderer took one (see SHOT_MARK)."""
    value = el.get(SHOT_MARK)
    return value[len(_SHOT_PREFIX) :] if value and value.startswith(_SHOT_PREFIX) else None


def _drawn_size(el: HtmlElement, style: str) -> tuple[float | None, float | None]:
    """The width and height an image is drawn at: its attributes, overridden by its inline style."""
    width = _number(el.get("width"))
    height = _number(el.get("height"))
    if style:
        for prop, value in _STYLE_SIZE.findall(style):
            if prop.lower() == "width":
                width = float(value)
            else:
                height = float(value)
    return width, height


def _read_img(el: HtmlElement, urls: list[str], labels: list[str]) -> bool:
    """Add the URLs of an ``img``, ``amp-img``, ``amp-anim`` or ``picture > source`` to ``urls`` (and a
    ``source``'s labels, its picture's ``img``'s, to ``labels``). False for a ``source`` of a video or audio."""
    for attr in _IMG_URL_ATTRS:
        value = el.get(attr)
        if value and value.strip():
            urls.append(value.strip())
    for attr in _IMG_SRCSET_ATTRS:
        urls.extend(srcset_urls(el.get(attr)))
    if el.tag == "source":
        picture = next((a for a in el.iterancestors() if a.tag == "picture"), None)
        # lxml's HTML parser may nest the <img> inside the <source>: look anywhere in the <picture>.
        img = picture.find(".//img") if picture is not None else None
        if img is None:
            return False  # a <source> of <video> or <audio>
        labels.extend(v for v in (img.get("alt"), img.get("title")) if v and v.strip())
    return True


def _read_svg(el: HtmlElement, urls: list[str], labels: list[str]) -> None:
    """Add an inline ``svg``'s title to ``labels`` and the images it uses to ``urls``."""
    title = el.find(".//title")
    if title is not None:
        labels.append(squash(text_of(title)))
    for use in el.iter("use", "image"):
        href = use.get("href") or use.get("{http://www.w3.org/1999/xlink}href")
        if href:
            urls.append(href)


def walk_all(root: HtmlElement) -> list[Block]:
    walker = Walker(find_chrome=False)
    walker.walk([root])
    return walker.blocks


def images_in(root: HtmlElement) -> list[Image]:
    """Every image in ``root`` (itself included), visible or not: for messages about where else a logo is."""
    found = [el for el in root.iter(*_IMAGE_TAGS)] + list(_ROLE_IMG(root))
    if root.get("role") == "img":
        found.append(root)
    return [image for el in found if (image := _image(el, -1)) is not None]


# ----------------------------------------------------------------------------------------------------------------
# The walk: blocks and images of the region, in document order.


class Walker:
    """Walks element trees into blocks (visual lines) and images, skipping what no reader sees.

    With ``find_chrome``, site chrome met on the way (navigation, sidebars, share bars, related stories...) is
    skipped and remembered in ``chrome``; a "chrome" wrapper holding most of the text is kept.
    """

    def __init__(
        self,
        *,
        find_chrome: bool,
        skip: set[HtmlElement] | None = None,
        keep: list[HtmlElement] | None = None,
        window: tuple[HtmlElement, HtmlElement] | None = None,
        header: tuple[HtmlElement | None, HtmlElement] | None = None,
    ) -> None:
        self.find_chrome = find_chrome
        # The article's header: from the end of the headline to the start of the story. A byline there is the
        # article's even inside a share bar or a "sidebar" of the header (``holds_byline``).
        self.header = header
        self._in_header = False
        self._story_met = False
        self.skip = skip or set()
        self._kept = keep or []  # elements never taken for chrome (held here so that their ids stay theirs)
        self.keep = {id(el) for el in self._kept}
        self._alive: list[HtmlElement] = []
        self.window = window  # keep only the blocks from the start of window[0] to the end of window[1]
        self._window_start = 0
        self._window_end: int | None = None
        self.blocks: list[Block] = []
        self.images: list[Image] = []
        self.hidden: list[Hidden] = []
        self.chrome: dict[HtmlElement, str] = {}
        self._pieces: list[str] = []
        self._marks: set[str] = set()

    def walk(self, roots: Sequence[HtmlElement]) -> None:
        for root in roots:
            self._walk_root(root)
            self._flush(root, NO_MARKS)
        if self.window is not None:
            first = self._window_start
            last = len(self.blocks) if self._window_end is None else self._window_end
            self.blocks = self.blocks[first:last]
            for index, block in enumerate(self.blocks):
                block.index = index
            kept = []
            for image in self.images:
                if first <= image.block_index <= last:
                    image.block_index -= first
                    kept.append(image)
            self.images = kept

    # Runs once per element of every page: a helper per branch would cost a call per element, so it stays whole.
    def _walk_root(self, root: HtmlElement) -> None:  # noqa: C901
        """One pass over ``root`` with lxml's iterwalk: no recursion, so any nesting depth is fine."""
        pieces = self._pieces
        marks = NO_MARKS
        container = root
        # Per open element: (text of its subtree is skipped, it is a block, marks and container outside it).
        stack: list[tuple[bool, bool, frozenset[str], HtmlElement]] = []
        walker = lxml.etree.iterwalk(root, events=("start", "end"))
        # With a window, what lies wholly before its start is not walked, and the walk stops at its end.
        before = None
        if self.window is not None:
            start = self.window[0]
            # ids of live proxies only: the list keeps them alive (lxml makes a new proxy, with a new id, for an
            # element whose old proxy was collected)
            self._alive = [start, *start.iterancestors()]
            before = {id(a) for a in self._alive}
        for event, el in walker:
            if event == "start":
                if before is not None:
                    if id(el) not in before:
                        stack.append((True, False, marks, container))
                        walker.skip_subtree()
                        continue
                    if el is self.window[0]:  # type: ignore[index]
                        before = None
                if self.header is not None and el is self.header[1]:
                    self._in_header, self._story_met = False, True
                inner = self._start(el, container, marks, el is root)
                if inner is None:
                    stack.append((True, False, marks, container))
                    walker.skip_subtree()
                    continue
                block = el.tag in _BLOCK_TAGS
                stack.append((False, block, marks, container))
                if block:
                    if pieces:
                        self._flush(container, marks)
                    container = el
                if self.window is not None and el is self.window[0]:
                    self._flush(container, marks)
                    self._window_start = len(self.blocks)
                if el.text:
                    self._append(el.text)
                    self._marks.update(inner)
                marks = inner
            else:
                skipped, block, outer, outer_container = stack.pop()
                if self.header is not None and el is self.header[0] and not self._story_met:
                    self._in_header = True
                if block and pieces and not skipped:
                    self._flush(el, marks)
                if self.window is not None and el is self.window[1]:
                    self._flush(el, marks)
                    self._window_end = len(self.blocks)
                    break
                marks, container = outer, outer_container
                if el.tail and el is not root:  # the text after the region is not part of it
                    self._append(el.tail)
                    self._marks.update(marks)

    def _append(self, text: str) -> None:
        """Add text met at an element boundary. Where the markup glues two words that a reader sees apart
        ("By<a>Alex</a>", "<span>Jen Mills</span><span>Published</span>", "Kinsella<time>2 min ago</time>":
        a lower-case letter then a capital, or a letter against a digit), a space goes between; a name split by
        markup ("Ry<b>an</b>") stays whole."""
        pieces = self._pieces
        if pieces:
            last = pieces[-1][-1:]
            first = text[:1]
            if (
                last.isalnum()
                and first.isalnum()
                and ((last.islower() and first.isupper()) or last.isdigit() != first.isdigit())
            ):
                pieces.append(" ")
        pieces.append(text)

    def _flush(self, element: HtmlElement, marks: frozenset[str]) -> None:
        if self._pieces:
            text = squash("".join(self._pieces))
            if text:
                block_marks = frozenset(self._marks | marks) if self._marks else marks
                self.blocks.append(Block(len(self.blocks), text, element, block_marks, self.find_chrome))
            self._pieces.clear()
            self._marks.clear()

    # Runs once per element of every page: a helper per step would cost a call per element, so it stays whole.
    def _start(  # noqa: C901
        self, el: HtmlElement, container: HtmlElement, marks: frozenset[str], top: bool
    ) -> frozenset[str] | None:
        """Enter ``el``: the marks its content carries, or None when its content is not walked (hidden, chrome,
        an svg, a ``<br>``...). Records hidden elements, chrome and images on the way."""
        tag = el.tag
        if not isinstance(tag, str):  # an entity or processing instruction that survived parsing
            return None
        if tag in INVISIBLE_TAGS:
            self.hidden.append(Hidden(el, f"<{tag}>"))
            return None
        if el in self.skip:
            return None
        own = NO_MARKS
        role = None
        shot = False
        items = el.items()
        if items:
            # One read of the attributes; most elements have none or only a class.
            cls = ident = style = rel = itemprop = href = None
            marked = None
            for key, value in items:
                if key == "class":
                    cls = value
                elif key == "id":
                    ident = value
                elif key == "style":
                    style = value
                elif key == "role":
                    role = value
                elif key == "hidden":
                    marked = marked or "hidden attribute"
                elif key == HIDDEN_MARK:
                    marked = value or "hidden"
                elif key == "rel":
                    rel = value
                elif key == "itemprop":
                    itemprop = value
                elif key == "href":
                    href = value
                elif key == SHOT_MARK:
                    shot = value.startswith(_SHOT_PREFIX)
            facts = class_facts(cls) if cls else None
            reason = hidden_reason(tag, marked, style, facts)
            if reason is not None:
                self.hidden.append(Hidden(el, reason))
                return None
            id_facts = class_facts(ident) if ident else None
            if self.find_chrome and not top:
                chrome = None
                if tag in CHROME_TAGS:
                    chrome = tag
                elif role and tag not in _INLINE_TAGS and role.strip().lower() in CHROME_ROLES:
                    chrome = f"role={role.strip().lower()}"
                elif facts is not None and facts.chrome:
                    chrome = f"class {facts.chrome}"
                elif id_facts is not None and id_facts.chrome:
                    chrome = f"id {id_facts.chrome}"
                elif tag == "article" and id(el) not in self.keep and text_len(el) <= 500:
                    chrome = "another story (a short <article> inside the article)"
                if (
                    chrome is not None
                    and id(el) not in self.keep
                    and BYLINE not in (facts.marks if facts is not None else NO_MARKS)
                    and (tag not in _WRAPPER_TAGS or _SMALL(el))
                    and not (self._in_header and header_byline(el))
                ):
                    self.chrome[el] = chrome
                    return None
            own = element_marks(
                tag,
                facts.marks if facts is not None else NO_MARKS,
                id_facts.marks if id_facts is not None else NO_MARKS,
                rel,
                itemprop,
                href,
            )
            if (BYLINE in own or TOPIC in own) and tag not in _INLINE_TAGS:
                if text_len(el) > MARK_MAX_TEXT:
                    own = own - _WRAPPER_MARKS  # "author-jane-doe", "tag-links" on the story's wrapper
                elif tag in _STORY_TAGS:
                    own = own - _TOPIC_MARK  # "tag" on a tag archive's <body> says nothing of the story
        elif (
            self.find_chrome
            and not top
            and tag in CHROME_TAGS
            and id(el) not in self.keep
            and not (self._in_header and header_byline(el))
        ):
            self.chrome[el] = tag
            return None
        if tag in HEADING_TAGS:
            own = own | _HEADING_MARK
        elif tag == "figcaption":
            own = own | _CAPTION_MARK
        elif tag == "blockquote":
            own = own | _QUOTE_MARK
        if tag in _IMAGE_TAGS or role == "img" or shot:
            image = _image(el, len(self.blocks))
            if image is not None:
                self.images.append(image)
            if tag == "svg":
                return None  # its <title> and <text> are the image's label, not lines of the article
        if tag == "br":
            self._flush(container, marks)
            return None
        if not own:
            return marks
        if TOPIC in own and BYLINE not in own and BYLINE in marks and tag not in _INLINE_TAGS:
            marks = marks - _BYLINE_MARK  # a tag or category list inside a byline bar lists topics, not authors
        return marks | own


_HEADING_MARK = frozenset({HEADING})
_CAPTION_MARK = frozenset({CAPTION})
_QUOTE_MARK = frozenset({QUOTE})
_TOPIC_MARK = frozenset({TOPIC})
_BYLINE_MARK = frozenset({BYLINE})
_WRAPPER_MARKS = frozenset({BYLINE, TOPIC})
_STORY_TAGS = frozenset({"html", "body", "main", "article"})
