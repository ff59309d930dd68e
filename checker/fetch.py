"""Fetching pages: what bytes did the server send, and what do they mean as text?

:func:`fetch` downloads one HTML page with ``requests`` under a single wall-clock
deadline and a cap on the decompressed size, following redirects by hand.
:func:`decode_html` picks a page's encoding the way a browser does, and
:func:`read_file` does the same for a page saved to disk. Every failure a user
can cause or meet (bad URL, network trouble, HTTP errors, wrong content type,
oversized or slow pages, unreadable files) is a :class:`FetchError` whose
``reason`` is one line meant for people.
"""

from __future__ import annotations

import codecs
import datetime
import email.utils
import http
import http.client
import os
import queue
import re
import socket
import ssl
import threading
import time
import weakref
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import requests
import urllib3  # >= 2.3, for HTTPResponse.read1() and .shutdown()
from requests.cookies import extract_cookies_to_jar

from checker import __version__

from .defaults import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from .errors import PageNotChecked

USER_AGENT = f"repcheck/{__version__} (+https://pypi.org/project/repcheck/; republication compliance checker)"
MAX_REDIRECTS = 10

_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
_ACCEPT_ENCODING = "gzip, deflate"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_READ_SIZE = 65_536  # most bytes taken from the socket per read (a read returns what has arrived)
_INFLATE_STEP = 65_536  # most bytes one decompression step may produce
_GRACE = 0.25  # seconds the caller waits past the deadline for the worker to report its own error
_PRESCAN_BYTES = 4096  # how far decode_html looks for <meta charset>
_DETECT_BYTES = 256 * 1024  # how much charset_normalizer is shown

# Labels browsers read as a superset encoding (WHATWG Encoding Standard), by Python codec name.
_BROWSER_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gbk",
    "euc_kr": "cp949",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET_VALUE = re.compile(rb"""charset\s*=\s*["']?\s*([-\w.:]+)""")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([-\w.:]+)""", re.IGNORECASE)
# The tags that make a body without a Content-Type "HTML" (WHATWG MIME Sniffing, 7.1).
_HTML_SNIFF = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--|<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style"
    rb"|title|b|body|br|p)[\s>])",
    re.IGNORECASE,
)
_SSL_NOISE = re.compile(r"^\[[^\]]*\]\s*|\s*\(_ssl\.c:\d+\)$")  # "[SSL: CODE] ... (_ssl.c:1006)"


@dataclass(frozen=True)
class FetchedPage:
    """One fetched HTML page, decoded to text."""

    requested_url: str
    url: str  # final URL after redirects
    status: int  # final HTTP status
    content_type: str  # media type, lower-cased, without parameters ("text/html"), "" if none sent
    encoding: str  # the encoding used to decode the body (python codec name)
    text: str  # the decoded body ("" when fetched with decode=False)
    redirects: tuple[str, ...]  # URLs that answered with a redirect, in order
    elapsed: float  # seconds
    body: bytes = b""  # the undecoded body, kept only when fetched with decode=False
    charset: str | None = None  # the Content-Type header's charset, if any


@dataclass(frozen=True)
class Resource:
    """Any fetched resource (robots.txt, a sitemap), as bytes: its type is the caller's business."""

    requested_url: str
    url: str  # final URL after redirects
    status: int
    content_type: str  # media type, lower-cased, without parameters; "" if none sent
    charset: str | None  # the Content-Type header's charset, if any
    body: bytes  # after any Content-Encoding is undone
    redirects: tuple[str, ...]
    elapsed: float


