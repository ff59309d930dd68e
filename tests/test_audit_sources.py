"""checker.audit.sources: URL lists, CSVs, standard input and sitemaps (served by a real loopback server)."""

from __future__ import annotations

import codecs
import gzip
import io
from pathlib import Path

import pytest
from audit_helpers import run_audit
from server import LoopbackServer

from checker.audit.sources import (
    AuditTarget,
    SourceError,
    UrlFilter,
    dedup_key,
    read_list,
    read_sitemap,
)

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def urlset(*urls: str, namespace: str | None = NS) -> str:
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    items = "".join(f"<url><loc>{url}</loc><lastmod>2024-01-01</lastmod></url>" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset{xmlns}>{items}</urlset>'


def sitemap_index(*locs: str) -> str:
    items = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NS}">{items}</sitemapindex>'


def urls(targets: object) -> list[str]:
    return [target.url for target in targets]  # type: ignore[attr-defined]


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


# --- read_list ------------------------------------------------------------------------------------------------------


def test_plain_list_skips_comments_and_blanks_and_strips_bom_crlf_and_whitespace(tmp_path: Path) -> None:
    name = write(
        tmp_path,
        "urls.txt",
        b"\xef\xbb\xbf# partner pages\r\nhttps://a.example/1\r\n\r\n   \r\n  https://a.example/2  \r\n"
        b"  # indented comment\r\nhttps://a.example/3",
    )
    assert list(read_list(name)) == [
        AuditTarget("https://a.example/1", origin=f"{name}:2"),
        AuditTarget("https://a.example/2", origin=f"{name}:5"),
        AuditTarget("https://a.example/3", origin=f"{name}:7"),
    ]


@pytest.mark.parametrize(
    ("file", "content", "problem"),
    [
        (
            "urls.txt",
            b"https://a.example/1\nhttps://a.example/caf\xe9\n",
            "2: not UTF-8 (byte 0xE9): save the list as UTF-8",
        ),
        ("urls.txt", b"https://a.example/1\r\rhttps://a.example/2\0\n", "3: contains a NUL byte"),
        ("urls.txt", "https://a.example/1\nhttps://a.example/2\n".encode("utf-16-le"), "1: contains a NUL byte"),
        ("urls.txt", b'https://a.example/1\n"https://a.example/2\nhttps://a.example/3\n', "2: unterminated quote"),
        (
            "urls.csv",
            b'url,notes\nhttps://a.example/1,ok\nhttps://a.example/2,"open\nhttps://a.example/3,x\n',
            "3: unterminated quote",
        ),
        ("urls.csv", b'url,notes\nhttps://a.example/1,"open', "2: unterminated quote"),
        (
            "urls.csv",
            b'url,notes\nhttps://a.example/0,"open\n' + b"https://a.example/1,x\n" * 8000,
            "2: unterminated quote",
        ),
        ("urls.csv", b'url,"notes\nhttps://a.example/1,x\n', "1: unterminated quote"),
        ("urls.csv", b"url;notes\r\nhttps://a.example/1;\xff\xfe\r\n", "2: not UTF-8 (byte 0xFF)"),
    ],
    ids=[
        "latin-1",
        "nul",
        "utf-16-without-bom",
        "plain-list-quote",
        "csv-quote",
        "csv-quote-at-end",
        "csv-quote-past-the-cell-size-limit",
        "csv-header-quote",
        "csv-bad-bytes",
    ],
)
def test_unreadable_list_is_refused_with_its_line(tmp_path: Path, file: str, content: bytes, problem: str) -> None:
    name = write(tmp_path, file, content)
    with pytest.raises(SourceError) as caught:
        list(read_list(name))
    assert str(caught.value).startswith(f"{name}:{problem}")
    assert "\n" not in str(caught.value)


