"""The DCNF rules (logo, byline, affiliation), reporter detection and the engine, through Checker.check_html.

Every case starts from a compliant article (DCNF logo at the top of the story, "By Nick Pope" with "Daily Caller
News Foundation" stacked under it) and changes one thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pages
import pytest
from ledger import PAGE_URL
from pages import HEADLINE, PARAS

from checker import checks
from checker.checks import CheckSpec
from checker.engine import Checker
from checker.report import Report, RuleResult, Status

LOGO = '<img src="/uploads/2023/04/partner-logo.png" alt="Daily Caller News Foundation logo" width="220" height="60">'
BYLINE = "<p>By Nick Pope</p><p>Daily Caller News Foundation</p>"
NOTICE = (
    "<p><em>All content created by the Daily Caller News Foundation, an independent and nonpartisan newswire service, "
    "is available without charge to any legitimate news publisher that can provide a large audience. All republished "
    "articles must include our logo, our reporter&#8217;s byline and their DCNF affiliation.</em></p>"
)
DC_LOGO = '<img src="/uploads/daily-caller-logo.png" alt="The Daily Caller" width="220" height="60">'


def article_page(*, logo: str = LOGO, byline: str = BYLINE, **slots: str) -> str:
    """The DCNF story as the Prairie Sentinel republished it: DCNF's logo at the top of the story, the reporter's
    byline with DCNF stacked under it; ``slots`` as :func:`pages.article_page`'s."""
    return pages.article_page(top=logo, byline=byline, **slots)


@dataclass
class Case:
    id: str
    page: dict[str, str]  # article_page() slots this case changes
    status: str
    phrase: str  # a phrase the rule's message must contain
    reporter: str | None = "Nick Pope"
    also: list[str] = field(default_factory=list)


def rule(report: Report, rule_id: str) -> RuleResult:
    [result] = [r for r in report.rules if r.id == rule_id]
    return result


def check_rule(case: Case, rule_id: str) -> RuleResult:
    result = rule(Checker("dcnf", reporter=case.reporter).check_html(article_page(**case.page)), rule_id)
    assert (result.status, case.phrase in result.message) == (case.status, True), result.message
    return result


def test_compliant_page_passes() -> None:
    report = Checker("dcnf", reporter="Nick Pope").check_html(article_page(end=NOTICE))
    assert [(r.id, r.status) for r in report.rules] == [
        ("logo", "pass"),
        ("byline", "pass"),
        ("affiliation", "pass"),
        ("notice", "pass"),
    ]
    assert report.status == "pass" and report.title == HEADLINE


# ---------------------------------------------------------------------------------------------------------------
# logo

