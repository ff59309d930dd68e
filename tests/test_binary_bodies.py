"""A body that is not a page at all (a PDF, an image, an archive, random bytes) sent as HTML: an `error` that says
what it looks like, never a page whose every rule fails. Served by a real loopback server, read from a file and
from standard input; and text pages with NULs in them (UTF-16, a stray NUL) stay pages."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from audit_helpers import FIXTURES, run_audit
from click.testing import CliRunner
from server import LoopbackServer

import checker
from checker.cli import main
from checker.sniff import binary_kind

PAGE = (FIXTURES / "wordpress" / "compliant-stacked-affiliation.html").read_bytes()  # reporter Nick Pope
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256))
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x000\x01\x00\x9d\x01\x2a\x01\x00\x01\x00"
RANDOM = random.Random(13).randbytes(20_000)


def check(*args: str, input: bytes | None = None) -> tuple[int, list[dict[str, Any]]]:
    """Run ``repcheck check ARGS --format json`` in-process; return the exit code and the reports."""
    result = CliRunner().invoke(main, ["check", *args, "--format", "json"], input=input, catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def zip_of(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


@dataclass(frozen=True)
class Body:
    id: str
    data: bytes
    kind: str | None  # what binary_kind says: None for text
    charset: str | None = None  # the HTTP header's charset


BINARY = [
    Body("pdf", PDF, "PDF"),
    Body("png", PNG, "PNG image"),
    Body("jpeg", JPEG, "JPEG image"),
    Body("gif", GIF, "GIF image"),
    Body("webp", WEBP, "WebP image"),
    Body("zip", zip_of("story.html", PAGE), "zip archive"),
    Body("gzip-without-content-encoding", gzip.compress(PAGE), "gzip data"),
    Body("random-bytes", RANDOM, "binary data"),
    Body("random-bytes-short", RANDOM[:200], "binary data"),
    Body("utf-16-without-bom", PAGE.decode("utf-8").encode("utf-16-le"), "UTF-16 text without a byte order mark"),
]
TEXT = [
    Body("utf-8-page", PAGE, None),
    Body("page-with-a-stray-nul", PAGE.replace(b"</p>", b"\0</p>", 1), None),
    Body("page-with-nuls-after-the-first-8-kb", PAGE[:9000] + b"\0" * 50 + PAGE[9000:], None),
    Body("tiny-page-with-a-nul", b"<p>story</p>\0", None),
    Body("utf-16-le-with-bom", codecs.BOM_UTF16_LE + PAGE.decode("utf-8").encode("utf-16-le"), None),
    Body("utf-16-be-with-bom", codecs.BOM_UTF16_BE + PAGE.decode("utf-8").encode("utf-16-be"), None),
    Body("utf-16-declared-by-http", PAGE.decode("utf-8").encode("utf-16-le"), None, charset="utf-16le"),
    Body("iso-2022-jp-escapes", "<p>\u65e5\u672c\u8a9e\u306e\u8a18\u4e8b</p>".encode("iso2022_jp") * 50, None),
    Body("empty", b"", None),
]


@pytest.mark.parametrize("case", BINARY + TEXT, ids=[case.id for case in BINARY + TEXT])
def test_binary_kind(case: Body) -> None:
    assert binary_kind(case.data, case.charset) == case.kind


@pytest.mark.parametrize("case", BINARY, ids=[case.id for case in BINARY])
def test_binary_body_served_as_html_is_an_error_saying_what_it_looks_like(server: LoopbackServer, case: Body) -> None:
    url = server.add("/story", case.data, content_type="text/html; charset=utf-8")
    code, (report,) = check(url, "--reporter", "Nick Pope")
    assert (code, report["status"], report["error"]) == (3, "error", f"not an HTML page: looks like {case.kind}")
    assert {rule["status"] for rule in report["rules"]} == {"error"}


def test_pdf_sent_gzip_encoded_as_html_is_an_error(server: LoopbackServer) -> None:
    url = server.add("/story", PDF, content_type="text/html", gzip=True)  # the body, once decompressed, is a PDF
    code, (report,) = check(url)
    assert (code, report["error"]) == (3, "not an HTML page: looks like PDF")


def test_binary_file_and_standard_input_are_errors(tmp_path: Path) -> None:
    (tmp_path / "story.html").write_bytes(PNG)
    (tmp_path / "random.html.gz").write_bytes(gzip.compress(RANDOM))  # decompressed first, then sniffed
    code, found = check(str(tmp_path / "story.html"), str(tmp_path / "random.html.gz"))
    assert code == 3
    assert [r["error"] for r in found] == [
        "not an HTML page: looks like PNG image",
        "not an HTML page: looks like binary data",
    ]
    code, (report,) = check("-", input=PDF)
    assert (code, report["target"], report["error"]) == (3, "-", "not an HTML page: looks like PDF")


def test_the_library_given_binary_bytes_reports_an_error() -> None:
    report = checker.check_html(PDF, "https://partner.example/story")
    assert (report.status.value, report.error) == ("error", "not an HTML page: looks like PDF")
    assert checker.check_html(PAGE).status.value == "pass"  # a real page's bytes are a page


def test_binary_page_in_an_audit_is_an_error_and_the_others_are_checked(server: LoopbackServer, tmp_path: Path) -> None:
    pdf = server.add("/report.pdf.html", PDF)
    page = server.add("/story", PAGE)
    code, written, _ = run_audit(["--reporter", "Nick Pope"], tmp_path, [pdf, page])
    by_url = {r["target"]: r for r in written}
    assert by_url[pdf]["status"] == "error" and by_url[pdf]["error"] == "not an HTML page: looks like PDF"
    assert by_url[page]["status"] == "pass"
    assert code == 3
