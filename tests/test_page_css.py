"""The page's own stylesheets: what their rules hide is hidden, with the rule in the reason; what they don't, isn't.

Each case puts one theme stylesheet in the head of the same article and asks whether the logo (an ``<img>`` in a
``<figure class="wp-block-image dcnf-logo">``) is shown. The fixture pages under ``fixtures/render/css-*.html``
carry the same ideas through the whole check (tests/test_fixtures.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pages import article_page

import checker
from checker.cli import main
from checker.page import Page
from checker.page.media import media_viewports

LOGO = (
    '<figure class="wp-block-image dcnf-logo" id="credit-logo"><img class="wp-image-7" width="300" height="75"'
    ' src="/up/DCNF_logo_2017.png" alt="Daily Caller News Foundation logo"></figure>'
)


def logo_hidden(css: str, logo: str = LOGO, where: str = "head") -> str | None:
    """The reason the page records for hiding the logo image (or an ancestor of it), None when it is shown."""
    style = f"<style>{css}</style>" if css else ""
    html = article_page(body=(style if where == "body" else "") + logo).replace('<html lang="en">', JS_STATES, 1)
    assert JS_STATES in html
    if where == "head":
        html = html.replace("</head>", style + "</head>", 1)
    page = Page.parse(html)
    if any("DCNF_logo" in " ".join(image.urls) for image in page.images):
        return None
    reasons = [h.reason for h in page.hidden if h.element.xpath(".//img[contains(@src, 'DCNF_logo')]")]
    reasons += [h.reason for h in page.hidden if "DCNF_logo" in (h.element.get("src") or "")]
    assert reasons, "the logo is neither shown nor hidden"
    return reasons[0]


HIDES = [
    ("display-none", ".dcnf-logo { display: none }", "hidden by the page's stylesheet: `.dcnf-logo { display: none }`"),
    ("visibility", "figure img { visibility: hidden }", "visibility: hidden"),
    ("opacity", ".wp-block-image img{opacity:0}", "`.wp-block-image img { opacity: 0 }`"),
    ("opacity-percent", ".wp-block-image img{opacity:0%}", "opacity: 0%"),
    ("important-beats-specific", "#credit-logo img { display: block } img { display: none !important }", "none !imp"),
    ("later-same-specificity", ".wp-image-7 { display: block } .wp-image-7 { display: none }", "display: none"),
    ("offscreen", ".dcnf-logo { position: absolute; left: -9999px }", "left: -9999px"),
    ("offscreen-em", ".dcnf-logo { position: fixed; top: -100em }", "top: -100em"),
    ("text-indent", ".dcnf-logo { text-indent: -9999px }", "text-indent"),
    ("clip", ".dcnf-logo{position:absolute;clip:rect(0 0 0 0)}", "clip"),
    ("clip-path", ".dcnf-logo{clip-path:inset(50%)}", "clip-path"),
    ("one-pixel-box", ".dcnf-logo{width:1px;height:1px;overflow:hidden}", "1px"),
    ("scale-zero", ".dcnf-logo{transform:scale(0)}", "scale(0)"),
    ("attribute-selector", "img[src*='DCNF'] { display: none }", "display: none"),
    ("phone-only", "@media (max-width: 600px) { .dcnf-logo { display: none } }", "hidden at phone width (390px)"),
    ("desktop-only", "@media screen and (min-width: 1024px) { .dcnf-logo { display: none } }", "desktop width"),
    ("in-supports", "@supports (display: grid) { .dcnf-logo { display: none } }", "display: none"),
    ("after-a-comment", "/* } .x { */ .dcnf-logo { display: none }", "display: none"),
]


@pytest.mark.parametrize(("css", "reason"), [c[1:] for c in HIDES], ids=[c[0] for c in HIDES])
def test_a_rule_that_hides_the_logo_hides_it(css: str, reason: str) -> None:
    got = logo_hidden(css)
    assert got is not None and reason in got, got


def test_a_style_element_in_the_body_counts_too() -> None:
    assert "display: none" in (logo_hidden(".dcnf-logo { display: none }", where="body") or "")


SHOWS = [
    ("no-rule", ""),
    ("other-element", ".sub-menu { display: none }"),
    ("hover", ".dcnf-logo:hover { opacity: 0 }"),
    ("focus", ".dcnf-logo img:focus { display: none }"),
    ("pseudo-element", ".dcnf-logo::after { display: none }"),
    ("print", "@media print { .dcnf-logo { display: none } }"),
    ("print-style-element", None),  # <style media="print">
    ("unknown-feature", "@media (prefers-color-scheme: dark) { .dcnf-logo { display: none } }"),
    ("wider-than-any-viewport", "@media (min-width: 3000px) { .dcnf-logo { display: none } }"),
    ("keyframes", "@keyframes fade { from { opacity: 0 } to { opacity: 1 } } .dcnf-logo { animation: fade 1s }"),
    ("more-specific-shows", ".wp-block-image { display: none } figure.wp-block-image.dcnf-logo { display: block }"),
    ("later-shows", ".wp-image-7 { display: none } .wp-image-7 { display: inline }"),
    ("tag-selector-more-specific", "img { display: none } figure img { display: inline }"),
    ("inline-style-shows", "#no-such-id, .wp-image-7 { visibility: hidden }"),
    ("half-opacity", ".dcnf-logo { opacity: .5 }"),
    ("offscreen-but-static", ".dcnf-logo { left: -9999px }"),
    ("small-offset", ".dcnf-logo { position: relative; left: -20px }"),
    ("video-box", ".dcnf-logo { height: 0; padding-bottom: 56%; overflow: hidden; position: relative }"),
    ("unreadable-selector", ".dcnf-logo:focus-within { display: none } .x >>> .y { display: none }"),
    ("nested", ".dcnf-logo { &.is-hidden { display: none } }"),
    ("empty-selector", ".dcnf-logo:empty { display: none }"),
    # states the page's scripts leave at once (the page's <html> is class="no-js ssr"): no-js becomes js, ssr
    # goes, is-loaded arrives
    ("no-js", ".no-js .dcnf-logo { display: none }"),
    ("server-side-render", ".ssr .wp-block-image { display: none; opacity: 0 }"),
    ("shown-once-loaded", ".dcnf-logo { opacity: 0 } .td-js-loaded .dcnf-logo { opacity: 1 }"),
    ("shown-once-ready", ".wp-image-7 { visibility: hidden } body.is-ready .wp-image-7 { visibility: visible }"),
]
JS_STATES = '<html lang="en" class="no-js ssr">'


@pytest.mark.parametrize("css", [c[1] for c in SHOWS], ids=[c[0] for c in SHOWS])
def test_a_rule_that_hides_nothing_a_reader_sees_leaves_the_logo(css: str | None) -> None:
    logo = LOGO
    if css is None:  # a print stylesheet
        html = article_page(body=logo).replace(
            "</head>", '<style media="print">.dcnf-logo { display: none }</style></head>', 1
        )
        assert any("DCNF_logo" in " ".join(i.urls) for i in Page.parse(html).images)
        return
    if "inline-style-shows" in css or css.startswith("#no-such-id"):
        logo = LOGO.replace('class="wp-image-7"', 'class="wp-image-7" style="visibility: visible"')
    assert logo_hidden(css, logo) is None


def test_a_lazy_loading_plugins_noscript_rule_does_not_hide_lazy_images() -> None:
    """WP Rocket and others hide lazy images in a <noscript><style>: only readers without JavaScript get it."""
    lazy = LOGO.replace("<img ", '<img data-lazy-src="/up/DCNF_logo_2017.png" ')
    html = article_page(body=lazy).replace(
        "</head>", "<noscript><style>[data-lazy-src]{display:none !important;}</style></noscript></head>", 1
    )
    assert any("DCNF_logo" in " ".join(i.urls) for i in Page.parse(html).images)


@pytest.mark.parametrize(
    ("query", "viewports"),
    [
        ("screen", {"desktop", "phone"}),
        ("all and (max-width: 767px)", {"phone"}),
        ("(min-width: 48em)", {"desktop"}),
        ("only screen and (min-width: 400px) and (max-width: 1300px)", {"desktop"}),
        ("print", set()),
        ("print, (max-width: 500px)", {"phone"}),
        ("not print", {"desktop", "phone"}),
        ("(hover: none)", {"phone"}),
        ("(orientation: portrait)", {"phone"}),
        ("(prefers-reduced-motion: reduce)", set()),
        ("(width >= 600px)", set()),  # range syntax: not read, so never hides
    ],
)
def test_media_queries_are_answered_for_the_desktop_and_the_phone(query: str, viewports: set[str]) -> None:
    assert media_viewports(query) == viewports


LOADING_GUARDS = [
    # inlined critical CSS hides the main container until the full stylesheet or a script shows it again
    ("fade-in", ".page { opacity: 0; visibility: hidden; transition: all .3s ease }"),
    ("most-of-the-page", ".page { visibility: hidden }"),
]


@pytest.mark.parametrize("css", [c[1] for c in LOADING_GUARDS], ids=[c[0] for c in LOADING_GUARDS])
def test_a_loading_guard_over_the_page_hides_nothing(css: str) -> None:
    html = article_page(body=LOGO)
    html = html.replace('<body class="single single-post">', '<body class="single single-post"><div class="page">', 1)
    assert 'class="page"' in html
    html = html.replace("</body>", "</div></body>")
    html = html.replace("</head>", f"<style>{css}</style></head>", 1)
    assert any("DCNF_logo" in " ".join(i.urls) for i in Page.parse(html).images)


def test_a_fade_rule_on_the_logo_alone_still_hides_it_without_a_transition() -> None:
    assert logo_hidden(".dcnf-logo { opacity: 0 }") is not None
    assert logo_hidden(".dcnf-logo { opacity: 0; transition: opacity .3s }") is None


HIDDEN_BY_THEME = Path(__file__).resolve().parent.parent / "fixtures" / "render" / "css-logo-display-none.html"


def _logo_verdict(args: list[str]) -> str:
    result = CliRunner().invoke(
        main, ["check", str(HIDDEN_BY_THEME), "--format", "json", *args], catch_exceptions=False
    )
    report = json.loads(result.stdout)[0]
    return next(rule["status"] for rule in report["rules"] if rule["id"] == "logo")


def test_page_css_is_on_by_default_and_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--no-page-css, the config's page_css = false and the library's page_css=False read only inline styles."""
    monkeypatch.chdir(tmp_path)
    assert _logo_verdict([]) == "fail"
    assert _logo_verdict(["--no-page-css"]) == "pass"
    (tmp_path / "repcheck.toml").write_text("page_css = false\n", encoding="utf-8")
    assert _logo_verdict([]) == "pass"
    assert _logo_verdict(["--page-css"]) == "fail"
    html = HIDDEN_BY_THEME.read_text(encoding="utf-8")
    reports = [checker.check_html(html, page_css=css) for css in (True, False)]
    assert [next(r.status.value for r in report.rules if r.id == "logo") for report in reports] == ["fail", "pass"]
