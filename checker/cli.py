"""The ``repcheck`` command: a thin layer over :mod:`checker.engine`. Exit codes are decided here and only here."""

from __future__ import annotations

import os
import signal
import sys
import textwrap
import time
from collections.abc import Callable, Mapping
from typing import IO, Any

import click
from click.core import ParameterSource

from . import __version__
from .audit import (
    AuditOptions,
    Auditor,
    AuditTarget,
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
from .baseline import Baseline, BaselineError, BaselineWriter
from .config import DEFAULTS, ConfigError, Target, load_config
from .engine import Checker, PageRules
from .fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from .formats import OutputFormat
from .pack import AUTO, Pack, PackError, auto_pack, load_pack, shipped_packs
from .report import Report
from .run import Outputs, RuleLayers, UsageProblem, parse_assignments, parse_reports
from .summary import Summary
from .targets import CheckTarget, expand

EXIT_PASS = 0  # every page passed
EXIT_FAIL = 1  # some rule failed on some page
EXIT_USAGE = 2  # bad command line or rule pack
EXIT_ERROR = 3  # no rule failed, but some page could not be checked
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # SIGTERM


def exit_code(summary: Summary, fail_on: str = "error", *, problems: bool = False) -> int:
    """0 all passed; 1 something failed (at or above ``--fail-on``, and not in the baseline); 3 nothing failed
    but something could not be checked (never 0 then), or nothing at all was checked. ``--fail-on never``: 0."""
    if fail_on == "never":
        return EXIT_PASS
    if summary.failed:
        return EXIT_FAIL
    if summary.errored or problems or (summary.pages == 0 and not summary.skipped):
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
        click.option(
            "--rules",
            "-r",
            "pack_name",
            default="dcnf",
            show_default=True,
            metavar="PACK",
            help="Rule pack: a shipped pack's name (see `repcheck packs`), a path to a pack file, or auto "
            "(each page's pack chosen from the signs of the licensor it shows).",
        ),
        click.option(
            "--reporter",
            metavar="NAME",
            help="The reporter whose byline the page must show. "
            "Default: read from --original, else detected on the page.",
        ),
        click.option(
            "--original", metavar="URL", help="The licensor's original article; its byline names the reporter."
        ),
        click.option(
            "--format",
            "-f",
            "fmt",
            type=click.Choice([f.value for f in OutputFormat]),
            default=default_format,
            show_default=True,
            help="Output format.",
        ),
        click.option("--output", "-o", metavar="FILE", help="Write the report to FILE instead of standard output."),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=DEFAULT_TIMEOUT,
            show_default=True,
            help="Seconds allowed per page: connection, redirects and the whole body.",
        ),
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1),
            default=DEFAULT_MAX_BYTES,
            show_default=True,
            help="Largest page accepted, counted after decompression.",
        ),
        click.option(
            "--user-agent", metavar="STRING", help="User-Agent header to send (default: repcheck/VERSION ...)."
        ),
        click.option(
            "--config",
            "-c",
            "config_path",
            metavar="FILE",
            help="Config file (default: repcheck.toml or [tool.repcheck] in pyproject.toml, found from "
            "here upward; $REPCHECK_CONFIG). Command-line options beat it.",
        ),
        click.option(
            "--report",
            "reports",
            multiple=True,
            metavar="FORMAT=PATH",
            help="Also write FORMAT (text, json, jsonl, csv, junit, github, html) to PATH. Repeatable.",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(["error", "warning", "info", "never"]),
            default="error",
            show_default=True,
            help="Lowest severity of a failed rule that fails the page and the exit code.",
        ),
        click.option(
            "--severity",
            "severities",
            multiple=True,
            metavar="RULE=LEVEL",
            help="Give RULE the severity LEVEL (error, warning, info) for this run. Repeatable.",
        ),
        click.option("--disable", multiple=True, metavar="RULE", help="Do not run RULE. Repeatable."),
        click.option(
            "--enable",
            multiple=True,
            metavar="RULE",
            help="Run RULE even where the config file disables it. Repeatable.",
        ),
        click.option(
            "--baseline",
            metavar="FILE",
            help="Failures recorded in FILE are reported but fail nothing: only new failures fail.",
        ),
        click.option("--write-baseline", metavar="FILE", help="Record this run's failures in FILE."),
    ]

    def apply(command: Callable[..., None]) -> Callable[..., None]:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


