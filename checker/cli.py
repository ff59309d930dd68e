"""The ``repcheck`` command: a thin layer over :mod:`checker.engine`. Exit codes are decided here and only here."""

from __future__ import annotations

import os
import signal
import sys
import textwrap
import time
from collections.abc import Callable, Iterable
from typing import IO

import click

from . import __version__
from .audit import (
    AuditOptions,
    Auditor,
    Plan,
    SourceError,
    UrlFilter,
    dedup_key,
    gather,
)
from .audit.progress import Progress, duration
from .audit.resume import read_records, trim_partial_line
from .audit.runner import (
    DEFAULT_JOBS,
    DEFAULT_MAX_WAIT,
    DEFAULT_PER_HOST,
    DEFAULT_RETRIES,
)
from .engine import Checker
from .fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from .formats import OutputFormat, Summary, formatter
from .formats.csv import CsvFormatter
from .pack import Pack, PackError, load_pack, shipped_packs
from .report import Report

EXIT_PASS = 0  # every page passed
EXIT_FAIL = 1  # some rule failed on some page
EXIT_USAGE = 2  # bad command line or rule pack
EXIT_ERROR = 3  # no rule failed, but some page could not be checked
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # SIGTERM


def exit_code(summary: Summary) -> int:
    """0 all passed; 1 something failed; 3 nothing failed but something could not be checked (never 0 then)."""
    if summary.failed:
        return EXIT_FAIL
    if summary.errored or summary.pages == 0:
        return EXIT_ERROR
    return EXIT_PASS


def _load(pack: str) -> Pack:
    try:
        return load_pack(pack)
    except PackError as exc:
        click.echo(f"repcheck: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _use_color(stream: IO[str], flag: bool | None) -> bool:
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class _LazyOutput:
    """The report destination: stdout, or a file opened only once there is something to write. Every write is
    flushed at once, so whatever was written survives a crash, a kill or Ctrl-C."""

    def __init__(self, path: str | None, *, append: bool = False) -> None:
        self.path = path
        self.append = append
        self._stream: IO[str] | None = None

    def write(self, text: str) -> None:
        if not text:
            return
        if self._stream is None:
            self._stream = (sys.stdout if self.path in (None, "-")
                            else open(self.path, "a" if self.append else "w", encoding="utf-8", newline=""))  # noqa: SIM115
        self._stream.write(text)
        self._stream.flush()

    def close(self) -> None:
        if self._stream is not None and self._stream is not sys.stdout:
            self._stream.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="repcheck")
def main() -> None:
    """repcheck: check that republished news pages keep the licensor's terms (logo, byline, affiliation...).

    \b
    Examples:
      repcheck check https://partner.example/story --reporter "Nick Pope"
      repcheck check saved-page.html --format json
      repcheck rules --rules dcnf
    """