def test_utf16_list_with_a_bom_is_read(tmp_path: Path) -> None:
    text = "url\treporter\r\nhttps://a.example/1\tJosé Núñez\r\n"  # what Excel's "Unicode text" writes
    name = write(tmp_path, "urls.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert [(t.url, t.reporter) for t in read_list(name)] == [("https://a.example/1", "José Núñez")]


def test_csv_reads_url_reporter_original_and_quoted_commas(tmp_path: Path) -> None:
    name = write(
        tmp_path,
        "urls.csv",
        "# exported 2024-05-01\n"
        "Title,URL,Reporter,Original\n"
        '"Story, one",https://a.example/1,"Pope, Nick",https://dcnf.example/1\n'
        "Story two, https://a.example/2 ,,\n"
        "blank url,,Someone,\n"
        "# a commented row,https://a.example/skipped\n"
        "short row,https://a.example/3\n",
    )
    assert list(read_list(name)) == [
        AuditTarget(
            "https://a.example/1", reporter="Pope, Nick", original="https://dcnf.example/1", origin=f"{name}:3"
        ),
        AuditTarget("https://a.example/2", origin=f"{name}:4"),
        AuditTarget("https://a.example/3", origin=f"{name}:7"),
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters(tmp_path: Path, delimiter: str) -> None:
    rows = [["url", "reporter"], ["https://a.example/1", "Jane Doe"], ["https://a.example/2", ""]]
    name = write(tmp_path, "urls.csv", "".join(delimiter.join(row) + "\r\n" for row in rows))
    assert [(t.url, t.reporter) for t in read_list(name)] == [
        ("https://a.example/1", "Jane Doe"),
        ("https://a.example/2", None),
    ]


def test_csv_detected_from_stdin() -> None:
    stdin = io.BytesIO(b'\n# header follows\nurl,reporter\nhttps://a.example/1,"Pope, Nick"\n')
    assert list(read_list("-", stdin=stdin)) == [
        AuditTarget("https://a.example/1", reporter="Pope, Nick", origin="<stdin>:4")
    ]


def test_plain_list_from_stdin() -> None:
    stdin = io.BytesIO(b"https://a.example/1\nhttps://a.example/2,with-comma\n")
    assert [(t.url, t.origin) for t in read_list("-", stdin=stdin)] == [
        ("https://a.example/1", "<stdin>:1"),
        ("https://a.example/2,with-comma", "<stdin>:2"),
    ]


def test_csv_multiline_quoted_cell_keeps_following_line_numbers(tmp_path: Path) -> None:
    name = write(tmp_path, "urls.csv", 'url,notes\nhttps://a.example/1,"two\nlines"\nhttps://a.example/2,x\n')
    assert [(t.url, t.origin) for t in read_list(name)] == [
        ("https://a.example/1", f"{name}:3"),
        ("https://a.example/2", f"{name}:4"),
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", []),
        (b"# nothing but comments\n\n", []),
    ],
)
def test_empty_sources_yield_nothing(tmp_path: Path, content: bytes, expected: list[str]) -> None:
    assert urls(read_list(write(tmp_path, "urls.txt", content))) == expected


def test_audit_of_an_unreadable_list_checks_nothing_and_exits_2(server: LoopbackServer, tmp_path: Path) -> None:
    good = server.add("/story", "<html><body><p>story</p></body></html>")
    listing = write(tmp_path, "urls.csv", f'url,notes\n{good},fine\n{good}?2,"never closed\n{good}?3,x\n')
    code, reports, err = run_audit([listing], tmp_path)
    assert (code, reports, server.requests_seen) == (2, [], [])
    assert f"{listing}:3: unterminated quote" in err


@pytest.mark.parametrize("content", ["", "# only comments\n\n   \n# and blanks\n"], ids=["empty", "comments-only"])
def test_audit_of_an_empty_list_says_nothing_to_check_and_exits_3(tmp_path: Path, content: str) -> None:
    listing = write(tmp_path, "urls.txt", content)
    code, reports, err = run_audit([listing], tmp_path)
    assert (code, reports) == (3, [])
    assert err.strip() == f"repcheck: error: nothing to check: no URL in {listing}"
    code, _, err = run_audit(["-"], tmp_path, stdin=content)
    assert code == 3 and "nothing to check: no URL in <stdin>" in err


def test_missing_file_is_a_one_line_source_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "urls.txt")
    with pytest.raises(SourceError) as caught:
        read_list(missing)  # raised at the call, not on the first next()
    assert str(caught.value) == f"file not found: {missing}"


def test_directory_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"^not a file: "):
        read_list(str(tmp_path))


def test_csv_file_without_url_column_is_a_source_error(tmp_path: Path) -> None:
    name = write(tmp_path, "urls.csv", "link,reporter\nhttps://a.example/1,x\n")
    with pytest.raises(SourceError) as caught:
        read_list(name)
    assert str(caught.value) == f"{name}: no 'url' column in the CSV header (found: link, reporter)"
    assert "\n" not in str(caught.value)


