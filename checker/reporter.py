"""Whose byline must the page show? The reporter of a page, and what is known of the original article.

The reporter is given (``--reporter``), read from the original article's byline (``--original``), or detected on
the page itself: a name attached to the licensor's name, else the page's byline, else (no byline at all) the
author its metadata names. The original article is read once per run (:class:`OriginalArticles`): its byline
gives the reporter, its story paragraphs the text the ``unaltered`` check compares with.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import requests

from . import bylines
from .bylines import NameHit, opens_with_by
from .fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, FetchError, fetch, read_file
from .folding import alias_pattern
from .page import BYLINE, CAPTION, Block, Page, PageError

if TYPE_CHECKING:
    from .pack import Pack


class ReporterSource(StrEnum):
    """Where the reporter's name came from (shown in reports as ``reporter_source``)."""

    GIVEN = "given"  # --reporter, or an audit row's reporter
    ORIGINAL = "original"  # the original article's byline
    DETECTED = "detected"  # found on the page itself
    METADATA = "metadata"  # the page shows no byline; its <meta> / JSON-LD author is the name looked for
    NONE = "none"


@dataclass(frozen=True)
class Reporter:
    """The reporter whose byline the page must show, and where that name came from (:class:`ReporterSource`).

    ``error`` says why no name could be had when one was asked for (the original article could not be fetched, or
    shows no byline).
    """

    name: str | None
    source: ReporterSource
    where: str | None = None
    error: str | None = None
    attached: bool = True  # for a detected reporter: the name is attached to the licensor's name on the page

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", ReporterSource(self.source))  # accept the plain string too

    @property
    def found_on_page(self) -> bool:
        """Whether the name was taken from the page itself (so only exact byline matches count)."""
        return self.source in (ReporterSource.DETECTED, ReporterSource.METADATA)


@dataclass(frozen=True)
class OriginalText:
    """What a check may know of the original article's text: its headline and its story paragraphs (see
    :func:`story_blocks`), as plain strings. ``error`` says why there is none (the original could not be fetched or
    read)."""

    url: str
    headline: str | None = None
    paragraphs: tuple[str, ...] = ()
    error: str | None = None


# -- the story's blocks -------------------------------------------------------------------------------------------
def story_blocks(page: Page) -> list[Block]:
    """The blocks of the page's story: from its first long paragraph on, captions and bylines left out,
    and only those in the element that holds most (3 in 4) of the long paragraphs, so that a long dek in the
    article's header ("A Louisiana nonprofit hospital filed…") or a date line is not taken for the story."""
    span = [
        b
        for b in page.blocks[page.body_start : page.body_end + 1]
        if CAPTION not in b.marks and BYLINE not in b.marks and b.text.strip()
    ]
    long = [b for b in span if b.words >= 25]
    if len(long) < 2:
        return span
    last: Any = long[-1].element  # an lxml element
    for container in last.iterancestors():
        if sum(1 for b in long if _within(b.element, container)) >= 0.75 * len(long):
            # the story's last, short paragraphs too ("…by the end of March."), when they are in its element
            return [
                b
                for b in page.blocks[page.body_start :]
                if CAPTION not in b.marks and BYLINE not in b.marks and b.text.strip() and _within(b.element, container)
            ]
    return span


def _within(element: Any, container: Any) -> bool:
    return element is container or any(a is container for a in element.iterancestors())


# -- the licensor's name attached to a byline ----------------------------------------------------------------------
# Between the name and the organisation on one line: separators and a title, or a "works for" phrase.
_AFTER_NAME = re.compile(
    r"^(?:\s*[,|/•·(\[–—:-]?\s*(?:[^.!?;|,()]{0,50}?\s*[,|/•·(\[–—:-]\s*){0,3}(?:the\s+)?|"
    # "is a reporter for the", "(41) ist Korrespondentin der", "est correspondante de la"
    r"(?:\s*\([^()]{1,30}\))?\s*,?\s*(?:(?:is|was|has been|serves as|works as|ist|war|est|es)\s+"
    r"(?:a|an|the|ein|eine|un|une|el|la)?\s*|(?:a|an|the)\s+)[^.!?]{0,70}?"
    r"\b(?:for|at|with|of|from|der|des|bei|für|von|de|pour|chez|para)\s+(?:the\s+|die\s+|la\s+|le\s+)?|"
    r"\s*,?\s*(?:writes|reports|works|wrote|reported)\s+for\s+(?:the\s+)?|"
    # a title, then the organisation: "(reporter for the", ", Korrespondentin der", "| correspondant de la"
    r"\s*[,(|/•·–—-]\s*[^.!?;|,()]{1,50}?\s(?:for|at|with|of|der|des|bei|für|de|pour|chez|para)\s+"
    r"(?:the\s+|die\s+|la\s+|le\s+)?)$",
    re.I,
)
_BEFORE_NAME = re.compile(
    r"^\s*(?:[|,/•·:–—-]\s*)?(?:(?:[\w/-]+\s+){0,3}(?:reporter|correspondent|writer|editor|contributor|journalist)\s*)?(?:[|,/•·:–—-]\s*)?$",
    re.I,
)
STACK_WORDS = 12  # a line stacked under a byline is short
# A short line under the byline that tells where the story was published ("This story was originally published by
# CalMatters. Sign up for their newsletters.") is a credit line, not the reporter's affiliation.
_CREDIT_LINE = re.compile(r"\b(?:published|appeared|republished|reprinted|distributed|sign up|newsletters?)\b")


