"""How does a GitHub Actions job show the verdicts? ``github``: GitHub Actions workflow commands on stdout, and a
Markdown table for the job's step summary.

One annotation per rule that failed, none for passes or skips:

- ``::error`` when the failure fails the build (its severity is at or above ``fail_on``, see
  :func:`checker.report.fails_build`);
- below the threshold, ``::warning`` for an ``error``- or ``warning``-severity rule and ``::notice`` for an
  ``info`` one. With ``fail_on="never"`` no failure fails the build, so an ``error``-severity failure is a
  ``::warning`` then;
- ``::notice`` for a failure the baseline knows (titled "in the baseline"), so that the few annotations GitHub
  shows go to new failures.

What could not be checked is always an ``::error``, whatever ``fail_on`` says, since an unchecked page is never a
pass: one line for a page that could not be checked (``report.error``), not one per rule, and one per rule that
could not be evaluated on a page that was checked.

GitHub shows only the first few annotations of each kind per step (10 errors, 10 warnings at the time of writing):
the step summary is the complete view of a large run.

A message names the page and the rule's message; the evidence follows on further lines (annotations may have
several). When the page is a local file, the annotation carries ``file=`` so that GitHub attaches it to that file in
a pull request (a path under the working directory is made relative to it, as GitHub wants).

At the end, when there is a step summary file (``$GITHUB_STEP_SUMMARY`` by default), a Markdown report is appended
to it: the totals, then a table of pages by rules, each cell a symbol and a word. Only the first
:data:`MAX_SUMMARY_ROWS` pages are kept in memory for it (fewer if their cells pass :data:`MAX_SUMMARY_BYTES`).
``end()`` returns one ``::notice`` with the totals (and, before it, a ``::warning`` when the summary could not be
written: that never stops the run).
"""

from __future__ import annotations

import enum
import os
import re

from ..defaults import DEFAULT_FAIL_ON
from ..report import Report, RuleResult, Severity, Status, fails_build
from ..summary import Summary
from ._common import check_fail_on, evidence_lines, xml_text

MAX_SUMMARY_ROWS = 1000
MAX_SUMMARY_BYTES = 512 * 1024
"""GitHub refuses a step summary over 1 MiB: the table stops early when its page cells grow past this (long URLs)."""


class _Default(enum.Enum):
    FROM_ENV = "GITHUB_STEP_SUMMARY"


FROM_ENV = _Default.FROM_ENV
"""``summary_path``'s default: the path in the ``GITHUB_STEP_SUMMARY`` environment variable, if set."""


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner unescapes it, without control characters (NUL, form
    feed, escape sequences...) that page text may hold and a log should not."""
    return xml_text(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (``title=``, ``file=``), escaped as GitHub's runner unescapes it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: str | None) -> str:
    """One workflow command line, e.g. ``::error file=a.html,title=repcheck logo::a.html: no logo``."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items() if value is not None)
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}\n"


def local_path(target: str) -> str | None:
    """The file a target names, relative to the working directory when it is under it; None for URLs and ``-``."""
    if target == "-" or "://" in target:
        return None
    if os.path.isabs(target):
        try:
            relative = os.path.relpath(target)
        except ValueError:  # another drive, on Windows
            return target
        return target if relative.startswith(os.pardir) else relative
    return target


def _annotation_level(rule: RuleResult, fail_on: str) -> str:
    if fails_build(rule, fail_on):
        return "error"
    return "notice" if rule.baselined or rule.severity is Severity.INFO else "warning"


def _fail_cell(rule: RuleResult, fail_on: str) -> str:
    if fails_build(rule, fail_on):
        return "❌ fail"
    if rule.baselined:
        return "⚠️ baselined"
    return "ℹ️ info" if rule.severity is Severity.INFO else "⚠️ warning"


