"""How do the verdicts go into a spreadsheet? ``csv``: one row per page and rule, for spreadsheets. A page that could
not be checked has one row per rule, each ``error`` with the reason. Columns are fixed (see :data:`COLUMNS`) so that
files from different runs stack."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, Protocol

from ..report import Report
from ..summary import Summary

COLUMNS = (
    "target",
    "url",
    "http_status",
    "page_status",
    "rule",
    "rule_status",
    "severity",
    "message",
    "where",
    "snippet",
    "reporter",
    "reporter_source",
    "original",
    "title",
    "error",
)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _RowWriter(Protocol):
    """What :func:`csv.writer` returns, as far as this module uses it."""

    def writerow(self, row: Iterable[Any], /) -> Any: ...


def _cell(value: object) -> object:
    """A value as a cell. Text that a spreadsheet would run as a formula (a page's title can be anything) gets a
    leading apostrophe, as OWASP advises against CSV injection."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _row(writer: _RowWriter, values: list[object]) -> None:
    writer.writerow([_cell(value) for value in values])


class CsvFormatter:
    def __init__(self, *, header: bool = True) -> None:
        self.header = header

    def start(self) -> str:
        if not self.header:
            return ""
        buffer = io.StringIO()
        _row(csv.writer(buffer, lineterminator="\n"), list(COLUMNS))
        return buffer.getvalue()

    def page(self, report: Report) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        page = [report.target, report.url, report.http_status, report.status.value]
        tail = [report.reporter, report.reporter_source, report.original, report.title, report.error]
        for rule in report.rules or ():
            evidence = rule.evidence
            _row(
                writer,
                [
                    *page,
                    rule.id,
                    rule.status.value,
                    rule.severity.value,
                    rule.message,
                    evidence.where if evidence else None,
                    evidence.snippet if evidence else None,
                    *tail,
                ],
            )
        if not report.rules:
            _row(writer, [*page, None, None, None, None, None, None, *tail])
        return buffer.getvalue()

    def end(self, summary: Summary) -> str:
        return ""
