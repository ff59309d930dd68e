"""`repcheck discover`: recall, false matches and speed, against a floor measured in the same run.

    python benchmarks/discover.py [--corpus ../shared/realworld] [--originals 1000] [--more 10000] [--files 4]

- **Haystack**: every real page of the corpus (``.html``, ``.html.gz``), written with warcio into ``--files`` WARC
  files. The originals are synthetic (:func:`checker.discover.example.synthetic_originals`: shuffled sentences
  from a word list, each ending with the licensor's standard notice paragraph, as its republications carry it),
  so no real page is a copy of one: every finding among the real pages is a false match.
- **Recall**: copies of 300 of the originals, each keeping a random 50-100% of its paragraphs (any of them, not only
  the first), with 2% of its words replaced, in another site's chrome, credited or not, in one more archive. A copy
  counts when the comparison itself says it keeps at least half of the original's words in order; recall is the
  share of those found.
- **Speed**, in CPU seconds of this one process (``time.process_time``), on the haystack: the floor iterates the
  same archives with warcio and parses every HTML record with ``lxml.html.fromstring``; ours is
  :func:`~checker.discover.archive.scan_archive` with ``--originals`` indexed, then with ``--more``.
  Records per second per core = HTML records / CPU seconds.
- When datasketch is installed, the CPU time of a 128-permutation MinHash of every haystack page's word
  sequences, beside our sampled hashes of the same sequences (the candidate search's cost either way).
"""

from __future__ import annotations

import argparse
import contextlib
import pickle
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import lxml.html
from cpu import DEFAULT_CORPUS, corpus_pages
from warcio.archiveiterator import ArchiveIterator

from checker.discover.archive import ScanOptions, kept_share, scan_archive
from checker.discover.example import LICENSOR, copy_page, synthetic_originals, write_archive
from checker.discover.index import Original, OriginalsIndex
from checker.discover.text import SHINGLE, page_words, sample, text_words

NOTICE = (
    f"Content created by The {LICENSOR} is available without charge to any eligible news publisher that can "
    "provide a large audience. For licensing opportunities of our original content, please contact us."
)
RECALL_COPIES = 300
EDITED = 0.02  # of a copy's words, replaced by others


def originals_with_notice(count: int, seed: int) -> list[Original]:
    return [
        Original(o.url, o.headline, (*o.paragraphs, NOTICE), o.reporter)
        for o in synthetic_originals(count, seed=seed, site="licensor.example")
    ]


def edited_copy(original: Original, rng: random.Random) -> Original:
    """Some 50-100% of the paragraphs (chosen anywhere), 2% of the words replaced."""
    keep = sorted(
        rng.sample(range(len(original.paragraphs)), max(1, round(len(original.paragraphs) * rng.uniform(0.5, 1))))
    )
    paragraphs = []
    for number in keep:
        words = original.paragraphs[number].split()
        for at in range(len(words)):
            if rng.random() < EDITED:
                words[at] = rng.choice(("reportedly", "officials", "nearby", "however"))
        paragraphs.append(" ".join(words))
    return Original(original.url, original.headline, tuple(paragraphs), original.reporter)