LOGO_CASES = [
    Case("alt-text", {"logo": LOGO}, "pass", 'text "Daily Caller News Foundation logo"'),
    Case(
        "file-name-empty-alt",
        {"logo": '<img src="/uploads/2023/04/DCNF_logo_2017.png" alt="" width="220" height="60">'},
        "pass",
        "file name DCNF_logo_2017.png",
    ),
    Case(
        "svg-file-name",
        {"logo": '<img src="/uploads/daily-caller-news-foundation.svg" alt="">'},
        "pass",
        "daily-caller-news-foundation.svg",
    ),
    Case(
        "lazy-data-lazy-src",
        {
            "logo": '<img src="data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22%3E%3C/svg%3E" '
            'data-lazy-src="/uploads/dcnf-logo.png" alt="" class="lazyload">'
            '<noscript><img src="/uploads/dcnf-logo.png" alt=""></noscript>'
        },
        "pass",
        "file name dcnf-logo.png",
    ),
    Case(
        "picture-source",
        {
            "logo": '<picture><source type="image/webp" srcset="/uploads/DCNF_logo_2017.webp 1x, '
            '/uploads/DCNF_logo_2017@2x.webp 2x">'
            '<img src="/uploads/DCNF_logo_2017.png" alt="" width="220" height="60"></picture>'
        },
        "pass",
        "DCNF_logo_2017",
    ),
    Case(
        "amp-img",
        {"logo": '<amp-img src="/uploads/dcnf-logo.png" width="220" height="60" layout="fixed" alt=""></amp-img>'},
        "pass",
        "dcnf-logo.png",
    ),
    Case(
        "inline-svg-title",
        {
            "logo": '<svg viewBox="0 0 220 60" width="220" height="60"><title>Daily Caller News Foundation</title>'
            '<path d="M0 0h10v10z"/></svg>'
        },
        "pass",
        'title "Daily Caller News Foundation"',
    ),
    Case(
        "role-img-background",
        {
            "logo": '<div class="partner-logo" role="img" aria-label="Daily Caller News Foundation" '
            'style="background-image:url(/uploads/logo-bg.png);width:220px;height:60px"></div>'
        },
        "pass",
        'text "Daily Caller News Foundation"',
    ),
    Case("both-dcnf-and-daily-caller", {"logo": DC_LOGO + LOGO}, "pass", "Daily Caller News Foundation logo"),
    Case("none", {"logo": ""}, "fail", "no Daily Caller News Foundation logo in the article"),
    Case(
        "in-html-comment",
        {"logo": '<!-- <img src="/uploads/dcnf-logo.png" alt="Daily Caller News Foundation"> -->'},
        "fail",
        "no Daily Caller News Foundation logo in the article",
    ),
    Case(
        "display-none",
        {"logo": '<img src="/uploads/dcnf-logo.png" alt="Daily Caller News Foundation" style="display:none">'},
        "fail",
        'hidden (style "display:none")',
    ),
    Case(
        "template",
        {"logo": '<template><img src="/uploads/dcnf-logo.png" alt="Daily Caller News Foundation"></template>'},
        "fail",
        "hidden (<template>)",
    ),
    Case(
        "sidebar-only",
        {
            "logo": "",
            "sidebar": '<section class="widget widget_media_image"><img src="/uploads/dcnf-logo.png" '
            'alt="Daily Caller News Foundation" width="300" height="80"></section>',
        },
        "fail",
        "outside the article",
    ),
    Case(
        "site-footer-only",
        {
            "logo": "",
            "footer": '<div class="partners"><img src="/uploads/dcnf-logo.png" alt="Daily Caller News Foundation" '
            'width="300" height="80"></div>',
        },
        "fail",
        "site-footer",
    ),
    Case(
        "daily-caller-alt",
        {"logo": '<img src="/uploads/partner.png" alt="The Daily Caller" width="220" height="60">'},
        "fail",
        'text "The Daily Caller" is not the Daily Caller News Foundation logo',
    ),
    Case(
        "daily-caller-file",
        {"logo": '<img src="/uploads/daily-caller-logo.png" alt="" width="220" height="60">'},
        "fail",
        "file name daily-caller-logo.png is not",
    ),
    Case(
        "tracking-pixel",
        {"logo": '<img src="/uploads/dcnf-logo.png" width="1" height="1" alt="">'},
        "fail",
        "1×1 or zero size",
    ),
]


@pytest.mark.parametrize("case", LOGO_CASES, ids=[c.id for c in LOGO_CASES])
def test_logo(case: Case) -> None:
    check_rule(case, "logo")


def test_logo_in_sidebar_says_where_it_is() -> None:
    case = next(c for c in LOGO_CASES if c.id == "sidebar-only")
    result = check_rule(case, "logo")
    assert result.evidence is not None and any("aside#secondary" in a for a in result.evidence.also)


# ---------------------------------------------------------------------------------------------------------------
# byline

