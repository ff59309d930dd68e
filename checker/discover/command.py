"""The ``repcheck discover`` command: its options, over :mod:`.run` (and :mod:`.spark` for ``--engine spark``)."""

from __future__ import annotations

import gzip
import os
from typing import TYPE_CHECKING, Any

import click

from ..cli_options import fail_on_option, pack_option, reports_errors
from ..defaults import (
    DEFAULT_CHECK_TIMEOUT,
    DEFAULT_DISCOVER_ENGINE,
    DEFAULT_MIN_SHARE,
    DEFAULT_SPARK_MASTER,
    DISCOVER_ENGINES,
)
from ..errors import ExitCode, UsageProblem
from ..output_lock import locked_outputs
from ..pack import PackError, load_pack

if TYPE_CHECKING:
    from .index import OriginalsIndex


@click.command()
@click.argument("archives", nargs=-1, metavar="WARC...")
@click.option(
    "--originals",
    metavar="SOURCE",
    help="The licensor's original articles: a URL list or CSV, a sitemap (.xml), a folder of saved pages, or a "
    "JSON Lines file of {url, text}. Optional with --index FILE when FILE exists.",
)
@click.option(
    "--index",
    "index_path",
    metavar="FILE",
    help="The originals' index: read from FILE when it exists (and --originals is not given), else built from "
    "--originals and saved to FILE for the next run.",
)
@click.option("--output", "-o", required=True, metavar="FILE", help="Write the copies found to FILE (JSON Lines).")
@click.option(
    "--archive-list",
    metavar="FILE",
    help="Also search the archive files listed in FILE, one path or URL a line (gzip accepted: Common Crawl's "
    "warc.paths.gz).",
)
@pack_option("Rule pack every copy is checked with: a shipped pack's name or a path to a pack file.")
@click.option(
    "--min-share",
    type=click.FloatRange(0.05, 1.0),
    default=DEFAULT_MIN_SHARE,
    show_default=True,
    help="A page is a copy when it carries at least this share of an original's story words, in order.",
)
@click.option(
    "--emit-audit",
    metavar="FILE",
    help="Also write a CSV (url, original, reporter) of the copies for `repcheck audit`.",
)
@click.option("--engine", type=click.Choice(DISCOVER_ENGINES), default=DEFAULT_DISCOVER_ENGINE, show_default=True)
@click.option(
    "--master",
    default=DEFAULT_SPARK_MASTER,
    show_default=True,
    help="Spark's master for --engine spark (spark://host:7077, yarn, local[4]...).",
)
@click.option(
    "--parts",
    metavar="DIR",
    help="--engine spark: where the executors write their results before the driver merges them, a folder or URL "
    "that every executor and the driver reach (default: OUTPUT.parts beside the output; on a cluster s3://..., "
    "gs://..., hdfs://...).",
)
@click.option("--jobs", "-j", type=click.IntRange(1), default=os.cpu_count() or 1, help="Processes for --engine local.")
@click.option(
    "--resume", is_flag=True, help="Skip the archive files an interrupted run finished (OUTPUT.done) and go on."
)
@fail_on_option("The lowest severity of a failed rule that fails a copy and the exit code.")
@click.option("--check-timeout", type=click.FloatRange(min=0), default=DEFAULT_CHECK_TIMEOUT, show_default=True)
@click.option("--quiet", "-q", is_flag=True, help="No progress line and no summary on standard error.")
@reports_errors
def discover(
    archives: tuple[str, ...],
    originals: str | None,
    index_path: str | None,
    output: str,
    archive_list: str | None,
    pack_name: str,
    min_share: float,
    emit_audit: str | None,
    engine: str,
    master: str,
    parts: str | None,
    jobs: int,
    resume: bool,
    fail_on: str,
    check_timeout: float,
    quiet: bool,
    **_: Any,
) -> ExitCode:
    """Find the republications of the licensor's articles in web-crawl archives (WARC files, .warc or
    .warc.gz, local paths or URLs), and check each with the pack.

    Every HTML page of the archives is compared with every original by its text: a page that carries at least
    --min-share of an original's story words, in order, is a copy. Each copy is checked with the pack, the
    original known (its byline names the reporter), and written as one JSON line: the archive file and record
    offset, the page's URL and crawl date, the original's URL, the share kept, whether it shows no sign of the
    licensor at all (uncredited), and the full report. `repcheck report OUTPUT` makes an HTML report of them.

    \b
    Examples:
      repcheck discover crawl/*.warc.gz --originals sitemap.xml --index originals.idx -o found.jsonl
      repcheck discover --archive-list warc.paths --index originals.idx -o found.jsonl --engine spark

    \b
    Exit codes: 0 no copy failed; 1 some copy fails the pack; 2 usage, pack or source error;
                3 no copy failed, but some archive file or record could not be read.
    """
    from .archive import ScanOptions  # here, not at the top: `repcheck check` need not load warcio and numpy
    from .run import discover as run_discover
    from .run import local_engine, progress_stream, write_audit_csv

    paths = list(archives) + (_archive_list(archive_list) if archive_list else [])
    if not paths:
        raise UsageProblem("give the archive files to search (WARC..., or --archive-list FILE)")
    try:
        pack = load_pack(pack_name)
    except PackError as exc:
        raise UsageProblem(str(exc)) from None
    index = _index(originals, index_path, pack, quiet)
    options = ScanOptions(pack=pack_name, min_share=min_share, check_timeout=check_timeout, fail_on=fail_on)
    if engine == "spark":
        from .spark import spark_engine

        chosen = spark_engine(master, output, parts)
    else:
        chosen = local_engine(jobs)
    outputs = [output] + ([emit_audit] if emit_audit else [])
    with locked_outputs(outputs):
        try:
            summary = run_discover(
                paths, index, options, output, engine=chosen, resume=resume, progress=progress_stream(quiet)
            )
        except KeyboardInterrupt:
            click.echo(
                f"\nrepcheck discover: interrupted; the files finished are in {output} (--resume goes on)", err=True
            )
            return ExitCode.INTERRUPTED
        if emit_audit:
            rows = write_audit_csv(output, emit_audit)
            if not quiet:
                click.echo(f"repcheck discover: {rows:,} copies listed in {emit_audit} for `repcheck audit`", err=True)
    if not quiet:
        click.echo(summary.line(), err=True)
    return summary.exit_code()


def _index(originals: str | None, index_path: str | None, pack: Any, quiet: bool) -> OriginalsIndex:
    """The originals' index: read from ``--index`` when it exists and no ``--originals`` is given, else built."""
    from ..audit.sources import SourceError
    from .index import OriginalsIndex
    from .originals import read_originals

    if originals is None:
        if index_path and os.path.isfile(index_path):
            return OriginalsIndex.load(index_path)
        raise UsageProblem("give --originals SOURCE (or --index FILE of an earlier run)")
    problems: list[str] = []
    try:
        index = OriginalsIndex.of(read_originals(originals, pack, problems.append))
    except SourceError as exc:
        raise UsageProblem(str(exc)) from None
    problems += index.skipped
    if not quiet:
        for problem in problems[:10]:
            click.echo(f"repcheck discover: {problem}", err=True)
        if len(problems) > 10:
            click.echo(f"repcheck discover: … and {len(problems) - 10:,} more originals left out", err=True)
    if not index:
        raise UsageProblem(f"{originals}: no original with story text to look for")
    if index_path:
        index.save(index_path)
    if not quiet:
        click.echo(f"repcheck discover: {len(index):,} originals indexed", err=True)
    return index


def _archive_list(path: str) -> list[str]:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise UsageProblem(f"cannot read the archive list {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
