"""The ``affiliation`` check: the licensor's name attached to the reporter's byline, or not."""

from __future__ import annotations

from dcnf import BYLINE, LOGO, NOTICE, Case, cases, check_rule
from ledger import PAGE_URL
from pages import PARAS

from checker.engine import Checker
from checker.report import Status

AFFILIATION_CASES = [
    Case("stacked-line", {"byline": BYLINE}, "pass", "on a line stacked with the byline"),
    Case(
        "comma-dcnf",
        {"byline": "<p>Nick Pope, DCNF</p>"},
        "pass",
        '"DCNF" attached to "Nick Pope" (on the byline line)',
    ),
    Case(
        "pipes-with-title",
        {"byline": "<p>Nick Pope | Energy Reporter | Daily Caller News Foundation</p>"},
        "pass",
        "on the byline line",
    ),
    Case(
        "run-into-first-sentence",
        {"byline": "", "logo": LOGO + f"<p>By Will Kessler Daily Caller News Foundation {PARAS[0]}</p>"},
        "pass",
        "on the byline line",
        reporter="Will Kessler",
    ),
    Case(
        "end-bio",
        {"byline": "", "end": "<p>Nick Pope is a reporter for the Daily Caller News Foundation.</p>"},
        "pass",
        '"The Daily Caller News Foundation" attached to "Nick Pope" (on the byline line)',
    ),
    Case(
        "licensing-notice-only",
        {"byline": "<p>By Nick Pope</p>", "end": NOTICE},
        "fail",
        "appears elsewhere in the article but not with the byline",
    ),
    Case(
        "the-daily-caller",
        {"byline": "<p>By Nick Pope, The Daily Caller</p>", "end": NOTICE},
        "fail",
        'it names "The Daily Caller" instead',
    ),
    Case("logo-alt-only", {"byline": "<p>By Nick Pope</p>"}, "fail", "only the logo's alt text names it"),
    Case(
        "quote-sentence-only",
        {
            "byline": "<p>By Nick Pope</p>",
            "body": "<p>&#8220;We will fight this rule in court,&#8221; Karen Ellis, the association&#8217;s "
            "president, told the Daily Caller News Foundation. The group represents more than 200 manufacturers.</p>",
        },
        "fail",
        "not with the byline",
    ),
    Case(
        "sr-only-span",
        {"byline": '<p>By Nick Pope<span class="sr-only">, Daily Caller News Foundation</span></p>'},
        "fail",
        "is not attached",
    ),
    Case("no-byline", {"byline": "", "end": NOTICE}, "fail", 'no byline of "Nick Pope"'),
    Case(
        "stacked-line-is-another-byline",
        {
            "byline": '<div class="entry-meta"><span class="byline">By <a href="/author/tom-baker/">Tom Baker</a>'
            "</span></div>",
            "logo": LOGO + "<p>By Jane Doe, Daily Caller News Foundation</p>",
        },
        "fail",
        "is not attached",
        reporter="Tom Baker",
    ),
    Case(
        "bio-with-age",
        {"byline": "", "end": "<p>Nick Pope (41) is a reporter for the Daily Caller News Foundation.</p>"},
        "pass",
        'Daily Caller News Foundation" attached to "Nick Pope"',
    ),
    Case(
        "title-for-the-organisation",
        {"byline": "<p>By Nick Pope (reporter for the Daily Caller News Foundation)</p>"},
        "pass",
        "on the byline line",
    ),
    Case(
        "german-title-of-the-organisation",
        {"byline": "<p>Redaktion: Nick Pope, Korrespondent der Daily Caller News Foundation</p>"},
        "pass",
        "on the byline line",
    ),
    Case(
        "german-bio",
        {"byline": "", "end": "<p>Nick Pope ist Korrespondent der Daily Caller News Foundation in Washington.</p>"},
        "pass",
        '"Daily Caller News Foundation" attached to "Nick Pope"',
    ),
    Case(
        "non-ascii-line-names-the-organisation",
        {"byline": "<p>Nick Pope — Daily Caller News Foundation</p>"},
        "pass",
        '"Daily Caller News Foundation" attached to "Nick Pope"',
    ),
]


@cases(AFFILIATION_CASES)
def test_affiliation(case: Case) -> None:
    check_rule(case, "affiliation")


def test_a_credit_line_under_the_byline_is_not_the_reporters_affiliation() -> None:
    """ "By Marisa Okafor" then "This story was originally published by CalMatters. Sign up for their newsletters."
    — the outlet is named, but as the story's credit, not with the reporter."""
    from checker.pack import load_pack

    page = (
        "<html><head><title>Water board votes</title></head><body><article><h1>Water board votes</h1>"
        '<p class="byline">By Marisa Okafor</p>'
        "<p>This story was originally published by CalMatters. Sign up for their newsletters.</p>"
        "<p>The state water board voted on Tuesday to tighten the rules for groundwater pumping in three "
        "valleys, after a year of hearings in which farmers and cities argued over the limits.</p>"
        "<p>The new limits take effect next spring, board members said, and will be reviewed every year.</p>"
        "</article></body></html>"
    )
    report = Checker(load_pack("calmatters"), reporter="Marisa Okafor").check_html(page, PAGE_URL)
    affiliation = next(rule for rule in report.rules if rule.id == "affiliation")
    assert affiliation.status is Status.FAIL, affiliation.message
    stacked = page.replace(
        "This story was originally published by CalMatters. Sign up for their newsletters.", "CalMatters"
    )
    report = Checker(load_pack("calmatters"), reporter="Marisa Okafor").check_html(stacked, PAGE_URL)
    assert next(rule for rule in report.rules if rule.id == "affiliation").status is Status.PASS
