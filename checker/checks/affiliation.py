"""``affiliation``: the licensor is named, attached to the reporter's byline.

Passes when one of ``names`` (default: the pack's name and aliases — for DCNF "Daily Caller News Foundation" and
"DCNF") is shown with the byline: on the same byline line ("Max Keating, DCNF", "Name | Title | Daily Caller News
Foundation", "By Will Kessler Daily Caller News Foundation"), on a short line stacked directly under or over it
("By Nick Pope" / "Daily Caller News Foundation"), or in a sentence naming the reporter ("... is a reporter for the
Daily Caller News Foundation"). The logo's alt text, metadata and a licensing notice that does not name the
reporter do not attach the affiliation; neither does a look-alike organisation (``not_aliases``: "The Daily Caller").

Fails when no byline of the reporter is found, or when it is not attached to the licensor's name, saying where
the name appears instead (elsewhere in the article, only in the logo's alt text, a look-alike organisation).

Example::

    [[rules]]
    id = "affiliation"
    check = "affiliation"
    title = "DCNF affiliation with the byline"
    description = "The reporter's byline names the Daily Caller News Foundation."

    [rules.params]
    names = ["Daily Caller News Foundation", "DCNF"]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..bylines import NameHit, name_hits
from ..folding import alias_pattern, fold, snippet
from ..report import Evidence, Status, Verdict
from ..reporter import attached
from .common import LICENSOR_NAMES
from .spec import CheckSpec, Context, Param, ParamType

if TYPE_CHECKING:
    from ..pack import Rule
    from ..page import Page


def display_names(names: list[str]) -> list[str]:
    """The names worth printing: "The Daily Caller News Foundation" adds nothing to "Daily Caller News Foundation"."""
    folded = [fold(n) for n in names]
    return [n for n, f in zip(names, folded, strict=True) if not any(o != f and o in f for o in folded)]


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    settings = SPEC.settings(rule)
    names = settings["names"] or list(context.pack.names)
    org = alias_pattern(names)
    max_gap, stack = settings["max_gap"], settings["stack"]
    reporter = context.reporter
    shown = " or ".join(f'"{n}"' for n in display_names(names))
    if reporter.name is None:
        if reporter.error:
            return Verdict(Status.ERROR, reporter.error)
        return Verdict(
            Status.FAIL,
            f"no reporter byline found, so {shown} is not attached to one",
            Evidence(looked_for=f"{shown} on or under the reporter's byline"),
        )
    name = reporter.name
    every = name_hits(page, name, exact=reporter.found_on_page)
    hits = [h for h in every if h.is_byline]
    for hit in every:
        found = attached(page, hit, org, max_gap, stack)
        if found:
            block, start, end = found
            how = "on the byline line" if block is hit.block else "on a line stacked with the byline"
            if not hit.is_byline:
                how = "in a sentence naming the reporter"
            matched = block.folded[start:end]
            shown_name = next((n for n in names if fold(n) == matched), matched)
            return Verdict(
                Status.PASS,
                f'"{shown_name}" attached to "{name}" ({how})',
                Evidence(where=block.where, snippet=snippet(block.text, min(start, hit.start), max(end, hit.end))),
            )
    return Verdict(Status.FAIL, *_why_missing(page, name, hits, org, names, shown, context))


def _why_missing(
    page: Page, name: str, hits: list[NameHit], org: re.Pattern[str], names: list[str], shown: str, context: Context
) -> tuple[str, Evidence]:
    looked_for = (
        f'{shown} on the byline of "{name}", on a short line stacked with it, or in a sentence naming the reporter'
    )
    elsewhere = list(dict.fromkeys(block for block, _, _ in page.search_blocks(org))) if page.names_any(names) else []
    also = [f"{snippet(b.text, width=100)} at {b.where}" for b in elsewhere[:3]]
    if not hits:
        message = f'no byline of "{name}" for {shown} to attach to'
    else:
        message = f'the byline of "{name}" is not attached to {shown}'
        lookalikes = alias_pattern(context.pack.not_aliases) if context.pack.not_aliases else None
        if lookalikes is not None:
            near = page.blocks[hits[0].block.index : hits[0].block.index + 3]
            for block in near:
                match = lookalikes.search(block.folded)
                if match and not org.search(block.folded):
                    named = block.text[match.start() : match.end()]
                    message += f'; it names "{named}" instead, which is not {context.pack.name}'
                    break
    if elsewhere:
        message += f"; {shown} appears elsewhere in the article but not with the byline"
    elif any(org.search(label.lower()) for image in page.images for label in image.labels):
        message += "; only the logo's alt text names it"
    return message, Evidence(looked_for=looked_for, also=tuple(also))


SPEC = CheckSpec(
    name="affiliation",
    run=run,
    params=(
        LICENSOR_NAMES,
        Param(
            "max_gap",
            ParamType.INT,
            "characters allowed between the reporter's name and the licensor's on one line",
            default=90,
            minimum=0,
        ),
        Param("stack", ParamType.INT, "short lines under the byline looked at", default=3, minimum=0),
    ),
    summary="the licensor is named with the reporter's byline (same line, stacked line, or 'is a reporter for')",
)
