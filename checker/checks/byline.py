"""``byline``: the reporter's name is shown as the article's byline.

The name counts where a reader reads it as the byline: in an element marked as byline or author (class, id,
``rel=author``, ``itemprop=author``, a link to an author page), introduced by "By", on its own short line near the
headline or at the top or end of the body ("Ryan Pickrell | China/Asia Pacific Reporter"), or in an author line at
the end ("Ryan Pickrell is a reporter for ..."). A ``<meta>`` author or JSON-LD alone is not a byline, and neither is
the name inside an ordinary sentence of the story. Names match regardless of case, diacritics, apostrophe and dash
variants, extra or non-breaking spaces, and inline markup splitting the name.

Fails when no byline names the reporter, saying what was found instead: a byline naming someone else, the name
only in a caption or sentence, in hidden text, outside the article, or only in the page's metadata. A byline
detected on the page counts as a licensor's reporter only when the name is attached to the licensor's, or the
article shows some sign of the licensor (see :mod:`checker.signs`).

The reporter is ``--reporter``, else the byline of ``--original``, else the one detected on the page (see
:mod:`checker.reporter`). The check has no params.

Example::

    [[rules]]
    id = "byline"
    check = "byline"
    title = "Reporter's byline"
    description = "The article shows the DCNF reporter's byline."
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bylines import candidates, find_name, metadata_authors, name_hits
from ..bylines.markup import BYLINE, QUOTE, TOPIC
from ..folding import fold, name_pattern, snippet
from ..report import Evidence, Status, Verdict
from ..reporter import ReporterSource
from ..signs import licensor_shown
from .spec import CheckSpec, Context

if TYPE_CHECKING:
    from ..pack import Rule
    from ..page import Page

KIND_WORDS = {
    "marked": "in the byline element",
    "by": 'after "By" or an author label',
    "line": "on its own line",
    "bio": "in the author line at the end",
    "signoff": "signing off the story",
}


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    reporter = context.reporter
    if reporter.name is None:
        if reporter.error:
            return Verdict(Status.ERROR, reporter.error)
        return Verdict(
            Status.FAIL,
            "no byline found in the article (and no reporter given: use --reporter or --original)",
            Evidence(
                looked_for=(
                    "a byline: a byline/author element, a 'By ...' line or a name on its own line near the headline"
                )
            ),
        )
    name = reporter.name
    hits = [h for h in name_hits(page, name, exact=reporter.found_on_page) if h.is_byline]
    if hits and reporter.found_on_page and not reporter.attached and not licensor_shown(page, context.pack):
        # Nobody on the page is tied to the licensor, and the article never names it: the byline found is the
        # site's own, not a licensor's reporter's.
        hit = hits[0]
        return Verdict(
            Status.FAIL,
            f'no byline of a {context.pack.name} reporter: the byline names "{name}", and the article shows no sign '
            f"of {context.pack.name} (give --reporter or --original to check a given reporter)",
            Evidence(
                where=hit.block.where,
                snippet=snippet(hit.block.text, hit.start, hit.end),
                looked_for=f"a byline of a {context.pack.name} reporter",
            ),
        )
    if hits:
        hit = hits[0]
        return Verdict(
            Status.PASS,
            f'byline names "{name}" ({KIND_WORDS[hit.kind]})',
            Evidence(where=hit.block.where, snippet=snippet(hit.block.text, hit.start, hit.end)),
        )
    if reporter.source is ReporterSource.METADATA:
        # The page shows no byline at all (else a name would have been detected from it): say so, cheaply.
        return Verdict(
            Status.FAIL,
            f'no byline in the article; "{name}" is named only in the page\'s metadata (meta author / JSON-LD), '
            "which readers do not see",
            Evidence(looked_for=f'a byline naming "{name}" (the author the page\'s metadata names)'),
        )
    return Verdict(Status.FAIL, *_why_missing(page, name))


def _why_missing(page: Page, name: str) -> tuple[str, Evidence]:
    looked_for = (
        f'"{name}" in a byline position (byline/author element, "By {name}", own line near the headline, '
        "author line at the end)"
    )
    others = [c for c in candidates(page) if fold(c.name) != fold(name)]
    also: list[str] = [f'byline "{c.name}" at {c.block.where}' for c in others[:3]]
    reasons: list[str] = []
    if others:
        reasons.append(f"the byline names {', '.join(repr(c.name) for c in others[:3])} instead")
    sentence = [h for h in find_name(page, name) if not h.is_byline]
    if sentence:
        hit = sentence[0]
        reasons.append(f"the name appears only in {_place(hit.kind, hit.block.marks)}")
        also.append(f"{hit.kind}: {snippet(hit.block.text, hit.start, hit.end, 100)} at {hit.block.where}")
    pattern = name_pattern(name)
    if pattern is not None and page.mentions(name):  # else the name is nowhere in the page's source
        for removed, text in page.hidden_blocks():
            if pattern.search(fold(text)):
                reasons.append(f"the name is in hidden text ({removed.reason})")
                also.append(f"hidden ({removed.reason}) at {removed.where}: {snippet(text, width=100)}")
                break
        # Walk the rest of the page only if the name occurs there more often than in the article.
        more = len(pattern.findall(page.page_text)) > len(pattern.findall(page.folded_text))
        outside = page.outside_blocks() if more else []
        for block in outside:
            if pattern.search(block.folded):
                where = page.locate(block.element)
                reasons.append(f"the name appears outside the article ({where})")
                also.append(f"outside the article at {block.where}: {snippet(block.text, width=100)}")
                break
    if not reasons and any(fold(name) == fold(m) for m in metadata_authors(page)):
        reasons.append("the name is only in the page's metadata (meta author / JSON-LD), which readers do not see")
    message = f'no byline names "{name}"'
    if reasons:
        message += ": " + "; ".join(reasons)
    return message, Evidence(looked_for=looked_for, also=tuple(also))


SPEC = CheckSpec(
    name="byline",
    run=run,
    params=(),
    summary="the reporter's name is shown as the article's byline (not only in metadata or in a sentence)",
)


def _place(kind: str, marks: frozenset[str]) -> str:
    """Where a name that is not a byline stands, as a reader would say it."""
    if kind == "caption":
        return "the caption"
    if QUOTE in marks:
        return "a quotation"
    if TOPIC in marks and BYLINE not in marks:
        return "a tag or topic label"
    return "the story text"