def floor(archives: list[Path]) -> tuple[float, int]:
    """CPU seconds to iterate the archives with warcio and parse each HTML record with lxml; records parsed."""
    started, records = time.process_time(), 0
    for archive in archives:
        with open(archive, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response":
                    continue
                kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip()
                if kind != "text/html":
                    continue
                body = record.content_stream().read()
                records += 1
                with contextlib.suppress(ValueError, lxml.etree.ParserError):
                    lxml.html.fromstring(body)
    return time.process_time() - started, records


def scan(archives: list[Path], index: OriginalsIndex) -> tuple[float, int, list[dict]]:
    started, pages, found = time.process_time(), 0, []
    for archive in archives:
        result = scan_archive(str(archive), index, ScanOptions())
        pages += result.pages
        found += result.found
    return time.process_time() - started, pages, found


def built(originals: list[Original]) -> tuple[OriginalsIndex, float]:
    started = time.process_time()
    index = OriginalsIndex.of(originals)
    return index, time.process_time() - started


def minhash_comparison(pages: list[tuple[str, bytes]]) -> str:
    try:
        from datasketch import MinHash
    except ImportError:
        return "datasketch not installed: MinHash comparison skipped"
    found = [page_words(body) for _, body in pages]
    started = time.process_time()
    for words in found:
        sample(words)
    ours = time.process_time() - started
    started = time.process_time()
    for words in found:
        sketch = MinHash(num_perm=128)
        sketch.update_batch([" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)])
    theirs = time.process_time() - started
    return f"candidate hashing of {len(found):,} pages: ours {ours:.2f} s, datasketch MinHash(128) {theirs:.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--originals", type=int, default=1000)
    parser.add_argument("--more", type=int, default=10000, help="a second, larger index (0: none)")
    parser.add_argument("--files", type=int, default=4, help="WARC files the haystack is written into")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    pages = corpus_pages(args.corpus)
    rng = random.Random(3)
    with tempfile.TemporaryDirectory(prefix="repcheck-discover-bench-") as folder:
        size = -(-len(pages) // args.files)
        archives = []
        for number in range(args.files):
            archives.append(Path(folder) / f"haystack-{number}.warc.gz")
            chunk = pages[number * size : (number + 1) * size]
            write_archive(archives[-1], [(f"https://real.example/{quote(name)}", b, "text/html") for name, b in chunk])
        originals = originals_with_notice(max(args.originals, args.more), seed=2026)
        chosen = rng.sample(range(args.originals), RECALL_COPIES)
        copies, shares = [], {}
        for n, number in enumerate(chosen):
            copy = edited_copy(originals[number], rng)
            variant = ("verbatim", "uncredited", "chrome", "encoding", "headline")[n % 5]
            body, kind = copy_page(copy, variant, site=f"site{n % 17}.example")
            url = f"https://site{n % 17}.example/copy/{n}"
            copies.append((url, body, kind))
            shares[url] = (
                originals[number].url,
                kept_share(text_words(originals[number].paragraphs), page_words(body)),
            )
        planted = Path(folder) / "planted.warc.gz"
        write_archive(planted, copies)

        floor_cpu, floor_records = floor(archives)
        print(
            f"haystack: {len(pages):,} real pages in {args.files} WARC files; floor (warcio + lxml parse): "
            f"{floor_cpu:.2f} CPU s, {floor_records / floor_cpu:,.0f} records/s"
        )
        for count in [args.originals] + ([args.more] if args.more else []):
            index, build_cpu = built(originals[:count])
            ours_cpu, ours_pages, false = scan(archives, index)
            _, _, found = scan([planted], index)
            due = {url for url, (_, share) in shares.items() if share >= 0.5}
            hit = {f["url"] for f in found if f["original"] == shares[f["url"]][0]}
            wrong = [f for f in found if f["original"] != shares[f["url"]][0]]
            print(
                f"{count:,} originals (index built in {build_cpu:.1f} CPU s, "
                f"{len(index.postings):,} sampled sequences, "
                f"{len(pickle.dumps(index)) / 1e6:.1f} MB pickled for a Spark broadcast):\n"
                f"  speed: {ours_cpu:.2f} CPU s for {ours_pages:,} HTML records = "
                f"{ours_pages / ours_cpu:,.0f} records/s "
                f"per core, {ours_cpu / floor_cpu:.2f}x the floor\n"
                f"  false matches among the real pages: {len(false)}"
                + "".join(f"\n    {f['url']} ~ {f['original']} ({f['share']:.0%})" for f in false[:5])
                + f"\n  recall: {len(hit & due)}/{len(due)} copies keeping >= half found "
                f"({len(hit & due) / len(due):.1%}); wrong original {len(wrong)}; "
                f"found below half {len(hit - due)}"
            )
        print(minhash_comparison(pages[:300]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
