"""checker.fetch against a real loopback HTTP server: what users rely on when a page is fetched or read."""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
import requests
from encoded_pages import CP1252_PAGE, CP1252_TEXT, CYRILLIC_TEXT, FRENCH_TEXT, LATIN1_META_PAGE, html
from server import LoopbackServer, unused_port

from checker.fetch import MAX_REDIRECTS, USER_AGENT, FetchedPage, FetchError, fetch

# --- pages that are fetched ------------------------------------------------------------------


@dataclass
class Page:
    """One page served at /page, and what fetch() must make of it."""

    id: str
    body: bytes | str  # str is served as UTF-8
    route: dict[str, Any] = field(default_factory=dict)  # extra LoopbackServer.add() arguments
    text: str = ""  # must be in the decoded text
    encoding: str = "UTF-8"
    content_type: str = "text/html"


NO_CHARSET = {"content_type": "text/html"}
DEFLATE = {"headers": {"Content-Encoding": "deflate"}}
CP1251 = {"content_type": "text/html; charset=windows-1251"}

PAGES = [
    Page("plain-utf8", html("héllo wörld"), text="héllo wörld"),
    Page(
        "xhtml",
        html("x"),
        {"content_type": "application/xhtml+xml; charset=utf-8"},
        text="<p>x</p>",
        content_type="application/xhtml+xml",
    ),
    Page("content-type-case-and-params", html("y"), {"content_type": 'Text/HTML ; Charset="UTF-8"'}, "<p>y</p>"),
    Page("gzip", html("zipped é " * 500), {"gzip": True}, "zipped é"),
    Page("deflate-zlib", zlib.compress(html("deflated").encode()), DEFLATE, "deflated"),
    Page("deflate-raw", zlib.compress(html("raw deflate").encode(), wbits=-15), DEFLATE, "raw deflate"),
    Page("chunked", html("in chunks " * 5000), {"chunked": True}, "in chunks in chunks"),
    Page("gzip-chunked", html("both " * 5000), {"gzip": True, "chunked": True}, "both both"),
    Page("cp1252-meta-only", CP1252_PAGE, NO_CHARSET, CP1252_TEXT, "windows-1252"),
    Page("latin1-meta-read-as-cp1252", LATIN1_META_PAGE, NO_CHARSET, CP1252_TEXT, "windows-1252"),
    Page("charset-only-in-header", html(CYRILLIC_TEXT).encode("cp1251"), CP1251, CYRILLIC_TEXT, "windows-1251"),
    Page(
        "header-charset-beats-meta",
        f'<html><head><meta charset="utf-8"></head><body>{CYRILLIC_TEXT}</body></html>'.encode("cp1251"),
        CP1251,
        CYRILLIC_TEXT,
        "windows-1251",
    ),
    Page(
        "utf8-bom-beats-header",
        b"\xef\xbb\xbf" + html("bom é").encode(),
        {"content_type": "text/html; charset=iso-8859-1"},
        "bom é",
    ),
    Page("utf16-bom", b"\xff\xfe" + html("seize").encode("UTF-16LE"), NO_CHARSET, "<p>seize</p>", "UTF-16LE"),
    Page(
        "unknown-header-charset-ignored",
        '<meta charset="utf-8">' + html("ok é"),
        {"content_type": "text/html; charset=x-no-such"},
        "ok é",
    ),
    # browsers never guess UTF-8 over HTTP: readers see "naÃ¯ve", and so does repcheck
    Page("no-charset-anywhere-utf8", html("naïve").encode(), NO_CHARSET, "naÃ¯ve", "windows-1252"),
    Page(
        "no-charset-anywhere-cp1252",
        html(FRENCH_TEXT).encode("cp1252"),
        NO_CHARSET,
        "présenté mercredi",
        "windows-1252",
    ),
    Page("garbage-bytes-declared-utf8", b"<html>a\xff\xfe\xc3(\x80b</html>", text="a\ufffd\ufffd\ufffd(\ufffdb"),
    Page(
        "garbage-bytes-undeclared",
        b"<html><body>" + bytes(range(32, 256)) * 4 + b"</body></html>",  # C0 controls too: binary (test_binary_bodies)
        NO_CHARSET,
        "<html><body>",
        encoding="",  # whatever detection picks, as long as nothing breaks
    ),
    Page("no-content-type-but-html", html("sniffed"), {"content_type": None}, "sniffed", "windows-1252", ""),
    Page("empty-200", b""),
]


