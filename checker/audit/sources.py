"""Where an audit's URLs come from: a list file, a CSV, standard input or a sitemap.

:func:`read_list` reads a plain list of URLs (one a line) or a CSV with a ``url``
column (and optional ``reporter`` and ``original`` columns) from a file or standard
input. :func:`read_sitemap` reads a sitemap (XML ``urlset``, a ``sitemapindex`` of
further sitemaps, gzipped or not, or a plain-text list) from the web or from disk.
Both give :class:`AuditTarget` items. :class:`UrlFilter` keeps or drops URLs by glob
or regex, and :func:`dedup_key` says when two listed URLs are the same page.

Anything that stops a source being read at all is a :class:`SourceError` whose text is
one line meant for people.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from lxml import etree

from ..defaults import DEFAULT_SITEMAP_TIMEOUT
from ..errors import RepcheckError
from ..fetch import FetchError, fetch_resource, file_problem, read_gzip
from ..folding import location_matcher
from ..user_regex import UserRegexError
from . import list_text as lists

DEFAULT_SITEMAP_MAX_BYTES = 50_000_000  # the sitemaps.org limit, counted after decompression
DEFAULT_MAX_DEPTH = 5  # how deep sitemap indexes may nest

STDIN = "-"
_STDIN_NAME = "<stdin>"
_CSV_DELIMITERS = (",", ";", "\t")
_CSV_SUFFIXES = (".csv", ".tsv")
_GZIP_MAGIC = b"\x1f\x8b"
_UTF8_BOM = b"\xef\xbb\xbf"
_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class AuditTarget:
    """One URL to audit, with what its source said about it."""

    url: str  # the URL as listed (whitespace stripped)
    reporter: str | None = None  # per-row reporter (CSV column ``reporter``), else None
    original: str | None = None  # per-row original article URL (CSV column ``original``), else None
    origin: str | None = None  # where it was listed, for messages: "urls.txt:12", "<stdin>:3", "https://x/sitemap.xml"


class SourceError(RepcheckError):
    """A source cannot be read at all (file missing, CSV without a url column, sitemap unreachable).

    ``str(exc)`` (also ``reason``) is one line for people; ``location`` is the file, ``-``
    or sitemap the error is about.
    """

    def __init__(self, reason: str, *, location: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.location = location


# --- lists and CSV files -------------------------------------------------------------------------------------------


def read_list(source: str | os.PathLike[str], *, stdin: IO[bytes] | None = None) -> Iterator[AuditTarget]:
    """Read the URLs listed in a file (or ``-``: standard input) and yield them as :class:`AuditTarget`.

    The text is UTF-8 (a BOM is dropped; UTF-16 with a BOM is read too). It is a CSV when
    its first line that is neither blank nor a ``#`` comment has a cell ``url`` (any case,
    separated by ``,``, ``;`` or a tab); the ``url``, ``reporter`` and ``original`` columns
    are read, others ignored. Otherwise it is a plain list: one URL a line, blank lines
    and ``#`` comments skipped. The whole source is read at once, so a missing or
    unreadable file raises :class:`SourceError` here, not on the first ``next()``; so does text that is not
    UTF-8 or holds a NUL byte (:mod:`.list_text`). A quote left open raises it as the rows are read.
    """
    name = os.fspath(source)
    if name == STDIN:
        data, label = _read_stdin(stdin), _STDIN_NAME
    else:
        data, label = _read_path(name), name
    try:
        text = lists.list_text(data)
    except lists.ListProblem as problem:
        raise SourceError(f"{label}:{problem.line}: {problem.reason}", location=name) from None
    lines = list(io.StringIO(text, newline=""))  # splits on \n, \r\n and \r alike, keeping the ends for csv
    first = next((i for i, line in enumerate(lines) if _is_content(line)), None)
    if first is None:
        return iter(())
    delimiter = _csv_delimiter(lines[first])
    if delimiter is None:
        if name != STDIN and name.lower().endswith(_CSV_SUFFIXES):
            header = ", ".join(cell.strip() for cell in next(csv.reader([lines[first]])) if cell.strip())
            raise SourceError(
                f"{label}: no 'url' column in the CSV header (found: {header or 'nothing'})", location=name
            )
        return _plain_targets(lines, label)
    return _csv_targets(lines, first, delimiter, label)


def _read_stdin(stdin: IO[bytes] | None) -> bytes:
    """All of standard input (or the given byte stream), as bytes."""
    stream = stdin
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None) if sys.stdin is not None else None
    if stream is None:
        raise SourceError("standard input is not available", location=STDIN)
    try:
        return stream.read()
    except OSError as exc:
        raise SourceError(f"cannot read standard input: {_os_reason(exc)}", location=STDIN) from None


def _read_path(name: str) -> bytes:
    """All of a file's bytes; every failure is a one-line :class:`SourceError`."""
    try:
        with open(name, "rb") as handle:
            return handle.read()
    except (OSError, ValueError) as exc:
        raise SourceError(file_problem(exc, name), location=name) from None