SENTENCE = (
    "<p>The rule drew criticism from trade groups, said Nick Pope, a spokesman for the Plumbing Manufacturers "
    "Association, who added that members would ask the courts to block it before it takes effect.</p>"
)
BYLINE_CASES = [
    Case("by-line", {"byline": "<p>By Nick Pope</p>"}, "pass", 'after "By"'),
    Case(
        "span-byline",
        {"byline": '<div class="entry-meta"><span class="byline">Nick Pope</span> <time>January 29, 2025</time></div>'},
        "pass",
        "in the byline element",
    ),
    Case(
        "rel-author",
        {"byline": '<div class="entry-meta"><a rel="author" href="/?author=7">Nick Pope</a></div>'},
        "pass",
        "in the byline element",
    ),
    Case(
        "itemprop-author",
        {"byline": '<div class="meta"><span itemprop="author">Nick Pope</span></div>'},
        "pass",
        "in the byline element",
    ),
    Case(
        "author-page-link",
        {"byline": '<div class="meta">Posted January 29, 2025 <a href="/author/nick-pope/">Nick Pope</a></div>'},
        "pass",
        "in the byline element",
    ),
    Case("upper-case", {"byline": "<p>BY NICK POPE</p>"}, "pass", 'byline names "Nick Pope" (after "By"'),
    Case(
        "split-by-markup",
        {"byline": '<p>By <span class="first">Nick</span> <strong>Pope</strong></p>'},
        "pass",
        'byline names "Nick Pope" (after "By"',
    ),
    Case("nbsp-in-name", {"byline": "<p>By Nick&nbsp;Pope</p>"}, "pass", 'byline names "Nick Pope" (after "By"'),
    Case("co-byline", {"byline": "<p>By Jane Doe and Nick Pope</p>"}, "pass", 'byline names "Nick Pope" (after "By"'),
    Case("own-line-with-title", {"byline": "<p>Nick Pope | Energy Reporter</p>"}, "pass", "on its own line"),
    Case(
        "end-bio",
        {"byline": "", "end": "<p><em>Nick Pope is a reporter for the Daily Caller News Foundation.</em></p>"},
        "pass",
        'byline names "Nick Pope" (on its own line)',
    ),
    Case(
        "br-lines-in-story",
        {"byline": "", "logo": LOGO + "<p>By Nick Pope<br>Daily Caller News Foundation</p>"},
        "pass",
        'byline names "Nick Pope" (after "By"',
    ),
    Case("absent", {"byline": ""}, "fail", 'no byline names "Nick Pope"'),
    Case(
        "metadata-only",
        {
            "byline": "",
            "head": '<meta name="author" content="Nick Pope"><script type="application/ld+json">'
            '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Nick Pope"}}</script>',
        },
        "fail",
        "metadata",
    ),
    Case("story-sentence-only", {"byline": "", "body": SENTENCE}, "fail", "only in the story text"),
    Case(
        "photo-caption-only",
        {
            "byline": "",
            "logo": LOGO
            + '<figure class="wp-block-image"><img src="/uploads/heater.jpg" alt="A water heater" width="800" '
            'height="500">'
            "<figcaption>A water heater on display in Denver. (Photo by Nick Pope)</figcaption></figure>",
        },
        "fail",
        "only in the caption",
    ),
    Case(
        "someone-else",
        {"byline": "<p>By Jane Doe</p><p>Daily Caller News Foundation</p>"},
        "fail",
        "the byline names 'Jane Doe' instead",
    ),
    Case("longer-name", {"byline": "<p>By Nick Popeye</p>"}, "fail", "'Nick Popeye' instead"),
    Case(
        "screen-reader-text",
        {"byline": '<span class="byline screen-reader-text">By Nick Pope, Daily Caller News Foundation</span>'},
        "fail",
        "hidden text (class screen-reader-text)",
    ),
    Case("hidden-div", {"byline": '<div style="display:none">By Nick Pope</div>'}, "fail", "hidden text"),
    Case(
        "sidebar-only",
        {
            "byline": "",
            "sidebar": '<section class="widget"><h2 class="widget-title">Our reporters</h2><p>By Nick Pope</p>'
            "</section>",
        },
        "fail",
        "outside the article",
    ),
    Case(
        "by-inside-a-story-sentence",
        {
            "byline": "<p>By Jane Doe</p>",
            "body": "<p>A study by Nick Pope, an economist at the Cato Institute, "
            "found that similar rules in California raised the price of a water heater by about 15 percent.</p>",
        },
        "fail",
        "only in the story text",
    ),
    Case(
        "reported-by-inside-a-sentence",
        {
            "byline": "<p>By Jane Doe</p>",
            "body": "<p>The change was first reported by Nick Pope, an analyst who "
            "follows the appliance industry, in a note to clients published last spring.</p>",
        },
        "fail",
        "only in the story text",
    ),
    Case("dated-by-line", {"byline": '<p class="meta">January 29, 2025 by Nick Pope</p>'}, "pass", 'after "By"'),
    Case(
        "not-available-is-not-an-author-line",
        {"byline": "", "end": "<p>Nick Pope was not available for comment.</p>"},
        "fail",
        "only in the story text",
    ),
    Case("initials", {"byline": "<p>By J.D. Vance</p>"}, "pass", 'byline names "J.D. Vance"', reporter="J.D. Vance"),
    Case("label-and-honorific", {"byline": "<p>Autor: Dr. Lena Vogt</p>"}, "pass", 'after "By"', reporter="Lena Vogt"),
    Case(
        "by-and-honorific",
        {"byline": "<p>By Prof. Lena Vogt</p>"},
        "pass",
        'byline names "Lena Vogt"',
        reporter="Lena Vogt",
    ),
    Case("date-then-name", {"byline": "<p>March 3, 2025 by Nick Pope</p>"}, "pass", 'after "By"'),
    Case("article-by-label", {"byline": "<p>Ein Artikel von Nick Pope | 27.01.2022 - 12:45</p>"}, "pass", 'after "By"'),
    Case(
        "sentence-with-von-is-not-a-byline",
        {"byline": "", "body": "<p>Die Erfolgsgeschichte von Nick Pope begann am Flughafen.</p>"},
        "fail",
        "the name appears only in the story text",
    ),
    Case(
        "embedded-post-shared-by",
        {"byline": "<p>By Jane Roe</p>", "body": "<p>A post shared by Nick Pope (@nickpope)</p>"},
        "fail",
        "the byline names 'Jane Roe' instead; the name appears only in the caption",
    ),
    Case(
        "inline-photo-credit",
        {"byline": "<p>By Jane Roe</p>", "body": "<p>Nick Pope (Photo: Facebook)</p>"},
        "fail",
        "the byline names 'Jane Roe' instead; the name appears only in the caption",
    ),
    Case(
        "numbers-then-name",
        {"byline": "<p>09 03 2025 10 45 Nick Pope</p>"},
        "pass",
        'byline names "Nick Pope" (on its own line)',
    ),
    Case(
        "sign-off-in-brackets",
        {"byline": "", "end": "<p>The department did not say when the rule would be reviewed. (Nick Pope)</p>"},
        "pass",
        "signing off the story",
    ),
    Case(
        "bracketed-name-inside-a-paragraph",
        {
            "byline": "",
            "end": "<p>Critics spoke up at once. (Nick Pope) The department said it would answer them in writing.</p>",
        },
        "fail",
        "only in the story text",
    ),
    Case(
        "meta-line-ending-written-by",
        {
            "byline": '<div class="post-info"><a href="/category/energy/">Energy</a>, <a href="/tag/grid/">Grid</a> '
            "| Published: 5 hours ago | Last updated: 2 hours ago | Written by Nick Pope</div>"
        },
        "pass",
        "author label",
    ),
    Case(
        "written-by-inside-a-meta-sentence",
        {
            "byline": "<p>By Jane Roe</p>",
            "body": "<p>Energy | The report, written by Nick Pope for the "
            "institute, says prices will rise sharply next year.</p>",
        },
        "fail",
        "only in the story text",
    ),
    Case(
        "teaser-article-inside-the-story",
        {
            "byline": "<p>By Jane Roe</p>",
            "body": '<article class="card"><h3><a href="/2025/01/grid/">Grid '
            'operators warn of summer shortfalls</a></h3><p class="byline">By Nick Pope</p></article>',
        },
        "fail",
        "another story",
    ),
    Case(
        "bio-with-age",
        {"byline": "", "end": "<p>Nick Pope (41) is a reporter for the Daily Caller News Foundation.</p>"},
        "pass",
        'byline names "Nick Pope" (on its own line)',
    ),
    Case(
        "redaktion-label",
        {"byline": "<p>12.03.2025 - Redaktion: Nick Pope (Pressesprecher)</p>"},
        "pass",
        "author label",
    ),
    Case(
        "autoren-at-the-end", {"byline": "", "end": "<p>Autoren Nick Pope und Jutta Klein</p>"}, "pass", "author label"
    ),
    Case("erstellt-von", {"byline": "<p>Erstellt von Nick Pope</p>"}, "pass", "author label"),
    Case("label-then-job-title", {"byline": "<p>Autor: Rechtsanwalt Nick Pope</p>"}, "pass", "author label"),
    Case(
        "double-gender-label",
        {"byline": "", "end": "<ul><li>Autorin/Autor Nick Pope</li></ul>"},
        "pass",
        "author label",
    ),
    # the shape that made the date test backtrack for seconds: digits and spaces, then a word that is no date
    Case(
        "digits-then-a-word-then-name",
        {"byline": "<p>1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 x Nick Pope</p>"},
        "fail",
        "the name appears only in the story text",
    ),
]