@main.command()
@click.argument("targets", nargs=-1, metavar="[TARGET]...")
@_page_options("text")
@click.option(
    "--all",
    "check_all",
    is_flag=True,
    help="In a folder, check every HTML page, not only those that show the licensor.",
)
@click.option(
    "--only-stories",
    is_flag=True,
    help="Skip any page that shows no sign of the licensor, even one named on the command line (as a "
    "pre-commit hook on a site's changed files wants).",
)
@click.option("--base-url", metavar="URL", help="Public URL of a checked folder, to report each file's URL.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text output (default: when writing to a terminal; NO_COLOR is honoured).",
)
@click.pass_context
def check(ctx: click.Context, targets: tuple[str, ...], color: bool | None, only_stories: bool, **_: Any) -> None:
    """Check pages against a rule pack, rule by rule.

    TARGET is a URL, a saved HTML file, a folder (a built site: its HTML files, by default only those that
    show the licensor), a glob, or - for standard input. Without TARGET, the config file's [[target]]s.

    \b
    Exit codes: 0 every page passed; 1 some rule failed (see --fail-on); 2 usage, pack or config error;
                3 nothing failed but some page could not be checked.
    """
    run = _Settings(ctx)
    check_all = run.value("check_all", "all")
    base_url = run.value("base_url")
    plan: list[tuple[CheckTarget, Target | None]]
    if targets:
        plan = [(item, None) for item in expand(targets, base_url=base_url)]
    elif run.config.targets:
        plan = [
            (item, target) for target in run.config.targets for item in expand([target.location], base_url=base_url)
        ]
    else:
        raise click.UsageError("give a TARGET (a URL, a file, a folder or -), or [[target]]s in a config file")
    checker = run.checker()
    outputs = run.outputs(color)
    try:
        outputs.start()
        for item, target in plan:
            page_reporter = checker.reporter_for(target.reporter, target.original) if target else None
            rules = run.layers.for_page(item.url or item.target, target) if target else None
            outputs.page(
                checker.check_target(
                    item.target,
                    url=item.url,
                    reporter=page_reporter,
                    original=target.original if target else None,
                    rules=rules,
                    skip_unlicensed=only_stories or (item.from_folder and not check_all),
                )
            )
        if not plan:
            click.echo(
                "repcheck: warning: no HTML page found in " + ", ".join(targets or ["the config's targets"]), err=True
            )
        outputs.end()
    except KeyboardInterrupt:
        click.echo("repcheck: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except (OSError, BaselineError) as exc:
        click.echo(f"repcheck: error: cannot write the report: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    finally:
        outputs.close()
    summary = outputs.summary
    if not outputs.main_is_stdout_text or summary.skipped or summary.baselined or run.write_baseline:
        click.echo(_check_summary(summary, run, checker.pack.name), err=True)
    sys.exit(exit_code(summary, run.fail_on))


def _check_summary(summary: Summary, run: _Settings, licensor: str) -> str:
    text = (
        f"repcheck: {summary.pages} checked: {summary.passed} passed, {summary.failed} failed, "
        f"{summary.errored} could not be checked"
    )
    if summary.skipped:
        text += f"; {summary.skipped} skipped (no sign of {licensor}: not a republished story; --all to check them)"
    if summary.baselined:
        text += f"; {summary.baselined} known failures in the baseline, not failing"
    if run.write_baseline:
        text += f"; baseline written to {run.write_baseline}"
    return text


class _Settings:
    """The run's settings from the command line, the config file and the defaults, in that order."""

    def __init__(self, ctx: click.Context) -> None:
        self.ctx = ctx
        self.params = ctx.params
        try:
            self.config = load_config(self.params.get("config_path"))
            name = self.value("pack_name", "rules")
            self.pack = auto_pack() if name == AUTO else load_pack(name)
            packs = [load_pack(n) for n in shipped_packs()] if name == AUTO else [self.pack]
            known = {rule.id for pack in packs for rule in pack.rules}
            self.config.check_rule_ids(known)
            self.fail_on = self.value("fail_on")
            severity = parse_assignments(self.params["severities"], "--severity", "RULE=LEVEL (e.g. logo=warning)")
            for option, ids in (
                ("--severity", severity),
                ("--disable", self.params["disable"]),
                ("--enable", self.params["enable"]),
            ):
                for rule_id in ids:
                    if rule_id not in known:
                        raise UsageProblem(
                            f"{option} {rule_id}: no such rule in the {self.pack.id} pack "
                            f"(rules: {', '.join(sorted(known))})"
                        )
            for rule_id, level in severity.items():
                if level not in ("error", "warning", "info"):
                    raise UsageProblem(f"--severity {rule_id}={level}: the level must be error, warning or info")
            self.layers = RuleLayers(
                self.config, severity, frozenset(self.params["disable"]), frozenset(self.params["enable"])
            )
            self.reports = parse_reports(self.params["reports"], self.config.get("reports"))
            baseline_path = self.value("baseline")
            self.baseline = Baseline.load(baseline_path) if baseline_path else None
            self.write_baseline = self.params.get("write_baseline")
        except (ConfigError, PackError, BaselineError, UsageProblem) as exc:
            click.echo(f"repcheck: error: {exc}", err=True)
            sys.exit(EXIT_USAGE)

    def value(self, name: str, key: str | None = None) -> Any:
        """An option's value: from the command line if given there, else from the config file, else the default."""
        key = key or name
        source = self.ctx.get_parameter_source(name)
        if source not in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP, None):
            return self.params[name]
        if key in DEFAULTS and self.config.is_set(key):
            return self.config.get(key)
        return self.params.get(name)

    def checker(self, targets: Mapping[str, Target] | None = None) -> Checker:
        """The run's checker. ``targets``: config targets by location, whose own rule settings apply to them."""
        wide = self.layers.run_wide()
        targets = targets or {}
        own = any(target.severity or target.disable or target.enable for target in targets.values())
        overrides = None
        if own or self.layers.per_page:

            def overrides(location: str) -> PageRules:
                return self.layers.for_page(location, targets.get(location))

        return Checker(
            AUTO if self.pack.id == AUTO else self.pack,
            reporter=self.params["reporter"],
            original=self.params["original"],
            timeout=self.value("timeout"),
            max_bytes=self.value("max_bytes"),
            user_agent=self.value("user_agent"),
            fail_on=self.fail_on,
            severity=wide.severity,
            disabled=wide.disabled,
            overrides=overrides,
        )

    def outputs(self, color: bool | None = None, *, append: bool = False) -> Outputs:
        fmt, output = self.value("fmt", "format"), self.params["output"]
        to_terminal = output in (None, "-")
        try:
            return Outputs.build(
                (fmt, output),
                self.reports,
                fail_on=self.fail_on,
                color=_use_color(sys.stdout, color) if to_terminal else False,
                append_main=append,
                baseline=self.baseline,
                write_baseline=BaselineWriter(self.write_baseline, self.pack.id) if self.write_baseline else None,
            )
        except UsageProblem as exc:
            click.echo(f"repcheck: error: {exc}", err=True)
            sys.exit(EXIT_USAGE)


@main.command("config")
@click.option(
    "--config", "-c", "config_path", metavar="FILE", help="The config file (default: found from here upward)."
)
@click.option("--show", is_flag=True, help="Print the merged config: the file's settings and the defaults.")
def config_command(config_path: str | None, show: bool) -> None:
    """Find and validate the config file (repcheck.toml, or [tool.repcheck] in pyproject.toml)."""
    try:
        config = load_config(config_path)
        config.check_rule_ids({rule.id for rule in load_pack(config.get("rules")).rules})
    except (ConfigError, PackError) as exc:
        click.echo(f"repcheck: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if show:
        click.echo(config.show(), nl=False)
    else:
        click.echo(f"{config.path}: valid" if config.path else "no config file found (defaults apply)")


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop, keep what is written, say how to resume."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated()


@main.command()
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@click.option(
    "--sitemap",
    "sitemaps",
    multiple=True,
    metavar="URL",
    help="A sitemap or sitemap index (URL or file; gzip accepted), read recursively. Repeatable.",
)
@click.option(
    "--include",
    multiple=True,
    metavar="PATTERN",
    help="Check only URLs matching PATTERN (a glob such as '*/news/*', or re:REGEX). Repeatable.",
)
@click.option("--exclude", multiple=True, metavar="PATTERN", help="Skip URLs matching PATTERN. Repeatable.")
@_page_options("jsonl")
@click.option(
    "--resume", is_flag=True, help="Skip the URLs already in --output (from an interrupted run) and append the rest."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1, max=256),
    default=DEFAULT_JOBS,
    show_default=True,
    help="Pages fetched at once, over all hosts.",
)
@click.option(
    "--per-host",
    type=click.IntRange(min=1),
    default=DEFAULT_PER_HOST,
    show_default=True,
    help="Requests to one host at once.",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    metavar="SECONDS",
    help="Least time between the starts of two requests to one host (a robots.txt Crawl-delay, up to 30 s, raises it).",
)
@click.option(
    "--processes",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Worker processes that parse and check pages (default: one per CPU, none on one CPU; 0 checks "
    "in the fetching threads).",
)
@click.option("--ignore-robots", is_flag=True, help="Fetch pages even where robots.txt disallows it.")
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=10),
    default=DEFAULT_RETRIES,
    show_default=True,
    help="Retries of a page after a refused or dropped connection, 429, 502, 503 or 504.",
)
@click.option(
    "--max-wait",
    type=click.FloatRange(min=0),
    default=DEFAULT_MAX_WAIT,
    show_default=True,
    metavar="SECONDS",
    help="Longest wait before a retry (a longer Retry-After is an error).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress line and no summary on standard error.")