def _os_reason(exc: OSError) -> str:
    return " ".join((exc.strerror or str(exc)).lower().split())


def _is_content(line: str) -> bool:
    """Whether a line is neither blank nor a ``#`` comment."""
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _csv_delimiter(line: str) -> str | None:
    """The delimiter with which ``line`` reads as a CSV header with a ``url`` cell, or None if none does."""
    for delimiter in _CSV_DELIMITERS:
        try:
            cells = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:
            continue
        if any(cell.strip().lower() == "url" for cell in cells):
            return delimiter
    return None


def _plain_targets(lines: list[str], label: str) -> Iterator[AuditTarget]:
    for number, line in enumerate(lines, start=1):
        if _is_content(line):
            if lists.unclosed_quote(line):
                raise SourceError(f"{label}:{number}: {lists.UNCLOSED_QUOTE}", location=label)
            yield AuditTarget(line.strip(), origin=f"{label}:{number}")


def _csv_targets(lines: list[str], first: int, delimiter: str, label: str) -> Iterator[AuditTarget]:
    """The rows of a CSV whose header is ``lines[first]``; origins give the line a row ends on."""
    reader = csv.reader(lists.with_sentinel(lines[first:]), delimiter=delimiter)
    columns: dict[str, int] = {}
    ended = 0  # the line the last row read ends on, counted from the header
    try:
        for row in reader:
            starts, ended = first + ended + 1, reader.line_num
            if lists.is_sentinel(row):
                break
            if lists.swallowed_sentinel(row):
                raise SourceError(f"{label}:{starts}: {lists.UNCLOSED_QUOTE}", location=label)
            if not columns:  # the header (it has a url cell): the first column of a name is the one read
                for index, cell in enumerate(row):
                    columns.setdefault(cell.strip().lower(), index)
                continue
            if not row or row[0].strip().startswith("#"):
                continue
            url = _cell(row, columns.get("url"))
            if url is None:
                continue
            yield AuditTarget(
                url,
                reporter=_cell(row, columns.get("reporter")),
                original=_cell(row, columns.get("original")),
                origin=f"{label}:{first + reader.line_num}",
            )
    except csv.Error as exc:
        if lists.runaway_cell(exc):  # the row after the last one read opened a quote
            raise SourceError(f"{label}:{first + ended + 1}: {lists.UNCLOSED_QUOTE}", location=label) from None
        raise SourceError(f"{label}:{first + reader.line_num}: malformed CSV ({exc})", location=label) from None


def _cell(row: list[str], index: int | None) -> str | None:
    """The stripped cell at ``index``, None when the column is absent, the row short or the cell blank."""
    if index is None or index >= len(row):
        return None
    return row[index].strip() or None


# --- sitemaps ------------------------------------------------------------------------------------------------------