class FetchError(PageNotChecked):
    """A page could not be fetched or read.

    ``reason`` (also ``str(exc)``) is one line for people; ``url`` is what was asked for,
    ``final_url`` the URL being fetched when it failed (after redirects). ``status`` is the
    HTTP status of the response the failure is about (error status, wrong content type,
    too large...), and None when the URL, the network or the clock was the problem.

    ``transient`` says that the same request may well succeed a little later: the connection
    was refused, reset or dropped, or the server answered 429, 502, 503 or 504.
    ``retry_after`` is the delay in seconds the server asked for (a ``Retry-After`` header),
    if it sent one.
    """

    def __init__(
        self,
        reason: str,
        *,
        url: str,
        final_url: str | None = None,
        status: int | None = None,
        transient: bool = False,
        retry_after: float | None = None,
    ):
        super().__init__(reason)
        self.reason = reason
        self.url = url
        self.final_url = final_url
        self.status = status
        self.transient = transient
        self.retry_after = retry_after


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    user_agent: str | None = None,
    headers: dict[str, str] | None = None,
    session: requests.Session | None = None,
    decode: bool = True,
) -> FetchedPage:
    """Fetch one HTML page and decode it.

    ``timeout`` is one wall-clock deadline for the whole call: name lookup, connecting,
    every redirect hop and the body. The request runs on a helper thread so that even a
    stuck name lookup or a server trickling its headers cannot hold the caller past it;
    such a helper is left to end on its own (its socket is shut down where one exists).
    ``max_bytes`` caps the decompressed body. ``headers`` are added to (and override)
    the defaults. A given ``session`` is used (cookies, proxies, adapters) and left open;
    otherwise a new one is made and closed.

    With ``decode=False`` the body is left as bytes (``body``, with the header's ``charset``) for whoever
    parses it to decode: an audit decodes in the process that checks the page.

    Raises :class:`FetchError` for anything that stops the page being fetched.
    """
    result = _run(url, timeout, max_bytes, user_agent, headers, session, html=True, decode=decode)
    assert isinstance(result, FetchedPage)
    return result


def fetch_resource(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    user_agent: str | None = None,
    headers: dict[str, str] | None = None,
    session: requests.Session | None = None,
) -> Resource:
    """Fetch any resource (robots.txt, a sitemap) under the same deadline, size cap and redirect rules as
    :func:`fetch`, and return its bytes whatever its content type. Raises :class:`FetchError`."""
    result = _run(url, timeout, max_bytes, user_agent, {"Accept": "*/*", **(headers or {})}, session, html=False)
    assert isinstance(result, Resource)
    return result


def _run(
    url: str,
    timeout: float,
    max_bytes: int,
    user_agent: str | None,
    headers: dict[str, str] | None,
    session: requests.Session | None,
    *,
    html: bool,
    decode: bool = True,
) -> FetchedPage | Resource:
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, not {timeout!r}")
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, not {max_bytes!r}")
    target = url.strip()
    problem = _url_problem(target)
    if problem:
        raise FetchError(problem, url=url, final_url=target)
    request_headers = {
        "User-Agent": user_agent or USER_AGENT,
        "Accept": _ACCEPT,
        "Accept-Encoding": _ACCEPT_ENCODING,
        **(headers or {}),
    }
    job = _FetchJob(url, target, timeout, max_bytes, request_headers, session, html=html, decode=decode)
    helper = _Helper.mine()
    done = helper.start(job)
    late = True
    try:
        late = not done.wait(timeout + _GRACE)
    finally:
        if late:
            helper.abandon()
            job.cancel()
    if late:
        # Decided once: the helper may end an instant after cancel() with an error of its own ("connection
        # closed"), but what the caller must hear is that the deadline passed.
        raise FetchError(_timed_out(timeout), url=url, final_url=job.current_url)
    return job.outcome()


class _Helper:
    """The helper thread that runs a calling thread's fetches, kept between calls (starting a thread per fetch
    costs more CPU than an audit's whole scheduling). A helper stuck past a deadline is abandoned: it ends when
    its request does, and the caller gets a new one."""

    _local = threading.local()

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[_FetchJob, threading.Event] | None] = queue.SimpleQueue()
        self._abandoned = False
        threading.Thread(target=self._loop, name="repcheck-fetch", daemon=True).start()

    @classmethod
    def mine(cls) -> _Helper:
        helper = getattr(cls._local, "helper", None)
        if helper is None:
            helper = cls._local.helper = cls()
            weakref.finalize(threading.current_thread(), helper._jobs.put, None)  # the caller ended: so does its helper
        return helper

    def start(self, job: _FetchJob) -> threading.Event:
        done = threading.Event()
        self._jobs.put((job, done))
        return done

    def abandon(self) -> None:
        self._abandoned = True
        self._jobs.put(None)
        self._local.helper = None

    def _loop(self) -> None:
        while (item := self._jobs.get()) is not None:
            job, done = item
            job.run()
            done.set()
            if self._abandoned:
                return


