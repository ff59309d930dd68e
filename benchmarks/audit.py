"""Wall time of ``repcheck audit`` over a list of URLs against a floor: a plain requests thread pool + lxml parse.

    python benchmarks/audit.py [--corpus ../shared/realworld] [--pages 2000] [--hosts 8] [--jobs 8]
                               [--rounds R] [--memory-urls N] [--json]

A local HTTP/1.1 server (asyncio streams, keep-alive, every page preloaded in memory with its response headers)
runs in a separate process, so it does not share the client's GIL. It listens on ``--hosts`` addresses
(127.0.0.2, 127.0.0.3, ... when the loopback lets us bind them, else as many ports of 127.0.0.1) and the URLs
are spread over them round-robin, so that a per-host request limit is exercised as on a real audit of many
sites. Pages are served byte for byte as ``text/html`` with no charset (the page's own ``<meta charset>``, or
sniffing, decides, as for most real servers); ``/robots.txt`` answers 404.

The pages are those of the real-world corpus (``.html`` and ``.html.gz``), cycled to reach ``--pages``, each at
a URL of its own; without the corpus, the ``.html`` fixtures of ``fixtures/``, cycled.

Contenders, run one after the other in each round (the order rotates from round to round, so that neither
always runs first on a cold or a warm machine):

- **floor**: the same URLs fetched with ``concurrent.futures.ThreadPoolExecutor(--jobs)``, one
  ``requests.Session`` per thread, and each body parsed with ``lxml.html.fromstring`` and nothing else;
- **repcheck audit**: ``python -m checker audit URLS -o OUT.jsonl -q --jobs N`` (the same interpreter), as a
  subprocess; when ``repcheck audit --help`` offers ``--processes``, it runs both with the default (a process
  pool for parsing and checks) and with ``--processes 0`` (everything in threads).

Wall times, best and median over ``--rounds``, pages per second and the ratio audit / floor (best against best,
all measured in this run; target: at most 1.5x). The output file must hold exactly one JSON line per URL; the
statuses are counted, and pages that could not be checked are listed (a run with errors is not a valid
measurement). The CPU time and the peak RSS of the audit's process tree are read from ``/proc`` every 0.2 s.

``--memory-urls N``: a separate run of the audit over N URLs (the documented run uses 100,000) against the same
server answering every path with one small fixture page, sampling the RSS of the audit process tree (the main
process and all its descendants, summed) every 0.2 s; peak total and peak of the main process against the
300 MB target, the highest in each quarter of the run (growth with the number of pages), and pages per second.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import gzip
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import lxml.html
import requests
from loopback_server import Server, spread, url_paths
from process_tree import group_members, tree_sample

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "realworld"
FIXTURES = ROOT / "fixtures"
MEMORY_PAGE = FIXTURES / "patterns" / "honorific-and-label.html"
RATIO_TARGET = 1.5
MEMORY_TARGET_MB = 300
SAMPLE_EVERY = 0.2
LEFTOVER_GRACE = 3.0  # seconds the audit's helper processes (forkserver, resource tracker) get to exit after it


# --- pages ----------------------------------------------------------------------------------------------------


def corpus_pages(root: Path) -> list[tuple[str, bytes]]:
    files = sorted(p for p in root.rglob("*") if p.name.endswith((".html", ".htm", ".html.gz")))
    pages = []
    for path in files:
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
        pages.append((str(path.relative_to(root)), data))
    return pages


def load_pages(corpus: Path, count: int) -> tuple[str, list[tuple[str, bytes]]]:
    """``count`` pages (name, bytes), cycling through the corpus, else through the fixtures."""
    source = "realworld"
    pages = corpus_pages(corpus) if corpus.is_dir() else []
    if not pages:
        source = "fixtures"
        pages = [(str(p.relative_to(FIXTURES)), p.read_bytes()) for p in sorted(FIXTURES.rglob("*.html"))]
    if not pages:
        raise SystemExit(f"no pages: neither {corpus} nor {FIXTURES} holds any")
    return source, [pages[i % len(pages)] for i in range(count)]


# --- the floor ------------------------------------------------------------------------------------------------


def run_floor(urls: list[str], jobs: int) -> dict[str, Any]:
    local = threading.local()
    sessions: list[requests.Session] = []
    lock = threading.Lock()

    def one(url: str) -> str | None:
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
            with lock:
                sessions.append(session)
        try:
            response = session.get(url, timeout=30)
            response.raise_for_status()
            body = response.content
        except requests.RequestException as exc:
            return f"{url}: {exc}"
        with contextlib.suppress(Exception):  # lxml refuses empty documents; not a fetch failure
            lxml.html.fromstring(body)
        return None

    t0, c0 = time.perf_counter(), time.process_time()
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        errors = [e for e in pool.map(one, urls) if e]
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    for session in sessions:
        session.close()
    return {"wall": wall, "cpu": cpu, "errors": len(errors), "first_errors": errors[:3]}


# --- the audit ------------------------------------------------------------------------------------------------


def audit_command() -> list[str]:
    return [sys.executable, "-m", "checker", "audit"]


def audit_help() -> str | None:
    """``repcheck audit --help``, or None when there is no ``audit`` command (yet)."""
    done = subprocess.run(
        [*audit_command(), "--help"], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )
    return done.stdout if done.returncode == 0 else None


def run_audit(urls_file: Path, out: Path, jobs: int, extra: list[str], timeout: float) -> dict[str, Any]:
    """Run the audit as a subprocess in its own process group, sampling the RSS of its process tree."""
    cmd = [*audit_command(), str(urls_file), "-o", str(out), "-q", "--jobs", str(jobs), *extra]
    out.unlink(missing_ok=True)
    log = out.with_suffix(".log")
    peak_main = peak_tree = peak_procs = 0
    leftover: list[str] = []
    samples: list[tuple[float, int]] = []  # (seconds since start, RSS of the tree in kB)
    cpu: dict[int, float] = {}  # CPU seconds of each process of the tree, as last sampled
    with open(log, "w+b") as log_file:
        t0 = time.perf_counter()
        process = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
        try:
            while True:
                try:
                    process.wait(SAMPLE_EVERY)
                    break
                except subprocess.TimeoutExpired:
                    pass
                main_kb, tree_kb, procs = tree_sample(process.pid, cpu)
                peak_main, peak_tree = max(peak_main, main_kb), max(peak_tree, tree_kb)
                peak_procs = max(peak_procs, procs)
                samples.append((time.perf_counter() - t0, tree_kb))
                if time.perf_counter() - t0 > timeout:
                    raise TimeoutError(f"audit still running after {timeout:.0f} s: {' '.join(cmd)}")
        finally:
            wall = time.perf_counter() - t0
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            else:  # processes of its group that outlive it by more than a few seconds are strays: listed, killed
                deadline = time.monotonic() + LEFTOVER_GRACE
                while (leftover := group_members(process.pid)) and time.monotonic() < deadline:
                    time.sleep(0.1)
                if leftover:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
        log_file.seek(0)
        output = log_file.read().decode("utf-8", "replace")
    log.unlink(missing_ok=True)
    statuses: dict[str, int] = {}
    errors: list[str] = []
    lines = 0
    if out.exists():
        with open(out, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                lines += 1
                try:
                    row = json.loads(line)
                except ValueError:
                    statuses["(not JSON)"] = statuses.get("(not JSON)", 0) + 1
                    continue
                status = str(row.get("status"))
                statuses[status] = statuses.get(status, 0) + 1
                if status == "error" and len(errors) < 5:
                    errors.append(f"{row.get('url') or row.get('target')}: {row.get('error')}")
    return {
        "wall": wall,
        "exit": process.returncode,
        "lines": lines,
        "statuses": statuses,
        "first_errors": errors,
        "peak_rss_main_mb": peak_main / 1024,
        "peak_rss_tree_mb": peak_tree / 1024,
        "peak_processes": peak_procs,
        "leftover_processes": leftover,
        "output": output[-2000:],
        "rss_by_quarter_mb": rss_by_quarter(samples),
        "cpu": sum(cpu.values()),
    }


def rss_by_quarter(samples: list[tuple[float, int]]) -> list[float]:
    """The tree's highest RSS in each quarter of the run, in MB: growth with the number of pages shows here."""
    if not samples:
        return []
    end = samples[-1][0] or 1.0
    quarters = [0] * 4
    for at, kb in samples:
        index = min(int(at / end * 4), 3)
        quarters[index] = max(quarters[index], kb)
    return [kb / 1024 for kb in quarters]


