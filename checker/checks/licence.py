"""``licence``: the Creative Commons licence is named and linked in the article ("... republished under a Creative
Commons license", the words linked to creativecommons.org/licenses/by-nd/4.0/).

Passes when a visible link in the article goes to a Creative Commons licence deed or legal code whose licence is
one of ``licences`` (``by``, ``by-nd``, ``by-nc-nd``... ; any when empty), and the link's block names a Creative
Commons licence ("Creative Commons", "CC BY-ND 4.0") or the link's own text does. This is the "L" of CC's TASL
attribution (Title, Author, Source, Licence); the author is the ``byline`` check, the source the ``link`` check.

Fails saying what was found instead: a link to another licence than ``licences`` (a BY-SA deed on a BY-ND story),
the licence named but not linked (unless ``require_link`` is false), or the notice only outside the article (in
the site's footer).

Example::

    [[rules]]
    id = "licence"
    check = "licence"
    title = "CC BY-ND licence named and linked"
    description = "The article names the CC BY-ND licence and links to its deed."

    [rules.params]
    licences = ["by-nd"]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..folding import snippet
from ..report import Evidence, Status, Verdict
from .common import describe_link
from .spec import CheckSpec, Context, Param, ParamType

if TYPE_CHECKING:
    from ..pack import Rule
    from ..page import Block, Page

_NAMED = re.compile(r"\bcreative commons\b|\bcc[ -](?:by|zero|0)\b", re.IGNORECASE)
_CC_PATH = re.compile(r"^/licenses/([a-z-]+)(?:/(\d\.\d))?", re.IGNORECASE)


def licence_of(url: str) -> tuple[str, str | None] | None:
    """``("by-nd", "4.0")`` for a link to a Creative Commons licence (deed or legal code), else None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if host != "creativecommons.org" and not host.endswith(".creativecommons.org"):
        return None
    match = _CC_PATH.match(parts.path or "")
    return (match.group(1).lower(), match.group(2)) if match else None


def _named(block: Block) -> re.Match[str] | None:
    return _NAMED.search(block.folded)


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    settings = SPEC.settings(rule)
    accepted = [code.strip().lower() for code in settings["licences"] if code.strip()]
    require_link = settings["require_link"]
    label = settings["label"]
    which = " or ".join(f"CC {code.upper()}" for code in accepted) or "a Creative Commons licence"
    looked_for = f"{label}: {which} named in the article" + (
        ", linked to its deed on creativecommons.org" if require_link else ""
    )
    wrong: list[str] = []
    for link in page.links:
        found = licence_of(link.href)
        if found is None:
            continue
        code, version = found
        name = f"CC {code.upper()}" + (f" {version}" if version else "")
        if accepted and code not in accepted:
            wrong.append(f"{name}: {describe_link(link)}")
            continue
        # The link to the licence's deed names it, whatever its words ("license", "CC BY-ND 4.0").
        match = _named(link.block)
        start, end = (match.start(), match.end()) if match else (0, 0)
        return Verdict(
            Status.PASS,
            f"{label}: {name}, linked to its deed",
            Evidence(where=link.block.where, snippet=snippet(link.block.text, start, end), also=(describe_link(link),)),
        )
    if wrong:
        return Verdict(
            Status.FAIL,
            f"{label} links to another licence than {which}: {wrong[0].split(':', 1)[0]}",
            Evidence(looked_for=looked_for, also=tuple(wrong[:5])),
        )
    named = [(block, m) for block in page.blocks if block.in_region and (m := _named(block))]
    if named:
        block, match = named[0]
        if not require_link:
            return Verdict(
                Status.PASS,
                f"{label} names the licence",
                Evidence(where=block.where, snippet=snippet(block.text, match.start(), match.end())),
            )
        return Verdict(
            Status.FAIL,
            f"{label} names a Creative Commons licence but does not link to it",
            Evidence(
                looked_for=looked_for,
                also=tuple(f'{b.where}: "{snippet(b.text, m.start(), m.end())}"' for b, m in named[:3]),
            ),
        )
    outside = [block for block in page.outside_blocks() if _named(block)]
    if outside:
        return Verdict(
            Status.FAIL,
            f"{label} is not in the article; it is only {page.locate(outside[0].element)}",
            Evidence(looked_for=looked_for, also=tuple(f"{b.where}: {snippet(b.text)}" for b in outside[:3])),
        )
    return Verdict(Status.FAIL, f"{label} is not shown in the article", Evidence(looked_for=looked_for))


SPEC = CheckSpec(
    name="licence",
    run=run,
    params=(
        Param(
            "licences",
            ParamType.STRING_LIST,
            'licence codes accepted, lower case without version ("by-nd"); any Creative Commons licence when empty',
            default=[],
        ),
        Param("require_link", ParamType.BOOL, "the licence must be linked to its deed, not only named", default=True),
        Param(
            "label",
            ParamType.STRING,
            "what the notice is, for messages",
            default="the Creative Commons licence notice",
        ),
    ),
    summary="a Creative Commons licence is named and linked in the article (the L of TASL attribution)",
)