def read_sitemap(
    location: str,
    *,
    timeout: float = DEFAULT_SITEMAP_TIMEOUT,
    max_bytes: int = DEFAULT_SITEMAP_MAX_BYTES,
    user_agent: str | None = None,
    session: requests.Session | None = None,
    on_error: Callable[[str], None] | None = None,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Iterator[AuditTarget]:
    """Yield the page URLs a sitemap lists, reading sitemap indexes down to ``max_depth`` levels.

    ``location`` is an http(s) URL (fetched with :func:`checker.fetch.fetch_resource`, each
    sitemap under its own ``timeout``) or a local file. A body starting with the gzip magic
    bytes is decompressed; ``max_bytes`` caps each sitemap after decompression. XML is
    parsed without entity expansion or network access, matching element names in any
    namespace. A body that is not XML is read as a text sitemap, one URL a line.

    The top-level sitemap is read here, so its failure raises :class:`SourceError` at the
    call. A child sitemap of an index that fails (or nests too deep) is reported with
    ``on_error(one_line_reason)`` and skipped; a sitemap already read is not read again.
    Children are read lazily, as the iterator reaches them.
    """
    if max_depth < 0:
        raise ValueError(f"max_depth must not be negative, not {max_depth!r}")
    reader = _SitemapReader(timeout, max_bytes, user_agent, session, on_error, max_depth)
    top = location.strip()
    reader.visited.add(_visit_key(top))
    return reader.walk(reader.load(top), 0)


@dataclass(frozen=True)
class _Sitemap:
    """One read sitemap document: what it lists, and how to resolve relative entries."""

    location: str  # as asked for, for messages and origins
    base: str  # the final URL, or the file's path, that relative entries are resolved against
    remote: bool
    index: bool  # a sitemapindex (entries are sitemaps) rather than a urlset or text list (entries are pages)
    entries: tuple[str, ...]


class _SitemapReader:
    """The settings and the visited set of one :func:`read_sitemap` call."""

    def __init__(
        self,
        timeout: float,
        max_bytes: int,
        user_agent: str | None,
        session: requests.Session | None,
        on_error: Callable[[str], None] | None,
        max_depth: int,
    ):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self.session = session
        self.on_error = on_error
        self.max_depth = max_depth
        self.visited: set[str] = set()

    def walk(self, sitemap: _Sitemap, depth: int) -> Iterator[AuditTarget]:
        """Yield the pages of ``sitemap`` (at nesting ``depth``), reading the children of an index in order."""
        if not sitemap.index:
            for entry in sitemap.entries:
                yield AuditTarget(_resolve(sitemap, entry), origin=sitemap.location)
            return
        for entry in sitemap.entries:
            child = _resolve(sitemap, entry)
            key = _visit_key(child)
            if key in self.visited:
                continue  # a loop, or listed twice
            self.visited.add(key)
            if depth + 1 > self.max_depth:
                self._report(f"sitemap {child}: not read, sitemap indexes nest more than {self.max_depth} deep")
                continue
            try:
                loaded = self.load(child)
            except SourceError as exc:
                self._report(exc.reason)
                continue
            yield from self.walk(loaded, depth + 1)

    def _report(self, reason: str) -> None:
        if self.on_error is not None:
            self.on_error(reason)

    def load(self, location: str) -> _Sitemap:
        """Read and parse one sitemap; raises :class:`SourceError` ("sitemap LOCATION: reason")."""
        try:
            if _HAS_SCHEME.match(location):
                remote, (body, base) = True, self._fetch(location)
            else:
                remote, (body, base) = False, (self._read_file(location), location)
            if body.startswith(_GZIP_MAGIC):
                body = _gunzip(body, self.max_bytes)
            index, entries = _parse(body)
        except _Problem as problem:
            raise SourceError(f"sitemap {location}: {problem}", location=location) from None
        return _Sitemap(location, base, remote, index, entries)

    def _fetch(self, url: str) -> tuple[bytes, str]:
        try:
            resource = fetch_resource(
                url, timeout=self.timeout, max_bytes=self.max_bytes, user_agent=self.user_agent, session=self.session
            )
        except FetchError as exc:
            reason = exc.reason
            if reason.startswith("page is larger than"):
                reason = "sitemap" + reason[len("page") :]
            raise _Problem(reason) from None
        return resource.body, resource.url

    def _read_file(self, name: str) -> bytes:
        try:
            with open(name, "rb") as handle:
                body = handle.read(self.max_bytes + 1)
        except FileNotFoundError:
            raise _Problem("file not found") from None
        except IsADirectoryError:
            raise _Problem("not a file") from None
        except PermissionError:
            raise _Problem("permission denied") from None
        except ValueError:
            raise _Problem("invalid file name") from None
        except OSError as exc:
            raise _Problem(f"cannot read it: {_os_reason(exc)}") from None
        if len(body) > self.max_bytes:  # compressed or not: gzip never shrinks a sitemap to less than this
            raise _Problem(_too_large(self.max_bytes))
        return body


class _Problem(Exception):
    """Why one sitemap could not be read (one line, without the location)."""


def _too_large(max_bytes: int) -> str:
    return f"sitemap is larger than the {max_bytes:,}-byte limit"


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    """Decompress a gzipped sitemap, stopping as soon as it passes ``max_bytes``."""
    try:
        data = read_gzip(io.BytesIO(body), max_bytes)
    except zlib.error:
        raise _Problem("could not decompress it (invalid gzip data)") from None
    if len(data) > max_bytes:
        raise _Problem(_too_large(max_bytes))
    return data


def _parse(body: bytes) -> tuple[bool, tuple[str, ...]]:
    """``(is_index, entries)`` of a sitemap body: XML ``urlset`` / ``sitemapindex``, or a text list of URLs."""
    body = body.removeprefix(_UTF8_BOM).lstrip()
    if body.startswith(b"<"):
        return _parse_xml(body)
    return False, _parse_text(body)


def _parse_xml(body: bytes) -> tuple[bool, tuple[str, ...]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True, load_dtd=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise _Problem("not a sitemap (the XML cannot be parsed)")
    kind = _local_name(root)
    if kind == "urlset":
        return False, _locs(root, "url")
    if kind == "sitemapindex":
        return True, _locs(root, "sitemap")
    raise _Problem(f"not a sitemap (root element <{kind or root.tag}>)")


def _locs(root: etree._Element, item: str) -> tuple[str, ...]:
    """The ``<loc>`` text of each ``<item>`` child of ``root`` (direct children only, so ``image:loc`` is not one)."""
    found: list[str] = []
    for element in root:
        if _local_name(element) != item:
            continue
        for child in element:
            if _local_name(child) == "loc":
                text = (child.text or "").strip()
                if text:
                    found.append(text)
                break
    return tuple(found)


def _local_name(element: etree._Element) -> str | None:
    """An element's name without its namespace; None for comments, processing instructions and entities."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    return tag.rpartition("}")[2]


def _parse_text(body: bytes) -> tuple[str, ...]:
    """The URLs of a text sitemap (one a line); raises :class:`_Problem` if the body is not one."""
    text = body.decode("utf-8", "replace")
    lines = [line.strip() for line in io.StringIO(text, newline="")]
    entries = tuple(line for line in lines if line and not line.startswith("#"))
    if "\x00" in text or (entries and not _HAS_SCHEME.match(entries[0])):
        raise _Problem("not a sitemap (neither XML nor a text list of URLs)")
    return entries


def _resolve(sitemap: _Sitemap, entry: str) -> str:
    """An entry as listed, or resolved against its sitemap when it is relative."""
    if _HAS_SCHEME.match(entry):
        return entry
    if sitemap.remote:
        return urljoin(sitemap.base, entry)
    if sitemap.index:  # a local index naming local files
        return os.path.join(os.path.dirname(sitemap.base), entry)
    return entry


def _visit_key(location: str) -> str:
    """What identifies a sitemap for loop detection: its normalised URL, or its real path."""
    if _HAS_SCHEME.match(location):
        return dedup_key(location)
    try:
        return "file:" + os.path.realpath(location)
    except (OSError, ValueError):
        return "file:" + location


# --- filtering and de-duplication ----------------------------------------------------------------------------------


class UrlFilter:
    """Keep or drop URLs by pattern: ``UrlFilter(include, exclude)(url)`` is True to keep.

    A pattern is a shell-style glob matched against the whole URL (``*`` matches anything,
    ``/`` included; case-sensitive), or, starting with ``re:``, a regular expression searched
    for anywhere in the URL. With includes, a URL must match one of them; a URL matching
    any exclude is dropped. A bad regular expression raises ``ValueError`` (one line).
    """

    def __init__(self, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> None:
        self.include = tuple(_matcher(pattern) for pattern in include)
        self.exclude = tuple(_matcher(pattern) for pattern in exclude)

    def __call__(self, url: str) -> bool:
        if self.include and not any(match(url) for match in self.include):
            return False
        return not any(match(url) for match in self.exclude)


def _matcher(pattern: str) -> Callable[[str], bool]:
    """A predicate for one include/exclude pattern."""
    try:
        return location_matcher(pattern)
    except UserRegexError as exc:
        raise ValueError(f"invalid regular expression in pattern {pattern!r}: {exc}") from None


def dedup_key(url: str) -> str:
    """The form of ``url`` under which each page is checked once.

    Whitespace is stripped, the scheme and host lower-cased, a default port (``:80`` for
    http, ``:443`` for https) and the fragment dropped, and an empty path becomes ``/``.
    Path case, the query and trailing slashes are kept. Never raises: anything that does
    not parse as ``scheme://host...`` comes back stripped and otherwise as given.
    """
    stripped = url.strip()
    try:
        parts = urlsplit(stripped)
    except ValueError:
        return stripped
    if not parts.scheme or not parts.netloc:
        return stripped
    scheme = parts.scheme.lower()
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if hostport.startswith("["):
        end = hostport.find("]")
        if end == -1:
            return stripped
        host, port = hostport[: end + 1], hostport[end + 1 :]
        if port and not port.startswith(":"):
            return stripped
        port = port[1:]
    else:
        host, _, port = hostport.partition(":")
    if port and not port.isdigit():
        return stripped
    default_port = not port or int(port) == _DEFAULT_PORTS.get(scheme)
    netloc = host.lower() if default_port else f"{host.lower()}:{port}"
    return urlunsplit((scheme, userinfo + at + netloc, parts.path or "/", parts.query, ""))
