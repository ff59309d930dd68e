"""CPU per page of a full check against a bare lxml parse of the same page, three ways, with a verdict guard.

    python benchmarks/cpu.py [--corpus ../shared/realworld] [--pack dcnf] [--limit N] [--repeat R]
                             [--save-reference FILE | --reference FILE] [--phases] [--css]

For every page of the corpus (``.html``, ``.htm``, ``.html.gz``), in one process and interleaved page by page so
that every side sees the same machine load, the CPU time (``time.process_time``) of:

- ``bare``: ``lxml.html.fromstring(raw bytes)``, the floor;
- ``Checker``: ``Checker.check_html(raw bytes)`` on one Checker reused for the whole corpus, as ``check`` and
  ``audit`` run (decoding, parsing, the page model, reporter detection and every rule of the pack);
- ``check_html``: the library's ``checker.check_html(raw bytes)`` called afresh for each page, as a user's
  script does (it finds the pack, builds a Checker, arms the page's check deadline).

The first pass is cold: module caches (class-name facts, name patterns) start empty. Because the two check ways
run the same page one after the other, the second one would find the first one's caches warm, so on the first
pass they take turns going first, and each way's cold figure counts only the pages where it went first (half the
corpus each, against the bare parse of the same pages). Later passes (``--repeat``) are warm; the best is shown.
Ratios are printed in total and per size bucket. Issue 17's targets: ``check_html`` first pass <= 2.0x, warm
<= 1.8x, pages under 100 KB <= 2.3x.

Verdict guard: ``--save-reference FILE`` writes every page's report (timestamps and elapsed time aside) from the
first pass; ``--reference FILE`` compares this run's reports with it and exits 1, listing the pages, if any report
differs, so that speed work cannot change a verdict silently. The reference is data about the corpus: keep it out
of the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html

import checker
from checker.encoding import decode_html
from checker.engine import Checker, run_rules
from checker.page import Page, PageError
from checker.report import Report

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"
BUCKETS = ((100_000, "under 100 KB"), (500_000, "100-500 KB"), (float("inf"), "500 KB and over"))
WAYS = ("Checker", "check_html")


def corpus_pages(root: Path, limit: int | None = None) -> list[tuple[str, bytes]]:
    files = sorted(p for p in root.rglob("*") if p.name.endswith((".html", ".htm", ".html.gz")))
    pages = []
    for path in files[:limit]:
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
        pages.append((str(path.relative_to(root)), data))
    return pages


def bucket_of(size: int) -> str:
    return next(name for bound, name in BUCKETS if size < bound)


def comparable(report: Report) -> dict[str, Any]:
    """The report as JSON, without what changes from run to run."""
    data = report.to_dict()
    data.pop("elapsed_ms", None)
    data.pop("checked_at", None)
    return data


def digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def bare_parse(data: bytes) -> None:
    try:  # noqa: SIM105 - a bare try costs nothing inside the timed span; a context manager would
        lxml.html.fromstring(data)
    except Exception:  # noqa: BLE001 - lxml refuses empty documents; the check must not
        pass


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.process_time()
    result = call()
    return time.process_time() - t0, result


class Tally:
    """CPU seconds of one way against the bare parse of the same pages, in total and per size bucket."""

    def __init__(self) -> None:
        self.ours: dict[str, float] = {}
        self.bare: dict[str, float] = {}
        self.pages: dict[str, int] = {}

    def add(self, bucket: str, ours: float, bare: float) -> None:
        self.ours[bucket] = self.ours.get(bucket, 0.0) + ours
        self.bare[bucket] = self.bare.get(bucket, 0.0) + bare
        self.pages[bucket] = self.pages.get(bucket, 0) + 1

    def ratio(self, bucket: str | None = None) -> float:
        keys = [bucket] if bucket else list(self.ours)
        bare = sum(self.bare.get(k, 0.0) for k in keys)
        return sum(self.ours.get(k, 0.0) for k in keys) / bare if bare else float("nan")

    def line(self) -> str:
        n = sum(self.pages.values())
        ms = sum(self.ours.values()) / n * 1000 if n else 0.0
        parts = [f"{self.ratio():.2f}x overall ({n} pages, {ms:.2f} ms/page)"]
        parts += [f"{name} {self.ratio(name):.2f}x ({self.pages[name]})" for _, name in BUCKETS if name in self.pages]
        return ", ".join(parts)


def run_pass(
    pages: list[tuple[str, bytes]],
    reused: Checker,
    pack: str,
    reporter: str | None,
    first: bool,
    css: CssMeter | None = None,
) -> tuple[dict[str, Tally], dict[str, dict[str, Any]], float]:
    """One pass over the corpus: a Tally per way, the reused Checker's reports, and the bare parse's total. With
    ``css``, the meter counts the stylesheet reading of the same calls the tallies count."""
    tallies = {way: Tally() for way in WAYS}
    reports: dict[str, dict[str, Any]] = {}
    bare_total = 0.0
    for i, (name, data) in enumerate(pages):
        bucket = bucket_of(len(data))
        bare, _ = timed(lambda data=data: bare_parse(data))
        bare_total += bare
        ways: dict[str, Callable[[], Report]] = {
            "Checker": lambda data=data, name=name: reused.check_html(data, target=name, local=True),
            "check_html": lambda data=data: checker.check_html(data, pack=pack, reporter=reporter),
        }
        order = WAYS if (i % 2 == 0 or not first) else WAYS[::-1]
        for position, way in enumerate(order):
            if css is not None:
                css.call = 0.0
            seconds, report = timed(ways[way])
            if way == "Checker":
                reports[name] = comparable(report)
            if position == 0 or not first:  # cold figures only from the way that went first
                tallies[way].add(bucket, seconds, bare)
                if css is not None:
                    css.add(css.call, seconds, bare)
    return tallies, reports, bare_total


class CssMeter:
    """The CPU of reading the pages' stylesheets (``apply_page_css``) inside the cold checks of the first pass (the
    way that went first on each page), measured by wrapping it where the page model calls it (issue 15: at most
    10% of the rest of a static check)."""

    def __init__(self) -> None:
        self.call = 0.0  # in the check being timed
        self.seconds = self.checks = self.bare = 0.0  # over the checks counted

    def add(self, css: float, check: float, bare: float) -> None:
        self.seconds += css
        self.checks += check
        self.bare += bare

    def __enter__(self) -> CssMeter:
        import checker.page.model as model

        self._model, self._original = model, model.apply_page_css
        original = self._original

        def measured(*args: Any, **kwargs: Any) -> None:
            t0 = time.process_time()
            try:
                original(*args, **kwargs)
            finally:
                self.call += time.process_time() - t0

        model.apply_page_css = measured
        return self

    def __exit__(self, *exc: object) -> None:
        self._model.apply_page_css = self._original

    def line(self) -> str:
        rest, bare = self.checks - self.seconds, self.seconds / self.bare
        return (
            f"page CSS: {self.seconds:.3f} s of {self.checks:.3f} s CPU of the cold checks ({bare:.2f}x the bare"
            f" parse), {self.seconds / rest:.0%} of the rest of the check (issue 15's aim: <= 10%)"
        )


def phase_split(pages: list[tuple[str, bytes]], reused: Checker) -> str:
    """Where the reused Checker's time goes (a separate, untimed-for-the-ratio pass)."""
    phases = {"decode": 0.0, "page model": 0.0, "reporter": 0.0, "rules": 0.0}
    for _, data in pages:
        p0 = time.process_time()
        text, _ = decode_html(data, local=True)
        p1 = time.process_time()
        try:
            page = Page.parse(text)
        except PageError:
            continue
        p2 = time.process_time()
        reporter = reused.resolve_reporter(page)
        p3 = time.process_time()
        run_rules(page, reused.pack, reporter)
        p4 = time.process_time()
        for key, value in zip(phases, (p1 - p0, p2 - p1, p3 - p2, p4 - p3), strict=True):
            phases[key] += value
    total = sum(phases.values()) or 1.0
    return ", ".join(f"{k} {v / total:.0%}" for k, v in phases.items())


