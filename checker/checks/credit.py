"""``credit``: a visible sentence credits the licensor ("This story was originally published by ProPublica",
"This article is republished from The Conversation under a Creative Commons license").

Passes when a visible block of the article matches one of ``patterns`` (regular expressions in RE2 syntax,
case-insensitive, on folded text: case, diacritics, dashes and spaces do not matter) or ``phrases`` (plain text),
at the required ``position``, with the required link in the same block.

At the top means before the story's body or within its first ``within`` blocks (counted from
:attr:`Page.body_start`); at the end, within its last ``within`` blocks (counted back from :attr:`Page.body_end`)
or after it. With ``link_to``, the credit's own block must hold a visible link to the original article
(``--original``) or to the licensor's ``domains``, judged as the ``link`` check judges them; when the link cannot be
judged on this run (no original article URL, no domain), a credit otherwise in place is ``skip``, with how to
enable the check.

A failure says what was found instead: the credit at the wrong place, without the link, hidden, or only in site
chrome (footer, sidebar) or elsewhere outside the article.

Example::

    [[rules]]
    id = "credit"
    check = "credit"
    title = "Credit line to ProPublica at the top"
    description = "A credit line near the top of the story, linked to ProPublica."

    [rules.params]
    label = "the credit line to ProPublica"
    patterns = ['\\boriginally published by propublica\\b']
    position = "top"
    within = 3
    link_to = "original-or-licensor"
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..folding import alias_pattern, fold, snippet
from ..report import Evidence, Status, Verdict
from ..user_regex import TextPattern, compile_user_regex
from .common import ANY_LINK_IF_UNKNOWN, MODES, Targets, describe_link, domains_param, targets
from .spec import CheckSpec, Context, Param, ParamType

if TYPE_CHECKING:
    from ..pack import Rule
    from ..page import Block, Page

POSITIONS = ("anywhere", "top", "end")
LINK_TO = ("none", *MODES)

Found = tuple["Block", int, int]  # a block holding the credit, and where in it


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
    settings = SPEC.settings(rule)
    patterns = _patterns(settings)
    label = settings["label"]
    position, within = settings["position"], settings["within"]
    place = _where_text(position, within)
    want = targets(rule, context, settings["link_to"]) if settings["link_to"] != "none" else None
    shown = "; ".join([*(f'"{p}"' for p in settings["phrases"]), *(f"/{p}/" for p in settings["patterns"])])
    looked_for = f"{label} ({shown}) {place}"
    if want is not None:
        looked_for += f", linked to {want.describe()}"

    found = _search(page, patterns)
    placed = [f for f in found if _in_place(page, f[0], position, within)]
    if placed:
        return _placed(page, placed, want, label, place, looked_for)
    if found:
        return _misplaced(page, found, f"{label} is shown, but not {place}", looked_for)
    return _missing(page, patterns, label, looked_for)


def _patterns(settings: dict[str, Any]) -> list[TextPattern]:
    """The credit sentence as patterns: the rule's ``patterns``, then its ``phrases`` as one pattern."""
    patterns: list[TextPattern] = [compile_user_regex(p, ignore_case=True) for p in settings["patterns"]]
    if settings["phrases"]:
        patterns.append(alias_pattern(settings["phrases"]))
    return patterns


def _search(page: Page, patterns: list[TextPattern]) -> list[Found]:
    """Every block of the article that shows the credit (the first match in each), in the article's order."""
    found: list[Found] = []
    for pattern in patterns:
        for block, start, end in page.search_blocks(pattern):
            if all(b is not block for b, _, _ in found):
                found.append((block, start, end))
    found.sort(key=lambda f: f[0].index)
    return found


def _placed(page: Page, placed: list[Found], want: Targets | None, label: str, place: str, looked_for: str) -> Verdict:
    """The credit is where it must be: a pass, unless its block must link somewhere and does not."""
    shown = f"{label} is shown {place}"
    block, start, end = placed[0]
    if want is None:
        return Verdict(Status.PASS, shown, Evidence(where=block.where, snippet=snippet(block.text, start, end)))
    if not want.known:
        return Verdict(
            Status.SKIP,
            f"{shown}, but " + want.skip_message("whether it links to the original article"),
            Evidence(where=block.where, snippet=snippet(block.text, start, end), looked_for=looked_for),
        )
    for block, start, end in placed:
        for link in page.links:
            if link.block is block and (why := want.why(link.href, page.url)):
                return Verdict(
                    Status.PASS,
                    f"{shown}, linked to {why}",
                    Evidence(where=block.where, snippet=snippet(block.text, start, end), also=(describe_link(link),)),
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


def _misplaced(page: Page, found: list[Found], shown: str, looked_for: str) -> Verdict:
    """The credit is in the article, but not at the ``position`` asked for: say which line it is."""
    block = found[0][0]
    message = (
        f"{shown}: it is line {block.index + 1} of the article's {len(page.blocks)} "
        f"(the story runs from line {page.body_start + 1} to {page.body_end + 1})"
    )
    return Verdict(
        Status.FAIL,
        message,
        Evidence(looked_for=looked_for, also=tuple(f'{b.where}: "{snippet(b.text, s, e)}"' for b, s, e in found[:5])),
    )


def _missing(page: Page, patterns: list[TextPattern], label: str, looked_for: str) -> Verdict:
    """The article shows no credit: say whether it is hidden, or only outside the article."""
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
    params=(
        Param("patterns", ParamType.REGEX_LIST, "the credit sentence, as regular expressions", default=[]),
        Param("phrases", ParamType.STRING_LIST, "the credit sentence, as plain text", default=[]),
        Param(
            "position",
            ParamType.CHOICE,
            "where the credit must be: anywhere in the article, at its top or at its end",
            default="anywhere",
            choices=POSITIONS,
        ),
        Param(
            "within",
            ParamType.INT,
            "for position top or end: paragraphs of the story counted from its start or back from its end",
            default=3,
            minimum=1,
        ),
        Param(
            "link_to",
            ParamType.CHOICE,
            "the link the credit's own block must hold",
            default="none",
            choices=LINK_TO,
        ),
        domains_param("for link_to: the licensor's domains (default: the pack's homepage's, else the original's)"),
        ANY_LINK_IF_UNKNOWN,
        Param("label", ParamType.STRING, "what the credit is, for messages", default="the credit line"),
    ),
    summary="a visible credit line names the licensor (at the top or end if asked, with a link back if asked)",
    one_of=("phrases", "patterns"),
)
