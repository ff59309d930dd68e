"""The ``logo`` check on the DCNF pack: which images count as the licensor's logo, and what a failure says."""

from __future__ import annotations

from dcnf import DC_LOGO, LOGO, Case, cases, check_rule

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


@cases(LOGO_CASES)
def test_logo(case: Case) -> None:
    check_rule(case, "logo")


def test_logo_in_sidebar_says_where_it_is() -> None:
    case = next(c for c in LOGO_CASES if c.id == "sidebar-only")
    result = check_rule(case, "logo")
    assert result.evidence is not None and any("aside#secondary" in a for a in result.evidence.also)
