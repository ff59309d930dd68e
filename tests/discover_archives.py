"""Web-crawl archives for the ``discover`` tests: a haystack of pages that copy nothing (our fixtures, and real pages
from ../shared/realworld when it is there) with planted copies of synthetic originals in every variant."""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass
from pathlib import Path

from checker.discover.example import planted_pages, synthetic_originals, write_archive
from checker.discover.index import Original

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
REALWORLD = ROOT.parent / "shared" / "realworld"
REAL_PAGES = 120  # real pages in the test haystack (the benchmark reads all of them)


@dataclass(frozen=True)
class Planted:
    url: str
    original: str
    variant: str


def haystack(real_pages: int = REAL_PAGES) -> list[tuple[str, bytes, str]]:
    """Pages that copy no synthetic original: every fixture page, and up to ``real_pages`` real pages."""
    pages = [
        (f"https://haystack.example/fixtures/{path.relative_to(FIXTURES)}", path.read_bytes(), "text/html")
        for path in sorted(FIXTURES.rglob("*.html"))
    ]
    if REALWORLD.is_dir():
        real = sorted(p for p in REALWORLD.rglob("*") if p.name.endswith((".html", ".htm", ".html.gz")))
        for number, path in enumerate(real[:real_pages]):
            body = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
            pages.append((f"https://haystack.example/real/{number}", body, "text/html"))
    return pages


def originals(count: int = 4) -> list[Original]:
    return synthetic_originals(count, seed=11)


def write_originals(path: Path, found: list[Original]) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for original in found:
            line = {"url": original.url, "text": "\n\n".join(original.paragraphs), "headline": original.headline}
            handle.write(json.dumps({**line, "reporter": original.reporter}) + "\n")
    return path


def build(folder: Path, found: list[Original], *, split: int = 2, real_pages: int = REAL_PAGES) -> list[Planted]:
    """``split`` archives ``crawl-N.warc.gz`` in ``folder``: the haystack with a copy of each original in every
    variant, shuffled. Returns what was planted."""
    planted = planted_pages(found)
    pages = haystack(real_pages) + [(url, body, kind) for url, body, kind, _, _ in planted]
    random.Random(5).shuffle(pages)
    size = -(-len(pages) // split)
    for number in range(split):
        write_archive(folder / f"crawl-{number}.warc.gz", pages[number * size : (number + 1) * size])
    return [Planted(url, original, variant) for url, _, _, original, variant in planted]