def _page_options(default_format: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The options `check` and `audit` share: the pack, the reporter, the output and the fetch limits."""
    options = [
        click.option("--rules", "-r", "pack_name", default="dcnf", show_default=True, metavar="PACK",
                     help="Rule pack: a shipped pack's name (see `repcheck packs`) or a path to a pack file."),
        click.option("--reporter", metavar="NAME", help="The reporter whose byline the page must show. "
                     "Default: read from --original, else detected on the page."),
        click.option("--original", metavar="URL", help="The licensor's original article; its byline names the reporter."),
        click.option("--format", "-f", "fmt", type=click.Choice([f.value for f in OutputFormat]),
                     default=default_format, show_default=True, help="Output format."),
        click.option("--output", "-o", metavar="FILE", help="Write the report to FILE instead of standard output."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT, show_default=True,
                     help="Seconds allowed per page: connection, redirects and the whole body."),
        click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
                     help="Largest page accepted, counted after decompression."),
        click.option("--user-agent", metavar="STRING", help="User-Agent header to send (default: repcheck/VERSION ...)."),
    ]

    def apply(command: Callable[..., None]) -> Callable[..., None]:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


@main.command()
@click.argument("targets", nargs=-1, required=True, metavar="TARGET...")
@_page_options("text")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: when writing to a terminal; NO_COLOR is honoured).")
def check(targets: tuple[str, ...], pack_name: str, reporter: str | None, original: str | None, fmt: str,
          output: str | None, timeout: float, max_bytes: int, user_agent: str | None, color: bool | None) -> None:
    """Check pages against a rule pack, rule by rule.

    TARGET is a URL, a path to a saved HTML file, or - for standard input.

    \b
    Exit codes: 0 every page passed; 1 some rule failed; 2 usage or pack error;
                3 nothing failed but some page could not be checked.
    """
    pack = _load(pack_name)
    checker = Checker(pack, reporter=reporter, original=original, timeout=timeout, max_bytes=max_bytes,
                      user_agent=user_agent)
    sink = _LazyOutput(output)
    out = formatter(fmt, color=_use_color(sys.stdout, color) if output in (None, "-") else False)
    summary = Summary()
    try:
        sink.write(out.start())
        for report in _reports(checker, targets):
            summary.add(report)
            sink.write(out.page(report))
        sink.write(out.end(summary))
    except KeyboardInterrupt:
        click.echo("repcheck: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:
        click.echo(f"repcheck: error: cannot write the report: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    finally:
        sink.close()
    if output not in (None, "-") or fmt != OutputFormat.TEXT.value:
        click.echo(f"repcheck: {summary.pages} checked: {summary.passed} passed, {summary.failed} failed, "
                   f"{summary.errored} could not be checked", err=True)
    sys.exit(exit_code(summary))


def _reports(checker: Checker, targets: Iterable[str]) -> Iterable[Report]:
    for target in targets:
        yield checker.check_target(target)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop, keep what is written, say how to resume."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated()


@main.command()
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL",
              help="A sitemap or sitemap index (URL or file; gzip accepted), read recursively. Repeatable.")
@click.option("--include", multiple=True, metavar="PATTERN",
              help="Check only URLs matching PATTERN (a glob such as '*/news/*', or re:REGEX). Repeatable.")
@click.option("--exclude", multiple=True, metavar="PATTERN", help="Skip URLs matching PATTERN. Repeatable.")
@_page_options("jsonl")
@click.option("--resume", is_flag=True,
              help="Skip the URLs already in --output (from an interrupted run) and append the rest.")
@click.option("--jobs", "-j", type=click.IntRange(min=1, max=256), default=DEFAULT_JOBS, show_default=True,
              help="Pages fetched at once, over all hosts.")
@click.option("--per-host", type=click.IntRange(min=1), default=DEFAULT_PER_HOST, show_default=True,
              help="Requests to one host at once.")
@click.option("--delay", type=click.FloatRange(min=0), default=0.0, show_default=True, metavar="SECONDS",
              help="Least time between the starts of two requests to one host (a robots.txt Crawl-delay, up to "
                   "30 s, raises it).")
@click.option("--processes", type=click.IntRange(min=0), default=None, metavar="N",
              help="Worker processes that parse and check pages (default: one per CPU, none on one CPU; 0 checks "
                   "in the fetching threads).")
@click.option("--ignore-robots", is_flag=True, help="Fetch pages even where robots.txt disallows it.")
@click.option("--retries", type=click.IntRange(min=0, max=10), default=DEFAULT_RETRIES, show_default=True,
              help="Retries of a page after a refused or dropped connection, 429, 502, 503 or 504.")
@click.option("--max-wait", type=click.FloatRange(min=0), default=DEFAULT_MAX_WAIT, show_default=True,
              metavar="SECONDS", help="Longest wait before a retry (a longer Retry-After is an error).")
@click.option("--quiet", "-q", is_flag=True, help="No progress line and no summary on standard error.")
def audit(sources: tuple[str, ...], sitemaps: tuple[str, ...], include: tuple[str, ...], exclude: tuple[str, ...],
          pack_name: str, reporter: str | None, original: str | None, fmt: str, output: str | None,
          timeout: float, max_bytes: int, user_agent: str | None, resume: bool, jobs: int, per_host: int,
          delay: float, processes: int | None, ignore_robots: bool, retries: int, max_wait: float,
          quiet: bool) -> None:
    """Check many pages: URL lists, CSV files, standard input or sitemaps, concurrently and politely.

    SOURCE is a file of URLs (one a line; blank lines and # comments ignored), a CSV file with a `url` column
    and optional `reporter` and `original` columns, or - for standard input. Each URL is checked once.

    Reports stream as pages finish, one JSON line each by default (the schema of `check --format jsonl`);
    with --output FILE each line is flushed as written, so an interrupted run loses nothing and --resume
    finishes it. robots.txt is honoured; a page that was blocked, rate-limited or unreachable is `error`, never
    `fail`. Progress (on a terminal) and a summary go to standard error.

    \b
    Examples:
      repcheck audit partner-urls.txt -o results.jsonl
      repcheck audit --sitemap https://partner.example/sitemap.xml --include '*/2026/*' -o results.jsonl
      repcheck audit rows.csv --format csv -o results.csv --resume

    \b
    Exit codes: as for `check`: 0 every page passed; 1 some rule failed; 2 usage or pack error;
                3 nothing failed but some page (or sitemap) could not be checked; 130 interrupted.
    """
    if not sources and not sitemaps:
        raise click.UsageError("give a SOURCE (a file of URLs, a CSV file or -) or --sitemap URL")
    if resume and output in (None, "-"):
        raise click.UsageError("--resume needs --output FILE: the file an earlier run wrote")
    if resume and fmt not in (OutputFormat.JSONL.value, OutputFormat.CSV.value):
        raise click.UsageError("--resume reads back JSON Lines or CSV output: use --format jsonl or csv")
    try:
        url_filter = UrlFilter(include, exclude)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    pack = _load(pack_name)
    checker = Checker(pack, reporter=reporter, original=original, timeout=timeout, max_bytes=max_bytes,
                      user_agent=user_agent)
    summary = Summary()
    done: set[str] = set()
    appending = False
    if resume and output is not None:
        trim_partial_line(output)
        for record in read_records(output, fmt):
            done.add(dedup_key(record.target))
            summary.count(record.status, record.failed_rules, record.url or record.target, record.error)
        appending = os.path.exists(output) and os.path.getsize(output) > 0
    earlier = summary.pages

    def warn(reason: str) -> None:
        click.echo(f"repcheck: warning: {reason}", err=True)

    try:
        plan = gather(sources, sitemaps, url_filter=url_filter, done=done, timeout=timeout, user_agent=user_agent,
                      on_problem=warn)
    except SourceError as exc:
        click.echo(f"repcheck: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    options = AuditOptions(jobs=jobs, per_host=per_host, delay=delay, processes=processes,
                           robots=not ignore_robots, retries=retries, max_wait=max_wait)
    sink = _LazyOutput(output, append=appending)
    out = CsvFormatter(header=not appending) if fmt == OutputFormat.CSV.value else formatter(fmt)
    progress = Progress(sys.stderr, len(plan.targets), enabled=not quiet and sys.stderr.isatty(), already=earlier)
    started = time.monotonic()

    def deliver(report: Report) -> None:
        summary.add(report)
        sink.write(out.page(report))
        progress.update(summary)

    previous_handler = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        sink.write(out.start())
        Auditor(checker, options).run(plan.targets, deliver, on_idle=lambda: progress.update(summary))
        sink.write(out.end(summary))
    except KeyboardInterrupt as exc:
        progress.clear()
        checked = summary.pages - earlier
        where = f" are in {output}; run the same command with --resume to finish" if output not in (None, "-") else ""
        click.echo(f"repcheck: interrupted after {checked:,} of {len(plan.targets):,} pages; the results so far"
                   f"{where or ' were written'}", err=True)
        sys.exit(EXIT_TERMINATED if isinstance(exc, _Terminated) else EXIT_INTERRUPTED)
    except OSError as exc:
        progress.clear()
        click.echo(f"repcheck: error: cannot write the report: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        sink.close()
    progress.clear()
    if not quiet:
        click.echo(_audit_summary(summary, plan, earlier, time.monotonic() - started), err=True, nl=False)
    code = exit_code(summary)
    sys.exit(EXIT_ERROR if code == EXIT_PASS and plan.problems else code)


def _audit_summary(summary: Summary, plan: Plan, earlier: int, elapsed: float) -> str:
    """The end of an audit, for people: totals, what was skipped, failures per rule, why pages errored, and the
    sites with the lowest pass rate."""
    checked = summary.pages - earlier
    rate = f" ({checked / elapsed:.1f} pages/s)" if elapsed > 0 and checked else ""
    lines = [(f"repcheck audit: {summary.pages:,} pages: {summary.passed:,} passed, {summary.failed:,} failed, "
              f"{summary.errored:,} could not be checked; {checked:,} checked in {duration(elapsed)}{rate}")]
    notes = []
    if earlier:
        notes.append(f"{earlier:,} by an earlier run")
    if plan.duplicates:
        notes.append(f"{plan.duplicates:,} listed more than once")
    if plan.excluded:
        notes.append(f"{plan.excluded:,} excluded by --include/--exclude")
    if plan.problems:
        notes.append(f"{len(plan.problems):,} sitemaps could not be read")
    if notes:
        lines.append("  (" + "; ".join(notes) + ")")
    if summary.failures_by_rule:
        lines.append("failures by rule: " + ", ".join(
            f"{rule} {count:,}" for rule, count in sorted(summary.failures_by_rule.items(), key=lambda kv: -kv[1])))
    if summary.error_reasons:
        lines.append("could not be checked:")
        for reason, count in summary.error_reasons.most_common(5):
            lines.append(f"  {count:>7,}  {reason}")
        rest = sum(summary.error_reasons.values()) - sum(c for _, c in summary.error_reasons.most_common(5))
        if rest:
            lines.append(f"  {rest:>7,}  other reasons")
    if summary.hosts:
        lines.append("worst sites (lowest pass rate first):")
        lines.append(f"  {'site':<40} {'pages':>7} {'passed':>7} {'failed':>7} {'errors':>7}")
        for host, tally in summary.worst_hosts(10):
            share = f"{100 * tally.passed / tally.pages:.0f}%"
            lines.append(f"  {host[:40]:<40} {tally.pages:>7,} {share:>7} {tally.failed:>7,} {tally.errored:>7,}")
    return "\n".join(lines) + "\n"


@main.command()
@click.option("--rules", "-r", "pack_name", default="dcnf", show_default=True, metavar="PACK",
              help="Rule pack: a shipped pack's name or a path to a pack file.")
def rules(pack_name: str) -> None:
    """List a pack's rules: id, severity, title, what it checks and the terms it enforces."""
    pack = _load(pack_name)
    click.echo(f"{pack.name} ({pack.id}) — {pack.source}")
    if pack.terms_url:
        click.echo(f"terms: {pack.terms_url}")
    click.echo()
    for rule in pack.rules:
        click.echo(f"{rule.id}  [{rule.severity.value}]  {rule.title}")
        for line in textwrap.wrap(rule.description, 96):
            click.echo(f"    {line}")
        if rule.terms:
            for line in textwrap.wrap(f"terms: {rule.terms}", 96):
                click.echo(f"    {line}")
        click.echo()


@main.command()
def packs() -> None:
    """List the rule packs shipped with repcheck."""
    for name in shipped_packs():
        try:
            pack = load_pack(name)
        except PackError as exc:
            click.echo(f"{name}  (invalid: {exc})")
            continue
        click.echo(f"{pack.id:<24} {pack.name} — {len(pack.rules)} rules")


if __name__ == "__main__":  # pragma: no cover
    main()