# --- read_sitemap ---------------------------------------------------------------------------------------------------


def test_sitemap_urlset_any_namespace_or_none(server: LoopbackServer) -> None:
    with_ns = server.add(
        "/sitemap.xml", urlset(" https://a.example/1 ", "https://a.example/2"), content_type="application/xml"
    )
    no_ns = server.add("/plain.xml", urlset("https://a.example/3", namespace=None), content_type="text/xml")
    assert list(read_sitemap(with_ns)) == [
        AuditTarget("https://a.example/1", origin=with_ns),
        AuditTarget("https://a.example/2", origin=with_ns),
    ]
    assert urls(read_sitemap(no_ns)) == ["https://a.example/3"]


def test_sitemap_ignores_image_locs_and_empty_locs(server: LoopbackServer) -> None:
    body = (
        f'<urlset xmlns="{NS}" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
        "<url><loc>https://a.example/1</loc><image:image><image:loc>https://cdn.example/p.jpg</image:loc>"
        "</image:image></url><url><loc>  </loc></url></urlset>"
    )
    assert urls(read_sitemap(server.add("/s.xml", body, content_type="application/xml"))) == ["https://a.example/1"]


def test_sitemap_index_with_gzipped_child_and_plain_child(server: LoopbackServer) -> None:
    gz = server.add(
        "/news.xml.gz",
        gzip.compress(urlset("https://a.example/1", "https://a.example/2").encode()),
        content_type="application/x-gzip",
    )
    plain = server.add("/pages.xml", urlset("https://a.example/3"), content_type="application/xml")
    index = server.add("/sitemap_index.xml", sitemap_index(gz, plain), content_type="application/xml")
    targets = list(read_sitemap(index))
    assert [(t.url, t.origin) for t in targets] == [
        ("https://a.example/1", gz),
        ("https://a.example/2", gz),
        ("https://a.example/3", plain),
    ]


def test_sitemap_served_with_content_encoding_gzip(server: LoopbackServer) -> None:
    url = server.add("/s.xml", urlset("https://a.example/1"), content_type="application/xml", gzip=True)
    assert urls(read_sitemap(url)) == ["https://a.example/1"]


def test_sitemap_index_loop_reads_each_sitemap_once(server: LoopbackServer) -> None:
    child = server.url("/child.xml")
    index = server.add("/index.xml", sitemap_index(server.url("/index.xml"), child), content_type="application/xml")
    server.add("/child.xml", sitemap_index(index, server.url("/leaf.xml")), content_type="application/xml")
    server.add("/leaf.xml", urlset("https://a.example/1"), content_type="application/xml")
    errors: list[str] = []
    assert urls(read_sitemap(index, on_error=errors.append)) == ["https://a.example/1"]
    assert errors == []
    assert sorted(seen.path for seen in server.requests_seen) == ["/child.xml", "/index.xml", "/leaf.xml"]


def test_failing_child_is_reported_and_the_others_still_yield(server: LoopbackServer) -> None:
    missing = server.url("/gone.xml")
    html = server.add("/html.xml", "<html><body>oops</body></html>")
    good = server.add("/good.xml", urlset("https://a.example/1"), content_type="application/xml")
    index = server.add("/index.xml", sitemap_index(missing, html, good), content_type="application/xml")
    errors: list[str] = []
    assert urls(read_sitemap(index, on_error=errors.append)) == ["https://a.example/1"]
    assert errors == [
        f"sitemap {missing}: HTTP 404 Not Found",
        f"sitemap {html}: not a sitemap (root element <html>)",
    ]


def test_failing_child_without_on_error_is_skipped(server: LoopbackServer) -> None:
    good = server.add("/good.xml", urlset("https://a.example/1"), content_type="application/xml")
    index = server.add("/index.xml", sitemap_index(server.url("/gone.xml"), good), content_type="application/xml")
    assert urls(read_sitemap(index)) == ["https://a.example/1"]


def test_children_are_read_lazily(server: LoopbackServer) -> None:
    first = server.add("/1.xml", urlset("https://a.example/1"), content_type="application/xml")
    second = server.add("/2.xml", urlset("https://a.example/2"), content_type="application/xml")
    targets = read_sitemap(server.add("/index.xml", sitemap_index(first, second), content_type="application/xml"))
    assert next(targets).url == "https://a.example/1"
    assert [seen.path for seen in server.requests_seen] == ["/index.xml", "/1.xml"]


