"""Where are the licensor's original articles? ``--originals SOURCE`` read into :class:`~.index.Original`\\ s.

SOURCE is one of:

- a folder of saved pages (``*.html``, ``*.htm``; an original's URL is its canonical link, else the file's path);
- a JSON Lines file (``.jsonl``, ``.ndjson``, or text whose first line is a JSON object) of
  ``{"url": ..., "text": ...}``: the story's paragraphs separated by blank lines or line breaks, with optional
  ``headline`` and ``reporter``;
- a sitemap (an ``.xml`` or ``.xml.gz`` file or URL, as ``audit --sitemap`` reads it);
- a list of URLs or files, one a line, or a CSV with a ``url`` column (as ``audit`` reads it).

Pages are read with repcheck's page model, as the ``unaltered`` check reads ``--original``: the story's
paragraphs (captions and bylines left out) and the byline's reporter. An original that cannot be read is reported
and left out; the rest are indexed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ..audit.sources import SourceError, read_list, read_sitemap
from ..fetch import FetchError, read_file
from ..pack import Pack
from ..page import Page, PageError
from ..reporter import OriginalArticles, original_of
from .index import Original

__all__ = ["read_originals"]

_PAGE_SUFFIXES = (".html", ".htm")
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_SITEMAP_SUFFIXES = (".xml", ".xml.gz")


def read_originals(source: str, pack: Pack, on_error: Callable[[str], None]) -> Iterator[Original]:
    """The originals ``source`` gives (see the module's docstring); ``on_error(one_line)`` for each that cannot be
    read. Raises :class:`~checker.audit.sources.SourceError` when ``source`` itself cannot be read."""
    if os.path.isdir(source):
        return _folder(Path(source), pack, on_error)
    if _is_jsonl(source):
        return _jsonl(source, on_error)
    if source.lower().endswith(_SITEMAP_SUFFIXES):
        locations = (target.url for target in read_sitemap(source, on_error=on_error))
    else:
        locations = (target.url for target in read_list(source))
    return _pages(locations, pack, on_error)


def _is_jsonl(source: str) -> bool:
    if source.lower().endswith(_JSONL_SUFFIXES):
        return True
    if not os.path.isfile(source):
        return False
    with open(source, "rb") as handle:
        start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"{")


def _pages(locations: Iterator[str], pack: Pack, on_error: Callable[[str], None]) -> Iterator[Original]:
    articles = OriginalArticles(pack)
    for location in locations:
        reporter, text = articles.read(location)
        if text.error:
            on_error(text.error)
            continue
        yield Original(location, text.headline, text.paragraphs, reporter.name)


def _folder(folder: Path, pack: Pack, on_error: Callable[[str], None]) -> Iterator[Original]:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in _PAGE_SUFFIXES):
        try:
            html, _ = read_file(str(path))
            page = Page.parse(html, None)
        except (FetchError, PageError) as exc:
            reason = exc.reason if isinstance(exc, FetchError) else str(exc)
            on_error(f"could not read the original article {path}: {reason}")
            continue
        url = page.canonical or str(path)
        reporter, text = original_of(page, url, pack)
        yield Original(url, text.headline, text.paragraphs, reporter.name)


def _jsonl(source: str, on_error: Callable[[str], None]) -> Iterator[Original]:
    try:
        with open(source, encoding="utf-8-sig") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read {source}: {getattr(exc, 'strerror', None) or exc}", location=source) from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            url, text = data["url"], data["text"]
            if not isinstance(url, str) or not isinstance(text, str):
                raise TypeError("url and text must be strings")
        except (ValueError, KeyError, TypeError) as exc:
            on_error(f"{source}:{number}: not an original {{url, text}} ({exc})")
            continue
        paragraphs = tuple(" ".join(p.split()) for p in text.splitlines() if p.strip())
        headline, reporter = data.get("headline"), data.get("reporter")
        yield Original(
            url,
            headline if isinstance(headline, str) else None,
            paragraphs,
            reporter if isinstance(reporter, str) and reporter.strip() else None,
        )