def audit_problems(result: dict[str, Any], expected: int) -> list[str]:
    problems = []
    if result["exit"] not in (0, 1, 3):
        problems.append(f"exit code {result['exit']}; its output ends with:\n{result['output']}")
    if result["lines"] != expected:
        problems.append(f"{result['lines']} JSON lines for {expected} URLs")
    if result["statuses"].get("error"):
        problems.append(
            f"{result['statuses']['error']} pages could not be checked (not a valid measurement); "
            "first: " + "; ".join(result["first_errors"])
        )
    if result["leftover_processes"]:
        problems.append(
            f"processes of the audit still running {LEFTOVER_GRACE:g} s after it exited (killed): "
            + "; ".join(result["leftover_processes"])
        )
    return problems


# --- main -----------------------------------------------------------------------------------------------------


def fmt_statuses(statuses: dict[str, int]) -> str:
    order = ["pass", "fail", "error"]
    keys = order + sorted(k for k in statuses if k not in order)
    return ", ".join(f"{k} {statuses.get(k, 0)}" for k in keys if k in order or statuses.get(k))


def wait_for_audit(poll: float) -> str | None:
    text = audit_help()
    if text is None and poll > 0:
        print(f"no `audit` command yet: polling for up to {poll:.0f} s", file=sys.stderr)
        deadline = time.monotonic() + poll
        while text is None and time.monotonic() < deadline:
            time.sleep(10)
            text = audit_help()
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pages", type=int, default=2000, help="URLs in the timed runs (pages are cycled)")
    parser.add_argument("--hosts", type=int, default=8, help="hosts the URLs are spread over, round-robin")
    parser.add_argument("--jobs", type=int, default=8, help="the audit's --jobs, and the floor's threads")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of floor and audit, order rotated")
    parser.add_argument(
        "--memory-urls",
        type=int,
        default=0,
        metavar="N",
        help="also audit N URLs of one small page, sampling RSS (0: skip; documented: 100000)",
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before an audit run is killed")
    parser.add_argument(
        "--wait-for-audit",
        type=float,
        default=0,
        metavar="SECONDS",
        help="poll this long for an `audit` command before giving up",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON at the end as well")
    args = parser.parse_args()

    help_text = wait_for_audit(args.wait_for_audit)
    variants: list[tuple[str, list[str]]] = [("repcheck audit", [])]
    if help_text is not None and "--processes" in help_text:
        variants = [("repcheck audit", []), ("audit --processes 0", ["--processes", "0"])]

    source, pages = load_pages(args.corpus, args.pages)
    paths = url_paths([name for name, _ in pages])
    routes = {path: data for path, (_, data) in zip(paths, pages, strict=True)}
    cpus = os.cpu_count() or 1
    results: dict[str, Any] = {
        "pages": args.pages,
        "source": source,
        "hosts": args.hosts,
        "jobs": args.jobs,
        "cpus": cpus,
        "rounds": args.rounds,
        "megabytes": sum(map(len, routes.values())) / 1e6,
    }
    problems: list[str] = []

    tmp = Path(tempfile.mkdtemp(prefix="repcheck-audit-bench-"))
    server: Server | None = None
    try:
        server = Server(args.hosts, routes).start()
        del routes, pages
        urls = spread(server.bases, paths)
        urls_file = tmp / "urls.txt"
        urls_file.write_text("".join(u + "\n" for u in urls), encoding="utf-8")
        print(
            f"audit benchmark: {len(urls)} pages ({source}, {results['megabytes']:.0f} MB), {args.hosts} hosts "
            f"({'127.0.0.2..' if server.mode == 'addresses' else 'ports of 127.0.0.1'}), jobs {args.jobs}, "
            f"{cpus} cpus, {args.rounds} round{'s' * (args.rounds != 1)}"
        )
        if help_text is None:
            print("no `repcheck audit` command in this checkout: floor only")

        contenders = ["floor"] + ([name for name, _ in variants] if help_text is not None else [])
        walls: dict[str, list[float]] = {name: [] for name in contenders}
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in contenders}
        for round_no in range(args.rounds):
            shift = round_no % len(contenders)
            for name in contenders[shift:] + contenders[:shift]:
                if name == "floor":
                    run = run_floor(urls, args.jobs)
                    if run["errors"]:
                        problems.append(f"floor: {run['errors']} fetches failed; first: {run['first_errors']}")
                else:
                    extra = dict(variants)[name]
                    run = run_audit(urls_file, tmp / "out.jsonl", args.jobs, extra, args.timeout)
                    problems += [f"{name}: {p}" for p in audit_problems(run, len(urls))]
                    run.pop("output")
                run["server"] = server.stats()
                walls[name].append(run["wall"])
                runs[name].append(run)

        floor_best = min(walls["floor"])
        results["contenders"] = {}
        width = max(len(n) for n in contenders) + 2
        for name in contenders:
            best, median = min(walls[name]), statistics.median(walls[name])
            entry = {
                "best": best,
                "median": median,
                "walls": walls[name],
                "pages_per_s": len(urls) / best,
                "runs": runs[name],
            }
            label = "floor (requests + lxml)" if name == "floor" else name
            line = (
                f"{label + ':':<{max(width, 25)}} wall {best:6.1f} s"
                + (f" (median {median:.1f})" if args.rounds > 1 else "")
                + f"  {len(urls) / best:5.0f} pages/s"
                + f"  CPU {statistics.median(r['cpu'] for r in runs[name]):5.1f} s"
            )
            if name != "floor":
                ratio = best / floor_best
                entry["ratio"] = ratio
                entry["ratio_met"] = ratio <= RATIO_TARGET
                last = runs[name][-1]
                line += (
                    f"   ratio {ratio:.2f}x (target <= {RATIO_TARGET}x: "
                    f"{'met' if ratio <= RATIO_TARGET else 'NOT met'})"
                )
                line += (
                    f"\n{'':<{max(width, 25)}} {fmt_statuses(last['statuses'])}; peak RSS "
                    f"{max(r['peak_rss_tree_mb'] for r in runs[name]):.0f} MB (main process "
                    f"{max(r['peak_rss_main_mb'] for r in runs[name]):.0f} MB) over up to "
                    f"{max(r['peak_processes'] for r in runs[name])} processes"
                )
            srv = runs[name][-1]["server"]
            line += (
                f"\n{'':<{max(width, 25)}} server saw {srv['requests']} requests "
                f"({srv['robots']} robots.txt) on {srv['connections']} connections, at most "
                f"{max(srv['peak_open_per_host'].values(), default=0)} connections open at once to one host"
            )
            results["contenders"][name] = entry
            print(line)

        if args.memory_urls:
            server.stop()
            server = None
            results["memory"] = memory_run(args, tmp, problems)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    if problems:
        print("problems:")
        for problem in problems:
            print(f"  - {problem}")
    results["problems"] = problems
    if args.json:
        print(json.dumps(results, indent=2))
    return 1 if problems else 0


def memory_run(args: argparse.Namespace, tmp: Path, problems: list[str]) -> dict[str, Any]:
    """The audit over ``--memory-urls`` URLs of one small page, with the RSS of its process tree sampled."""
    page = MEMORY_PAGE.read_bytes()
    server = Server(args.hosts, {}, default=page).start()
    try:
        n = args.memory_urls
        urls_file = tmp / "memory-urls.txt"
        with open(urls_file, "w", encoding="utf-8") as handle:
            handle.writelines(f"{server.bases[i % len(server.bases)]}/story/{i:07d}.html\n" for i in range(n))
        extra: list[str] = []
        print(
            f"memory: {n} URLs of one {len(page) / 1024:.1f} KB page ({MEMORY_PAGE.name}), "
            f"{args.hosts} hosts, jobs {args.jobs}"
        )
        run = run_audit(urls_file, tmp / "memory-out.jsonl", args.jobs, extra, args.timeout)
        problems += [f"memory run: {p}" for p in audit_problems(run, n)]
        run.pop("output")
        run["server"] = server.stats()
        run["pages_per_s"] = n / run["wall"]
        run["urls"] = n
        run["met"] = run["peak_rss_tree_mb"] <= MEMORY_TARGET_MB
        print(
            f"  wall {run['wall']:.1f} s  {run['pages_per_s']:.0f} pages/s  CPU {run['cpu']:.1f} s  "
            f"{fmt_statuses(run['statuses'])}"
        )
        print(
            f"  peak RSS: {run['peak_rss_tree_mb']:.0f} MB for the process tree (up to {run['peak_processes']} "
            f"processes), {run['peak_rss_main_mb']:.0f} MB for the main process "
            f"(target <= {MEMORY_TARGET_MB} MB: {'met' if run['met'] else 'NOT met'})"
        )
        print(
            "  RSS of the process tree, highest in each quarter of the run: "
            + ", ".join(f"{mb:.0f}" for mb in run["rss_by_quarter_mb"])
            + " MB"
        )
        print(f"  server saw {run['server']['requests']} requests on {run['server']['connections']} connections")
        return run
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
