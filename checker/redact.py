"""What may be printed of a URL? Secrets hidden: a password in the userinfo and the values of query parameters
that carry credentials, in a URL alone or in URLs and ``name=value`` pairs inside a sentence.

``https://user:s3cret@host/page?token=abc&page=2`` is shown as ``https://user:***@host/page?token=***&page=2``.
A user name without a password stays (``user@host``) unless it looks like a token (16 characters or more, with
letters and digits: ``https://ghp_16Ab9...@host``), which is shown as ``***@``. Parameter names are compared
case-insensitively after percent-decoding, in the query and in a fragment (``#access_token=...``); an empty value
stays empty (there is nothing to hide). Everything else of the URL is kept exactly as written.

Redacting is idempotent (a redacted URL comes back unchanged), so it may be applied more than once. Pages are
still fetched with the real URL: only what is written (reports, messages, progress, baselines) is redacted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import unquote_plus

from .report import Report, RuleResult

MASK = "***"

SECRET_PARAMS: frozenset[str] = frozenset(
    {
        "token",
        "key",
        "api_key",
        "access_token",
        "secret",
        "signature",
        "sig",
        "password",
        "auth",
        # well-known spellings of the same things
        "apikey",
        "api-key",
        "client_secret",
        "refresh_token",
        "id_token",
        "passwd",
        "x-amz-signature",
        "x-amz-credential",
        "x-amz-security-token",
        "x-goog-signature",
        "x-goog-credential",
    }
)
"""Query parameters whose values are never printed (``--redact-param`` and ``redact_params`` add to them)."""

_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*:)?//(?P<netloc>[^/?#]*)(?P<rest>.*)$", re.DOTALL)
# A URL inside a sentence: an absolute or protocol-relative URL, up to a space, a quote or an angle bracket.
_URL_IN_TEXT = re.compile(r"(?:(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:)?//[^\s'\"<>`]+")
# Punctuation that ends a sentence rather than a URL ("see http://host/?token=abc.").
_TRAILING = ".,;:!?)]}"
# One name=value pair of a query or fragment.
_PAIR = re.compile(r"(^|[&;])([^=&;]*)=([^&;]*)")
# A name=value pair in a sentence ("with url: /page?token=abc&key=K (Caused by ...)").
_PAIR_IN_TEXT = re.compile(r"(^|[\s?&;'\"(\[{,])([A-Za-z0-9_.%~+-]+)=([^\s&;#'\"<>]*)")
_TOKEN_LIKE = 16  # a password-less user name this long, with letters and digits, is taken for a token


def _looks_like_token(user: str) -> bool:
    return len(user) >= _TOKEN_LIKE and any(c.isdigit() for c in user) and any(c.isalpha() for c in user)


def _split_trailing(text: str) -> tuple[str, str]:
    """``text`` without the sentence punctuation it ends with, and that punctuation."""
    end = len(text)
    while end and text[end - 1] in _TRAILING:
        end -= 1
    return text[:end], text[end:]


class Redactor:
    """Hides the secrets of URLs: the built-in :data:`SECRET_PARAMS` plus ``extra`` parameter names."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.extra = tuple(dict.fromkeys(name.strip() for name in extra if name and name.strip()))
        self.names = SECRET_PARAMS | {name.lower() for name in self.extra}

    def _secret(self, name: str) -> bool:
        return unquote_plus(name).strip().lower() in self.names

    def _pairs(self, query: str) -> str:
        def mask(match: re.Match[str]) -> str:
            sep, name, value = match.groups()
            if value and self._secret(name):
                value = MASK
            return f"{sep}{name}={value}"

        return _PAIR.sub(mask, query) if "=" in query else query

    def _userinfo(self, userinfo: str) -> str:
        user, colon, password = userinfo.partition(":")
        if colon:
            return f"{user}:{MASK}" if password else userinfo
        return MASK if _looks_like_token(user) else userinfo

    def url(self, url: str) -> str:
        """``url`` with its secrets hidden (see the module's docstring); a relative URL's query too. Never
        raises: what does not parse as a URL is redacted as far as it can be read."""
        rest = url
        head = ""
        match = _URL.match(url)
        if match:
            scheme, netloc, rest = match.group("scheme") or "", match.group("netloc"), match.group("rest")
            userinfo, at, hostport = netloc.rpartition("@")
            head = f"{scheme}//{self._userinfo(userinfo)}{at}{hostport}" if at else f"{scheme}//{netloc}"
        before, hash_, fragment = rest.partition("#")
        path, question, query = before.partition("?")
        return f"{head}{path}{question}{self._pairs(query)}{hash_}{self._pairs(fragment)}"

    def text(self, text: str) -> str:
        """A message with the secrets of every URL in it hidden, and of every ``name=value`` pair that names a
        secret parameter (error messages quote a request's path and query: ``url: /page?token=abc``)."""
        if "//" not in text and "=" not in text:
            return text

        def url(match: re.Match[str]) -> str:
            found, trailing = _split_trailing(match.group(0))
            return self.url(found) + trailing

        def pair(match: re.Match[str]) -> str:
            before, name, value = match.groups()
            value, trailing = _split_trailing(value)
            if value and self._secret(name):
                value = MASK
            return f"{before}{name}={value}{trailing}"

        text = _URL_IN_TEXT.sub(url, text) if "//" in text else text
        return _PAIR_IN_TEXT.sub(pair, text) if "=" in text else text

    def optional(self, text: str | None) -> str | None:
        return None if text is None else self.text(text)

    def report(self, report: Report) -> Report:
        """``report`` as it may be written: its target, URLs, error, rule messages and evidence redacted."""
        return replace(
            report,
            target=self.text(report.target),
            url=self.optional(report.url),
            original=self.optional(report.original),
            error=self.optional(report.error),
            rules=tuple(self._rule(rule) for rule in report.rules),
        )

    def _rule(self, rule: RuleResult) -> RuleResult:
        evidence = rule.evidence
        if evidence is not None:
            evidence = replace(
                evidence,
                where=self.optional(evidence.where),
                snippet=self.optional(evidence.snippet),
                looked_for=self.optional(evidence.looked_for),
                also=tuple(self.text(item) for item in evidence.also),
            )
        return replace(rule, message=self.text(rule.message), evidence=evidence)

    def data(self, value: Any) -> Any:
        """A JSON value (a results file's line) with every string in it redacted; other values as they are."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.data(item) for item in value]
        if isinstance(value, dict):
            return {key: self.data(item) for key, item in value.items()}
        return value


DEFAULT_REDACTOR = Redactor()


def redact_url(url: str) -> str:
    """``url`` with the secrets of the built-in parameter names hidden (see :class:`Redactor`)."""
    return DEFAULT_REDACTOR.url(url)


def redact_text(text: str) -> str:
    """A message with the secrets of its URLs hidden, for the built-in parameter names (see :class:`Redactor`)."""
    return DEFAULT_REDACTOR.text(text)