def test_nesting_deeper_than_max_depth_is_reported(server: LoopbackServer) -> None:
    leaf = server.add("/leaf.xml", urlset("https://a.example/1"), content_type="application/xml")
    inner = server.add("/inner.xml", sitemap_index(leaf), content_type="application/xml")
    outer = server.add("/outer.xml", sitemap_index(inner), content_type="application/xml")
    errors: list[str] = []
    assert urls(read_sitemap(outer, max_depth=2)) == ["https://a.example/1"]
    assert urls(read_sitemap(outer, max_depth=1, on_error=errors.append)) == []
    assert errors == [f"sitemap {leaf}: not read, sitemap indexes nest more than 1 deep"]


@pytest.mark.parametrize(
    ("path", "body", "content_type", "status", "reason"),
    [
        ("/sitemap.xml", "missing", "text/html", 404, "HTTP 404 Not Found"),
        ("/sitemap.xml", "<feed><entry/></feed>", "application/xml", 200, "not a sitemap (root element <feed>)"),
        (
            "/sitemap.xml",
            "User-agent: *\nDisallow:\n",
            "text/plain",
            200,
            "not a sitemap (neither XML nor a text list of URLs)",
        ),
        (
            "/sitemap.xml.gz",
            b"\x1f\x8bnot gzip at all",
            "application/gzip",
            200,
            "could not decompress it (invalid gzip data)",
        ),
    ],
)
def test_top_level_failure_is_a_one_line_source_error(
    server: LoopbackServer, path: str, body: str | bytes, content_type: str, status: int, reason: str
) -> None:
    url = server.add(path, body, content_type=content_type, status=status)
    with pytest.raises(SourceError) as caught:
        read_sitemap(url)  # raised at the call
    assert str(caught.value) == f"sitemap {url}: {reason}"


def test_sitemap_over_the_size_limit_after_decompression(server: LoopbackServer) -> None:
    big = urlset(*(f"https://a.example/{n}" for n in range(2000))).encode()
    url = server.add("/big.xml.gz", gzip.compress(big), content_type="application/x-gzip")
    with pytest.raises(SourceError) as caught:
        read_sitemap(url, max_bytes=10_000)
    assert str(caught.value) == f"sitemap {url}: sitemap is larger than the 10,000-byte limit"
    plain = server.add("/big.xml", big, content_type="application/xml")
    with pytest.raises(SourceError, match=r"sitemap is larger than the 10,000-byte limit$"):
        read_sitemap(plain, max_bytes=10_000)


def test_unreachable_host_is_a_source_error() -> None:
    from server import unused_port

    url = f"http://127.0.0.1:{unused_port()}/sitemap.xml"
    with pytest.raises(SourceError, match=r"^sitemap http://127\.0\.0\.1:\d+/sitemap\.xml: could not connect"):
        read_sitemap(url, timeout=5)


def test_text_sitemap(server: LoopbackServer) -> None:
    url = server.add(
        "/sitemap.txt",
        "\ufeffhttps://a.example/1\r\n\r\nhttps://a.example/2\r\n",
        content_type="text/plain; charset=utf-8",
    )
    assert list(read_sitemap(url)) == [
        AuditTarget("https://a.example/1", origin=url),
        AuditTarget("https://a.example/2", origin=url),
    ]


def test_local_sitemap_files_gzip_and_relative_children(tmp_path: Path) -> None:
    write(tmp_path, "news.xml.gz", gzip.compress(urlset("https://a.example/1").encode()))
    write(tmp_path, "pages.xml", urlset("https://a.example/2"))
    index = write(tmp_path, "index.xml", sitemap_index("news.xml.gz", "pages.xml", "missing.xml"))
    errors: list[str] = []
    assert urls(read_sitemap(index, on_error=errors.append)) == ["https://a.example/1", "https://a.example/2"]
    assert errors == [f"sitemap {tmp_path / 'missing.xml'}: file not found"]
    with pytest.raises(SourceError) as caught:
        read_sitemap(str(tmp_path / "nope.xml"))
    assert str(caught.value) == f"sitemap {tmp_path / 'nope.xml'}: file not found"


