"""Comparing article URLs: is this link, canonical or pixel the original article, or on the licensor's site?

``normalise`` maps a URL to the form used for every comparison: scheme and host lower-cased, ``http`` and
``https`` the same, no ``www.``, no default port, no fragment, no trailing slash, no tracking parameters
(``utm_*``, ``fbclid``...), the other query parameters sorted. Pure functions of strings: nothing is fetched.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

_TRACKING = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid", "ocid", "_ga"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _split(url: str):  # type: ignore[no-untyped-def]
    """``urlsplit`` that also reads a bare host or a protocol-relative URL ("example.org/a", "//example.org/a")."""
    url = url.strip()
    if "://" not in url and not url.startswith("//") and ":" not in url.split("/", 1)[0]:
        url = "//" + url
    try:
        return urlsplit(url)
    except ValueError:  # "http://[bad": no host to compare
        return urlsplit("")


def _host(parts) -> str:  # type: ignore[no-untyped-def]
    try:
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        host = ""
    return host.removeprefix("www.")


def is_web_url(url: str | None) -> bool:
    """Whether ``url`` is an absolute http(s) URL (not a file path, ``mailto:``, ``javascript:``...)."""
    return bool(url) and url.strip().lower().startswith(("http://", "https://"))  # type: ignore[union-attr]


def normalise(url: str) -> str:
    """The comparison form of an article URL (see the module's docstring). Non-web URLs (``mailto:``...) come
    back stripped, unchanged otherwise."""
    text = url.strip()
    parts = _split(text)
    scheme = (parts.scheme or "https").lower()
    if scheme not in ("http", "https") or not parts.netloc:
        return text
    host = _host(parts)
    try:
        port = parts.port
    except ValueError:
        port = None
    # http and https are the same article: the default port of either is dropped
    netloc = host if port is None or port in _DEFAULT_PORTS.values() else f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.lower().startswith("utm_") and name.lower() not in _TRACKING
    ]
    normalised = f"https://{netloc}{path}"
    if query:
        normalised += "?" + urlencode(sorted(query))
    return normalised


def same_article(a: str | None, b: str | None) -> bool:
    """Whether two URLs name the same article (after :func:`normalise`)."""
    if not a or not b:
        return False
    return normalise(a) == normalise(b)


def domain_of(url: str | None) -> str:
    """The host of ``url`` (or of a bare domain), lower-case, without ``www.`` and port; "" when there is none."""
    if not url:
        return ""
    return _host(_split(url))


def on_domain(url: str | None, domains: list[str] | tuple[str, ...]) -> bool:
    """Whether ``url``'s host is one of ``domains`` or a subdomain of one ("counter.theconversation.com" is on
    "theconversation.com"; "nottheconversation.com" is not)."""
    host = domain_of(url)
    if not host:
        return False
    for domain in domains:
        want = domain_of(domain)
        if want and (host == want or host.endswith("." + want)):
            return True
    return False


def absolute(url: str, base: str | None) -> str:
    """``url`` resolved against ``base`` (the page's URL); a protocol-relative URL without a base gets https."""
    url = url.strip()
    if base:
        try:
            return urljoin(base, url)
        except ValueError:
            return url
    if url.startswith("//"):
        return "https:" + url
    return url


def is_remote(ref: str) -> bool:
    """Whether a reference (a logo image named in a pack, the config or on the command line) is a URL (any
    ``scheme://``, or ``data:``) rather than a file path."""
    return "://" in ref or ref.startswith("data:")