class _FetchJob:
    """One call of :func:`fetch`, run on a helper thread; the caller collects :meth:`outcome`."""

    def __init__(
        self,
        url: str,
        target: str,
        timeout: float,
        max_bytes: int,
        headers: dict[str, str],
        session: requests.Session | None,
        *,
        html: bool = True,
        decode: bool = True,
    ):
        self.html = html
        self.decode = decode
        self.url = url
        self.current_url = target
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.headers = headers
        self.session = session or requests.Session()
        self.own_session = session is None
        self.start = time.monotonic()
        self.deadline = self.start + timeout
        self.response: requests.Response | None = None
        self.page: FetchedPage | Resource | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        """Thread body: fetch, keeping the page or the exception for the caller."""
        try:
            self.page = self._fetch()
        except BaseException as exc:  # noqa: BLE001 - handed over to the calling thread
            self.error = exc
        finally:
            if self.own_session:
                self.session.close()

    def outcome(self) -> FetchedPage | Resource:
        """The fetched page, or the exception the helper thread met, raised here."""
        if self.error is not None:
            raise self.error
        assert self.page is not None
        return self.page

    def cancel(self) -> None:
        """Called by the caller at the deadline: unblock the helper if it is reading a response."""
        if self.response is not None:
            try:
                self.response.raw.shutdown()
            except (OSError, RuntimeError, ValueError):
                pass  # the helper has already finished with this response

    def _fail(
        self, reason: str, status: int | None = None, *, transient: bool = False, retry_after: float | None = None
    ) -> FetchError:
        return FetchError(
            reason,
            url=self.url,
            final_url=self.current_url,
            status=status,
            transient=transient,
            retry_after=retry_after,
        )

    def _remaining(self) -> float:
        """Seconds left before the deadline; raises the timeout error once none are."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise self._fail(_timed_out(self.timeout))
        return remaining

    def _fetch(self) -> FetchedPage | Resource:
        redirects: list[str] = []
        while True:
            response = self._send()
            try:
                status = response.status_code
                location = self.session.get_redirect_target(response) if status in _REDIRECT_STATUSES else None
                if location is None:
                    return self._finish(response, redirects)
                redirects.append(self.current_url)
                if len(redirects) > MAX_REDIRECTS:
                    raise self._fail(f"too many redirects (more than {MAX_REDIRECTS})", status)
                target = urljoin(self.current_url, location)
                problem = _url_problem(target)
                if problem:
                    raise self._fail(f"redirected to a URL that cannot be fetched: {problem}", status)
                if self.session.should_strip_auth(self.current_url, target):
                    self.headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
                self.current_url = target
            finally:
                response.close()

    def _send(self) -> requests.Response:
        """One GET without following redirects, with the session's cookies, proxies and adapters.

        ``Session.send`` is bypassed because, when not following redirects, it reads a
        redirect's whole body with no deadline or size limit.
        """
        remaining = self._remaining()
        try:
            prepared = self.session.prepare_request(requests.Request("GET", self.current_url, headers=self.headers))
            settings = self.session.merge_environment_settings(prepared.url, {}, None, None, None)
            adapter = self.session.get_adapter(prepared.url or self.current_url)
            response = adapter.send(
                prepared,
                stream=True,
                timeout=(remaining, remaining),
                verify=settings["verify"],
                cert=settings["cert"],
                proxies=settings["proxies"],
            )
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
            raise self._fail(_network_reason(exc, self.current_url, self.timeout), transient=_transient(exc)) from exc
        self.response = response
        extract_cookies_to_jar(self.session.cookies, prepared, response.raw)
        return response

    def _finish(self, response: requests.Response, redirects: list[str]) -> FetchedPage | Resource:
        """Check the final response's status and type, then read and decode its body."""
        status = response.status_code
        if not 200 <= status < 300:
            reason = f"HTTP {status} {_status_phrase(status, response.reason)}".rstrip()
            if 300 <= status < 400:
                reason += " (redirect without a Location header)"
            elif status in (403, 429, 503) and response.headers.get("cf-mitigated", "").lower() == "challenge":
                reason += " (blocked by a bot challenge page)"
            raise self._fail(
                reason,
                status,
                transient=status in TRANSIENT_STATUSES,
                retry_after=retry_after_seconds(response.headers.get("Retry-After")),
            )
        media_type, charset = _parse_content_type(response.headers.get("Content-Type", ""))
        if not self.html:
            coding = response.headers.get("Content-Encoding", "").strip().lower()
            coding = "" if coding in ("", "identity") else coding
            if coding and coding not in ("gzip", "x-gzip", "deflate"):
                raise self._fail(f"unsupported content encoding '{coding}'", status)
            return Resource(
                self.url,
                self.current_url,
                status,
                media_type,
                charset,
                self._read_body(response, coding),
                tuple(redirects),
                time.monotonic() - self.start,
            )
        if media_type and media_type not in _HTML_TYPES:
            raise self._fail(f"not an HTML page (content type {media_type})", status)
        coding = response.headers.get("Content-Encoding", "").strip().lower()
        if coding in ("", "identity"):
            coding = ""
            length = response.headers.get("Content-Length", "").strip()
            if length.isdigit() and int(length) > self.max_bytes:
                raise self._fail(_too_large("page", self.max_bytes), status)
        elif coding not in ("gzip", "x-gzip", "deflate"):
            raise self._fail(f"unsupported content encoding '{coding}'", status)
        body = self._read_body(response, coding)
        if not media_type and not _HTML_SNIFF.match(body.removeprefix(codecs.BOM_UTF8)):
            raise self._fail("not an HTML page (no content type, and the body does not look like HTML)", status)
        text, encoding = decode_html(body, charset) if self.decode else ("", "")
        return FetchedPage(
            requested_url=self.url,
            url=self.current_url,
            status=status,
            content_type=media_type,
            encoding=encoding,
            text=text,
            redirects=tuple(redirects),
            elapsed=time.monotonic() - self.start,
            body=b"" if self.decode else body,
            charset=charset,
        )

    def _read_body(self, response: requests.Response, coding: str) -> bytes:
        """Read the body as it arrives, decompressing it, until the end, the deadline or the cap.

        Each read returns whatever has arrived (``read1``), so a trickling server is caught
        between reads; a silent one runs into the socket timeout, which was set to the time
        left when the request was sent, or is cut off by :meth:`cancel`.
        """
        raw = response.raw
        inflater = _Inflater(coding) if coding else None
        parts: list[bytes] = []
        size = 0
        try:
            while inflater is None or not inflater.finished:
                self._remaining()
                chunk = raw.read1(_READ_SIZE, decode_content=False)
                if not chunk:
                    raw.release_conn()  # read to the end: the connection can be reused
                    break
                for piece in inflater.feed(chunk) if inflater else (chunk,):
                    size += len(piece)
                    if size > self.max_bytes:
                        raise self._fail(_too_large("page", self.max_bytes), response.status_code)
                    parts.append(piece)
        except zlib.error as exc:
            raise self._fail(f"could not decompress the page (invalid {coding} data)", response.status_code) from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            if time.monotonic() >= self.deadline:  # cut off by cancel() at the deadline
                raise self._fail(_timed_out(self.timeout)) from exc
            raise self._fail(_network_reason(exc, self.current_url, self.timeout), transient=_transient(exc)) from exc
        return b"".join(parts)