@pytest.mark.parametrize("case", PAGES, ids=[case.id for case in PAGES])
def test_fetches_html_page(server: LoopbackServer, case: Page) -> None:
    url = server.add("/page", case.body, **case.route)
    page = fetch(url, timeout=5)
    assert isinstance(page, FetchedPage)
    assert (page.requested_url, page.url, page.status, page.redirects) == (url, url, 200, ())
    assert page.content_type == case.content_type
    assert case.text in page.text
    if isinstance(case.body, str):  # served as UTF-8: must come back whole and unchanged
        assert page.text == case.body
    if case.encoding:
        assert page.encoding == case.encoding
    assert not page.text.startswith("\ufeff")
    assert 0 < page.elapsed < 5


def test_sends_identifying_headers(server: LoopbackServer) -> None:
    fetch(server.add("/page", html("x")), timeout=5)
    (seen,) = server.requests_seen
    assert seen.method == "GET"
    assert seen.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("repcheck/")
    assert seen.headers["Accept"] == "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
    assert seen.headers["Accept-Encoding"] == "gzip, deflate"


def test_custom_user_agent_and_headers(server: LoopbackServer) -> None:
    fetch(server.add("/page", html("x")), timeout=5, user_agent="my-audit/2", headers={"X-Audit": "42"})
    (seen,) = server.requests_seen
    assert (seen.headers["User-Agent"], seen.headers["X-Audit"]) == ("my-audit/2", "42")


# --- redirects -------------------------------------------------------------------------------


def test_follows_redirect_chain(server: LoopbackServer) -> None:
    server.redirect("/a", "/b", status=301)
    server.redirect("/b", server.url("/c"), status=307)  # absolute
    server.redirect("/c", "/final", status=308)
    final = server.add("/final", html("arrived"))
    page = fetch(server.url("/a"), timeout=5)
    assert (page.url, page.status) == (final, 200)
    assert page.redirects == (server.url("/a"), server.url("/b"), server.url("/c"))
    assert "arrived" in page.text
    assert [seen.path for seen in server.requests_seen] == ["/a", "/b", "/c", "/final"]


def test_relative_location_is_resolved(server: LoopbackServer) -> None:
    server.redirect("/news/2024/old", "../2025/new?x=1", status=302)
    server.add("/news/2025/new", html("moved"))
    page = fetch(server.url("/news/2024/old"), timeout=5)
    assert page.url == server.url("/news/2025/new?x=1")
    assert "moved" in page.text


def test_max_redirects_are_followed(server: LoopbackServer) -> None:
    for hop in range(MAX_REDIRECTS):
        server.redirect(f"/r{hop}", f"/r{hop + 1}")
    server.add(f"/r{MAX_REDIRECTS}", html("end"))
    page = fetch(server.url("/r0"), timeout=5)
    assert len(page.redirects) == MAX_REDIRECTS
    assert page.url == server.url(f"/r{MAX_REDIRECTS}")


def test_redirect_loop_is_an_error(server: LoopbackServer) -> None:
    server.redirect("/ping", "/pong")
    server.redirect("/pong", "/ping")
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/ping"), timeout=5)
    assert caught.value.reason == f"too many redirects (more than {MAX_REDIRECTS})"
    assert caught.value.url == server.url("/ping")
    assert len(server.requests_seen) == MAX_REDIRECTS + 1


