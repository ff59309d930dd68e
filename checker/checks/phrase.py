"""``text``: a phrase is shown in the article (e.g. the licensor's licensing notice). The module is called
``phrase`` so that its name says what it looks for; packs name the check ``text``.

Passes when any of ``phrases`` (plain text, matched on folded text: case, diacritics, dashes and spaces do not
matter) or ``patterns`` (regular expressions on folded text) is found in the visible text of the article region.

Params: ``phrases``, ``patterns`` (at least one of them), ``label`` (what the phrase is, for messages).
"""

from __future__ import annotations

import re

from ..folding import alias_pattern, snippet
from ..pack import Rule
from ..page import Page
from ..report import Evidence, Status, Verdict
from . import CheckSpec, Context


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    phrases = rule.params.get("phrases", [])
    patterns = [re.compile(p, re.I) for p in rule.params.get("patterns", [])]
    if phrases:
        patterns.append(alias_pattern(phrases))
    label = rule.params.get("label", "the required text")
    if not patterns:
        return Verdict(Status.ERROR, f'rule "{rule.id}" sets neither phrases nor patterns')
    for pattern in patterns:
        for block, start, end in page.search_blocks(pattern):
            return Verdict(
                Status.PASS,
                f"{label} is shown in the article",
                Evidence(where=block.where, snippet=snippet(block.text, start, end)),
            )
    looked_for = "; ".join([*(f'"{p}"' for p in phrases), *(f"/{p}/" for p in rule.params.get("patterns", []))])
    return Verdict(Status.FAIL, f"{label} is not shown in the article", Evidence(looked_for=looked_for))


SPEC = CheckSpec(
    name="text",
    run=run,
    params={"phrases": "string-list", "patterns": "regex-list", "label": "string"},
    summary="a phrase (such as a licensing notice) is shown in the article",
)