class _Inflater:
    """Undo a gzip or deflate Content-Encoding in bounded steps.

    No step produces more than ``_INFLATE_STEP`` bytes, so a small compressed body cannot
    expand far past the size cap before the cap is checked.
    """

    def __init__(self, coding: str):
        self.gzip = coding in ("gzip", "x-gzip")
        # For deflate, whether the stream is zlib-wrapped or raw is known from its first two bytes.
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS) if self.gzip else None
        self._head = b""
        self._members = 0  # complete gzip members seen
        self.finished = False  # True once the compressed stream has ended; later bytes are ignored

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Yield the decompressed pieces of ``data``. Raises ``zlib.error`` on corrupt data."""
        if self._z is None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            zlib_wrapped = data[0] & 0x0F == 8 and int.from_bytes(data[:2], "big") % 31 == 0
            self._z = zlib.decompressobj(zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS)
        while not self.finished:
            try:
                piece = self._z.decompress(data, _INFLATE_STEP)
            except zlib.error:
                if self._members:  # bytes after a complete gzip member are ignored, as browsers do
                    self.finished = True
                    return
                raise
            if piece:
                yield piece
            if self._z.eof:
                data = self._z.unused_data
                if not self.gzip:
                    self.finished = True
                    return
                self._members += 1  # another gzip member may follow
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
            else:
                data = self._z.unconsumed_tail
                if not data and len(piece) < _INFLATE_STEP:
                    return  # everything given has been decompressed


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode an HTML body, choosing the encoding as browsers do; return ``(text, encoding)``.

    Order: a byte order mark (which browsers honour even over the HTTP header), then
    ``declared`` (the HTTP header's charset) if it names a known text codec, then
    ``<meta charset=...>`` / ``<meta http-equiv="Content-Type" content="...; charset=...">``
    or an XML declaration in the first 4 KB, then strict UTF-8, then charset_normalizer's
    guess, else UTF-8. ISO-8859-1, ASCII and a few others are read as their Windows
    supersets (``cp1252`` ...), as browsers do. Never raises: undecodable bytes become
    U+FFFD. ``encoding`` is a Python codec name, and a BOM is not part of ``text``.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, "replace"), encoding
    encoding = _codec(declared) or _prescan(body[:_PRESCAN_BYTES])
    if encoding is None:
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            best = charset_normalizer.from_bytes(body[:_DETECT_BYTES]).best()
            encoding = (_codec(best.encoding) if best is not None else None) or "utf-8"
    return body.decode(encoding, "replace"), encoding


def utf8_as_is(body: bytes, declared: str | None = None) -> bool:
    """Whether :func:`decode_html` would read ``body`` as UTF-8 without a BOM, so that a parser can be handed
    the bytes themselves (lxml reads UTF-8 as it is) instead of decoded text."""
    if body.startswith(tuple(bom for bom, _ in _BOMS)):
        return False
    encoding = _codec(declared) or _prescan(body[:_PRESCAN_BYTES])
    if encoding is not None:
        return encoding == "utf-8"
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def read_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Read a saved HTML file and decode it with :func:`decode_html`; return ``(text, encoding)``.

    A gzip file (name ending in ``.gz``, or starting with the gzip magic bytes) is
    decompressed; ``max_bytes`` applies to the decompressed size. Raises
    :class:`FetchError` (never ``OSError``) with ``url`` set to the path.
    """
    name = os.fspath(path)
    try:
        if Path(name).is_dir():
            raise FetchError(f"not a file: {name}", url=name)
        with open(name, "rb") as handle:
            is_gzip = name.endswith(".gz") or handle.read(2) == b"\x1f\x8b"
            handle.seek(0)
            body = read_gzip(handle, max_bytes) if is_gzip else handle.read(max_bytes + 1)
    except zlib.error:
        raise FetchError(f"could not decompress {name} (invalid gzip data)", url=name) from None
    except (OSError, ValueError) as exc:
        raise FetchError(file_problem(exc, name), url=name) from None
    if len(body) > max_bytes:
        raise FetchError(_too_large("file", max_bytes), url=name)
    return decode_html(body)


