"""Pages per second and peak memory of ``repcheck audit --render`` over loopback, with the same pages' static audit
beside it.

    python benchmarks/render.py [--corpus ../shared/realworld] [--pages 200] [--hosts 4] [--jobs 4] [--json]

The pages of the real-world corpus (else the fixtures), cycled to ``--pages``, are served by the audit benchmark's
loopback server (a process of its own, ``--hosts`` loopback hosts, ``/robots.txt`` 404). Both runs audit the same
URL list as subprocesses, ``--jobs N --per-host N``; the render run adds ``--render --render-block third-party``,
so that only the loopback server is asked for anything: the benchmark measures repcheck and Chromium, not the
internet (which this machine has no access to anyway). The RSS of each run's whole process tree (repcheck, the
Playwright driver, every Chromium process) is sampled every 0.2 s; the peak is reported. Each run's output must
hold one line per URL. Aim (issue 15): at least 4 pages/s on 2 cores, under 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from audit import DEFAULT_CORPUS, fmt_statuses, load_pages, run_audit
from loopback_server import Server, spread, url_paths

AIM_PAGES_PER_SECOND = 4.0
AIM_PEAK_MB = 1536


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pages", type=int, default=200, help="URLs audited (pages are cycled)")
    parser.add_argument("--hosts", type=int, default=4, help="hosts the URLs are spread over, round-robin")
    parser.add_argument("--jobs", type=int, default=4, help="the audits' --jobs (and --per-host)")
    parser.add_argument(
        "--render-block", default="third-party", help="the render run's --render-block ('' loads everything)"
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a run is killed")
    parser.add_argument("--json", action="store_true", help="print the results as JSON at the end as well")
    args = parser.parse_args()

    source, pages = load_pages(args.corpus, args.pages)
    paths = url_paths([name for name, _ in pages])
    routes = {path: data for path, (_, data) in zip(paths, pages, strict=True)}
    results: dict[str, Any] = {"pages": args.pages, "source": source, "jobs": args.jobs, "cpus": os.cpu_count()}
    tmp = Path(tempfile.mkdtemp(prefix="repcheck-render-bench-"))
    server = Server(args.hosts, routes).start()
    problems: list[str] = []
    try:
        urls = spread(server.bases, paths)
        urls_file = tmp / "urls.txt"
        urls_file.write_text("".join(u + "\n" for u in urls), encoding="utf-8")
        cpus = os.cpu_count()
        print(f"render benchmark: {len(urls)} pages ({source}), {args.hosts} hosts, jobs {args.jobs}, {cpus} cpus")
        common = ["--jobs", str(args.jobs), "--per-host", str(args.jobs)]
        runs = {
            "static audit": common,
            "audit --render": [*common, "--render"]
            + (["--render-block", args.render_block] if args.render_block else []),
        }
        for name, extra in runs.items():
            run = run_audit(urls_file, tmp / "out.jsonl", args.jobs, extra[2:], args.timeout)
            rate = len(urls) / run["wall"] if run["wall"] else 0.0
            results[name] = {**run, "pages_per_second": rate}
            print(
                f"  {name:15s} {run['wall']:7.1f} s  {rate:6.2f} pages/s  peak RSS of the process tree "
                f"{run['peak_rss_tree_mb']:7.0f} MB ({run['peak_processes']} processes)  "
                f"CPU {1000 * run['cpu'] / len(urls):5.0f} ms/page  "
                f"{fmt_statuses(run['statuses'])}"
            )
            if run["lines"] != len(urls):
                problems.append(f"{name}: {run['lines']} reports for {len(urls)} URLs")
            for error in run["first_errors"]:
                print(f"      error: {error}")
        rendered = results["audit --render"]
        static = results["static audit"]
        print(
            f"  render / static: {rendered['wall'] / static['wall']:.1f}x the wall time, "
            f"{rendered['peak_rss_tree_mb'] / max(1, static['peak_rss_tree_mb']):.1f}x the peak memory"
        )
        fast = "met" if rendered["pages_per_second"] >= AIM_PAGES_PER_SECOND else "NOT met"
        small = "met" if rendered["peak_rss_tree_mb"] < AIM_PEAK_MB else "NOT met"
        print(f"  aim: >= {AIM_PAGES_PER_SECOND:g} pages/s ({fast}), < {AIM_PEAK_MB} MB ({small})")
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    for problem in problems:
        print("PROBLEM: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