def test_cookie_set_by_a_redirect_is_sent_to_its_target(server: LoopbackServer) -> None:
    server.add("/consent", b"", status=302, headers={"Location": "/article", "Set-Cookie": "consent=yes; Path=/"})
    server.add("/article", html("article"))
    fetch(server.url("/consent"), timeout=5)
    assert server.requests_seen[-1].headers["Cookie"] == "consent=yes"


def test_given_session_is_used_and_left_open(server: LoopbackServer) -> None:
    server.add("/login", html("in"), headers={"Set-Cookie": "sid=abc; Path=/"})
    server.add("/page", html("x"))
    with requests.Session() as session:
        fetch(server.url("/login"), timeout=5, session=session)
        fetch(server.url("/page"), timeout=5, session=session)
        assert session.cookies.get("sid") == "abc"
    assert server.requests_seen[-1].headers["Cookie"] == "sid=abc"


# --- errors ----------------------------------------------------------------------------------


@dataclass
class Failure:
    """A response that fetch() must refuse, and the reason it must give."""

    id: str
    route: dict[str, Any]
    reason: str
    status: int | None
    timeout: float = 5.0
    max_bytes: int = 50_000


NOT_HTML = "not an HTML page (content type {})"
TOO_LARGE = "page is larger than the 50,000-byte limit"

FAILURES = [
    Failure("http-404", {"status": 404}, "HTTP 404 Not Found", 404),
    Failure("http-500", {"status": 500}, "HTTP 500 Internal Server Error", 500),
    Failure("http-403", {"status": 403}, "HTTP 403 Forbidden", 403),
    Failure("http-429", {"status": 429}, "HTTP 429 Too Many Requests", 429),
    Failure("http-unknown-status", {"status": 599}, "HTTP 599", 599),
    Failure("redirect-without-location", {"status": 302}, "HTTP 302 Found (redirect without a Location header)", 302),
    # Non-HTML bodies stall after their headers: the type must be judged without reading them.
    Failure("pdf", {"content_type": "application/pdf", "stall": True}, NOT_HTML.format("application/pdf"), 200),
    Failure("png", {"content_type": "image/png", "stall": True}, NOT_HTML.format("image/png"), 200),
    Failure("json", {"content_type": "application/json; charset=utf-8"}, NOT_HTML.format("application/json"), 200),
    Failure("text-plain", {"content_type": "text/plain"}, NOT_HTML.format("text/plain"), 200),
    Failure(
        "no-content-type-not-html",
        {"content_type": None, "body": b"%PDF-1.7\n%\xe2\xe3"},
        "not an HTML page: looks like PDF",
        200,
    ),
    Failure(
        "no-content-type-text-not-html",
        {"content_type": None, "body": b"Dear reader, this is not a page."},
        "not an HTML page (no content type, and the body does not look like HTML)",
        200,
    ),
    Failure("oversized", {"body": b"<html>" + b"x" * 200_000}, TOO_LARGE, 200),
    Failure(
        "oversized-chunked-then-stalls",  # refused as soon as the cap is passed, not at the end
        {"body": b"<html>" + b"x" * 200_000, "chunked": True, "stall": True},
        TOO_LARGE,
        200,
    ),
    Failure(
        "content-length-over-cap",  # refused from the header: the body never comes
        {"body": b"<html>", "headers": {"Content-Length": "10000000000"}, "stall": True},
        TOO_LARGE,
        200,
    ),
    Failure(
        "gzip-bomb",  # about 5 KB on the wire, 5 MB decompressed
        {"body": b"\0" * 5_000_000, "gzip": True},
        TOO_LARGE,
        200,
    ),
    Failure(
        "gzip-bomb-chunked-then-stalls",
        {"body": b"\0" * 5_000_000, "gzip": True, "chunked": True, "stall": True},
        TOO_LARGE,
        200,
    ),
    Failure(
        "corrupt-gzip",
        {"body": b"\x1f\x8b\x08\x00not really gzip at all", "headers": {"Content-Encoding": "gzip"}},
        "could not decompress the page (invalid gzip data)",
        200,
    ),
    Failure("brotli", {"body": b"xx", "headers": {"Content-Encoding": "br"}}, "unsupported content encoding 'br'", 200),
    Failure(
        "redirect-to-ftp",
        {"status": 301, "headers": {"Location": "ftp://files.example/x"}, "content_type": None},
        "redirected to a URL that cannot be fetched: unsupported URL scheme 'ftp'",
        301,
    ),
]


