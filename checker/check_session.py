"""`repcheck check`, below the command line: expand the targets, check each page, deliver the reports, say
what happened, and end with the exit code."""

from __future__ import annotations

import click

from .baseline import BaselineError
from .config import Target
from .errors import ExitCode, Interrupted, ReportWriteError
from .formats import Summary
from .output_lock import locked_run_outputs
from .outputs import Outputs, exit_code
from .settings import RunSettings
from .targets import CheckTarget, expand


def run_check(
    settings: RunSettings, targets: tuple[str, ...], *, only_stories: bool = False, color: bool | None = None
) -> ExitCode:
    """Check ``targets`` (or the config's ``[[target]]``s) with ``settings``; reports go to the run's outputs
    and a summary to standard error when the main output does not already show one."""
    plan: list[tuple[CheckTarget, Target | None]]
    if targets:
        plan = [(item, None) for item in expand(targets, base_url=settings.base_url)]
    elif settings.config.targets:
        plan = [
            (item, target)
            for target in settings.config.targets
            for item in expand([target.location], base_url=settings.base_url)
        ]
    else:
        raise click.UsageError("give a TARGET (a URL, a file, a folder or -), or [[target]]s in a config file")
    with locked_run_outputs(settings):  # before any output file is opened: one run per file
        return _check(settings, plan, targets, only_stories=only_stories, color=color)


def _check(
    settings: RunSettings,
    plan: list[tuple[CheckTarget, Target | None]],
    targets: tuple[str, ...],
    *,
    only_stories: bool,
    color: bool | None,
) -> ExitCode:
    checker = settings.checker()
    outputs = Outputs.for_run(settings, color)
    try:
        outputs.start()
        for item, target in plan:
            page_reporter = checker.reporter_for(target.reporter, target.original) if target else None
            rules = settings.page_rules(item.url or item.target, target) if target else None
            outputs.page(
                checker.check_target(
                    item.target,
                    url=item.url,
                    reporter=page_reporter,
                    original=target.original if target else None,
                    rules=rules,
                    skip_unlicensed=only_stories or (item.from_folder and not settings.check_all),
                )
            )
        if not plan:
            click.echo(
                checker.redactor.text(
                    "repcheck: warning: no HTML page found in " + ", ".join(targets or ["the config's targets"])
                ),
                err=True,
            )
        outputs.end()
    except KeyboardInterrupt:
        raise Interrupted() from None
    except (OSError, BaselineError) as exc:
        raise ReportWriteError(str(exc)) from None
    finally:
        outputs.close()
        checker.close()
    summary = outputs.summary
    if not outputs.main_is_stdout_text or summary.skipped or summary.baselined or settings.write_baseline:
        click.echo(check_summary(summary, settings, checker.pack.name), err=True)
    return exit_code(summary, settings.fail_on)


def check_summary(summary: Summary, settings: RunSettings, licensor: str) -> str:
    """The line `check` ends with on standard error."""
    text = (
        f"repcheck: {summary.pages} checked: {summary.passed} passed, {summary.failed} failed, "
        f"{summary.errored} could not be checked"
    )
    if summary.skipped:
        text += f"; {summary.skipped} skipped (no sign of {licensor}: not a republished story; --all to check them)"
    if summary.baselined:
        text += f"; {summary.baselined} known failures in the baseline, not failing"
    if settings.write_baseline:
        text += f"; baseline written to {settings.write_baseline}"
    return text
