"""How a person or a machine wants to read the verdicts. Each format is pure: reports in, text out.

Formats stream: ``start()`` once, ``page(report)`` per report as it is ready, ``end(summary)`` once, so a long run
writes each page's result as soon as it is known.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Protocol

from ..report import Report, Status


class OutputFormat(str, enum.Enum):
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"

    def __str__(self) -> str:
        return self.value


@dataclass
class Summary:
    """Counts over the pages of a run."""

    pages: int = 0
    passed: int = 0
    failed: int = 0
    errored: int = 0
    failures_by_rule: dict[str, int] = field(default_factory=dict)

    def add(self, report: Report) -> None:
        self.pages += 1
        if report.status is Status.PASS:
            self.passed += 1
        elif report.status is Status.FAIL:
            self.failed += 1
        else:
            self.errored += 1
        for rule in report.rules:
            if rule.status is Status.FAIL:
                self.failures_by_rule[rule.id] = self.failures_by_rule.get(rule.id, 0) + 1


class Formatter(Protocol):
    def start(self) -> str: ...
    def page(self, report: Report) -> str: ...
    def end(self, summary: Summary) -> str: ...


def formatter(fmt: OutputFormat | str, *, color: bool = False) -> Formatter:
    """The formatter for ``fmt``."""
    from .json import JsonFormatter, JsonLinesFormatter
    from .text import TextFormatter

    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.TEXT:
        return TextFormatter(color=color)
    if fmt is OutputFormat.JSON:
        return JsonFormatter()
    if fmt is OutputFormat.JSONL:
        return JsonLinesFormatter()
    raise AssertionError(f"unhandled format {fmt}")