@pytest.mark.parametrize("case", FAILURES, ids=[case.id for case in FAILURES])
def test_refuses(server: LoopbackServer, case: Failure) -> None:
    route = dict(case.route)
    url = server.add("/page", route.pop("body", b"<html>error page</html>"), **route)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(url, timeout=case.timeout, max_bytes=case.max_bytes)
    assert time.monotonic() - started < 1.0  # nothing waited for the rest of the body
    error = caught.value
    assert (error.reason, str(error), error.status) == (case.reason, case.reason, case.status)
    assert (error.url, error.final_url) == (url, url)


def test_body_exactly_at_cap_is_accepted(server: LoopbackServer) -> None:
    body = b"<html>" + b"x" * (50_000 - 6)
    assert len(fetch(server.add("/page", body), timeout=5, max_bytes=50_000).text) == 50_000
    assert len(fetch(server.add("/gz", body, gzip=True), timeout=5, max_bytes=50_000).text) == 50_000


def test_error_status_keeps_redirect_target_as_final_url(server: LoopbackServer) -> None:
    server.redirect("/old", "/gone", status=301)
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/old"), timeout=5)
    error = caught.value
    assert (error.status, error.url, error.final_url) == (404, server.url("/old"), server.url("/gone"))


# --- the one deadline ------------------------------------------------------------------------


