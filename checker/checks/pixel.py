"""``pixel``: the licensor's tracking pixel (page-view counter) is in the page's markup.

Passes when a URL the markup loads (:attr:`Page.resources`: ``img``, ``amp-img``, ``amp-pixel``, ``script``,
``iframe``, anywhere in the document, hidden or not: a pixel is meant to be unseen) matches one of ``patterns``.
There is no size rule: a pixel is 1×1 by design. A pixel inside an HTML comment does not load and does not count;
one inside ``<noscript>`` counts (it loads when scripts are off), and the message says so.

Fails saying what was found instead: the pixel loaded by another kind of element, its URL only as text that does
not load (an HTML comment, a script's text), or other pixel-like resources.

Example::

    [[rules]]
    id = "counter"
    check = "pixel"
    title = "The Conversation's page view counter kept"
    description = "The page loads The Conversation's counter image."

    [rules.params]
    label = "The Conversation's page view counter"
    patterns = ['counter\\.theconversation\\.com/content/\\d+/count\\.gif']
    kinds = ["img", "amp-img", "amp-pixel"]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..report import Evidence, Status, Verdict
from ..user_regex import compile_user_regex
from .spec import CheckSpec, Context, Param, ParamType

if TYPE_CHECKING:
    from ..pack import Rule
    from ..page import Page

KINDS = ("img", "amp-img", "amp-pixel", "script", "iframe")
# URLs that look like some licensor's pixel, to say what was found instead.
_PIXELISH = re.compile(r"pixel|count\.gif|counter\.|/count(?:er)?[/?.]|tracker|beacon|republication", re.IGNORECASE)


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    settings = SPEC.settings(rule)
    sources = settings["patterns"]
    label = settings["label"]
    kinds = settings["kinds"] or list(KINDS)
    looked_for = f"{label}: an element ({', '.join(f'<{k}>' for k in kinds)}) loading a URL matching " + " or ".join(
        f"/{p}/" for p in sources
    )
    patterns = [compile_user_regex(p, ignore_case=True) for p in sources]
    for resource in page.resources:
        if resource.kind in kinds and any(p.search(resource.url) for p in patterns):
            note = " (inside <noscript>: it loads only when scripts are off)" if resource.in_noscript else ""
            return Verdict(
                Status.PASS,
                f"{label} is in the page{note}",
                Evidence(where=resource.where, snippet=f"<{resource.kind} {resource.url[:300]}>"),
            )
    also: list[str] = []
    other_kind = next((r for r in page.resources if any(p.search(r.url) for p in patterns)), None)
    if other_kind is not None:
        message = f"{label} is not loaded as {', '.join(kinds)}: only by a <{other_kind.kind}>"
        also.append(f"{other_kind.where}: <{other_kind.kind} {other_kind.url[:300]}>")
    elif any(p.search(page.source) for p in patterns):
        message = (
            f"{label} is not in the page: its URL is only in the page's source as text that does not load "
            "(an HTML comment, escaped markup or a script's text)"
        )
    else:
        message = f"{label} is not in the page"
    also.extend(
        f"other pixel-like resource: <{r.kind} {r.url[:200]}>" for r in page.resources if _PIXELISH.search(r.url)
    )
    return Verdict(Status.FAIL, message, Evidence(looked_for=looked_for, also=tuple(also[:5])))


SPEC = CheckSpec(
    name="pixel",
    run=run,
    params=(
        Param(
            "patterns",
            ParamType.REGEX_LIST,
            "regular expressions searched in the absolute URL of each resource",
            default=[],
            required=True,
        ),
        Param("kinds", ParamType.STRING_LIST, "the elements that may load it", default=list(KINDS)),
        Param("label", ParamType.STRING, "what the pixel is, for messages", default="the licensor's tracking pixel"),
    ),
    summary="the licensor's tracking pixel (page-view counter) is loaded by the page's markup",
)
