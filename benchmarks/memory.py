"""Peak memory of checking big pages: one 10 MB page with `repcheck check`, and an audit of many 10 MB pages.

    python benchmarks/memory.py [--megabytes 9.9] [--shape article|dense] [--audit-pages 48] [--jobs 16]
                                [--hosts 4] [--processes N] [--no-audit] [--keep FILE]

The page is generated: ``article`` (the default) is a long news article as a CMS renders it, a byline, paragraphs
of forty words with two links each, and a figure with an image and a caption every fifth block; ``dense`` is the
worst case we know for the page model, a paragraph of one word per 13 bytes (one block per paragraph).

1. **One page**: ``python -m checker check PAGE --max-bytes ...`` as a child process; its peak RSS is the kernel's
   (``wait4``'s ``ru_maxrss``, what ``/usr/bin/time -v`` prints as "Maximum resident set size"). Issue 13's
   target: under 400 MB for a 10 MB page.
2. **An audit**: ``repcheck audit`` over ``--audit-pages`` URLs, each answering that page, from the loopback server
   of ``benchmarks/audit.py`` (its own process), with ``--jobs`` pages fetched at once; the RSS of the audit's
   whole process tree (the main process, the forkserver and the worker processes), read from ``/proc`` every
   0.2 s. Target: under 1 GB with ``--jobs 16``.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from audit import ROOT, run_audit
from loopback_server import Server

SINGLE_TARGET_MB = 400
AUDIT_TARGET_MB = 1024
_TEXT = (
    "the council voted to approve a new budget for schools roads and parks after months of debate among residents "
    "who said that taxes were too high while others asked for more spending on housing"
)
_WORDS = _TEXT.split()


def article(size: int, *, dense: bool = False) -> bytes:
    """A page of about ``size`` bytes (see the module's docstring for the two shapes)."""
    pick = random.Random(13).choice
    parts: list[str] = []
    total = i = 0
    while total < size:
        i += 1
        if dense:
            part = f"<p>{pick(_WORDS)}.</p>\n"
        elif i % 5 == 0:
            part = (
                f'<figure><img src="/wp-content/uploads/2024/11/photo-{i}.jpg" alt="Photo {i} of the council" '
                f'width="800" height="600"><figcaption>Photo {i}: the council meets. (Photo by Staff)</figcaption>'
                "</figure>\n"
            )
        else:
            sentence = " ".join(pick(_WORDS) for _ in range(40)).capitalize()
            part = (
                f'<p>{sentence}, said <a href="https://example.org/people/{i}">Person {i}</a>, who spoke at the '
                f'<a href="/2024/11/meeting-{i}/">meeting</a>.</p>\n'
            )
        parts.append(part)
        total += len(part)
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>Council approves budget – The Ledger</title>'
        '<link rel="canonical" href="https://ledger.example/2024/11/budget/"></head><body>'
        '<header><nav><a href="/">Home</a> <a href="/news/">News</a></nav></header>'
        '<article><h1>Council approves budget</h1><div class="byline">By Nick Pope, Daily Caller News Foundation'
        "</div>\n" + "".join(parts) + "<p>All content created by the Daily Caller News Foundation, an independent "
        "and nonpartisan newswire service, is available without charge to any legitimate news publisher.</p>"
        "</article><footer>© The Ledger</footer></body></html>"
    ).encode("utf-8")


def single_page_peak_mb(path: Path, max_bytes: int) -> tuple[float, int]:
    """Peak RSS (MB) of `repcheck check PATH` in a child process, and its exit code."""
    command = [sys.executable, "-m", "checker", "check", str(path), "--max-bytes", str(max_bytes), "-f", "json"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=9.9, help="size of the generated page")
    parser.add_argument("--shape", choices=("article", "dense"), default="article")
    parser.add_argument("--audit-pages", type=int, default=48, help="URLs in the audit run")
    parser.add_argument("--jobs", type=int, default=16, help="the audit's --jobs")
    parser.add_argument("--hosts", type=int, default=4, help="hosts the URLs are spread over")
    parser.add_argument("--processes", type=int, help="the audit's --processes (default: its own)")
    parser.add_argument("--no-audit", action="store_true", help="measure the single page only")
    parser.add_argument("--keep", type=Path, help="also write the generated page to this file")
    args = parser.parse_args()
    page = article(int(args.megabytes * 1_000_000), dense=args.shape == "dense")
    max_bytes = len(page) + 1_000_000
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="repcheck-memory-") as folder:
        tmp = Path(folder)
        path = tmp / "page.html"
        path.write_bytes(page)
        if args.keep:
            args.keep.write_bytes(page)
        peak, code = single_page_peak_mb(path, max_bytes)
        met = peak < SINGLE_TARGET_MB
        size = f"{len(page) / 1e6:.1f} MB"
        print(f"one page ({args.shape}, {size}): `repcheck check` exit {code}, peak RSS {peak:.0f} MB")
        print(f"  target < {SINGLE_TARGET_MB} MB: {'met' if met else 'NOT met'}")
        if not met:
            problems.append("single page over target")
        if not args.no_audit:
            server = Server(args.hosts, {}, default=page).start()
            try:
                urls = tmp / "urls.txt"
                urls.write_text(
                    "".join(f"{server.bases[i % len(server.bases)]}/story/{i}.html\n" for i in range(args.audit_pages)),
                    encoding="utf-8",
                )
                extra = ["--max-bytes", str(max_bytes), "--ignore-robots", "--per-host", str(args.jobs)]
                if args.processes is not None:
                    extra += ["--processes", str(args.processes)]
                run = run_audit(urls, tmp / "out.jsonl", args.jobs, extra, timeout=1800)
            finally:
                server.stop()
            met = run["peak_rss_tree_mb"] < AUDIT_TARGET_MB
            print(
                f"audit of {args.audit_pages} such pages, --jobs {args.jobs}: {run['lines']} reports "
                f"({', '.join(f'{k} {v}' for k, v in sorted(run['statuses'].items()))}) in {run['wall']:.1f} s"
            )
            print(
                f"  peak RSS of the process tree {run['peak_rss_tree_mb']:.0f} MB (up to {run['peak_processes']} "
                f"processes), main process {run['peak_rss_main_mb']:.0f} MB"
            )
            print(f"  target < {AUDIT_TARGET_MB} MB: {'met' if met else 'NOT met'}")
            if not met:
                problems.append("audit over target")
            if run["lines"] != args.audit_pages:
                problems.append(f"audit wrote {run['lines']} reports for {args.audit_pages} URLs")
    for problem in problems:
        print(f"problem: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