@pytest.mark.parametrize("case", BYLINE_CASES, ids=[c.id for c in BYLINE_CASES])
def test_byline(case: Case) -> None:
    check_rule(case, "byline")


# ---------------------------------------------------------------------------------------------------------------
# affiliation

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


@pytest.mark.parametrize("case", AFFILIATION_CASES, ids=[c.id for c in AFFILIATION_CASES])
def test_affiliation(case: Case) -> None:
    check_rule(case, "affiliation")


# ---------------------------------------------------------------------------------------------------------------
# Reporter detection (no reporter given).

THEME_BYLINE = (
    '<div class="entry-meta"><span class="byline">By <span class="author vcard"><a href="/author/{slug}/">'
    "{name}</a></span></span></div>"
)
DETECT_CASES = [
    # (id, page slots, detected reporter, byline status)
    ("comma-dcnf", {"byline": "<p>By Max Keating, DCNF</p>"}, "Max Keating", "pass"),
    (
        "house-author-then-body-byline",
        {
            "byline": THEME_BYLINE.format(slug="webdesk", name="Liberty Hill News Services"),
            "logo": LOGO + "<p>By Jane Doe, Daily Caller News Foundation</p>",
        },
        "Jane Doe",
        "pass",
    ),
    (
        "staff-author-then-body-byline",
        {
            "byline": THEME_BYLINE.format(slug="staff", name="Prairie Sentinel Staff"),
            "logo": LOGO + "<p>By Jane Doe, Daily Caller News Foundation</p>",
        },
        "Jane Doe",
        "pass",
    ),
    ("no-byline", {"byline": ""}, None, "fail"),
    (
        "person-theme-author-then-body-byline",
        {
            "byline": THEME_BYLINE.format(slug="tom-baker", name="Tom Baker"),
            "logo": LOGO + "<p>By Jane Doe, Daily Caller News Foundation</p>",
        },
        "Jane Doe",
        "pass",
    ),
]


