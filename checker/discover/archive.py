"""Which pages of one web-crawl archive (a WARC file) republish the licensor's originals, and do they keep its terms?

:func:`scan_archive` is the whole work for one archive file, the unit both engines (a local process pool, a Spark
job) share out: read each HTML response record once, look its sampled word sequences up in the originals' index
(:mod:`.index`), compare each candidate original with the page word by word and in order (as the ``unaltered``
check does), and check every page that carries at least ``min_share`` of an original's story with the pack, the
original known. A record that cannot be read is counted and skipped (:mod:`.records`); a file cut short ends the
scan, and what was found before the cut is kept.
"""

from __future__ import annotations

import io
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..checks.unaltered import MAX_WORDS
from ..defaults import DEFAULT_CHECK_TIMEOUT, DEFAULT_FAIL_ON, DEFAULT_MAX_BYTES, DEFAULT_MIN_SHARE, DEFAULT_PACK
from ..engine import Checker
from ..report import Report, Status
from .index import OriginalsIndex
from .records import split_records
from .text import page_words, sample, text_words

__all__ = ["ArchiveResult", "ScanOptions", "scan_archive"]

PAGE_WORDS = 4 * MAX_WORDS  # words of a page compared with an original: a long page's menus come before its story
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# What warcio raises on a record's bytes that are no record: its own error, a header it cannot split, a body cut
# short, a chunked or compressed body that does not decode.
_RECORD_ERRORS = (ArchiveLoadFailed, StopIteration, EOFError, ValueError, OSError, IndexError, KeyError, zlib.error)


@dataclass(frozen=True)
class ScanOptions:
    """What a run decides for every archive file: the rule pack, the share of an original that makes a copy."""

    pack: str = DEFAULT_PACK
    min_share: float = DEFAULT_MIN_SHARE
    check_timeout: float | None = DEFAULT_CHECK_TIMEOUT
    fail_on: str = DEFAULT_FAIL_ON.value
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass
class ArchiveResult:
    """What one archive file gave: the copies found (one finding each, as written to the output), and counts."""

    archive: str
    records: int = 0  # WARC records read
    pages: int = 0  # of them, HTML responses compared with the originals
    broken: int = 0  # records that could not be read, skipped
    truncated: bool = False  # the file ends inside a record
    error: str | None = None  # the file could not be opened at all
    seconds: float = 0.0
    found: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, Any]:
        """The result without its findings: a line of the run's progress file."""
        return {
            "archive": self.archive,
            "records": self.records,
            "pages": self.pages,
            "copies": len(self.found),
            "broken": self.broken,
            "truncated": self.truncated,
            "error": self.error,
            "seconds": round(self.seconds, 3),
        }


_checkers: dict[ScanOptions, Checker] = {}  # one per process and run settings: packs are loaded once


def _checker(options: ScanOptions) -> Checker:
    checker = _checkers.get(options)
    if checker is None:
        checker = _checkers[options] = Checker(
            options.pack, check_timeout=options.check_timeout, fail_on=options.fail_on, max_bytes=options.max_bytes
        )
    return checker


def is_url(path: str) -> bool:
    """Whether ``path`` is a URL for fsspec (``s3://``, ``gs://``, ``hdfs://``, ``https://``...), not a local file."""
    return "://" in path and not path.startswith("file://")


def open_archive(path: str) -> IO[bytes]:
    """The archive at ``path``: a local file, or any URL fsspec opens."""
    if is_url(path):
        import fsspec  # optional: the `spark` extra installs it

        return fsspec.open(path, "rb").open()
    return open(path.removeprefix("file://"), "rb")


def scan_archive(path: str, index: OriginalsIndex, options: ScanOptions) -> ArchiveResult:
    """Every republication of an original of ``index`` in the archive file at ``path`` (see the module's
    docstring). Never raises for what the file holds: problems are counted in the result."""
    started = time.monotonic()
    result = ArchiveResult(path)
    try:
        stream = open_archive(path)
    except (OSError, ValueError, ImportError) as exc:
        result.error = f"cannot open {path}: {getattr(exc, 'strerror', None) or exc}"
        result.seconds = time.monotonic() - started
        return result
    compared = _Comparer(index, options.min_share)
    try:
        with stream:
            for offset, record in _records(stream, result):
                try:
                    _scan_record(offset, record, path, compared, options, result)
                except Exception:  # noqa: BLE001 - a record no page can be made of is skipped, never fatal
                    result.broken += 1
    except OSError as exc:  # the file itself failed (a disk, a network read): what was found is kept
        result.error = f"reading {path} stopped: {exc.strerror or exc}"
    result.seconds = time.monotonic() - started
    return result


