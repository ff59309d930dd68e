"""What does a republication look like inside a web-crawl archive? Synthetic originals, planted copies of them,
and WARC files holding both, for the tests, the benchmark and the README's worked example.

Originals are articles made up from a word list (shuffled sentences, so that no real page carries them): a
headline, a reporter, paragraphs. Copies are pages of other sites that carry one, in one of :data:`VARIANTS`:
``verbatim`` (credited), ``headline`` (headline rewritten), ``cut`` (the last paragraphs cut: 60% kept),
``uncredited`` (no byline, no credit, no logo), ``chrome`` (inside another site's menus, sidebars and footer) and
``encoding`` (served as windows-1252, the charset named only in a ``<meta>``).

``python -m checker.discover.example FOLDER`` writes ``FOLDER/originals.jsonl`` (three originals) and
``FOLDER/crawl.warc.gz`` (a copy of each in every variant, among pages that copy nothing), offline.
"""

from __future__ import annotations

import html
import io
import json
import random
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .index import Original

__all__ = ["VARIANTS", "copy_page", "other_page", "synthetic_originals", "write_archive"]

VARIANTS = ("verbatim", "headline", "cut", "uncredited", "chrome", "encoding")
LICENSOR = "Daily Caller News Foundation"
CUT_KEEP = 0.6  # of an original's paragraphs, a "cut" copy keeps the first 60%
CRAWL_DATE = "2026-11-02T08:15:00Z"

_WORD_LIST = (
    "council budget water school county board state river harbor clinic farm bridge rail winter summer market "
    "housing rent teacher nurse doctor police court judge mayor senator voter ballot union worker factory mill "
    "port ferry storm flood drought wildfire forest trail museum library church festival harvest orchard cattle "
    "dairy wheat corn fishery tourism hotel airport highway tunnel pipeline grid solar wind coal mine quarry "
    "hospital pharmacy insurance pension tax levy bond audit report study survey record permit license zoning "
    "district village town city region coast valley plain mountain island lake canal dam reservoir well spring "
    "officials residents families students parents owners tenants drivers riders farmers fishermen miners voters "
    "said told warned argued agreed approved rejected delayed proposed announced expected estimated reported "
    "rose fell doubled slowed stalled grew shrank reopened closed moved built repaired replaced expanded cut "
    "new old local federal rural urban public private small large early late higher lower annual monthly "
    "million thousand percent dollars acres miles gallons hours weeks months years decades since after before"
)
_WORDS = _WORD_LIST.split()
_PHRASES = ("according to", "in a statement", "on Tuesday", "last year", "this spring", "the next day")
_NAMES = ("Avery Lindqvist", "Marisol Etxeberria", "Jonah Castellanos", "Priya Vandermeer", "Tobias Okonkwo-Hale")
_SITES = ("valleysentinel.example", "harborgazette.example", "plainsdispatch.example", "lakeshorepost.example")
# Accented words for the copies served in another encoding: windows-1252 has them, so they must come out right.
_ACCENTED = ("café", "Zoë", "naïve", "résumé", "São", "Müller")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(10, 22))]
    if rng.random() < 0.3:
        words.insert(rng.randint(1, len(words) - 1), rng.choice(_PHRASES))
    if rng.random() < 0.2:
        words.insert(rng.randint(1, len(words) - 1), rng.choice(_ACCENTED))
    if rng.random() < 0.2:
        words.insert(rng.randint(1, len(words) - 1), f"“{rng.choice(_WORDS)} {rng.choice(_WORDS)}”")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def synthetic_originals(count: int, *, seed: int = 1, site: str = "licensor.example") -> list[Original]:
    """``count`` made-up articles of 8 to 14 paragraphs (some 400 to 1,000 words), the same for the same seed."""
    rng = random.Random(seed)
    originals = []
    for number in range(count):
        paragraphs = tuple(
            " ".join(_sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(8, 14))
        )
        headline = _sentence(rng).rstrip(".").title()
        url = f"https://{site}/{2026 - number % 3}/story-{seed}-{number}"
        originals.append(Original(url, headline, paragraphs, rng.choice(_NAMES)))
    return originals


def _chrome(rng: random.Random, site: str) -> tuple[str, str]:
    """Another site's menus and sidebar (before the story) and footer (after it): some 300 words of its own."""
    menu = "".join(f'<li><a href="/{w}">{w.title()}</a></li>' for w in rng.sample(_WORDS, 12))
    teasers = "".join(f'<li><a href="/t/{n}">{html.escape(_sentence(rng))}</a></li>' for n in range(8))
    before = f'<header><a href="/">{site}</a><nav><ul>{menu}</ul></nav></header><aside><ul>{teasers}</ul></aside>'
    after = f"<footer><p>{html.escape(' '.join(_sentence(rng) for _ in range(4)))}</p><p>© {site}</p></footer>"
    return before, after