@pytest.mark.parametrize(
    ("slots", "reporter", "byline"), [c[1:] for c in DETECT_CASES], ids=[c[0] for c in DETECT_CASES]
)
def test_reporter_detection(slots: dict[str, str], reporter: str | None, byline: str) -> None:
    report = Checker("dcnf").check_html(article_page(**slots))
    assert (report.reporter, report.reporter_source) == (reporter, "detected" if reporter else "none")
    assert rule(report, "byline").status == byline
    assert rule(report, "affiliation").status == byline


# ---------------------------------------------------------------------------------------------------------------
# The engine: a crashing check, a page that cannot be read.


def _crash(page: object, rule: object, context: object) -> None:
    raise RuntimeError("logo detector exploded")


@pytest.mark.parametrize(
    ("byline", "page_status"), [(BYLINE, "error"), ("", "fail")], ids=["otherwise-compliant", "byline-missing"]
)
def test_crashing_check_is_an_error_for_its_rule_only(
    monkeypatch: pytest.MonkeyPatch, byline: str, page_status: str
) -> None:
    monkeypatch.setitem(checks.CHECKS, "logo", CheckSpec("logo", _crash, {}, "crashes"))
    report = Checker("dcnf", reporter="Nick Pope").check_html(article_page(byline=byline))
    logo = rule(report, "logo")
    assert logo.status == "error"
    assert "RuntimeError" in logo.message and "logo detector exploded" in logo.message
    assert rule(report, "byline").status == ("pass" if byline else "fail")
    assert report.status == page_status


@pytest.mark.parametrize("html", ["", "   \n", b""], ids=["empty", "whitespace", "empty-bytes"])
def test_empty_page_is_an_error_report(html: str | bytes) -> None:
    report = Checker("dcnf", reporter="Nick Pope").check_html(html)
    assert report.status == "error" and "empty" in (report.error or "")
    assert {r.status for r in report.rules} == {"error"}


def test_page_without_a_byline_looks_for_the_author_its_metadata_names() -> None:
    """No byline shown: the report still says whose byline is missing, taken from <meta>, and byline fails."""
    head = '<meta name="author" content="Nick Pope">'
    report = Checker("dcnf").check_html(article_page(byline="", head=head))
    assert (report.reporter, report.reporter_source) == ("Nick Pope", "metadata")
    assert rule(report, "byline").status == "fail"
    assert "metadata" in rule(report, "byline").message


# WordPress puts the post's tags and categories in its article's classes: editors' words, not what the element is.
def with_post_classes(html: str, classes: str) -> str:
    changed = html.replace('class="post type-post hentry"', f'class="post type-post hentry {classes}"')
    assert changed != html
    return changed


def test_tag_and_category_classes_do_not_make_the_story_a_caption() -> None:
    html = with_post_classes(article_page(), "category-photo-credits tag-credit-unions")
    report = Checker("dcnf", reporter="Nick Pope").check_html(html)
    assert rule(report, "byline").status == "pass", rule(report, "byline").message
    assert rule(report, "affiliation").status == "pass", rule(report, "affiliation").message


def test_tag_and_category_classes_do_not_make_a_quoted_name_a_byline() -> None:
    quote = "<p>The association&#8217;s spokesman, Nick Pope, said members would ask the courts to block the rule.</p>"
    html = with_post_classes(article_page(byline="<p>By Jane Roe</p>", body=quote), "tag-author-interviews")
    result = rule(Checker("dcnf", reporter="Nick Pope").check_html(html), "byline")
    assert result.status == "fail" and "only in the story text" in result.message, result.message


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
