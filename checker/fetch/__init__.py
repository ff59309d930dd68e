"""Fetching pages: what bytes did the server send, and what do they mean as text?

:func:`fetch` downloads one HTML page with ``requests`` under a single wall-clock
deadline and a cap on the decompressed size, following redirects by hand
(:mod:`.transfer`). :func:`decode_html` (:mod:`checker.encoding`) picks a page's
encoding the way a browser does, and :func:`read_file` (:mod:`.files`) does the
same for a page saved to disk. Every failure a user can cause or meet (bad URL,
network trouble, HTTP errors, wrong content type, oversized or slow pages,
unreadable files) is a :class:`FetchError` whose ``reason`` is one line meant for
people (:mod:`.outcome`).
"""

from ..defaults import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from ..encoding import declared_encoding, decode_html, utf8_as_is
from .files import file_problem, read_file, read_gzip
from .limits import MAX_REDIRECTS, USER_AGENT
from .outcome import TRANSIENT_STATUSES, FetchedPage, FetchError, Resource, retry_after_seconds
from .transfer import fetch, fetch_resource

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "MAX_REDIRECTS",
    "TRANSIENT_STATUSES",
    "USER_AGENT",
    "FetchError",
    "FetchedPage",
    "Resource",
    "declared_encoding",
    "decode_html",
    "fetch",
    "fetch_resource",
    "file_problem",
    "read_file",
    "read_gzip",
    "retry_after_seconds",
    "utf8_as_is",
]
