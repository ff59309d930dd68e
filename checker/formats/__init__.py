"""How does a person or a machine want to read the verdicts? Each format is pure: reports in, text out.

Formats stream: ``start()`` once, ``page(report)`` per report as it is ready, ``end(summary)`` once, so a long run
writes each page's result as soon as it is known. :func:`formatter` builds the one an :class:`OutputFormat` names.
"""

from __future__ import annotations

import enum
import os
from typing import Protocol, assert_never

from ..defaults import DEFAULT_FAIL_ON
from ..report import Report
from ..summary import HostTally, Summary, reason_kind, worst_first

# Summary, HostTally, worst_first and reason_kind live in checker.summary; they are re-exported here for one
# release, for code outside this project that imported them from checker.formats.
__all__ = [
    "Formatter",
    "HostTally",
    "OutputFormat",
    "Summary",
    "formatter",
    "reason_kind",
    "worst_first",
]


class OutputFormat(enum.StrEnum):
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    JUNIT = "junit"
    GITHUB = "github"
    HTML = "html"


class Formatter(Protocol):
    def start(self) -> str: ...
    def page(self, report: Report) -> str: ...
    def end(self, summary: Summary) -> str: ...


def formatter(
    fmt: OutputFormat | str,
    *,
    color: bool = False,
    fail_on: str = DEFAULT_FAIL_ON,
    append: bool = False,
    path: str | None = None,
) -> Formatter:
    """The formatter for ``fmt``. ``fail_on`` is the run's threshold (what the CI formats call a failure);
    ``append``: the output goes at the end of an earlier run's file (no CSV header again); ``path``: the file it
    goes to (None or "-": standard output), from which the HTML report addresses its pictures."""
    from .csv import CsvFormatter
    from .github import GithubFormatter
    from .html import HtmlFormatter
    from .json import JsonFormatter, JsonLinesFormatter
    from .junit import JunitFormatter
    from .plain_text import TextFormatter

    # Exhaustive: mypy rejects a member of OutputFormat that no case names (assert_never), and
    # tests/test_formats_ci.py builds every member's formatter.
    fmt = OutputFormat(fmt)
    match fmt:
        case OutputFormat.TEXT:
            return TextFormatter(color=color)
        case OutputFormat.JSON:
            return JsonFormatter()
        case OutputFormat.JSONL:
            return JsonLinesFormatter()
        case OutputFormat.CSV:
            return CsvFormatter(header=not append)
        case OutputFormat.JUNIT:
            return JunitFormatter(fail_on=fail_on)
        case OutputFormat.GITHUB:
            return GithubFormatter(fail_on=fail_on)
        case OutputFormat.HTML:
            folder = os.path.dirname(os.path.abspath(path)) if path and path != "-" else None
            return HtmlFormatter(fail_on=fail_on, folder=folder)
        case _:
            assert_never(fmt)
