"""What pages do results files hold, and of which dates? Reads the JSON Lines results that ``repcheck check/audit
--format jsonl`` writes (what ``repcheck report`` is given) into page rows, and counts each day's pages per site
for the trend."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ...redact import DEFAULT_REDACTOR, Redactor
from ...report import SCHEMA_VERSION
from .._common import check_fail_on
from .rows import PAGE_PASS, PageRow, StringPool, row_from_dict


@dataclass(frozen=True)
class Snapshot:
    """One date of a trend: the pages of the results files of that day, counted per site."""

    date: datetime
    label: str
    pages: int
    passed: int
    hosts: Mapping[str, tuple[int, int]]  # host -> (pages, compliant)
    files: tuple[str, ...] = ()


@dataclass
class FileInfo:
    """One results file: its date (and whether its ``checked_at`` times or its modification time gave it) and how
    many of its lines were pages, unreadable or skipped."""

    path: str
    date: datetime
    dated_by: str  # "checked_at" or "mtime"
    pages: int = 0
    unreadable: int = 0
    skipped: int = 0


@dataclass
class ResultsMeta:
    """What :func:`read_results` learnt besides the pages."""

    files: list[FileInfo] = field(default_factory=list)
    packs: list[str] = field(default_factory=list)
    rule_titles: dict[str, str] = field(default_factory=dict)
    checked: datetime | None = None
    dated_by_mtime: bool = False
    trend: list[Snapshot] | None = None
    pages: int = 0  # pages in the tables (those of the latest date)

    @property
    def unreadable(self) -> int:
        return sum(f.unreadable for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files)

    @property
    def pack(self) -> str:
        return ", ".join(self.packs) or "unknown"

    def notes(self) -> list[str]:
        notes = []
        for info in self.files:
            if info.unreadable:
                lines, verb = ("line", "is") if info.unreadable == 1 else ("lines", "are")
                notes.append(f"{info.unreadable:,} {lines} of {info.path} could not be read and {verb} left out.")
        if self.dated_by_mtime:
            notes.append("Some results files carry no checked_at times: they are dated by their modification time.")
        if self.trend:
            notes.append(
                f"The tables show the pages of {self.trend[-1].label}, the latest of "
                f"{len(self.trend)} dates; the trend compares them."
            )
        return notes


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 time as UTC (a time without a zone is taken as UTC); ``None`` when ``value`` is not one."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _read_file(
    path: str,
    fail_on: str,
    strings: StringPool,
    rule_titles: dict[str, str],
    redactor: Redactor,
    folder: str | None = None,
) -> tuple[list[PageRow], FileInfo]:
    rows: list[PageRow] = []
    latest: datetime | None = None
    unreadable = skipped = 0
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                data = redactor.data(json.loads(line))  # a file of an older repcheck may hold secrets
                if "archive" in data and isinstance(data.get("report"), dict):
                    data = data["report"]  # a copy `repcheck discover` found: its report, grouped by site as any
                if data.get("schema_version", SCHEMA_VERSION) > SCHEMA_VERSION:
                    raise ValueError("written by a newer repcheck")
                if data.get("status") == "skip":
                    skipped += 1
                    continue
                row = row_from_dict(data, fail_on=fail_on, strings=strings, folder=folder)
                for rule in data.get("rules") or ():
                    if rule["id"] not in rule_titles and isinstance(rule.get("title"), str):
                        rule_titles[strings(rule["id"], 200) or "?"] = strings(rule["title"]) or ""
            except (ValueError, KeyError, TypeError, AttributeError, IndexError):
                unreadable += 1
                continue
            rows.append(row)
            moment = parse_time(data.get("checked_at"))
            if moment is not None and (latest is None or moment > latest):
                latest = moment
    if latest is not None:
        info = FileInfo(path, latest, "checked_at")
    else:
        info = FileInfo(path, datetime.fromtimestamp(os.path.getmtime(path), UTC), "mtime")
    info.pages, info.unreadable, info.skipped = len(rows), unreadable, skipped
    return rows, info


def read_results(
    paths: Iterable[str | os.PathLike[str]],
    *,
    fail_on: str = "error",
    redactor: Redactor = DEFAULT_REDACTOR,
    folder: str | None = None,
) -> tuple[list[PageRow], ResultsMeta]:
    """The pages of one or more JSON Lines results files (``repcheck check/audit --format jsonl``), and what is
    known of them. Lines that cannot be read are passed over and counted (:attr:`FileInfo.unreadable`).

    A file's date is its latest ``checked_at``, else its modification time. Files of the same day (UTC) are one
    snapshot, where a page checked twice counts once (the later file given wins). With snapshots of several days
    the rows are those of the latest and :attr:`ResultsMeta.trend` counts each day's pages per site; only the
    latest day's rows are kept in memory. Every string read is redacted with ``redactor`` (secrets in URLs
    hidden). ``folder``: where the report is written (``--screenshots`` pictures are addressed from there).
    :class:`OSError` when a file cannot be opened.
    """
    fail_on = check_fail_on(fail_on)
    strings = StringPool()
    meta = ResultsMeta()
    # day -> (latest time, files, target -> row) for the latest day; target -> (host, status) for the others
    days: dict[str, tuple[datetime, list[str], dict[str, Any]]] = {}
    latest_day: str | None = None
    for raw in paths:
        path = os.fspath(raw)
        rows, info = _read_file(path, fail_on, strings, meta.rule_titles, redactor, folder)
        meta.files.append(info)
        if not rows:  # nothing to show or to date: no snapshot
            continue
        meta.dated_by_mtime = meta.dated_by_mtime or info.dated_by == "mtime"
        day = info.date.strftime("%Y-%m-%d")
        moment, files, pages = days.get(day, (info.date, [], {}))
        days[day] = (max(moment, info.date), [*files, path], pages)
        if latest_day is None or day > latest_day:
            if latest_day is not None:  # the former latest day: keep its counts only
                former = days[latest_day][2]
                for target, row in former.items():
                    former[target] = (row.host, row.status)
            latest_day = day
        keep_rows = day == latest_day
        for row in rows:
            pages[row.target] = row if keep_rows else (row.host, row.status)
    if latest_day is None:
        return [], meta
    moment, _, latest_pages = days[latest_day]
    meta.checked = moment
    rows = list(latest_pages.values())
    meta.pages = len(rows)
    meta.packs = list(dict.fromkeys(row.ruleset for row in rows if row.ruleset))
    if len(days) > 1:
        meta.trend = []
        for day in sorted(days):
            when, files, pages = days[day]
            hosts: dict[str, list[int]] = {}
            for entry in pages.values():
                host, status = (entry.host, entry.status) if isinstance(entry, PageRow) else entry
                tally = hosts.setdefault(host, [0, 0])
                tally[0] += 1
                tally[1] += status == PAGE_PASS
            meta.trend.append(
                Snapshot(
                    when,
                    day,
                    len(pages),
                    sum(t[1] for t in hosts.values()),
                    {h: (t[0], t[1]) for h, t in hosts.items()},
                    tuple(files),
                )
            )
    return rows, meta
