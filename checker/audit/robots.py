"""May repcheck fetch this URL? robots.txt per host, fetched once per run and read as RFC 9309 says.

- 2xx: the rules apply (parsed by Protego: ``*`` and ``$`` patterns, longest match wins, Allow beats Disallow on
  a tie), for the group of our product token (``repcheck``) or else ``*``.
- 4xx other than 429: there are no rules ("unavailable"): everything may be fetched.
- 5xx, 429, a network failure or a timeout: the file is "unreachable", and RFC 9309 says to assume a complete
  disallow, so the host's pages are reported as not checked, with the reason, rather than fetched. A transient
  failure (a refused connection, 429, 503...) is not remembered: the next page of the host asks again, after the
  audit's backoff.
- A ``Crawl-delay`` for our group becomes the host's minimum delay between requests (capped, see
  :data:`MAX_CRAWL_DELAY`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import requests
from protego import Protego

from ..fetch import FetchError, fetch_resource

MAX_ROBOTS_BYTES = 512_000  # RFC 9309: crawlers must parse at least 500 KiB
MAX_CRAWL_DELAY = 30.0  # seconds; a longer Crawl-delay is honoured as this much


@dataclass(frozen=True)
class Robots:
    """One host's robots.txt as it stands for this run."""

    rules: Protego | None  # None: no rules, everything allowed (or nothing, when ``unreachable``)
    unreachable: str | None = None  # why the file could not be read; then nothing may be fetched
    crawl_delay: float = 0.0
    failure: FetchError | None = None  # the fetch error behind ``unreachable``; a transient one is not cached

    def allows(self, url: str, token: str) -> bool:
        if self.unreachable is not None:
            return False
        return self.rules is None or bool(self.rules.can_fetch(url, token))


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def product_token(user_agent: str) -> str:
    """The name a robots.txt group would use for us: the User-Agent's first product name ("repcheck")."""
    first = user_agent.split()[0] if user_agent.split() else "repcheck"
    return first.split("/")[0] or "repcheck"


def read_robots(
    url: str, *, token: str, timeout: float, user_agent: str | None, session: requests.Session | None = None
) -> Robots:
    """Fetch and read the robots.txt that governs ``url``."""
    where = robots_url(url)
    try:
        resource = fetch_resource(
            where, timeout=timeout, max_bytes=MAX_ROBOTS_BYTES, user_agent=user_agent, session=session
        )
    except FetchError as exc:
        status = exc.status
        if status is not None and 400 <= status < 500 and status != 429:
            return Robots(None)  # "unavailable": no rules
        if status is not None and 200 <= status < 300:
            return Robots(None)  # readable but unusable (too large, badly compressed): no rules we can apply
        if status is None:  # the host itself could not be reached: the page's error is the same
            return Robots(None, unreachable=f"{exc.reason} (reading robots.txt)", failure=exc)
        return Robots(
            None,
            unreachable=f"{where} answered {exc.reason}, and RFC 9309 says to fetch nothing from the site then",
            failure=exc,
        )
    text = resource.body.decode("utf-8", "replace")
    try:
        rules = Protego.parse(text)
    except Exception:  # noqa: BLE001 - a file we cannot parse is a file with no rules we can apply
        return Robots(None)
    delay = rules.crawl_delay(token)
    return Robots(rules, crawl_delay=min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0)


class RobotsCache:
    """robots.txt per host (scheme + host + port), fetched at most once per run, by whichever thread needs it
    first; threads asking about the same host meanwhile wait for that one answer."""

    def __init__(self, *, user_agent: str | None, user_agent_token: str, timeout: float) -> None:
        self.user_agent = user_agent
        self.token = user_agent_token
        self.timeout = timeout
        self._known: dict[str, Robots] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, url: str, session: requests.Session | None = None) -> Robots:
        key = robots_url(url)
        known = self._known.get(key)
        if known is not None:
            return known
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            known = self._known.get(key)
            if known is None:
                known = read_robots(
                    url, token=self.token, timeout=self.timeout, user_agent=self.user_agent, session=session
                )
                if known.failure is None or not known.failure.transient:
                    self._known[key] = known
        return known

    def cached(self, url: str) -> Robots | None:
        return self._known.get(robots_url(url))
