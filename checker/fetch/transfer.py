"""Transfer: what did the server send for this URL, within one deadline and size cap, redirects followed by hand?"""

from __future__ import annotations

import codecs
import contextlib
import queue
import re
import threading
import time
import weakref
import zlib
from urllib.parse import urljoin

import requests
import urllib3  # >= 2.3, for HTTPResponse.read1() and .shutdown()
from requests.cookies import extract_cookies_to_jar

from ..defaults import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from ..encoding import decode_html
from ..sniff import not_html_reason
from .limits import MAX_REDIRECTS, READ_SIZE, USER_AGENT, Inflater
from .outcome import (
    TRANSIENT_STATUSES,
    FetchedPage,
    FetchError,
    Resource,
    network_reason,
    retry_after_seconds,
    status_phrase,
    timed_out,
    too_large,
    transient,
    url_problem,
)

_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
_ACCEPT_ENCODING = "gzip, deflate"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_GRACE = 0.25  # seconds the caller waits past the deadline for the worker to report its own error
# The tags that make a body without a Content-Type "HTML" (WHATWG MIME Sniffing, 7.1).
_HTML_SNIFF = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--|<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style"
    rb"|title|b|body|br|p)[\s>])",
    re.IGNORECASE,
)


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
    problem = url_problem(target)
    if problem:
        raise FetchError(problem, url=url, final_url=target)
    request_headers = {
        "User-Agent": user_agent or USER_AGENT,
        "Accept": _ACCEPT,
        "Accept-Encoding": _ACCEPT_ENCODING,
        **(headers or {}),
    }
    job = _FetchJob(url, target, timeout, max_bytes, request_headers, session, html=html, decode=decode)
    helper = _Helper.for_calling_thread()
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
        raise FetchError(timed_out(timeout), url=url, final_url=job.current_url)
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
    def for_calling_thread(cls) -> _Helper:
        """The calling thread's helper, started on its first fetch; it ends when the calling thread does."""
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
            del item, job  # the caller has the page: not kept alive here, waiting for the next fetch, until it comes
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
            # the helper may have finished with this response already
            with contextlib.suppress(OSError, RuntimeError, ValueError):
                self.response.raw.shutdown()

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
            raise self._fail(timed_out(self.timeout))
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
                problem = url_problem(target)
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
            url = prepared.url or self.current_url  # prepare_request always sets a URL
            settings = self.session.merge_environment_settings(url, {}, None, None, None)
            adapter = self.session.get_adapter(url)
            response = adapter.send(
                prepared,
                stream=True,
                timeout=(remaining, remaining),
                verify=settings["verify"],
                cert=settings["cert"],
                proxies=settings["proxies"],
            )
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
            raise self._fail(network_reason(exc, self.current_url, self.timeout), transient=transient(exc)) from exc
        self.response = response
        extract_cookies_to_jar(self.session.cookies, prepared, response.raw)
        return response

    def _finish(self, response: requests.Response, redirects: list[str]) -> FetchedPage | Resource:
        """Check the final response's status and type, then read and decode its body."""
        status = response.status_code
        if not 200 <= status < 300:
            reason = f"HTTP {status} {status_phrase(status, response.reason)}".rstrip()
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
                raise self._fail(too_large("page", self.max_bytes), status)
        elif coding not in ("gzip", "x-gzip", "deflate"):
            raise self._fail(f"unsupported content encoding '{coding}'", status)
        body = self._read_body(response, coding)
        binary = not_html_reason(body, charset)
        if binary:
            raise self._fail(binary, status)
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
        inflater = Inflater(coding) if coding else None
        parts: list[bytes] = []
        size = 0
        try:
            while inflater is None or not inflater.finished:
                self._remaining()
                chunk = raw.read1(READ_SIZE, decode_content=False)
                if not chunk:
                    raw.release_conn()  # read to the end: the connection can be reused
                    break
                for piece in inflater.feed(chunk) if inflater else (chunk,):
                    size += len(piece)
                    if size > self.max_bytes:
                        raise self._fail(too_large("page", self.max_bytes), response.status_code)
                    parts.append(piece)
        except zlib.error as exc:
            raise self._fail(f"could not decompress the page (invalid {coding} data)", response.status_code) from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            if time.monotonic() >= self.deadline:  # cut off by cancel() at the deadline
                raise self._fail(timed_out(self.timeout)) from exc
            raise self._fail(network_reason(exc, self.current_url, self.timeout), transient=transient(exc)) from exc
        return b"".join(parts)


def _parse_content_type(value: str) -> tuple[str, str | None]:
    """Split a Content-Type header into (lower-cased media type, charset or None)."""
    media_type, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media_type.strip().lower(), charset