@click.pass_context
def audit(
    ctx: click.Context,
    sources: tuple[str, ...],
    sitemaps: tuple[str, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    output: str | None,
    resume: bool,
    processes: int | None,
    max_wait: float,
    quiet: bool,
    **_: Any,
) -> None:
    """Check many pages: URL lists, CSV files, standard input or sitemaps, concurrently and politely.

    SOURCE is a file of URLs (one a line; blank lines and # comments ignored), a CSV file with a `url` column
    and optional `reporter` and `original` columns, or - for standard input. Each URL is checked once.
    Without SOURCE or --sitemap, the config file's [[target]]s.

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
    Exit codes: as for `check`: 0 every page passed; 1 some rule failed; 2 usage, pack or config error;
                3 nothing failed but some page (or sitemap) could not be checked; 130 interrupted.
    """
    run = _Settings(ctx)
    fmt = run.value("fmt", "format")
    targets_by_url: dict[str, Target] = {}
    if not sources and not sitemaps and not run.config.targets:
        raise click.UsageError(
            "give a SOURCE (a file of URLs, a CSV file or -), --sitemap URL, or [[target]]s in a config file"
        )
    if resume and output in (None, "-"):
        raise click.UsageError("--resume needs --output FILE: the file an earlier run wrote")
    if resume and fmt not in (OutputFormat.JSONL.value, OutputFormat.CSV.value):
        raise click.UsageError("--resume reads back JSON Lines or CSV output: use --format jsonl or csv")
    try:
        url_filter = UrlFilter(include, exclude)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if not sources and not sitemaps:
        targets_by_url = {target.location: target for target in run.config.targets}
    checker = run.checker(targets_by_url)
    done: set[str] = set()
    appending = False
    earlier = Summary()
    if resume and output is not None:
        trim_partial_line(output)
        for record in read_records(output, fmt):
            done.add(dedup_key(record.target))
            earlier.count(record.status, record.failed_rules, record.url or record.target, record.error)
        appending = os.path.exists(output) and os.path.getsize(output) > 0
    before = earlier.pages

    def warn(reason: str) -> None:
        click.echo(f"repcheck: warning: {reason}", err=True)

    timeout, user_agent = run.value("timeout"), run.value("user_agent")
    try:
        configured = [AuditTarget(t.location, t.reporter, t.original, "config") for t in targets_by_url.values()]
        plan = gather(
            sources,
            sitemaps,
            configured,
            url_filter=url_filter,
            done=done,
            timeout=timeout,
            user_agent=user_agent,
            on_problem=warn,
        )
    except SourceError as exc:
        click.echo(f"repcheck: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    options = AuditOptions(
        jobs=run.value("jobs"),
        per_host=run.value("per_host"),
        delay=run.value("delay"),
        processes=processes,
        robots=not run.value("ignore_robots"),
        retries=run.value("retries"),
        max_wait=max_wait,
    )
    outputs = run.outputs(append=appending)
    outputs.summary = earlier
    progress = Progress(sys.stderr, len(plan.targets), enabled=not quiet and sys.stderr.isatty(), already=before)
    started = time.monotonic()

    def deliver(report: Report) -> None:
        outputs.page(report)
        progress.update(outputs.summary)

    previous_handler = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        outputs.start()
        Auditor(checker, options).run(plan.targets, deliver, on_idle=lambda: progress.update(outputs.summary))
        outputs.end()
    except KeyboardInterrupt as exc:
        progress.clear()
        checked = outputs.summary.pages - before
        where = f" are in {output}; run the same command with --resume to finish" if output not in (None, "-") else ""
        click.echo(
            f"repcheck: interrupted after {checked:,} of {len(plan.targets):,} pages; the results so far"
            f"{where or ' were written'}",
            err=True,
        )
        sys.exit(EXIT_TERMINATED if isinstance(exc, _Terminated) else EXIT_INTERRUPTED)
    except (OSError, BaselineError) as exc:
        progress.clear()
        click.echo(f"repcheck: error: cannot write the report: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        outputs.close()
    progress.clear()
    summary = outputs.summary
    if not quiet:
        click.echo(_audit_summary(summary, plan, before, time.monotonic() - started), err=True, nl=False)
    sys.exit(exit_code(summary, run.fail_on, problems=bool(plan.problems)))


def _audit_summary(summary: Summary, plan: Plan, earlier: int, elapsed: float) -> str:
    """The end of an audit, for people: totals, what was skipped, failures per rule, why pages errored, and the
    sites with the lowest pass rate."""
    checked = summary.pages - earlier
    rate = f" ({checked / elapsed:.1f} pages/s)" if elapsed > 0 and checked else ""
    lines = [
        (
            f"repcheck audit: {summary.pages:,} pages: {summary.passed:,} passed, {summary.failed:,} failed, "
            f"{summary.errored:,} could not be checked; {checked:,} checked in {duration(elapsed)}{rate}"
        )
    ]
    notes = []
    if earlier:
        notes.append(f"{earlier:,} by an earlier run")
    if plan.duplicates:
        notes.append(f"{plan.duplicates:,} listed more than once")
    if plan.excluded:
        notes.append(f"{plan.excluded:,} excluded by --include/--exclude")
    if plan.problems:
        count = len(plan.problems)
        notes.append(f"{count:,} sitemap{'' if count == 1 else 's'} could not be read")
    if notes:
        lines.append("  (" + "; ".join(notes) + ")")
    if summary.failures_by_rule:
        lines.append(
            "failures by rule: "
            + ", ".join(
                f"{rule} {count:,}" for rule, count in sorted(summary.failures_by_rule.items(), key=lambda kv: -kv[1])
            )
        )
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


@main.command("report")
@click.argument("results", nargs=-1, required=True, metavar="RESULTS.jsonl...")
@click.option(
    "--output", "-o", required=True, metavar="FILE", help="Write the HTML report to FILE ('-': standard output)."
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default="error",
    show_default=True,
    help="The threshold pages are judged by (give the audit's).",
)
@click.option("--title", default="repcheck report", show_default=True, help="The report's title.")
def report_command(results: tuple[str, ...], output: str, fail_on: str, title: str) -> None:
    """A self-contained HTML report of results files (`audit` or `check --format jsonl`): headline numbers,
    failures per rule, sites worst first, every page filterable and searchable. It opens offline, from a mail
    attachment, on a phone. Files from different dates add compliance per site over time.

    \b
    Example:
      repcheck audit partner-urls.txt -o results.jsonl && repcheck report results.jsonl -o report.html
    """
    from .formats.html import build_report

    for path in results:
        if not os.path.isfile(path):
            click.echo(f"repcheck: error: {path}: results file not found", err=True)
            sys.exit(EXIT_USAGE)
    try:
        document, meta = build_report(results, fail_on=fail_on, title=title)
        if output == "-":
            click.echo(document, nl=False)
        else:
            folder = os.path.dirname(output)
            if folder:
                os.makedirs(folder, exist_ok=True)
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(document)
    except OSError as exc:
        click.echo(f"repcheck: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    skipped = f"; {meta.unreadable:,} unreadable lines left out" if meta.unreadable else ""
    where = "" if output == "-" else f" written to {output}"
    click.echo(f"repcheck report: {meta.pages:,} pages{skipped}{where}", err=True)
    sys.exit(EXIT_ERROR if meta.pages == 0 else EXIT_PASS)


@main.command()
@click.option(
    "--rules",
    "-r",
    "pack_name",
    default="dcnf",
    show_default=True,
    metavar="PACK",
    help="Rule pack: a shipped pack's name or a path to a pack file.",
)
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
    """List the rule packs shipped with repcheck, the default (dcnf) first."""
    names = sorted(shipped_packs(), key=lambda name: (name != DEFAULTS["rules"], name))
    for name in names:
        try:
            pack = load_pack(name)
        except PackError as exc:
            click.echo(f"{name}  (invalid: {exc})")
            continue
        default = " (default)" if name == DEFAULTS["rules"] else ""
        click.echo(f"{pack.id:<24} {pack.name}{default} — {len(pack.rules)} rules")


if __name__ == "__main__":  # pragma: no cover
    main()
