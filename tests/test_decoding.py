"""Bytes to text: ``checker.encoding.decode_html`` (HTTP charset, <meta> prescan, BOM, UTF-8, a guess) and
``checker.fetch.read_file`` (saved pages, gzipped or not)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from encoded_pages import CP1252_PAGE, CP1252_TEXT, html
from server import unused_port

from checker.encoding import decode_html
from checker.fetch import FetchError, fetch, read_file

# --- decode_html -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "declared", "expected"),
    [
        (b"<p>caf\xc3\xa9</p>", None, ("<p>cafÃ©</p>", "windows-1252")),
        (b"<p>caf\xe9</p>", "ISO-8859-1", ("<p>café</p>", "windows-1252")),
        (b"<p>\x93q\x94</p>", "latin-1", ("<p>“q”</p>", "windows-1252")),
        (b"<p>\x93q\x94</p>", "us-ascii", ("<p>“q”</p>", "windows-1252")),
        (b"<p>\x93q\x94</p>", '"windows-1252"', ("<p>“q”</p>", "windows-1252")),
        (b"<meta charset='iso-8859-15'><p>\xa4</p>", None, ("<meta charset='iso-8859-15'><p>€</p>", "ISO-8859-15")),
        (b"<meta charset=utf-16><p>\xc3\xa9</p>", None, ("<meta charset=utf-16><p>é</p>", "UTF-8")),
        (
            b"<?xml version='1.0' encoding='koi8-r'?><p>\xf0",
            None,
            ("<?xml version='1.0' encoding='koi8-r'?><p>П", "KOI8-R"),
        ),
        (b"<p>x</p>", "base64", ("<p>x</p>", "windows-1252")),
        (b"<p>+AGEAYgBj-</p>", "utf-7", ("<p>+AGEAYgBj-</p>", "windows-1252")),
        (b"\xef\xbb\xbf<p>\xc3\xa9</p>", "windows-1252", ("<p>é</p>", "UTF-8")),
        (b"\xfe\xff\x00<\x00p\x00>", None, ("<p>", "UTF-16BE")),
        (b"<p>\xff\xc3</p>", "utf-8", ("<p>\ufffd\ufffd</p>", "UTF-8")),
        (b"", None, ("", "windows-1252")),
    ],
    ids=[
        "utf8-undeclared-over-http-is-not-guessed",
        "iso-8859-1-header",
        "latin-1-means-cp1252",
        "ascii-means-cp1252",
        "quoted-label",
        "meta-iso-8859-15",
        "meta-utf16-means-utf8",
        "xml-declaration",
        "non-text-codec-ignored",
        "utf7-ignored",
        "utf8-bom-wins",
        "utf16be-bom",
        "bad-bytes-replaced",
        "empty",
    ],
)
def test_decode_html(body: bytes, declared: str | None, expected: tuple[str, str]) -> None:
    assert decode_html(body, declared) == expected


# --- read_file -------------------------------------------------------------------------------


def test_read_file_plain_and_cp1252(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_bytes(CP1252_PAGE)
    text, encoding = read_file(tmp_path / "page.html")
    assert (CP1252_TEXT in text, encoding) == (True, "windows-1252")


@pytest.mark.parametrize("name", ["page.html.gz", "page.html"], ids=["gz-name", "gzip-magic-only"])
def test_read_file_gzip(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(gzip.compress(html("compressed é").encode()))
    text, encoding = read_file(str(tmp_path / name))
    assert ("compressed é" in text, encoding) == (True, "UTF-8")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.html", None, "file not found: {path}"),
        ("folder", "dir", "not a file: {path}"),
        ("big.html", b"<html>" + b"x" * 1_000, "file is larger than the 1,000-byte limit"),
        ("bomb.html.gz", gzip.compress(b"\0" * 1_000_000), "file is larger than the 1,000-byte limit"),
        ("broken.html.gz", b"this is not gzip", "could not decompress {path} (invalid gzip data)"),
    ],
    ids=["missing", "directory", "oversized", "oversized-after-gunzip", "corrupt-gz"],
)
def test_read_file_errors(tmp_path: Path, name: str, content: bytes | str | None, reason: str) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(FetchError) as caught:
        read_file(path, max_bytes=1_000)
    assert (caught.value.reason, caught.value.url) == (reason.format(path=path), str(path))


def test_refused_and_dropped_connections_are_transient_but_missing_hosts_are_not(server) -> None:  # noqa: ANN001

    with pytest.raises(FetchError) as refused:
        fetch(f"http://127.0.0.1:{unused_port()}/", timeout=2)
    assert refused.value.transient and refused.value.status is None
    with pytest.raises(FetchError) as missing:
        fetch("http://no-such-host.invalid/", timeout=2)
    assert not missing.value.transient
    with pytest.raises(FetchError) as gone:
        fetch(server.add("/gone", "x", status=404), timeout=2)
    assert not gone.value.transient
    with pytest.raises(FetchError) as busy:
        fetch(server.add("/busy", "x", status=503, headers={"Retry-After": "7"}), timeout=2)
    assert busy.value.transient and busy.value.retry_after == 7.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("", None),
        ("120", 120.0),
        ("soon", None),
        ("Thu, 01 Jan 1970 00:01:40 GMT", 60.0),  # an HTTP date: 100 s after the epoch, "now" being 40 s
        ("Thu, 01 Jan 1970 00:00:10 GMT", 0.0),  # a date in the past: no wait
    ],
)
def test_retry_after_header(header: str | None, seconds: float | None) -> None:
    from checker.fetch import retry_after_seconds

    assert retry_after_seconds(header, now=40.0) == seconds