_CELLS = {Status.PASS: "✅ pass", Status.ERROR: "⛔ error", Status.SKIP: "⏭ skip"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    """Text for a Markdown table cell: on one line, with Markdown's special characters (``|`` among them) escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(xml_text(text).split()))


def _href(url: str) -> str:
    """A URL as a Markdown link destination: characters that would end the link or the cell, percent-encoded."""
    return "".join(f"%{ord(c):02X}" if c in " ()<>|\\" or ord(c) < 0x20 else c for c in url)


class GithubFormatter:
    def __init__(
        self, *, fail_on: str = DEFAULT_FAIL_ON, summary_path: str | os.PathLike[str] | None | _Default = FROM_ENV
    ) -> None:
        self.fail_on = check_fail_on(fail_on)
        if summary_path is FROM_ENV:
            summary_path = os.environ.get(FROM_ENV.value) or None
        self.summary_path = summary_path
        self.rule_ids: dict[str, None] = {}  # the table's columns, in first-seen order
        self.rows: list[tuple[str, dict[str, str]]] = []  # page cell, rule id -> cell; at most MAX_SUMMARY_ROWS
        self.more_pages = 0
        self._row_bytes = 0

    def start(self) -> str:
        return ""

    def page(self, report: Report) -> str:
        if self.summary_path is not None:
            self._keep_row(report)
        page = report.url or report.target
        path = local_path(report.target)
        if report.error:
            return command("error", f"{page}: {report.error}", file=path, title="repcheck (could not check)")
        lines = []
        for rule in report.rules:
            if rule.status is Status.FAIL:
                level, title = _annotation_level(rule, self.fail_on), f"repcheck {rule.id}"
                if rule.baselined:
                    title += " (in the baseline)"
            elif rule.status is Status.ERROR:
                level, title = "error", f"repcheck {rule.id} (could not check)"
            else:
                continue
            message = "\n".join([f"{page}: {rule.message}", *evidence_lines(rule.evidence)])
            lines.append(command(level, message, file=path, title=title))
        return "".join(lines)

    def _keep_row(self, report: Report) -> None:
        if self.more_pages or len(self.rows) >= MAX_SUMMARY_ROWS:
            self.more_pages += 1
            return
        page = report.url or report.target
        cell = f"[{_md(page)}]({_href(page)})" if page.lower().startswith(("http://", "https://")) else _md(page)
        if report.error:
            cell += f" (could not be checked: {_md(report.error)})"
        cells = {}
        for rule in report.rules:
            if rule.status is Status.FAIL:
                cells[rule.id] = _fail_cell(rule, self.fail_on)
            else:
                cells[rule.id] = _CELLS[rule.status]
        self._row_bytes += len(cell.encode()) + 16 * len(cells)
        if self._row_bytes > MAX_SUMMARY_BYTES:
            self.more_pages += 1
            return
        self.rows.append((cell, cells))
        self.rule_ids.update(dict.fromkeys(cells))

    def end(self, summary: Summary) -> str:
        noun = "page" if summary.pages == 1 else "pages"
        totals = (
            f"{summary.pages} {noun}: {summary.passed} passed, {summary.failed} failed, "
            f"{summary.errored} could not be checked"
        )
        out = ""
        if self.summary_path is not None:
            try:
                with open(self.summary_path, "a", encoding="utf-8") as stream:
                    stream.write(self._markdown(totals))
            except OSError as exc:
                out += command("warning", f"could not write the step summary: {exc}")
        return out + command("notice", totals, title="repcheck")

    def _markdown(self, totals: str) -> str:
        if self.fail_on == "never":
            threshold = "Failures are reported but do not fail the build (fail-on: never)."
        else:
            threshold = (
                f"❌ fail: a failure of severity {self.fail_on} or above, which fails the build; "
                "⚠️ warning: a failure below that, reported only; ℹ️ info: an informational rule not met, "
                "reported only; ⚠️ baselined: a failure the baseline knows, reported only."
            )
        lines = ["## repcheck", "", f"**{totals}**", "", threshold, ""]
        if self.rows:
            columns = list(self.rule_ids)
            lines.append("| " + " | ".join(["Page", *(_md(rule_id) for rule_id in columns)]) + " |")
            lines.append("|" + " --- |" * (len(columns) + 1))
            for page, cells in self.rows:
                lines.append("| " + " | ".join([page, *(cells.get(rule_id, "") for rule_id in columns)]) + " |")
            lines.append("")
        if self.more_pages:
            lines += [f"… and {self.more_pages} more {'page' if self.more_pages == 1 else 'pages'}", ""]
        return "\n".join(lines) + "\n"