def file_problem(exc: OSError | ValueError, name: str) -> str:
    """Why a file could not be read, in one line (a ValueError is a name ``open`` refuses, such as one with NUL)."""
    if isinstance(exc, FileNotFoundError):
        return f"file not found: {name}"
    if isinstance(exc, IsADirectoryError):
        return f"not a file: {name}"
    if isinstance(exc, PermissionError):
        return f"cannot read {name}: permission denied"
    if isinstance(exc, ValueError):
        return f"invalid file name: {name!r}"
    return f"cannot read {name}: {(exc.strerror or str(exc)).lower()}"


def read_gzip(handle: BinaryIO, max_bytes: int) -> bytes:
    """Decompress a gzip file, stopping as soon as more than ``max_bytes`` have come out."""
    inflater = _Inflater("gzip")
    parts: list[bytes] = []
    size = 0
    while size <= max_bytes and not inflater.finished:
        chunk = handle.read(_READ_SIZE)
        if not chunk:
            break
        for piece in inflater.feed(chunk):
            parts.append(piece)
            size += len(piece)
            if size > max_bytes:
                break
    return b"".join(parts)


def _codec(label: str | bytes | None, *, in_document: bool = False) -> str | None:
    """The Python codec for a charset label, as a browser would read it; None if unusable.

    A label found inside the document cannot honestly say UTF-16 (the document was
    just read as ASCII), so browsers take it as UTF-8.
    """
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
        b"a".decode(name, "replace")  # rejects bytes-to-bytes codecs such as base64
    except (LookupError, ValueError):
        return None
    if name == "utf-7":  # browsers refuse UTF-7
        return None
    if in_document and name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return _BROWSER_SUPERSETS.get(name, name)