def trickle_headers(server: LoopbackServer) -> Callable[[BaseHTTPRequestHandler], None]:
    """A handler sending a never-ending header block one byte every 0.2 s."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        data = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X-Slow: " + b"z" * 10_000
        for byte in data:
            request.wfile.write(bytes([byte]))
            if not server.pause(0.2):
                return

    return handler


# id -> (route setup, timeout in seconds)
SLOW: dict[str, tuple[Callable[[LoopbackServer], Any], float]] = {
    "trickled-body": (lambda server: server.add("/slow", b"<html>" + b"x" * 100_000, trickle=0.2), 1.5),
    "stalls-after-headers": (lambda server: server.add("/slow", b"", stall=True), 1.5),
    "trickled-chunked-body": (
        lambda server: server.add("/slow", b"<html>" + b"x" * 9_000, trickle=0.2, chunked=True),
        1,
    ),
    "slow-headers-then-stalled-body": (lambda server: server.add("/slow", b"<html>", delay=0.6, stall=True), 1),
    "no-answer": (lambda server: server.add("/slow", html("late"), delay=30), 1),
    "trickled-headers": (lambda server: server.add_handler("/slow", trickle_headers(server)), 1),
    "deadline-spans-redirects": (  # each hop alone is well within the timeout
        lambda server: (
            server.add("/slow", b"", status=302, headers={"Location": "/hop2"}, content_type=None, delay=0.4),
            server.add("/hop2", b"", status=302, headers={"Location": "/hop3"}, content_type=None, delay=0.4),
            server.add("/hop3", html("late"), delay=0.4),
        ),
        1,
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize(("setup", "timeout"), SLOW.values(), ids=SLOW.keys())
def test_slow_server_times_out_at_the_deadline(
    server: LoopbackServer, setup: Callable[[LoopbackServer], Any], timeout: float, request: pytest.FixtureRequest
) -> None:
    setup(server)
    before = {thread for thread in threading.enumerate() if thread.name == "repcheck-fetch"}
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/slow"), timeout=timeout)
    took = time.monotonic() - started
    assert caught.value.reason == f"timed out after {timeout:g} s"
    assert (caught.value.url, caught.value.status) == (server.url("/slow"), None)
    assert timeout - 0.1 < took < timeout + 1
    # The next fetch from this thread works; helper threads do not pile up: a helper abandoned at the deadline
    # ends with its request, except while a server is still sending headers (documented), and one helper serves
    # this thread from now on.
    assert fetch(server.add("/fine", "<p>fine</p>"), timeout=2).text == "<p>fine</p>"
    lingers = request.node.callspec.id == "trickled-headers"
    helpers = [t for t in threading.enumerate() if t.name == "repcheck-fetch" and t not in before]
    for thread in helpers:
        thread.join(0 if lingers else 0.5)
    alive = [t for t in helpers if t.is_alive()]
    assert len(alive) <= 1 + lingers
    assert len([t for t in threading.enumerate() if t.name == "repcheck-fetch"]) <= len(before) + 1 + lingers


# --- network and URL problems ----------------------------------------------------------------


def test_connection_refused() -> None:
    port = unused_port()
    with pytest.raises(FetchError) as caught:
        fetch(f"http://127.0.0.1:{port}/page", timeout=5)
    assert caught.value.reason == f"could not connect to 127.0.0.1:{port} (connection refused)"
    assert caught.value.status is None


def test_unresolvable_host() -> None:
    with pytest.raises(FetchError) as caught:
        fetch("http://nosuch.invalid/page", timeout=5)
    assert caught.value.reason == "could not resolve host nosuch.invalid"


def test_tls_to_a_plain_http_server_is_an_ssl_error(server: LoopbackServer) -> None:
    url = server.add("/page", html("x")).replace("http://", "https://")
    with pytest.raises(FetchError) as caught:
        fetch(url, timeout=5)
    assert caught.value.reason.startswith("SSL error: ")
    assert "\n" not in caught.value.reason and "_ssl.c" not in caught.value.reason


def close_without_answer(request: BaseHTTPRequestHandler) -> None:
    request.close_connection = True


def truncate_body(request: BaseHTTPRequestHandler) -> None:
    request.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<html>only")
    request.close_connection = True


@pytest.mark.parametrize(
    ("handler", "reason"),
    [
        (close_without_answer, "{address} closed the connection without sending a response"),
        (truncate_body, "{address} closed the connection before the whole page was received"),
    ],
    ids=["closed-without-response", "truncated-body"],
)
def test_connection_dropped(
    server: LoopbackServer, handler: Callable[[BaseHTTPRequestHandler], None], reason: str
) -> None:
    url = server.add_handler("/page", handler)
    with pytest.raises(FetchError) as caught:
        fetch(url, timeout=5)
    assert caught.value.reason == reason.format(address=server.base_url.removeprefix("http://"))


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/file", "unsupported URL scheme 'ftp'"),
        ("file:///etc/passwd", "unsupported URL scheme 'file'"),
        ("example.org/news", "invalid URL: 'example.org/news' (it must start with http:// or https://)"),
        ("http://", "invalid URL: 'http://' (no host name)"),
        ("http://example.org:99999/", "invalid URL: 'http://example.org:99999/' (Port out of range 0-65535)"),
    ],
    ids=["ftp", "file", "no-scheme", "no-host", "bad-port"],
)
def test_bad_urls(url: str, reason: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(url)
    assert (caught.value.reason, caught.value.url, caught.value.status) == (reason, url, None)


def test_many_threads_fetch_at_once(server: LoopbackServer) -> None:
    urls = [server.add(f"/p{n}", html(f"page number {n}"), delay=0.1) for n in range(8)]
    results: dict[int, str] = {}

    def work(n: int) -> None:
        results[n] = fetch(urls[n], timeout=5).text

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {n: f"page number {n}" in text for n, text in results.items()} == {n: True for n in range(8)}
