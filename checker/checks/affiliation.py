"""``affiliation``: the licensor is named, attached to the reporter's byline.

Passes when one of ``names`` (default: the pack's name and aliases — for DCNF "Daily Caller News Foundation" and
"DCNF") is shown with the byline: on the same byline line ("Max Keating, DCNF", "Name | Title | Daily Caller News
Foundation", "By Will Kessler Daily Caller News Foundation"), on a short line stacked directly under or over it
("By Nick Pope" / "Daily Caller News Foundation"), or in a sentence naming the reporter ("... is a reporter for the
Daily Caller News Foundation"). The logo's alt text, metadata and a licensing notice that does not name the
reporter do not attach the affiliation; neither does a look-alike organisation (``not_aliases``: "The Daily Caller").

Params: ``names`` (default: the pack's name and aliases), ``max_gap`` (characters allowed between the name and the
organisation on one line, default 90), ``stack`` (short lines under the byline to look at, default 3).
"""

from __future__ import annotations

import re

from ..bylines import NameHit, name_hits, opens_with_by
from ..folding import alias_pattern, fold, snippet
from ..pack import Rule
from ..page import Block, Page
from ..report import Evidence, Status, Verdict
from . import CheckSpec, Context

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
        match = org.search(nxt.folded)
        if match:
            return nxt, match.start(), match.end()
    if block.index > 0:
        prev = page.blocks[block.index - 1]
        match = org.search(prev.folded)
        if match and prev.words <= 6:
            return prev, match.start(), match.end()
    return None


def _names(block: Block, hit: NameHit) -> bool:
    """Whether ``block`` names the person found at ``hit``."""
    return hit.block.folded[hit.start : hit.end] in block.folded


def display_names(names: list[str]) -> list[str]:
    """The names worth printing: "The Daily Caller News Foundation" adds nothing to "Daily Caller News Foundation"."""
    folded = [fold(n) for n in names]
    return [n for n, f in zip(names, folded) if not any(o != f and o in f for o in folded)]


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    names = rule.params.get("names") or list(context.pack.names)
    org = alias_pattern(names)
    max_gap = int(rule.params.get("max_gap", 90))
    stack = int(rule.params.get("stack", 3))
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
    every = name_hits(page, name, exact=reporter.source in ("detected", "metadata"))
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
                    message += f'; it names "{block.text[match.start() : match.end()]}" instead, which is not {context.pack.name}'
                    break
    if elsewhere:
        message += f"; {shown} appears elsewhere in the article but not with the byline"
    elif any(org.search(label.lower()) for image in page.images for label in image.labels):
        message += "; only the logo's alt text names it"
    return message, Evidence(looked_for=looked_for, also=tuple(also))


SPEC = CheckSpec(
    name="affiliation",
    run=run,
    params={"names": "string-list", "max_gap": "int", "stack": "int"},
    summary="the licensor is named with the reporter's byline (same line, stacked line, or 'is a reporter for')",
)
