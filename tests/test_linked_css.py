"""A static check of a URL reads the stylesheets the page links on its own site, as a reader's browser does.

A theme's rules mostly live in ``style.css``, not in ``<style>`` elements: a rule there that hides the logo must
fail ``logo`` as an inline one does, and the message must say which file hid it. The stylesheets are fetched from
a real server on loopback, within the page's ``--timeout`` and once per run.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from audit_helpers import run_audit
from pages import article_page
from server import LoopbackServer

from checker.engine import Checker
from checker.fetch.stylesheets import same_site

LOGO = (
    '<figure class="wp-block-image dcnf-logo"><img class="wp-image-7" width="300" height="75"'
    ' src="/up/DCNF_logo_2017.png" alt="Daily Caller News Foundation logo"></figure>'
)
SHEET = "/wp-content/themes/news/style.css"
HIDING = "body{margin:0} .site-header{padding:1em} .dcnf-logo{display:none}"


CREDIT = "<p><em>Content created by The Daily Caller News Foundation is available without charge.</em></p>"


def page_linking(link: str) -> str:
    return article_page(body=LOGO, head=link, end=CREDIT)


def logo_rule(report: object) -> tuple[str, str]:
    rule = next(r for r in report.rules if r.id == "logo")  # type: ignore[attr-defined]
    return rule.status.value, rule.message


def serve(server: LoopbackServer, link: str, css: str = HIDING, **sheet: object) -> str:
    server.add(SHEET, css, content_type="text/css", **sheet)  # type: ignore[arg-type]
    return server.add("/story/", page_linking(link))


def test_a_linked_stylesheet_that_hides_the_logo_fails_it_and_names_the_file(server: LoopbackServer) -> None:
    url = serve(server, f'<link rel="stylesheet" id="theme-css" href="{SHEET}?ver=6.4" media="all">')
    status, message = logo_rule(Checker("dcnf").check_url(url))
    assert status == "fail"
    assert "there is one hidden (hidden by the page's stylesheet" in message
    assert f"stylesheet {SHEET}?ver=6.4: `.dcnf-logo {{ display: none }}`" in message


def test_the_same_page_without_the_rule_passes(server: LoopbackServer) -> None:
    url = serve(server, f'<link rel="stylesheet" href="{SHEET}">', css="body{margin:0} .dcnf-logo{margin:1em}")
    assert logo_rule(Checker("dcnf").check_url(url))[0] == "pass"


@pytest.mark.parametrize(
    "link",
    [
        f'<link rel="stylesheet" href="{SHEET}" media="print">',
        f'<link rel="alternate stylesheet" href="{SHEET}" title="Contrast">',
        f'<link rel="stylesheet" href="{SHEET}" disabled>',
        f'<noscript><link rel="stylesheet" href="{SHEET}"></noscript>',
        f'<link rel="preload" as="style" href="{SHEET}">',  # fetched early, never applied
    ],
    ids=["print", "alternate", "disabled", "noscript", "preload-only"],
)
def test_a_stylesheet_no_reader_gets_hides_nothing(server: LoopbackServer, link: str) -> None:
    url = serve(server, link)
    assert logo_rule(Checker("dcnf").check_url(url))[0] == "pass"


def test_a_preloaded_stylesheet_a_script_applies_counts(server: LoopbackServer) -> None:
    link = f'<link rel="preload" as="style" href="{SHEET}" onload="this.onload=null;this.rel=\'stylesheet\'">'
    assert logo_rule(Checker("dcnf").check_url(serve(server, link)))[0] == "fail"


def test_a_stylesheet_on_a_phone_only_media_query_hides_at_phone_width(server: LoopbackServer) -> None:
    url = serve(server, f'<link rel="stylesheet" href="{SHEET}" media="(max-width: 600px)">')
    status, message = logo_rule(Checker("dcnf").check_url(url))
    assert status == "fail" and "hidden at phone width (390px)" in message


def test_a_stylesheet_that_cannot_be_had_leaves_the_page_judged_by_the_rest(server: LoopbackServer) -> None:
    server.add("/missing/", page_linking('<link rel="stylesheet" href="/gone.css">'))
    server.add("/gone.css", "not found", status=404, content_type="text/plain")
    report = Checker("dcnf").check_url(server.url("/missing/"))
    assert report.error is None and logo_rule(report)[0] == "pass"


def test_a_slow_stylesheet_cannot_hold_the_page_past_its_timeout(server: LoopbackServer) -> None:
    url = serve(server, f'<link rel="stylesheet" href="{SHEET}">', delay=4.0)
    started = time.monotonic()
    report = Checker("dcnf", timeout=1.0).check_url(url)
    assert time.monotonic() - started < 2.5
    assert report.error is None and logo_rule(report)[0] == "pass"  # judged without it, as before


def test_another_sites_stylesheet_is_not_fetched(server: LoopbackServer) -> None:
    other = LoopbackServer(host="127.0.0.2").start()
    try:
        other.add(SHEET, HIDING, content_type="text/css")
        server.add("/story/", page_linking(f'<link rel="stylesheet" href="{other.url(SHEET)}">'))
        assert logo_rule(Checker("dcnf").check_url(server.url("/story/")))[0] == "pass"
        assert other.paths_seen() == []
    finally:
        other.stop()


def test_html_given_with_its_address_is_not_joined_by_fetched_stylesheets(server: LoopbackServer) -> None:
    url = serve(server, f'<link rel="stylesheet" href="{SHEET}">')
    report = Checker("dcnf").check_html(page_linking(f'<link rel="stylesheet" href="{SHEET}">'), url)
    assert logo_rule(report)[0] == "pass" and SHEET not in server.paths_seen()


@pytest.mark.parametrize("processes", [0, 2])
def test_an_audit_fetches_a_sites_stylesheet_once_for_all_its_pages(
    server: LoopbackServer, tmp_path: Path, processes: int
) -> None:
    link = f'<link rel="stylesheet" href="{SHEET}">'
    urls = [server.add(f"/story-{n}/", page_linking(link)) for n in range(6)]
    server.add(SHEET, HIDING, content_type="text/css")
    code, reports, _ = run_audit([], tmp_path, urls, processes=processes)
    assert code == 1
    assert [logo_rule_of(r) for r in reports] == ["fail"] * 6
    assert 1 <= server.paths_seen().count(SHEET) <= max(1, processes)  # once per process that checks pages


def logo_rule_of(report: dict[str, object]) -> str:
    rules = report["rules"]
    assert isinstance(rules, list)
    return str(next(r["status"] for r in rules if r["id"] == "logo"))


@pytest.mark.parametrize(
    ("sheet", "page", "same"),
    [
        ("https://www.example.com/a.css", "https://www.example.com/story", True),
        ("https://cdn.example.com/a.css", "https://www.example.com/story", True),
        ("http://example.com:8080/a.css", "https://example.com/story", True),
        ("https://static.bbc.co.uk/a.css", "https://www.bbc.co.uk/news", True),
        ("https://fonts.googleapis.com/css", "https://www.example.com/story", False),
        ("https://example.co.uk/a.css", "https://other.co.uk/story", False),
        ("http://127.0.0.2/a.css", "http://127.0.0.1/story", False),
        ("data:text/css,x", "https://www.example.com/story", False),
    ],
)
def test_which_stylesheets_are_the_pages_own_site(sheet: str, page: str, same: bool) -> None:
    assert same_site(sheet, page) is same


@pytest.mark.parametrize("processes", [0, 3])
def test_an_audit_keeps_per_host_for_pages_and_stylesheets_together(
    server: LoopbackServer, tmp_path: Path, processes: int
) -> None:
    """Pages and the stylesheets their checks fetch (by worker processes, or in the fetching threads) come from
    one host: --per-host counts them together, over all processes."""
    urls = []
    for page in range(8):
        links = ""
        for k in range(2):
            path = f"/css/{page}-{k}.css"
            server.add(path, ".x{display:none}", content_type="text/css", delay=0.1)
            links += f'<link rel="stylesheet" href="{path}">'
        urls.append(server.add(f"/story-{page}/", page_linking(links), delay=0.05))
    code, reports, _ = run_audit(["--jobs", "6", "--per-host", "2"], tmp_path, urls, processes=processes)
    assert code == 1 and len(reports) == 8
    assert len([r for r in server.requests_seen if r.path.startswith("/css/")]) == 16
    assert server.peak_in_flight == 2  # side by side, never more than --per-host at once, pages and sheets alike
