"""How a person or a machine wants to read the verdicts. Each format is pure: reports in, text out.

Formats stream: ``start()`` once, ``page(report)`` per report as it is ready, ``end(summary)`` once, so a long run
writes each page's result as soon as it is known.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

from ..defaults import DEFAULT_FAIL_ON
from ..report import Report, Status


class OutputFormat(str, enum.Enum):
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    JUNIT = "junit"
    GITHUB = "github"
    HTML = "html"

    def __str__(self) -> str:
        return self.value


@dataclass
class HostTally:
    """Pages counted by status: of a run, of one host."""

    pages: int = 0
    passed: int = 0
    failed: int = 0
    errored: int = 0

    def add_page(self, status: Status) -> None:
        self.pages += 1
        if status is Status.PASS:
            self.passed += 1
        elif status is Status.FAIL:
            self.failed += 1
        else:
            self.errored += 1


_T = TypeVar("_T", bound=HostTally)


def worst_first(tallies: Mapping[str, _T]) -> list[tuple[str, _T]]:
    """Hosts by pass rate, lowest first; among equals, the one with more pages first."""
    return sorted(tallies.items(), key=lambda kv: (kv[1].passed / kv[1].pages, -kv[1].pages, kv[0]))


_URL_IN_TEXT = re.compile(r"\bhttps?://\S+|\b[\w.-]+:\d{2,5}\b")


def reason_kind(error: str) -> str:
    """An error reason without the URLs and addresses in it, so that the same trouble on many pages counts once."""
    return _URL_IN_TEXT.sub("…", error)


@dataclass
class Summary(HostTally):
    """Counts over the pages of a run: by status, failures per rule, pages per host, and why pages errored.
    Only counts are kept, never reports, so a summary of 100,000 pages is as small as one of ten."""

    failures_by_rule: dict[str, int] = field(default_factory=dict)
    hosts: dict[str, HostTally] = field(default_factory=dict)
    error_reasons: Counter[str] = field(default_factory=Counter)
    skipped: int = 0  # pages not checked on purpose (a built site's pages that carry no story of the licensor)
    baselined: int = 0  # failures the baseline knows: reported, failing nothing

    def add(self, report: Report) -> None:
        if report.status is Status.SKIP:
            self.skipped += 1
            return
        self.baselined += sum(1 for rule in report.rules if rule.baselined)
        failed_rules = [rule.id for rule in report.rules if rule.status is Status.FAIL and not rule.baselined]
        self.count(report.status, failed_rules, report.url or report.target, report.error)

    def count(self, status: Status, failed_rules: list[str], url: str | None, error: str | None) -> None:
        """Count one page from what a report (or a line of an earlier run's output) says of it."""
        host = _host(url)
        tally = self.hosts.get(host)
        if tally is None:
            tally = self.hosts[host] = HostTally()
        self.add_page(status)
        tally.add_page(status)
        if status is not Status.PASS and status is not Status.FAIL and error:
            self.error_reasons[reason_kind(error)] += 1
        for rule_id in failed_rules:
            self.failures_by_rule[rule_id] = self.failures_by_rule.get(rule_id, 0) + 1

    def worst_hosts(self, limit: int = 10) -> list[tuple[str, HostTally]]:
        """Hosts by pass rate, lowest first; among equals, the one with more pages first."""
        return worst_first(self.hosts)[:limit]


def _host(url: str | None) -> str:
    if not url or "://" not in url:
        return "(files)"
    try:
        return (urlsplit(url).netloc or url).lower()
    except ValueError:
        return url


class Formatter(Protocol):
    def start(self) -> str: ...
    def page(self, report: Report) -> str: ...
    def end(self, summary: Summary) -> str: ...


def formatter(
    fmt: OutputFormat | str, *, color: bool = False, fail_on: str = DEFAULT_FAIL_ON, append: bool = False
) -> Formatter:
    """The formatter for ``fmt``. ``fail_on`` is the run's threshold (what the CI formats call a failure);
    ``append``: the output goes at the end of an earlier run's file (no CSV header again)."""
    from .csv import CsvFormatter
    from .github import GithubFormatter
    from .html import HtmlFormatter
    from .json import JsonFormatter, JsonLinesFormatter
    from .junit import JunitFormatter
    from .plain_text import TextFormatter

    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.JUNIT:
        return JunitFormatter(fail_on=fail_on)
    if fmt is OutputFormat.GITHUB:
        return GithubFormatter(fail_on=fail_on)
    if fmt is OutputFormat.HTML:
        return HtmlFormatter(fail_on=fail_on)
    if fmt is OutputFormat.TEXT:
        return TextFormatter(color=color)
    if fmt is OutputFormat.JSON:
        return JsonFormatter()
    if fmt is OutputFormat.JSONL:
        return JsonLinesFormatter()
    if fmt is OutputFormat.CSV:
        return CsvFormatter(header=not append)
    raise AssertionError(f"unhandled format {fmt}")
