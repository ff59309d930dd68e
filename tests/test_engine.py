"""The engine through Checker.check_html on the DCNF pack: a compliant page, the reporter detected when none is
given, a crashing check, a page that cannot be read."""

from __future__ import annotations

import pytest
from dcnf import BYLINE, LOGO, NOTICE, article_page, rule
from pages import HEADLINE

from checker import checks
from checker.checks import CheckSpec
from checker.engine import Checker


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
