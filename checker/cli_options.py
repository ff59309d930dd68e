"""What the commands of ``repcheck`` share: the options of `check` and `audit`, the settings they make, and the
one place where an error becomes its message and exit code."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec

import click
from click.core import ParameterSource

from .defaults import (
    DEFAULT_CHECK_TIMEOUT,
    DEFAULT_DELAY,
    DEFAULT_FAIL_ON,
    DEFAULT_JOBS,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_WAIT,
    DEFAULT_PACK,
    DEFAULT_PER_HOST,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    FAIL_ON_CHOICES,
)
from .errors import ExitCode, RepcheckError
from .formats import OutputFormat
from .redact import redact_text
from .settings import RunSettings

P = ParamSpec("P")


def reports_errors(command: Callable[P, ExitCode | None]) -> Callable[P, None]:
    """Run ``command`` and exit with the code it returns; a :class:`~checker.errors.RepcheckError` becomes its
    one line on standard error and its exit code, never a traceback."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            code = command(*args, **kwargs)
        except RepcheckError as exc:
            click.echo(redact_text(exc.line()), err=True)
            sys.exit(exc.exit_code)
        if code is not None:
            sys.exit(code)

    return run


def fail_on_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--fail-on",
        type=click.Choice(FAIL_ON_CHOICES),
        default=DEFAULT_FAIL_ON.value,
        show_default=True,
        help=help_text,
    )


def pack_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--rules",
        "-r",
        "pack_name",
        default=DEFAULT_PACK,
        show_default=True,
        metavar="PACK",
        help=help_text,
    )


def redact_param_option() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--redact-param",
        "redact_params",
        multiple=True,
        metavar="NAME",
        help="Never print the value of query parameter NAME (as token, key, password... are not). Repeatable.",
    )


def page_options(default_format: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The options `check` and `audit` share: the pack, the reporter, the output and the fetch limits."""
    options = [
        pack_option(
            "Rule pack: a shipped pack's name (see `repcheck packs`), a path to a pack file, or auto "
            "(each page's pack chosen from the signs of the licensor it shows)."
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
            "--logo-reference",
            "logo_references",
            metavar="FILE_OR_URL",
            multiple=True,
            help="An image of the licensor's logo: the article's images are compared with it by their pixels "
            "(needs the extra 'logo'). Repeatable; adds to the pack's logo_reference.",
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
            "--check-timeout",
            type=click.FloatRange(min=0, min_open=True),
            default=DEFAULT_CHECK_TIMEOUT,
            show_default=True,
            metavar="SECONDS",
            help="Seconds allowed for one page's parsing and checks, after the fetch; a page that takes longer is "
            "an error and the run goes on.",
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
        fail_on_option("Lowest severity of a failed rule that fails the page and the exit code."),
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
        redact_param_option(),
        *render_options(),
    ]

    return _all_of(options)


def render_options() -> list[Callable[[Callable[..., Any]], Callable[..., Any]]]:
    """How pages are seen: ``--page-css``, and ``--render`` with its browser and what it need not load."""
    return [
        click.option(
            "--page-css/--no-page-css",
            default=True,
            help="Apply the page's own <style> rules: what they hide is hidden (default). --no-page-css reads "
            "only inline styles and class names, about a third of the CPU on pages with large stylesheets.",
        ),
        click.option(
            "--render/--no-render",
            default=False,
            help="Judge each page as headless Chromium shows it, scripts run, at desktop and phone widths "
            "(slower; needs chromium and repcheck[render]). Default: the page as served.",
        ),
        click.option(
            "--browser",
            metavar="PATH",
            envvar="REPCHECK_BROWSER",
            help="The Chromium --render uses (default: chromium on the PATH; $REPCHECK_BROWSER).",
        ),
        click.option(
            "--render-block",
            metavar="TYPES",
            default="",
            help="With --render, do not load these comma-separated resource types: font, media, image, "
            "stylesheet, script, xhr, fetch, websocket, other, or third-party (other hosts).",
        ),
        click.option(
            "--screenshots",
            metavar="DIR",
            type=click.Path(file_okay=False),
            help="With --render, save in DIR a PNG of what each passing rule rests on (the logo, the byline...) "
            "and of the whole page when it fails; the JSON evidence and the HTML report point to them.",
        ),
    ]


def _all_of(options: Sequence[Callable[[Any], Any]]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """One decorator applying ``options`` in order (the first is listed first in ``--help``)."""

    def apply(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


def crawl_options() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`audit`'s options on how pages are fetched: how many at once, how politely, with what retries."""
    options = [
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=1, max=256),
            default=DEFAULT_JOBS,
            show_default=True,
            help="Pages fetched at once, over all hosts.",
        ),
        click.option(
            "--per-host",
            type=click.IntRange(min=1),
            default=DEFAULT_PER_HOST,
            show_default=True,
            help="Requests to one host at once.",
        ),
        click.option(
            "--delay",
            type=click.FloatRange(min=0),
            default=DEFAULT_DELAY,
            show_default=True,
            metavar="SECONDS",
            help="Least time between the starts of two requests to one host (a robots.txt Crawl-delay, up to "
            "30 s, raises it).",
        ),
        click.option(
            "--processes",
            type=click.IntRange(min=0),
            default=None,
            metavar="N",
            help="Worker processes that parse and check pages (default: one per CPU, two per CPU when images are "
            "compared with reference logos, none on one CPU; 0 checks in the fetching threads).",
        ),
        click.option("--ignore-robots", is_flag=True, help="Fetch pages even where robots.txt disallows it."),
        click.option(
            "--retries",
            type=click.IntRange(min=0, max=10),
            default=DEFAULT_RETRIES,
            show_default=True,
            help="Retries of a page after a refused or dropped connection, 429, 502, 503 or 504.",
        ),
        click.option(
            "--max-wait",
            type=click.FloatRange(min=0),
            default=DEFAULT_MAX_WAIT,
            show_default=True,
            metavar="SECONDS",
            help="Longest wait before a retry (a longer Retry-After is an error).",
        ),
    ]
    return _all_of(options)


def run_settings(ctx: click.Context) -> RunSettings:
    """The run's settings: the options given on the command line, over the config file, over the defaults."""
    defaulted = (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP, None)
    given = {name for name in ctx.params if ctx.get_parameter_source(name) not in defaulted}
    return RunSettings.build(ctx.params, given)