def copy_page(original: Original, variant: str, *, site: str, seed: int = 0) -> tuple[bytes, str]:
    """A page of ``site`` republishing ``original`` as ``variant`` (one of :data:`VARIANTS`): its bytes and its
    Content-Type."""
    rng = random.Random(f"{seed}:{original.url}:{variant}")
    paragraphs = list(original.paragraphs)
    headline = original.headline or ""
    if variant == "headline":
        headline = f"What {site.split('.')[0].title()} readers should know: {headline.lower()}"
    if variant == "cut":
        paragraphs = paragraphs[: max(1, round(len(paragraphs) * CUT_KEEP))]
    credited = variant != "uncredited"
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    byline = f'<p class="byline">By {html.escape(original.reporter or "Staff")}, {LICENSOR}</p>' if credited else ""
    logo = f'<img src="/wire/dcnf-logo.png" alt="{LICENSOR} logo" width="200" height="50">' if credited else ""
    notice = (
        f"<p><em>Content created by The {LICENSOR} is available without charge to any eligible news publisher "
        "that can provide a large audience.</em></p>"
        if credited
        else ""
    )
    before, after = _chrome(rng, site) if variant == "chrome" else ("", "")
    charset = "windows-1252" if variant == "encoding" else "utf-8"
    document = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>{html.escape(headline)} | {site}'
        f"</title></head><body>{before}<main><article><h1>{html.escape(headline)}</h1>{logo}{byline}{body}{notice}"
        f"</article></main>{after}</body></html>"
    )
    if variant == "encoding":
        return document.encode("windows-1252", "xmlcharrefreplace"), "text/html"
    return document.encode("utf-8"), "text/html; charset=utf-8"


def other_page(rng: random.Random, site: str) -> bytes:
    """A page of ``site`` that copies nothing."""
    story = "".join(f"<p>{html.escape(' '.join(_sentence(rng) for _ in range(3)))}</p>" for _ in range(6))
    head = f"<!DOCTYPE html><html><head><meta charset=utf-8><title>{site}</title></head>"
    return f"{head}<body>{story}</body></html>".encode()


def write_archive(path: str | Path, pages: Iterable[tuple[str, bytes, str]], *, date: str = CRAWL_DATE) -> None:
    """A WARC file (gzipped per record when ``path`` ends in ``.gz``) of HTTP 200 responses: (url, body,
    Content-Type) each, with a request record before each, as crawlers write them."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=str(path).endswith(".gz"))
        for url, body, content_type in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            request = writer.create_warc_record(url, "request", payload=_request(url))
            writer.write_record(request)
            response = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(response)


def _request(url: str) -> io.BytesIO:
    host = url.split("/")[2]
    return io.BytesIO(f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())


def planted_pages(originals: Sequence[Original], *, seed: int = 0) -> list[tuple[str, bytes, str, str, str]]:
    """A copy of each original in every variant: (url, body, Content-Type, original's URL, variant) each."""
    pages = []
    for number, original in enumerate(originals):
        for v, variant in enumerate(VARIANTS):
            site = _SITES[(number + v) % len(_SITES)]
            body, kind = copy_page(original, variant, site=site, seed=seed)
            pages.append((f"https://{site}/news/{number}-{variant}", body, kind, original.url, variant))
    return pages


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m checker.discover.example FOLDER", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    originals = synthetic_originals(3)
    with open(folder / "originals.jsonl", "w", encoding="utf-8") as handle:
        for original in originals:
            line = {"url": original.url, "headline": original.headline, "reporter": original.reporter}
            handle.write(json.dumps({**line, "text": "\n\n".join(original.paragraphs)}, ensure_ascii=False) + "\n")
    rng = random.Random(7)
    pages = [(url, body, kind) for url, body, kind, _, _ in planted_pages(originals)]
    pages += [(f"https://{site}/other/{n}", other_page(rng, site), "text/html") for n, site in enumerate(_SITES * 3)]
    rng.shuffle(pages)
    write_archive(folder / "crawl.warc.gz", pages)
    print(f"wrote {folder / 'originals.jsonl'} (3 originals) and {folder / 'crawl.warc.gz'} ({len(pages)} pages)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
