"""``credit``: a visible sentence credits the licensor ("This story was originally published by ProPublica",
"This article is republished from The Conversation under a Creative Commons license").

Passes when a visible block of the article matches one of ``patterns`` (regular expressions, re.I, on folded
text: case, diacritics, dashes and spaces do not matter) or ``phrases`` (plain text), at the required
``position``, with the required link in the same block.

Params:

- ``patterns`` (regex-list) and/or ``phrases`` (string-list): the credit sentence;
- ``position``: "anywhere" (default), "top" (before the story's body or within its first ``within`` blocks,
  counted from :attr:`Page.body_start`) or "end" (within its last ``within`` blocks, counted back from
  :attr:`Page.body_end`, or after it);
- ``within`` (int, default 3);
- ``link_to``: "none" (default), "original", "licensor" or "original-or-licensor": the credit's own block must
  hold a visible link to the original article (``--original``) or to the licensor's ``domains`` (see
  :mod:`checker.checks.link`; ``any_link_if_unknown`` as there). When the link cannot be judged on this run (no
  original article URL, no domain), a credit otherwise in place is ``skip``, with how to enable the check;
- ``label``: what the credit is, for messages.

A failure says what was found instead: the credit at the wrong place, without the link, hidden, or only in site
chrome (footer, sidebar) or elsewhere outside the article.
"""

from __future__ import annotations

import re

from ..folding import alias_pattern, fold, snippet
from ..pack import Rule
from ..page import Block, Page
from ..report import Evidence, Status, Verdict
from . import CheckSpec, Context
from .link import MODES, bad_choice, describe_link, targets

POSITIONS = ("anywhere", "top", "end")
LINK_TO = ("none", *MODES)


def _where_text(position: str, within: int) -> str:
    if position == "top":
        return f"at the top of the article (before the story or within its first {within} paragraphs)"
    if position == "end":
        return f"at the end of the article (within its last {within} paragraphs, or after the story)"
    return "in the article"


def _in_place(page: Page, block: Block, position: str, within: int) -> bool:
    if position == "top":
        return block.index < page.body_start + within
    if position == "end":
        return block.index > page.body_end - within
    return True


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    params = rule.params
    phrases = params.get("phrases", [])
    patterns = [re.compile(p, re.IGNORECASE) for p in params.get("patterns", [])]
    if phrases:
        patterns.append(alias_pattern(phrases))
    label = params.get("label", "the credit line")
    shown = "; ".join([*(f'"{p}"' for p in phrases), *(f"/{p}/" for p in params.get("patterns", []))])
    if not patterns:
        return Verdict(
            Status.ERROR,
            f'rule "{rule.id}" sets neither phrases nor patterns',
            Evidence(looked_for="params phrases or patterns"),
        )
    position = params.get("position", "anywhere")  # choices are checked when the pack loads
    link_to = params.get("link_to", "none")
    within = params.get("within", 3)
    if within < 1:
        return bad_choice(rule, "within", within, ("an integer of 1 or more",))
    place = _where_text(position, within)
    want = targets(rule, context, link_to) if link_to != "none" else None
    looked_for = f"{label} ({shown}) {place}"
    if want is not None:
        looked_for += f", linked to {want.describe()}"

    found: list[tuple[Block, int, int]] = []
    for pattern in patterns:
        for block, start, end in page.search_blocks(pattern):
            if all(b is not block for b, _, _ in found):
                found.append((block, start, end))
    found.sort(key=lambda f: f[0].index)
    placed = [f for f in found if _in_place(page, f[0], position, within)]

    if placed:
        block, start, end = placed[0]
        if want is None:
            return Verdict(
                Status.PASS,
                f"{label} is shown {place}",
                Evidence(where=block.where, snippet=snippet(block.text, start, end)),
            )
        if not want.known:
            return Verdict(
                Status.SKIP,
                f"{label} is shown {place}, but " + want.skip_message("whether it links to the original article"),
                Evidence(where=block.where, snippet=snippet(block.text, start, end), looked_for=looked_for),
            )
        for block, start, end in placed:
            for link in page.links:
                if link.block is block and (why := want.why(link.href, page.url)):
                    return Verdict(
                        Status.PASS,
                        f"{label} is shown {place}, linked to {why}",
                        Evidence(
                            where=block.where, snippet=snippet(block.text, start, end), also=(describe_link(link),)
                        ),
                    )
        block = placed[0][0]
        links = [describe_link(link) for link in page.links if any(link.block is b for b, _, _ in placed)]
        message = f"{label} is shown ({block.where}) but does not link to {want.describe()}" + (
            f"; its links go elsewhere: {links[0]}" if links else "; it has no link"
        )
        return Verdict(
            Status.FAIL,
            message,
            Evidence(
                looked_for=looked_for,
                also=tuple([f'{b.where}: "{snippet(b.text, s, e)}"' for b, s, e in placed[:3]] + links[:5]),
            ),
        )

    if found:
        block, start, end = found[0]
        total = len(page.blocks)
        message = (
            f"{label} is shown, but not {place}: it is line {block.index + 1} of the article's {total} "
            f"(the story runs from line {page.body_start + 1} to {page.body_end + 1})"
        )
        return Verdict(
            Status.FAIL,
            message,
            Evidence(
                looked_for=looked_for, also=tuple(f'{b.where}: "{snippet(b.text, s, e)}"' for b, s, e in found[:5])
            ),
        )

    also: list[str] = []
    for item, text in page.hidden_blocks():
        folded = fold(text)
        match = next((m for p in patterns if (m := p.search(folded))), None)
        if match:
            also.append(f'hidden ({item.reason}) at {item.where}: "{snippet(text, match.start(), match.end())}"')
    for block in page.outside_blocks():
        match = next((m for p in patterns if (m := p.search(block.folded))), None)
        if match:
            also.append(
                f'{page.locate(block.element)} at {block.where}: "{snippet(block.text, match.start(), match.end())}"'
            )
        if len(also) >= 5:
            break
    if also:
        first = also[0].split(" at ", 1)[0]
        if first.startswith("hidden"):
            message = f"{label} is not shown to readers: it is in the article but {first}"
        else:
            message = f"{label} is not shown in the article; it is only {first}"
    else:
        message = f"{label} is not shown in the article"
    return Verdict(Status.FAIL, message, Evidence(looked_for=looked_for, also=tuple(also[:5])))


SPEC = CheckSpec(
    name="credit",
    run=run,
    params={
        "patterns": "regex-list",
        "phrases": "string-list",
        "position": "choice:" + "|".join(POSITIONS),
        "within": "int",
        "link_to": "choice:" + "|".join(LINK_TO),
        "domains": "string-list",
        "any_link_if_unknown": "bool",
        "label": "string",
    },
    summary="a visible credit line names the licensor (at the top or end if asked, with a link back if asked)",
)