def _shared(report: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """``report`` without the top-level fields ``other`` lacks: a field added to every report (``rendered``) is not
    a change of verdict."""
    return {key: value for key, value in report.items() if key in other}


def compare(reports: dict[str, dict[str, Any]], reference: dict[str, dict[str, Any]]) -> list[str]:
    """One line per page whose report differs from the reference (or is missing from one side)."""
    differences = []
    for name in sorted(set(reports) | set(reference)):
        now, then = reports.get(name), reference.get(name)
        if now is None or then is None:
            differences.append(f"{name}: {'not in this run' if now is None else 'not in the reference'}")
        elif digest(_shared(now, then)) != digest(_shared(then, now)):
            was = {r["id"]: r["status"] for r in then.get("rules", [])}
            got = {r["id"]: r["status"] for r in now.get("rules", [])}
            changed = [f"{rule} {was.get(rule)} -> {got.get(rule)}" for rule in got if got.get(rule) != was.get(rule)]
            what = "; ".join(changed) if changed else "same verdicts, other evidence or messages"
            differences.append(f"{name}: {then.get('status')} -> {now.get('status')} ({what})")
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pack", default="dcnf")
    parser.add_argument("--reporter", help="check with this reporter given (no detection), as with --reporter")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--repeat", type=int, default=2, help="passes over the corpus: one cold, the rest warm")
    guard = parser.add_mutually_exclusive_group()
    guard.add_argument("--save-reference", type=Path, metavar="FILE", help="write this run's reports to FILE")
    guard.add_argument("--reference", type=Path, metavar="FILE", help="exit 1 if any report differs from FILE")
    parser.add_argument("--phases", action="store_true", help="also print where the time goes, by phase")
    parser.add_argument(
        "--css", action="store_true", help="also print what reading the pages' stylesheets costs on the first pass"
    )
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    reference = None
    if args.reference:
        try:
            reference = json.loads(args.reference.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"cannot read the reference {args.reference}: {exc}", file=sys.stderr)
            return 2
    pages = corpus_pages(args.corpus, args.limit)
    reused = Checker(args.pack, reporter=args.reporter)
    given = f"reporter {args.reporter!r} given" if args.reporter else "reporter detected on each page"
    print(f"pages: {len(pages)} from {args.corpus}; pack {args.pack}, {given}")

    css = CssMeter() if args.css else None
    with css or contextlib.nullcontext():
        cold, reports, bare_total = run_pass(pages, reused, args.pack, args.reporter, first=True, css=css)
    print(f"bare lxml.html.fromstring: {bare_total:.3f} s CPU, {bare_total / len(pages) * 1000:.2f} ms/page")
    print("first pass (caches cold; each way measured on the half of the pages where it went first):")
    for way in WAYS:
        print(f"  {way:<11} {cold[way].line()}")
    if css is not None:
        print(f"  {css.line()}")
    if args.repeat > 1:
        warm_passes = [
            run_pass(pages, reused, args.pack, args.reporter, first=False)[0] for _ in range(args.repeat - 1)
        ]
        print(f"warm (best of {len(warm_passes)} more passes, every page both ways):")
        for way in WAYS:
            best = min((p[way] for p in warm_passes), key=lambda t: t.ratio())
            print(f"  {way:<11} {best.line()}")
    print("targets (issue 17): check_html first pass <= 2.0x, warm <= 1.8x, under 100 KB <= 2.3x")
    if args.phases:
        print("split of the Checker's time: " + phase_split(pages, reused))

    if args.save_reference:
        args.save_reference.write_text(json.dumps(reports, ensure_ascii=False), encoding="utf-8")
        print(f"reference: {len(reports)} reports written to {args.save_reference}")
    if reference is not None:
        differences = compare(reports, reference)
        if differences:
            print(f"VERDICT GUARD FAILED: {len(differences)} of {len(reports)} reports differ from {args.reference}:")
            for line in differences[:50]:
                print(f"  {line}")
            return 1
        print(f"verdict guard: all {len(reports)} reports identical to {args.reference}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
