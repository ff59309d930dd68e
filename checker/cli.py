"""The ``repcheck`` command: a thin layer over :mod:`checker.engine`. Exit codes are decided here and only here."""

from __future__ import annotations

import os
import sys
import textwrap
from typing import IO, Iterable

import click

from . import __version__
from .engine import Checker
from .fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from .formats import OutputFormat, Summary, formatter
from .pack import Pack, PackError, load_pack, shipped_packs
from .report import Report

EXIT_PASS = 0  # every page passed
EXIT_FAIL = 1  # some rule failed on some page
EXIT_USAGE = 2  # bad command line or rule pack
EXIT_ERROR = 3  # no rule failed, but some page could not be checked
EXIT_INTERRUPTED = 130


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
    """The report destination: stdout, or a file opened only once there is something to write."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._stream: IO[str] | None = None

    def write(self, text: str) -> None:
        if not text:
            return
        if self._stream is None:
            self._stream = sys.stdout if self.path in (None, "-") else open(self.path, "w", encoding="utf-8")  # noqa: SIM115
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


@main.command()
@click.argument("targets", nargs=-1, required=True, metavar="TARGET...")
@click.option("--rules", "-r", "pack_name", default="dcnf", show_default=True, metavar="PACK",
              help="Rule pack: a shipped pack's name (see `repcheck packs`) or a path to a pack file.")
@click.option("--reporter", metavar="NAME", help="The reporter whose byline the page must show. "
              "Default: read from --original, else detected on the page.")
@click.option("--original", metavar="URL", help="The licensor's original article; its byline names the reporter.")
@click.option("--format", "-f", "fmt", type=click.Choice([f.value for f in OutputFormat]), default="text",
              show_default=True, help="Output format.")
@click.option("--output", "-o", metavar="FILE", help="Write the report to FILE instead of standard output.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds allowed per page: connection, redirects and the whole body.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest page accepted, counted after decompression.")
@click.option("--user-agent", metavar="STRING", help="User-Agent header to send (default: repcheck/VERSION ...).")
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
