"""The Ledger's republication of a story of The Conversation, and one check run on it: what the tests of the credit,
link, canonical and pixel checks share.

Checks run on small inline pages (Page.parse on strings) with rules built by the pack loader, so that params are
validated as a pack's would be.
"""

from __future__ import annotations

from typing import Any

from pages import article_page

from checker.checks import CHECKS, Context, Reporter
from checker.pack import Pack, Rule, parse_pack
from checker.page import Page
from checker.report import Status, Verdict

ORIGINAL = "https://theconversation.com/lake-effect-snow-is-getting-heavier-241587"
COUNTER = "https://counter.theconversation.com/content/241587/count.gif?distributor=republish-lightbox-basic"
PAGE_URL = "https://ledger.example/2025/01/14/lake-effect-snow/"
STORY = [
    f"Paragraph {n} of the story tells readers about lake-effect snow, the open water of the Great Lakes in "
    "midwinter, the cold air that slides over it from Canada and the towns that end up buried under the bands."
    for n in range(1, 9)
]
CREDIT = (
    '<p><em>This article is republished from <a href="https://theconversation.com">The Conversation</a> under a '
    f'Creative Commons license. Read the <a href="{ORIGINAL}">original article</a>.</em></p>'
)
CREDIT_PLAIN = "<p><em>This article is republished from The Conversation under a Creative Commons license.</em></p>"
PIXEL = f'<img src="{COUNTER.replace("&", "&amp;")}" alt="The Conversation" width="1" height="1">'
PATTERNS = [r"\brepublished from the conversation\b"]

COUNTER_RE = [r"counter\.theconversation\.com/content/\d+/count\.gif"]


LEDGER = {  # the Ledger's page: a nav link to the licensor's site in its header, no site logo, no widgets
    "headline": "Lake-effect snow is getting heavier",
    "title": "Snow – Ledger",
    "byline": '<span class="byline">by Renata Solberg</span>',
    "paragraphs": STORY,
    "masthead": '<nav class="main-navigation"><ul>\n  <li><a href="/news/">News</a></li>'
    '<li><a href="https://theconversation.com/us">Partner</a></li></ul></nav>',
    "widgets": "",
    "colophon": "<p>About the Ledger.</p>",
}


def html(*, top: str = "", end: str = "", head: str = "", sidebar: str = "", footer: str = "", tail: str = "") -> str:
    """The Ledger's republication of a Conversation story, with the slots of :func:`pages.article_page`."""
    sidebar = f'<section class="widget">{sidebar}</section>'
    return article_page(top=top, end=end, head=head, sidebar=sidebar, footer=footer, tail=tail, **LEDGER)


def pack(*rules: dict[str, Any], homepage: str | None = "https://theconversation.com") -> Pack:
    head = {"id": "tc", "name": "The Conversation", "aliases": ["The Conversation"], "terms": "Credit us."}
    if homepage is not None:
        head["homepage"] = homepage
    raw = [{"title": r["id"], "description": r["id"], **r} for r in rules]
    return parse_pack({"pack": head, "rules": raw})


def check(
    page_html: str,
    check_name: str,
    params: dict[str, Any] | None = None,
    *,
    original: str | None = None,
    url: str | None = PAGE_URL,
    homepage: str | None = "https://theconversation.com",
) -> Verdict:
    the_pack = pack({"id": "rule", "check": check_name, "params": params or {}}, homepage=homepage)
    rule: Rule = the_pack.rules[0]
    page = Page.parse(page_html, url)
    verdict = CHECKS[check_name].run(page, rule, Context(the_pack, Reporter(None, "none"), original))
    assert_evidence(verdict)
    return verdict


def assert_evidence(verdict: Verdict) -> None:
    """The evidence contract: a pass says where and what; anything else says what was looked for."""
    assert verdict.message and verdict.evidence is not None
    if verdict.status is Status.PASS:
        assert verdict.evidence.where and verdict.evidence.snippet
    else:
        assert verdict.evidence.looked_for