def attached(
    page: Page, hit: NameHit, org: re.Pattern[str], max_gap: int = 90, stack: int = 3
) -> tuple[Block, int, int] | None:
    """Where the organisation is attached to the name found at ``hit``: (block, start, end), or None."""
    block = hit.block
    text = block.folded
    for match in org.finditer(text):
        if match.start() >= hit.end:
            gap = text[hit.end : match.start()]
            if len(gap) <= max_gap and _AFTER_NAME.match(gap):
                return block, match.start(), match.end()
        elif match.end() <= hit.start:
            gap = text[match.end() : hit.start]
            if len(gap) <= 40 and _BEFORE_NAME.match(gap):
                return block, match.start(), match.end()
    if not hit.is_byline:
        return None
    # Short lines stacked directly under the byline (a title, the organisation), then the one just over it.
    for nxt in page.blocks[block.index + 1 : block.index + 1 + stack]:
        if (
            nxt.words > STACK_WORDS
            or (opens_with_by(nxt.text) and not _names(nxt, hit))
            or _CREDIT_LINE.search(nxt.folded)
        ):
            break  # a paragraph, somebody else's byline or a credit line: nothing further is stacked with ours
        below = org.search(nxt.folded)
        if below:
            return nxt, below.start(), below.end()
    if block.index > 0:
        prev = page.blocks[block.index - 1]
        above = org.search(prev.folded)
        if above and prev.words <= 6:
            return prev, above.start(), above.end()
    return None


def _names(block: Block, hit: NameHit) -> bool:
    """Whether ``block`` names the person found at ``hit``."""
    return hit.block.folded[hit.start : hit.end] in block.folded


# -- detecting the reporter on the page ---------------------------------------------------------------------------
def detect_reporter(page: Page, pack: Pack) -> Reporter:
    """The reporter shown on ``page``: a name attached to the licensor's name, else the page's byline; when the
    page shows no byline at all, the author its metadata names (source "metadata"), so that the report can say
    whose byline is missing."""
    found = bylines.candidates(page)
    if not found:
        named = next((n for n in bylines.metadata_authors(page) if bylines.clean_name(n)), None)
        if named is not None:
            return Reporter(named, ReporterSource.METADATA, where="<meta> author / JSON-LD", attached=False)
        return Reporter(None, ReporterSource.NONE)
    org = alias_pattern(pack.names)
    for candidate in found[:8]:
        for hit in bylines.name_hits(page, candidate.name, exact=True):
            if hit.is_byline and attached(page, hit, org):
                return Reporter(candidate.name, ReporterSource.DETECTED, where=hit.block.where)
    best = found[0]
    return Reporter(best.name, ReporterSource.DETECTED, where=best.block.where, attached=False)


def detect_or_none(page: Page, pack: Pack) -> Reporter:
    """:func:`detect_reporter`, with a detection that crashes taken as "no reporter found": the checks still run."""
    try:
        return detect_reporter(page, pack)
    except Exception:  # noqa: BLE001 - detection failing is "no reporter found", the checks still run
        return Reporter(None, ReporterSource.NONE)


# -- the original article ---------------------------------------------------------------------------------------
def original_of(page: Page, url: str, pack: Pack) -> tuple[Reporter, OriginalText]:
    """What an original article's page gives a check: its byline as the reporter, its headline and story text."""
    original = OriginalText(url, page.headline, tuple(block.text for block in story_blocks(page)))
    detected = detect_or_none(page, pack)
    if detected.name is None:
        reporter = Reporter(
            None,
            ReporterSource.ORIGINAL,
            error=f"the original article {url} shows no byline to take the reporter from",
        )
    else:
        reporter = Reporter(detected.name, ReporterSource.ORIGINAL, where=f"{url} {detected.where}")
    return reporter, original


class OriginalArticles:
    """The original articles of one run, each fetched (or read from a file) once and cached: its byline as the
    reporter, and its text. Threads asking for the same original meanwhile wait for that one read; the parsed
    page itself is not kept. ``pack`` is the run's, for telling the byline from other names on the original."""

    def __init__(
        self,
        pack: Pack,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        user_agent: str | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.pack = pack
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self.session = session
        self._read: dict[str, tuple[Reporter, OriginalText]] = {}  # by URL: read once per run (per process)
        self._reading: dict[str, threading.Lock] = {}  # one lock per original being read
        self._lock = threading.Lock()

    def reporter(self, url: str) -> Reporter:
        """The reporter the original article at ``url`` names in its byline (source "original")."""
        return self.read(url)[0]

    def text(self, url: str) -> OriginalText:
        """The original article's headline and story paragraphs."""
        return self.read(url)[1]

    def read(self, url: str) -> tuple[Reporter, OriginalText]:
        """The original article's byline (as the reporter) and text, read once per run."""
        with self._lock:
            known = self._read.get(url)
            if known is not None:
                return known
            reading = self._reading.setdefault(url, threading.Lock())
        with reading:
            with self._lock:
                known = self._read.get(url)
            if known is None:
                known = self._read[url] = self._load(url)
        return known

    def _load(self, url: str) -> tuple[Reporter, OriginalText]:
        try:
            page = self._parse(url)
        except (FetchError, PageError) as exc:
            reason = exc.reason if isinstance(exc, FetchError) else str(exc)
            error = f"could not read the original article {url}: {reason}"
            return Reporter(None, ReporterSource.ORIGINAL, error=error), OriginalText(url, error=error)
        return original_of(page, url, self.pack)

    def _parse(self, url: str) -> Page:
        if url.lower().startswith(("http://", "https://")):
            fetched = fetch(
                url, timeout=self.timeout, max_bytes=self.max_bytes, user_agent=self.user_agent, session=self.session
            )
            return Page.parse(fetched.text, fetched.url)
        html, _ = read_file(url, max_bytes=self.max_bytes)
        return Page.parse(html, None)
