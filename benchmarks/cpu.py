"""CPU per page of a full check against a bare lxml parse of the same page, as a ratio.

    python benchmarks/cpu.py [--corpus ../shared/realworld] [--pack dcnf] [--limit N] [--repeat R]

For every page of the corpus (``.html`` and ``.html.gz``), in one process and interleaved page by page so that
both sides see the same machine load: the CPU time (``time.process_time``) of ``lxml.html.fromstring(raw bytes)``
and of ``Checker.check_html(raw bytes)`` — decoding, parsing, the page model, reporter detection and every rule
of the pack. Prints totals, the ratio, the split of our time between phases, and the slowest pages.
Issue 2's target: ratio at most 3.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

import lxml.html

from checker.encoding import decode_html
from checker.engine import Checker, run_rules
from checker.page import Page, PageError

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"


def corpus_pages(root: Path, limit: int | None = None) -> list[tuple[str, bytes]]:
    files = sorted(p for p in root.rglob("*") if p.name.endswith((".html", ".htm", ".html.gz")))
    pages = []
    for path in files[:limit]:
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
        pages.append((str(path.relative_to(root)), data))
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pack", default="dcnf")
    parser.add_argument("--reporter", help="check with this reporter given (no detection), as with --reporter")
    parser.add_argument("--limit", type=int)
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="passes over the corpus: the first is reported (cold caches), and the best later one "
        "(caches of class names and name patterns warm, as in an audit of many pages)",
    )
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    pages = corpus_pages(args.corpus, args.limit)
    checker = Checker(args.pack, reporter=args.reporter)
    passes: list[tuple[float, float, dict[str, float], list[tuple[float, str]]]] = []
    for _ in range(args.repeat):
        bare = ours = 0.0
        phases = {"decode": 0.0, "page model": 0.0, "reporter": 0.0, "rules": 0.0}
        slow: list[tuple[float, str]] = []
        for name, data in pages:
            t0 = time.process_time()
            try:  # noqa: SIM105 - a bare try costs nothing inside the timed span; a context manager would
                lxml.html.fromstring(data)
            except Exception:  # noqa: BLE001 - lxml refuses empty documents; the check must not
                pass
            t1 = time.process_time()
            checker.check_html(data, target=name, local=True)
            t2 = time.process_time()
            bare += t1 - t0
            ours += t2 - t1
            slow.append((t2 - t1, name))
            # The same work again, phase by phase, for the split (not counted in the ratio).
            p0 = time.process_time()
            text, _ = decode_html(data, local=True)
            p1 = time.process_time()
            try:
                page = Page.parse(text)
            except PageError:
                continue
            p2 = time.process_time()
            reporter = checker.resolve_reporter(page)
            p3 = time.process_time()
            run_rules(page, checker.pack, reporter)
            p4 = time.process_time()
            for key, value in zip(phases, (p1 - p0, p2 - p1, p3 - p2, p4 - p3), strict=True):
                phases[key] += value
        passes.append((bare, ours, phases, slow))
    bare, ours, phases, slow = passes[0]
    n = len(pages)
    print(f"pages: {n} from {args.corpus}")
    print(f"bare lxml.html.fromstring: {bare:.3f} s CPU, {bare / n * 1000:.2f} ms/page")
    given = f"reporter {args.reporter!r} given" if args.reporter else "reporter detected on each page"
    print(f"repcheck check_html ({args.pack}, {given}): {ours:.3f} s CPU, {ours / n * 1000:.2f} ms/page")
    print(f"ratio: {ours / bare:.2f}x the bare parse (target: <= 3x), first pass, caches cold")
    if len(passes) > 1:
        warm = min(passes[1:], key=lambda p: p[1] / p[0])
        print(f"ratio with warm caches (best of {len(passes) - 1} more passes): {warm[1] / warm[0]:.2f}x")
    total = sum(phases.values()) or 1.0
    print("split of repcheck's time: " + ", ".join(f"{k} {v / total:.0%}" for k, v in phases.items()))
    print("slowest pages:")
    for seconds, name in sorted(slow, reverse=True)[:5]:
        print(f"  {seconds * 1000:7.1f} ms  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
