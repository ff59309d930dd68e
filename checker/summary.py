"""How did a run go, in counts: pages by status, failures per rule, pages per host, and why pages errored?

A :class:`Summary` keeps counts only, never reports, so the run, the progress line and every format's ending can
share it however many pages a run checks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

from .defaults import DEFAULT_FAIL_ON, FailOn
from .report import SEVERITIES as SEVERITY_NAMES
from .report import Report, Severity, Status


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


def host_of(url: str | None) -> str:
    """The host a page is counted under: its URL's host in lower case, ``(files)`` for a page read from a file."""
    if not url or "://" not in url:
        return "(files)"
    try:
        return (urlsplit(url).netloc.rpartition("@")[2] or url).lower()  # no user name or password
    except ValueError:
        return url


@dataclass
class Summary(HostTally):
    """Counts over the pages of a run: by status, failed rules, pages per host, and why pages errored.
    Only counts are kept, never reports, so a summary of 100,000 pages is as small as one of ten.

    A failed rule is counted as a failure only when it fails the page (its severity is at or above ``fail_on``);
    below that it is a warning (an ``error``- or ``warning``-severity rule) or a note (an ``info`` one): reported,
    never called a failure."""

    fail_on: FailOn | str = DEFAULT_FAIL_ON
    failures_by_rule: dict[str, int] = field(default_factory=dict)
    warnings_by_rule: dict[str, int] = field(default_factory=dict)
    notes_by_rule: dict[str, int] = field(default_factory=dict)
    hosts: dict[str, HostTally] = field(default_factory=dict)
    error_reasons: Counter[str] = field(default_factory=Counter)
    skipped: int = 0  # pages not checked on purpose (a built site's pages that carry no story of the licensor)
    baselined: int = 0  # failures the baseline knows: reported, failing nothing

    def add(self, report: Report) -> None:
        if report.status is Status.SKIP:
            self.skipped += 1
            return
        self.baselined += sum(1 for rule in report.rules if rule.baselined)
        failed_rules = [
            (rule.id, rule.severity.value) for rule in report.rules if rule.status is Status.FAIL and not rule.baselined
        ]
        self.count(report.status, failed_rules, report.url or report.target, report.error)

    def count(self, status: Status, failed_rules: list[tuple[str, str]], url: str | None, error: str | None) -> None:
        """Count one page from what a report (or a line of an earlier run's output) says of it; ``failed_rules``:
        the id and severity of each rule that failed (the baseline's known failures left out)."""
        host = host_of(url)
        tally = self.hosts.get(host)
        if tally is None:
            tally = self.hosts[host] = HostTally()
        self.add_page(status)
        tally.add_page(status)
        if status is not Status.PASS and status is not Status.FAIL and error:
            self.error_reasons[reason_kind(error)] += 1
        threshold = Severity(FailOn.ERROR if self.fail_on == FailOn.NEVER else str(self.fail_on)).rank
        for rule_id, severity in failed_rules:
            rank = Severity(severity).rank if severity in SEVERITY_NAMES else Severity.ERROR.rank
            if rank >= threshold:
                counts = self.failures_by_rule
            elif severity == Severity.INFO:
                counts = self.notes_by_rule
            else:
                counts = self.warnings_by_rule
            counts[rule_id] = counts.get(rule_id, 0) + 1

    def below_threshold(self) -> str:
        """The failed rules that fail no page, for a summary line: "warnings: credit 2; info: notice 1" (or "")."""
        parts = []
        for label, tally in (("warnings", self.warnings_by_rule), ("info", self.notes_by_rule)):
            if tally:
                parts.append(f"{label}: " + ", ".join(f"{k} {v:,}" for k, v in sorted(tally.items())))
        return "; ".join(parts)

    def worst_hosts(self, limit: int = 10) -> list[tuple[str, HostTally]]:
        """Hosts by pass rate, lowest first; among equals, the one with more pages first."""
        return worst_first(self.hosts)[:limit]
