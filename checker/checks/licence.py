"""``licence``: the Creative Commons licence is named and linked in the article ("... republished under a Creative
Commons license", the words linked to creativecommons.org/licenses/by-nd/4.0/).

Passes when a visible link in the article goes to a Creative Commons licence deed or legal code whose licence is
one of ``licences`` (``by``, ``by-nd``, ``by-nc-nd``... ; any when empty), and the link's block names a Creative
Commons licence ("Creative Commons", "CC BY-ND 4.0") or the link's own text does. This is the "L" of CC's TASL
attribution (Title, Author, Source, Licence); the author is the ``byline`` check, the source the ``link`` check.

Params:

- ``licences`` (string-list): licence codes accepted, lower case without version (``["by-nd"]``); a link to
  another licence (a BY-SA deed on a BY-ND story) fails, naming it;
- ``require_link`` (bool, default true): false accepts the licence named in words alone;
- ``label``: what the notice is, for messages.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..folding import snippet
from ..pack import Rule
from ..page import Block, Page
from ..report import Evidence, Status, Verdict
from . import CheckSpec, Context
from .link import describe_link

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
    accepted = [code.strip().lower() for code in rule.params.get("licences", []) if code.strip()]
    require_link = bool(rule.params.get("require_link", True))
    label = rule.params.get("label", "the Creative Commons licence notice")
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
    params={"licences": "string-list", "require_link": "bool", "label": "string"},
    summary="a Creative Commons licence is named and linked in the article (the L of TASL attribution)",
)