def test_xxe_entity_is_not_expanded(server: LoopbackServer, tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "https://leak.example/TOP-SECRET")
    body = (
        f'<?xml version="1.0"?>\n<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        f'<urlset xmlns="{NS}"><url><loc>&xxe;</loc></url><url><loc>https://a.example/1</loc></url></urlset>'
    )
    for source in (server.add("/xxe.xml", body, content_type="application/xml"), write(tmp_path, "xxe.xml", body)):
        found = urls(read_sitemap(source))
        assert not any("SECRET" in url for url in found), found
        assert "https://a.example/1" in found


def test_billion_laughs_is_not_expanded(server: LoopbackServer) -> None:
    entities = '<!ENTITY a0 "https://a.example/lol">' + "".join(
        f'<!ENTITY a{n} "{("&a" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    )
    body = f'<?xml version="1.0"?><!DOCTYPE urlset [{entities}]><urlset><url><loc>&a9;</loc></url></urlset>'
    found = urls(read_sitemap(server.add("/lol.xml", body, content_type="application/xml")))
    assert sum(len(url) for url in found) < 1000


# --- UrlFilter ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("include", "exclude", "url", "keep"),
    [
        ((), (), "https://a.example/anything", True),
        (("https://a.example/*",), (), "https://a.example/2024/05/story", True),  # * crosses /
        (("https://a.example/*",), (), "https://b.example/story", False),
        (("*/news/*", "*/politics/*"), (), "https://a.example/politics/x", True),
        (("*/news/*",), (), "https://a.example/NEWS/x", False),  # case-sensitive
        ((), ("*.pdf",), "https://a.example/file.pdf", False),
        ((), ("*.pdf",), "https://a.example/file.html", True),
        (("https://a.example/*",), ("*/tag/*",), "https://a.example/tag/x", False),  # exclude wins
        (("https://a.example/???/x",), (), "https://a.example/abc/x", True),
        (("re:/20(23|24)/",), (), "https://a.example/2024/05/x", True),  # searched, not anchored
        (("re:/20(23|24)/",), (), "https://a.example/2022/05/x", False),
        ((), ("re:\\?page=\\d+$",), "https://a.example/list?page=2", False),
        (("re:^https://a\\.example/",), ("re:amp$",), "https://a.example/x/amp", False),
    ],
)
def test_url_filter(include: tuple[str, ...], exclude: tuple[str, ...], url: str, keep: bool) -> None:
    assert UrlFilter(include, exclude)(url) is keep


@pytest.mark.parametrize("pattern", ["re:(unclosed", "re:*x", "re:[a-"])
def test_url_filter_bad_regex_is_a_one_line_value_error(pattern: str) -> None:
    with pytest.raises(ValueError) as caught:
        UrlFilter(exclude=[pattern])
    message = str(caught.value)
    assert repr(pattern) in message and "\n" not in message


# --- dedup_key ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("  https://A.Example.COM/Path/Story  ", "https://a.example.com/Path/Story"),
        ("HTTP://a.example", "http://a.example/"),
        ("http://a.example:80/x", "http://a.example/x"),
        ("https://a.example:443/x", "https://a.example/x"),
        ("http://a.example:443/x", "http://a.example:443/x"),
        ("https://a.example:8443/x", "https://a.example:8443/x"),
        ("https://a.example/x#comments", "https://a.example/x"),
        ("https://a.example/x/", "https://a.example/x/"),
        ("https://a.example/x?b=2&a=1#top", "https://a.example/x?b=2&a=1"),
        ("https://a.example?q=1", "https://a.example/?q=1"),
        ("https://User:Pw@A.example:443/x", "https://User:Pw@a.example/x"),
        ("http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"),
        ("not a url", "not a url"),
        ("  ", ""),
        ("http://[::1/x", "http://[::1/x"),
        ("http://a.example:port/x", "http://a.example:port/x"),
        ("/relative/path", "/relative/path"),
    ],
)
def test_dedup_key(url: str, key: str) -> None:
    assert dedup_key(url) == key


def test_dedup_key_makes_equivalent_urls_equal() -> None:
    variants = ["https://a.example/story", "HTTPS://A.EXAMPLE:443/story#c", " https://a.example/story\n"]
    assert len({dedup_key(url) for url in variants}) == 1
    assert dedup_key("https://a.example/Story") != dedup_key("https://a.example/story")
