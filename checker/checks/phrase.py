"""``text``: a phrase is shown in the article (e.g. the licensor's licensing notice). The module is called
``phrase`` so that its name says what it looks for; packs name the check ``text``.

Passes when any of ``phrases`` (plain text, matched on folded text: case, diacritics, dashes and spaces do not
matter) or ``patterns`` (regular expressions on folded text) is found in the visible text of the article region.

Fails when none is found in the article's visible text.

Example::

    [[rules]]
    id = "notice"
    check = "text"
    title = "DCNF licensing notice"
    description = "The Daily Caller News Foundation's licensing notice is shown with the article."

    [rules.params]
    label = "the DCNF licensing notice"
    patterns = ["content created by (?:the )?daily caller news foundation"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..folding import alias_pattern, snippet
from ..report import Evidence, Status, Verdict
from ..user_regex import TextPattern, compile_user_regex
from .spec import CheckSpec, Context, Param, ParamType

if TYPE_CHECKING:
    from ..pack import Rule
    from ..page import Page


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    settings = SPEC.settings(rule)
    phrases = settings["phrases"]
    patterns: list[TextPattern] = [compile_user_regex(p, ignore_case=True) for p in settings["patterns"]]
    if phrases:
        patterns.append(alias_pattern(phrases))
    label = settings["label"]
    for pattern in patterns:
        for block, start, end in page.search_blocks(pattern):
            return Verdict(
                Status.PASS,
                f"{label} is shown in the article",
                Evidence(where=block.where, snippet=snippet(block.text, start, end)),
            )
    looked_for = "; ".join([*(f'"{p}"' for p in phrases), *(f"/{p}/" for p in settings["patterns"])])
    return Verdict(Status.FAIL, f"{label} is not shown in the article", Evidence(looked_for=looked_for))


SPEC = CheckSpec(
    name="text",
    run=run,
    params=(
        Param("phrases", ParamType.STRING_LIST, "the phrase, as plain text (any of them)", default=[]),
        Param("patterns", ParamType.REGEX_LIST, "the phrase, as regular expressions (any of them)", default=[]),
        Param("label", ParamType.STRING, "what the phrase is, for messages", default="the required text"),
    ),
    summary="a phrase (such as a licensing notice) is shown in the article",
    one_of=("phrases", "patterns"),
)
