"""One audit from start to end: gather the targets, resume an earlier run, check every page, deliver each report
as it is ready, stop cleanly on Ctrl-C or SIGTERM, and say what happened: `repcheck audit` below its options.
(:func:`checker.audit_pages` is the plain run for a library user, returning the reports.)"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

import click

from ..baseline import BaselineError
from ..config import Target
from ..errors import ExitCode, Interrupted, ReportWriteError
from ..formats import OutputFormat, Summary
from ..output_lock import locked_run_outputs
from ..outputs import Outputs, exit_code
from ..report import Report
from ..settings import RunSettings
from .plan import NothingToCheck, Plan, gather
from .progress import Progress, duration
from .resume import read_back, rule_sets
from .runner import AuditOptions, Auditor
from .sources import AuditTarget, UrlFilter, dedup_key


@dataclass(frozen=True)
class AuditSources:
    """Where an audit's URLs come from, and which of them it checks."""

    lists: Sequence[str] = ()  # files of URLs, CSV files, "-"
    sitemaps: Sequence[str] = ()
    include: Sequence[str] = ()  # patterns
    exclude: Sequence[str] = ()


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop, keep what is written, say how to resume."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated()


def run_audit(
    settings: RunSettings,
    sources: AuditSources,
    *,
    resume: bool = False,
    processes: int | None = None,
    max_wait: float,
    quiet: bool = False,
) -> ExitCode:
    """`repcheck audit` with ``settings``: reports stream to the outputs as pages finish; progress (on a
    terminal) and a summary go to standard error."""
    fmt, output = settings.format, settings.output
    if not sources.lists and not sources.sitemaps and not settings.config.targets:
        raise click.UsageError(
            "give a SOURCE (a file of URLs, a CSV file or -), --sitemap URL, or [[target]]s in a config file"
        )
    if resume and output in (None, "-"):
        raise click.UsageError("--resume needs --output FILE: the file an earlier run wrote")
    if resume and fmt not in (OutputFormat.JSONL.value, OutputFormat.CSV.value):
        raise click.UsageError("--resume reads back JSON Lines or CSV output: use --format jsonl or csv")
    try:
        url_filter = UrlFilter(tuple(sources.include), tuple(sources.exclude))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    with locked_run_outputs(settings):  # before the output is read back or written: one run per file
        return _audit(settings, sources, url_filter, resume=resume, processes=processes, max_wait=max_wait, quiet=quiet)


def _audit(
    settings: RunSettings,
    sources: AuditSources,
    url_filter: UrlFilter,
    *,
    resume: bool,
    processes: int | None,
    max_wait: float,
    quiet: bool,
) -> ExitCode:
    fmt, output = settings.format, settings.output
    targets_by_url: dict[str, Target] = {}
    if not sources.lists and not sources.sitemaps:
        targets_by_url = {target.location: target for target in settings.config.targets}
    checker = settings.checker(targets_by_url)
    redactor = checker.redactor

    def done_key(url: str) -> str:
        """Pages are recorded with their secrets hidden: a listed URL is done when its redacted form is."""
        return dedup_key(redactor.url(url))

    done: set[str] = set()
    appending = False
    earlier = Summary(fail_on=settings.fail_on)

    def warn(reason: str) -> None:
        click.echo(f"repcheck: warning: {redactor.text(reason)}", err=True)

    if resume and output is not None:
        read = read_back(output, fmt, rule_sets(checker))  # refuses a file of another format, untouched
        for reason in read.dropped:
            warn(reason)
        for record in read.records:
            done.add(done_key(record.target))
            earlier.count(
                record.status,
                record.failed_rules,
                redactor.text(record.url or record.target),
                redactor.optional(record.error),
            )
        appending = os.path.exists(output) and os.path.getsize(output) > 0
    before = earlier.pages

    configured = [AuditTarget(t.location, t.reporter, t.original, "config") for t in targets_by_url.values()]
    plan = gather(
        sources.lists,
        sources.sitemaps,
        configured,
        url_filter=url_filter,
        done=done,
        done_key=done_key,
        timeout=settings.timeout,
        user_agent=settings.user_agent,
        on_problem=warn,
    )
    if not plan.listed and not plan.problems:
        raise NothingToCheck([*sources.lists, *sources.sitemaps])
    options = AuditOptions(
        jobs=settings.jobs,
        per_host=settings.per_host,
        delay=settings.delay,
        processes=processes,
        robots=not settings.ignore_robots,
        retries=settings.retries,
        max_wait=max_wait,
    )
    outputs = Outputs.for_run(settings, append=appending)
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
        raise Interrupted(
            f"interrupted after {checked:,} of {len(plan.targets):,} pages; the results so far"
            f"{where or ' were written'}",
            ExitCode.TERMINATED if isinstance(exc, _Terminated) else ExitCode.INTERRUPTED,
        ) from None
    except (OSError, BaselineError) as exc:
        progress.clear()
        raise ReportWriteError(str(exc)) from None
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        outputs.close()
    progress.clear()
    summary = outputs.summary
    if not quiet:
        click.echo(audit_summary(summary, plan, before, time.monotonic() - started), err=True, nl=False)
    return exit_code(summary, settings.fail_on, problems=bool(plan.problems))


def audit_summary(summary: Summary, plan: Plan, earlier: int, elapsed: float) -> str:
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
    if summary.below_threshold():
        lines.append(f"not failing the page ({summary.below_threshold()})")
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