def declared_encoding(body: bytes) -> str | None:
    """The encoding a document declares for itself (a BOM, else ``<meta charset>`` or an XML declaration in the
    first 4 KB), as a Python codec name, or None. What :func:`decode_html` would use when no header says more."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return encoding
    return _prescan(body[:_PRESCAN_BYTES])


def _prescan(head: bytes) -> str | None:
    """The encoding named by a <meta> tag or an XML declaration in the start of a document."""
    low = head.lower()
    at = low.find(b"charset")
    while at != -1:  # each "charset" inside a <meta ...> tag, in order
        tag = low.rfind(b"<", 0, at)
        if tag != -1 and low.startswith(b"<meta", tag) and b">" not in low[tag:at]:
            value = _CHARSET_VALUE.match(low, at)
            encoding = _codec(value.group(1), in_document=True) if value else None
            if encoding:
                return encoding
        at = low.find(b"charset", at + 7)
    declaration = _XML_ENCODING.match(head) if b"<?xml" in head[:100] else None
    return _codec(declaration.group(1), in_document=True) if declaration else None


def _parse_content_type(value: str) -> tuple[str, str | None]:
    """Split a Content-Type header into (lower-cased media type, charset or None)."""
    media_type, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media_type.strip().lower(), charset


def _url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched (one line), or None if it is a usable http(s) URL."""
    if "://" not in url:
        return f"invalid URL: {url!r} (it must start with http:// or https://)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        return f"invalid URL: {url!r} ({exc})"
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return f"unsupported URL scheme '{scheme}'"
    if not parts.hostname:
        return f"invalid URL: {url!r} (no host name)"
    return None


def _exception_chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions behind it: causes, contexts and wrapped ones (requests and urllib3 wrap)."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo and len(seen) < 30:
        current = todo.pop(0)
        if any(current is known for known in seen):
            continue
        seen.append(current)
        wrapped = [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
        todo.extend(item for item in wrapped if isinstance(item, BaseException))
    return seen


def _network_reason(exc: BaseException, url: str, timeout: float) -> str:
    """A one-line, human reason for a requests/urllib3/socket error met while fetching ``url``."""
    chain = _exception_chain(exc)
    parts = urlsplit(url)
    host = parts.hostname or url
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def found(*types: type[BaseException]) -> BaseException | None:
        return next((item for item in chain if isinstance(item, types)), None)

    if found(urllib3.exceptions.NameResolutionError, socket.gaierror):
        return f"could not resolve host {host}"
    if found(ConnectionRefusedError):
        return f"could not connect to {address} (connection refused)"
    ssl_error = found(ssl.SSLError)
    if ssl_error is not None or found(requests.exceptions.SSLError, urllib3.exceptions.SSLError):
        return f"SSL error: {_SSL_NOISE.sub('', ' '.join(str(ssl_error or exc).split()))}"
    if found(requests.exceptions.Timeout, urllib3.exceptions.ReadTimeoutError, TimeoutError) or (
        found(urllib3.exceptions.ConnectTimeoutError) and not found(urllib3.exceptions.NewConnectionError)
    ):
        return _timed_out(timeout)
    if found(requests.exceptions.ProxyError, urllib3.exceptions.ProxyError):
        return f"could not connect through the proxy for {address}"
    if found(requests.exceptions.InvalidHeader):
        return f"invalid request header: {' '.join(str(exc).split())}"
    if found(requests.exceptions.InvalidURL, urllib3.exceptions.LocationParseError, UnicodeError):
        return f"invalid URL: {url!r}"
    if found(http.client.RemoteDisconnected):
        return f"{address} closed the connection without sending a response"
    if found(http.client.IncompleteRead):
        return f"{address} closed the connection before the whole page was received"
    if found(ConnectionResetError):
        return f"connection reset by {address}"
    os_error = next((item for item in chain if isinstance(item, OSError) and item.strerror), None)
    if os_error is not None:
        return f"could not connect to {address} ({os_error.strerror.lower()})"
    return f"network error fetching {url}: {' '.join(str(exc).split())}"


TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
_MAX_RETRY_AFTER = 86_400.0


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or an HTTP date); None if absent or unreadable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), _MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    current = time.time() if now is None else now
    return min(max(0.0, when.timestamp() - current), _MAX_RETRY_AFTER)


def _transient(exc: BaseException) -> bool:
    """Whether a network error is worth trying again: refused, reset or dropped connections are; a host that does
    not exist, an SSL failure, a bad URL or a timeout (which already cost the whole deadline) are not."""
    chain = _exception_chain(exc)
    return any(
        isinstance(
            item,
            (
                ConnectionError,
                http.client.RemoteDisconnected,
                http.client.IncompleteRead,
                urllib3.exceptions.ProtocolError,
            ),
        )
        for item in chain
    )


def _status_phrase(status: int, server_reason: str | None) -> str:
    """The standard reason phrase for ``status``, else the server's own."""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return " ".join((server_reason or "").split())


def _timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s"


def _too_large(what: str, max_bytes: int) -> str:
    return f"{what} is larger than the {max_bytes:,}-byte limit"
