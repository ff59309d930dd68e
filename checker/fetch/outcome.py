"""Outcomes: what did a fetch give back, and if it failed, why, in one line for people (:class:`FetchError`)?"""

from __future__ import annotations

import datetime
import email.utils
import http
import http.client
import re
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
import urllib3

from ..errors import PageNotChecked

_SSL_NOISE = re.compile(r"^\[[^\]]*\]\s*|\s*\(_ssl\.c:\d+\)$")  # "[SSL: CODE] ... (_ssl.c:1006)"


@dataclass(frozen=True)
class FetchedPage:
    """One fetched HTML page, decoded to text."""

    requested_url: str
    url: str  # final URL after redirects
    status: int  # final HTTP status
    content_type: str  # media type, lower-cased, without parameters ("text/html"), "" if none sent
    encoding: str  # the encoding used to decode the body (WHATWG name, as document.characterSet says it)
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


def url_problem(url: str) -> str | None:
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


def network_reason(exc: BaseException, url: str, timeout: float) -> str:
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
        return timed_out(timeout)
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
    strerror = next((item.strerror for item in chain if isinstance(item, OSError) and item.strerror), None)
    if strerror:
        return f"could not connect to {address} ({strerror.lower()})"
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


def transient(exc: BaseException) -> bool:
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


def status_phrase(status: int, server_reason: str | None) -> str:
    """The standard reason phrase for ``status``, else the server's own."""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return " ".join((server_reason or "").split())


def timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s"


def too_large(what: str, max_bytes: int) -> str:
    return f"{what} is larger than the {max_bytes:,}-byte limit"
