"""The ``repcheck`` command: click commands and their options, over :mod:`checker.check_session` and
:mod:`checker.audit.session`. Errors become their message and exit code in one place,
:func:`checker.cli_options.reports_errors`."""

from __future__ import annotations

import os
import textwrap
from typing import Any

import click

from . import __version__
from .audit.session import AuditSources, run_audit
from .check_session import run_check
from .checks import describe_checks
from .cli_options import (
    crawl_options,
    fail_on_option,
    pack_option,
    page_options,
    redact_param_option,
    reports_errors,
    run_settings,
)
from .config import load_config
from .defaults import DEFAULT_AUDIT_FORMAT, DEFAULT_FORMAT, DEFAULT_PACK
from .errors import ExitCode, UsageProblem
from .output_lock import locked_outputs
from .pack import PackError, load_pack, shipped_packs


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


@main.command()
@click.argument("targets", nargs=-1, metavar="[TARGET]...")
@page_options(DEFAULT_FORMAT)
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
@reports_errors
def check(ctx: click.Context, targets: tuple[str, ...], color: bool | None, only_stories: bool, **_: Any) -> ExitCode:
    """Check pages against a rule pack, rule by rule.

    TARGET is a URL, a saved HTML file, a folder (a built site: its HTML files, by default only those that
    show the licensor), a glob, or - for standard input. Without TARGET, the config file's [[target]]s.

    \b
    Exit codes: 0 every page passed; 1 some rule failed (see --fail-on); 2 usage, pack or config error;
                3 nothing failed but some page could not be checked.
    """
    return run_check(run_settings(ctx), targets, only_stories=only_stories, color=color)


@main.command("config")
@click.option(
    "--config", "-c", "config_path", metavar="FILE", help="The config file (default: found from here upward)."
)
@click.option("--show", is_flag=True, help="Print the merged config: the file's settings and the defaults.")
@reports_errors
def config_command(config_path: str | None, show: bool) -> None:
    """Find and validate the config file (repcheck.toml, or [tool.repcheck] in pyproject.toml)."""
    config = load_config(config_path)
    config.check_rule_ids({rule.id for rule in load_pack(config.get("rules")).rules})
    if show:
        click.echo(config.show(), nl=False)
    else:
        click.echo(f"{config.path}: valid" if config.path else "no config file found (defaults apply)")


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
@page_options(DEFAULT_AUDIT_FORMAT)
@click.option(
    "--resume", is_flag=True, help="Skip the URLs already in --output (from an interrupted run) and append the rest."
)
@crawl_options()
@click.option("--quiet", "-q", is_flag=True, help="No progress line and no summary on standard error.")
@click.pass_context
@reports_errors
def audit(
    ctx: click.Context,
    sources: tuple[str, ...],
    sitemaps: tuple[str, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    resume: bool,
    processes: int | None,
    max_wait: float,
    quiet: bool,
    **_: Any,
) -> ExitCode:
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
    return run_audit(
        run_settings(ctx),
        AuditSources(sources, sitemaps, include, exclude),
        resume=resume,
        processes=processes,
        max_wait=max_wait,
        quiet=quiet,
    )


@main.command("report")
@click.argument("results", nargs=-1, required=True, metavar="RESULTS.jsonl...")
@click.option(
    "--output", "-o", required=True, metavar="FILE", help="Write the HTML report to FILE ('-': standard output)."
)
@fail_on_option("The threshold pages are judged by (give the audit's).")
@click.option("--title", default="repcheck report", show_default=True, help="The report's title.")
@redact_param_option()
@reports_errors
def report_command(
    results: tuple[str, ...], output: str, fail_on: str, title: str, redact_params: tuple[str, ...]
) -> ExitCode:
    """A self-contained HTML report of results files (`audit` or `check --format jsonl`): headline numbers,
    failures per rule, sites worst first, every page filterable and searchable. It opens offline, from a mail
    attachment, on a phone. Files from different dates add compliance per site over time.

    \b
    Example:
      repcheck audit partner-urls.txt -o results.jsonl && repcheck report results.jsonl -o report.html
    """
    from .formats.html import build_report
    from .redact import Redactor

    for path in results:
        if not os.path.isfile(path):
            raise UsageProblem(f"{path}: results file not found")
    try:
        with locked_outputs([output]):  # one run per output file
            folder = os.path.dirname(os.path.abspath(output)) if output != "-" else None
            document, meta = build_report(
                results, fail_on=fail_on, title=title, redactor=Redactor(redact_params), folder=folder
            )
            if output == "-":
                click.echo(document, nl=False)
            else:
                folder = os.path.dirname(output)
                if folder:
                    os.makedirs(folder, exist_ok=True)
                with open(output, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(document)
    except OSError as exc:
        raise UsageProblem(str(exc)) from None
    skipped = f"; {meta.unreadable:,} unreadable lines left out" if meta.unreadable else ""
    where = "" if output == "-" else f" written to {output}"
    click.echo(f"repcheck report: {meta.pages:,} pages{skipped}{where}", err=True)
    return ExitCode.ERROR if meta.pages == 0 else ExitCode.PASS


@main.command()
@pack_option("Rule pack: a shipped pack's name or a path to a pack file.")
@reports_errors
def rules(pack_name: str) -> None:
    """List a pack's rules: id, severity, title, what it checks and the terms it enforces."""
    pack = load_pack(pack_name)
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
@click.argument("names", nargs=-1, metavar="[CHECK]...")
@reports_errors
def checks(names: tuple[str, ...]) -> None:
    """Document the kinds of check a pack's rules use: what each checks, its params, their defaults."""
    try:
        click.echo(describe_checks(list(names) or None), nl=False)
    except KeyError as exc:
        raise UsageProblem(exc.args[0]) from exc


@main.command()
def schema() -> None:
    """Print the JSON Schema of a report: one element of `--format json`, one line of `jsonl` and of the results
    files `report` and `audit --resume` read."""
    from .report import json_schema_text

    click.echo(json_schema_text(), nl=False)


@main.command()
def packs() -> None:
    """List the rule packs shipped with repcheck, the default (dcnf) first."""
    names = sorted(shipped_packs(), key=lambda name: (name != DEFAULT_PACK, name))
    for name in names:
        try:
            pack = load_pack(name)
        except PackError as exc:
            click.echo(f"{name}  (invalid: {exc})")
            continue
        default = " (default)" if name == DEFAULT_PACK else ""
        click.echo(f"{pack.id:<24} {pack.name}{default} — {len(pack.rules)} rules")


# `repcheck discover`: finding republications in web-crawl archives (checker/discover/).
from .discover.command import discover  # noqa: E402 - after the group it joins

main.add_command(discover)
# Logos recognised by their pixels: `repcheck logo fingerprint IMAGE` (checker/logo_match/cli.py).
from .logo_match.cli import logo_command  # noqa: E402

main.add_command(logo_command)


if __name__ == "__main__":  # pragma: no cover
    main()
