"""The ``pixel`` check, and the page model's resources it reads."""

from __future__ import annotations

from ledger import COUNTER, COUNTER_RE, PAGE_URL, PIXEL, check, html

from checker.page import Page
from checker.report import Status


def test_resources_are_every_loaded_url_of_the_document() -> None:
    page = Page.parse(
        html(
            head='<script src="/js/app.js"></script><link rel="stylesheet" href="/style.css">',
            top='<img src="data:image/gif;base64,R0lGOD" data-src="/lazy.jpg" alt="">'
            '<img srcset="/a-400.jpg 400w, /a-800.jpg 800w" alt="">'
            '<amp-pixel src="https://px.example/amp?x=1"></amp-pixel>'
            '<iframe src="https://video.example/embed/1"></iframe>',
            end='<!-- <img src="https://commented.example/pixel.gif"> -->'
            '<noscript><img src="https://noscript.example/pixel.gif" width="1" height="1"></noscript>'
            '<template><img src="https://template.example/x.gif"></template>',
            footer='<div style="display:none"><img src="https://hidden.example/p.gif"></div>',
        ),
        PAGE_URL,
    )
    found = {(r.kind, r.url) for r in page.resources}
    assert ("script", "https://ledger.example/js/app.js") in found
    assert ("img", "https://ledger.example/lazy.jpg") in found
    assert ("img", "https://ledger.example/a-400.jpg") in found
    assert ("amp-pixel", "https://px.example/amp?x=1") in found
    assert ("iframe", "https://video.example/embed/1") in found
    assert ("img", "https://hidden.example/p.gif") in found  # hidden images still load
    urls = {url for _, url in found}
    assert "https://ledger.example/style.css" not in urls  # <link href> is not a resource here
    assert not any("commented.example" in u or "template.example" in u or u.startswith("data:") for u in urls)
    noscript = next(r for r in page.resources if "noscript.example" in r.url)
    assert noscript.in_noscript  # lxml parses <noscript> content: the pixel counts (it loads with scripts off)


def test_pixel_anywhere_in_the_markup_passes_with_its_path_and_url() -> None:
    for where in ({"end": PIXEL}, {"footer": PIXEL}, {"top": '<div style="display:none">' + PIXEL + "</div>"}):
        verdict = check(html(**where), "pixel", {"patterns": COUNTER_RE})
        assert verdict.status is Status.PASS
        assert verdict.evidence.where.endswith("img") and COUNTER in verdict.evidence.snippet


def test_pixel_inside_an_html_comment_does_not_count() -> None:
    verdict = check(html(end="<!-- " + PIXEL + " -->"), "pixel", {"patterns": COUNTER_RE})
    assert verdict.status is Status.FAIL and "does not load" in verdict.message
    stripped = check(html(), "pixel", {"patterns": COUNTER_RE})
    assert stripped.status is Status.FAIL and stripped.message.endswith("is not in the page")


def test_pixel_inside_noscript_counts_and_says_so() -> None:
    verdict = check(html(end="<noscript>" + PIXEL + "</noscript>"), "pixel", {"patterns": COUNTER_RE})
    assert verdict.status is Status.PASS and "noscript" in verdict.message


def test_pixel_kinds_and_other_pixels() -> None:
    script = f'<script src="{COUNTER}"></script>'
    verdict = check(html(end=script), "pixel", {"patterns": COUNTER_RE, "kinds": ["img"]})
    assert verdict.status is Status.FAIL and "only by a <script>" in verdict.message
    other = check(
        html(end='<img src="https://pixel.propublica.org/pixel.gif" width="1" height="1">'),
        "pixel",
        {"patterns": COUNTER_RE},
    )
    assert other.status is Status.FAIL and any("propublica" in a for a in other.evidence.also)
    amp = check(
        html(end='<amp-pixel src="https://example.org/?republication-pixel=true&amp;post=3"></amp-pixel>'),
        "pixel",
        {"patterns": [r"[?&]republication-pixel=true\b"]},
    )
    assert amp.status is Status.PASS
