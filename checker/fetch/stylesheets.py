"""The page's linked stylesheets: which ``<link rel=stylesheet>`` files does a static check of a URL read, and how
are they fetched?

A theme's rules mostly live in files the page links (``style.css``), not in its ``<style>`` elements, and a rule
there hides a logo as surely as one inline. For a page checked by URL, :class:`StylesheetFetcher` fetches the
stylesheets the page links on its own site (the same host, or a host of the same site: ``cdn.example.com`` for
``www.example.com``), at most :data:`~checker.defaults.LINKED_CSS_MAX_SHEETS` a page and
:data:`~checker.defaults.LINKED_CSS_MAX_BYTES` each, within what is left of the page's ``--timeout``, and no more
requests at once to a host than ``--per-host`` allows. Each file is fetched once per run: a site links the same
theme files from every page. Third-party stylesheets (fonts, widgets) are not fetched: they style their own
elements. One that cannot be fetched in time is left out; the page is then judged by the rest, as before
stylesheets were read.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlsplit

import requests

from ..defaults import DEFAULT_PER_HOST, LINKED_CSS_MAX_BYTES, LINKED_CSS_MAX_SHEETS, LINKED_CSS_THREADS
from .host_gates import Gates, HostGates
from .outcome import FetchError
from .transfer import fetch_resource

_KEPT = 64  # stylesheets kept per run (a site links a handful; an audit crosses many sites)


def same_site(url: str, page_url: str) -> bool:
    """Whether ``url`` is on the page's own site: the same host, or hosts sharing their last two labels (three
    when the last two look like a country's second level, ``co.uk``, ``com.au``); any port, either scheme."""
    a, b = urlsplit(url), urlsplit(page_url)
    if a.scheme not in ("http", "https") or not a.hostname or not b.hostname:
        return False
    return _site(a.hostname) == _site(b.hostname)


def _site(host: str) -> str:
    host = host.lower().rstrip(".")
    if ":" in host or host.replace(".", "").isdigit():
        return host  # an IP address is a site of its own
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


class StylesheetFetcher:
    """One run's linked stylesheets: fetched on first use, kept by URL (the last :data:`_KEPT`)."""

    def __init__(
        self,
        *,
        timeout: float,
        user_agent: str | None = None,
        session: requests.Session | None = None,
        gates: Gates | None = None,
    ) -> None:
        self.timeout = timeout
        self.user_agent = user_agent
        self.session = session
        self.gates = gates if gates is not None else HostGates(DEFAULT_PER_HOST)
        self._lock = threading.RLock()  # a fetch that ends at once is kept from inside texts()
        self._kept: OrderedDict[str, str | None] = OrderedDict()  # URL -> CSS text, None: could not be fetched
        self._pending: dict[str, Future[str | None]] = {}  # URL -> its fetch under way
        self._pool: ThreadPoolExecutor | None = None
        self._sessions = threading.local()

    def for_page(
        self, paused: Callable[[], AbstractContextManager[object]], until: float
    ) -> Callable[[list[str]], Mapping[str, str]]:
        """What the page model calls with a page's own linked stylesheets' URLs: their texts, fetched until
        ``until`` (a ``time.monotonic()`` value) inside ``paused()`` (the page's check deadline, paused)."""

        def texts(urls: list[str]) -> Mapping[str, str]:
            with paused():
                return self.texts(urls, until)

        return texts

    def texts(self, urls: Sequence[str], deadline: float) -> Mapping[str, str]:
        """The CSS of each of ``urls`` (the first LINKED_CSS_MAX_SHEETS) that could be fetched before
        ``deadline`` (a ``time.monotonic()`` value)."""
        urls = list(dict.fromkeys(urls))[:LINKED_CSS_MAX_SHEETS]
        found: dict[str, str] = {}
        waiting: dict[str, Future[str | None]] = {}
        remaining = deadline - time.monotonic()
        with self._lock:
            for url in urls:
                if url in self._kept:
                    self._kept.move_to_end(url)
                    text = self._kept[url]
                    if text is not None:
                        found[url] = text
                elif url in self._pending:  # another page of the site asked first: wait for the same fetch
                    waiting[url] = self._pending[url]
                elif remaining > 0:
                    future = self._workers().submit(self._fetch, url, min(self.timeout, remaining))
                    future.add_done_callback(functools.partial(self._keep, url))
                    waiting[url] = self._pending[url] = future
        if waiting:
            wait(waiting.values(), timeout=max(0.0, remaining))
            for url, future in waiting.items():
                if future.done() and not future.cancelled() and future.exception() is None:
                    text = future.result()
                    if text is not None:
                        found[url] = text
        return found

    def close(self) -> None:
        """End the run's fetching threads."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _keep(self, url: str, done: Future[str | None]) -> None:
        """Keep a finished fetch's outcome for the run."""
        text = done.result() if not done.cancelled() and done.exception() is None else None
        with self._lock:
            self._pending.pop(url, None)
            self._kept[url] = text
            while len(self._kept) > _KEPT:
                self._kept.popitem(last=False)

    def _workers(self) -> ThreadPoolExecutor:
        """The run's fetching threads (called with the lock held)."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=LINKED_CSS_THREADS, thread_name_prefix="repcheck-css")
        return self._pool

    def _session(self) -> Any:
        if self.session is not None:
            return self.session
        session = getattr(self._sessions, "session", None)
        if session is None:
            session = self._sessions.session = requests.Session()
        return session

    def _fetch(self, url: str, timeout: float) -> str | None:
        """The stylesheet at ``url`` as text, or None when it cannot be had (an error, not CSS, too large)."""
        try:
            with self.gates.gate(urlsplit(url).netloc):
                resource = fetch_resource(
                    url,
                    timeout=timeout,
                    max_bytes=LINKED_CSS_MAX_BYTES,
                    user_agent=self.user_agent,
                    session=self._session(),
                    headers={"Accept": "text/css,*/*;q=0.1"},
                )
        except FetchError:
            return None
        if resource.status >= 400 or resource.content_type not in ("text/css", "", "text/plain"):
            return None
        return _decoded(resource.body, resource.charset)


def _decoded(body: bytes, charset: str | None) -> str:
    """A stylesheet's text: by its BOM, the HTTP charset, an ``@charset`` rule, else UTF-8 (CSS Syntax 3.2)."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", "replace")
    encoding = charset
    if encoding is None and body.startswith(b'@charset "'):
        end = body.find(b'";', 10)
        if 0 < end < 60:
            encoding = body[10:end].decode("ascii", "replace")
    try:
        return body.decode(encoding or "utf-8", "replace")
    except LookupError:
        return body.decode("utf-8", "replace")