def _records(stream: IO[bytes], result: ArchiveResult) -> Iterator[tuple[int, tuple[Any, bytes | None]]]:
    """(offset, (record, HTML body or None)) for each record of ``stream`` that can be read; the others are
    counted in ``result`` (see :mod:`.records`)."""
    for chunk in split_records(stream):
        if chunk.problem is not None:
            result.broken += chunk.problem == "broken"
            result.truncated = result.truncated or chunk.problem == "truncated"
            continue
        try:
            record = next(iter(ArchiveIterator(io.BytesIO(chunk.data), arc2warc=True)))
            body = _body(record, result)
        except _RECORD_ERRORS:
            result.broken += 1
            continue
        yield chunk.offset, (record, body)


def _body(record: Any, result: ArchiveResult) -> bytes | None:
    """The body of an HTML response record (read whole, here, so that a broken one fails inside the iteration);
    None for any other record."""
    result.records += 1
    if record.rec_type != "response" or record.http_headers is None:
        return None
    kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if kind not in _HTML_TYPES:
        return None
    return record.content_stream().read()


class _Comparer:
    """The originals of an index compared with pages, each original's words cut once."""

    def __init__(self, index: OriginalsIndex, min_share: float) -> None:
        self.index = index
        self.min_share = min_share
        self._words: dict[int, list[str]] = {}

    def copies(self, found: list[str]) -> list[tuple[int, float]]:
        """The originals (by number) the page's words ``found`` carry at least ``min_share`` of, with the share."""
        numbers = self.index.candidates(sample(found))
        if not numbers:
            return []
        page = found[:PAGE_WORDS]
        copies = []
        for number in numbers:
            share = kept_share(self._original(number), page)
            if share >= self.min_share:
                copies.append((number, share))
        return copies

    def _original(self, number: int) -> list[str]:
        cut = self._words.get(number)
        if cut is None:
            cut = self._words[number] = text_words(self.index.originals[number].paragraphs)[:MAX_WORDS]
        return cut


def kept_share(original: list[str], page: list[str]) -> float:
    """The share of the ``original``'s words the ``page`` keeps in order: the ``unaltered`` check's comparison
    (:class:`difflib.SequenceMatcher` over words with style removed)."""
    if not original:
        return 0.0
    matcher = SequenceMatcher(None, original, page, autojunk=False)
    return sum(size for _, _, size in matcher.get_matching_blocks()) / len(original)


def _scan_record(
    offset: int, item: tuple[Any, bytes | None], path: str, compared: _Comparer, options: ScanOptions, result: Any
) -> None:
    record, body = item
    if body is None:
        return
    result.pages += 1
    charset = _charset(record.http_headers.get_header("Content-Type") or "")
    found = page_words(body if len(body) <= options.max_bytes else body[: options.max_bytes], charset)
    for number, share in compared.copies(found):
        original = compared.index.originals[number]
        url = record.rec_headers.get_header("WARC-Target-URI")
        report, uncredited = _check(body, url, charset, _status(record), original, options)
        result.found.append(
            {
                "archive": path,
                "offset": offset,
                "url": url,
                "crawl_date": record.rec_headers.get_header("WARC-Date"),
                "original": original.url,
                "share": round(share, 4),
                "uncredited": uncredited,
                "report": report.to_dict(),
            }
        )


def _check(
    body: bytes, url: str | None, charset: str | None, status: int | None, original: Any, options: ScanOptions
) -> tuple[Report, bool]:
    """The copy's report, the original known, and whether it shows no sign of the licensor at all."""
    checker = _checker(options)
    settings = {
        "charset": charset,
        "http_status": status,
        "reporter": original.reporter_of(),
        "original": original.url,
        "original_text": original.text(),
    }
    report = checker.check_html(body, url, skip_unlicensed=True, **settings)
    if report.status is not Status.SKIP:
        return report, False
    return checker.check_html(body, url, skip_unlicensed=False, **settings), True


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _status(record: Any) -> int | None:
    try:
        return int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return None
