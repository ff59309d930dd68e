"""``html``: one self-contained HTML page for people: the headline numbers, failures per rule, sites worst first,
and every page with one column per rule, filterable, each row opening on the rules' messages and evidence.

The file fetches nothing: the CSS, the script and the charts (SVG drawn here) are inline, so it works offline and
as an e-mail attachment. A Content-Security-Policy forbids every network load and allows only the page's own
style sheet and script, by their SHA-256 hashes.

What the numbers mean:

- **compliant**: the page's status is ``pass``: every rule at or above the threshold (``fail_on``) passed. Failures
  below the threshold ("warning") and failures the baseline knows ("baselined") are shown but do not make a page
  non-compliant;
- **non-compliant**: status ``fail``: a rule at or above the threshold failed;
- **could not be checked**: status ``error``: the page could not be fetched or a rule could not be evaluated. An
  unchecked page is never counted as compliant, so a site's **compliance rate** is compliant pages over all its
  pages, unchecked ones included;
- **failures per rule**: pages where the rule failed and the baseline does not know the failure, whatever its
  severity (as :attr:`~checker.formats.Summary.failures_by_rule` counts them).

Everything that comes from a page (titles, URLs, messages, snippets...) is escaped. The server-rendered parts go
through :func:`html.escape`. The page table is drawn by the inline script from JSON data in a ``<script
type="application/json">`` element, where ``<``, ``>``, ``&``, U+2028 and U+2029 are written as ``\\u003c``...
so that nothing in the data can close the element; the script builds the table with ``createElement`` and
``textContent`` only, and makes links only of ``http(s)`` URLs.

Size: the JSON keeps each distinct string once (messages, snippets and titles repeat from page to page) and
evidence is cut to :data:`MAX_TEXT` characters: 20,000 pages make a report of a few megabytes, and the script shows
:data:`PAGE_STEP` rows at a time.

Several results files (``read_results``) from different days make a trend: the compliance rate of each site on
each day. Files of the same day (UTC) are one snapshot (e.g. the shards of one audit); the tables show the latest.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple
from urllib.parse import quote

from .. import __version__
from ..report import Report, Severity, Status
from . import HostTally, Summary, _host, worst_first
from .junit import check_fail_on, xml_text

MAX_TEXT = 300
"""Evidence strings (where, snippet, looked for, also) and titles are cut to this many characters."""
MAX_MESSAGE = 600
"""Rule messages and error reasons are cut to this many characters."""
MAX_URL = 2048
DASH = " \u2014 "
STRING_BUDGET = 8_000_000
"""When the distinct strings of the page table would pass this many bytes, the evidence (where, snippet) of
passing rules is left out: their messages stay, and everything about the rules that did not pass."""
PAGE_STEP = 200
"""The page table shows this many rows, and as many more at each "show more"."""
SITES_SHOWN = 50
"""The site table shows this many sites before a "show all" button."""
TREND_COLUMNS = 6
"""The trend table gives the rate of the last this-many dates in columns (the sparkline shows them all)."""
TREND_SITES = 200

# What a rule's cell says. A failure is "fail" when it fails the page (severity at or above the threshold),
# "warning" below the threshold, "baselined" when the baseline knows it.
PASS, FAIL, WARNING, BASELINED, ERROR, SKIP = range(6)
KIND_NAMES = ("pass", "fail", "warning", "baselined", "error", "skip")
KIND_LABELS = ("\u2713 pass", "\u2717 fail", "\u26a0 warning", "\u26a0 baselined", "! error", "\u2013 skip")
KIND_STATUS = ("pass", "fail", "fail", "fail", "error", "skip")  # the rule's own status, for filtering
SEVERITIES = ("error", "warning", "info")
_SEVERITY_INDEX = {name: i for i, name in enumerate(SEVERITIES)}

# A page's status.
PAGE_PASS, PAGE_FAIL, PAGE_ERROR = 0, 1, 2
PAGE_NAMES = ("pass", "fail", "error")
_PAGE_STATUS = (Status.PASS, Status.FAIL, Status.ERROR)
PAGE_LABELS = ("\u2713 compliant", "\u2717 non-compliant", "! not checked")
_PAGE_INDEX = {name: i for i, name in enumerate(PAGE_NAMES)}
_ORDER = (2, 0, 1)  # the table lists non-compliant pages first, then unchecked ones, then compliant ones


class Cell(NamedTuple):
    """One rule's result on one page, as the report shows it (strings already cut to size)."""

    rule: str
    kind: int  # PASS ... SKIP
    severity: int  # index in SEVERITIES
    message: str
    where: str | None = None
    snippet: str | None = None
    looked_for: str | None = None
    also: tuple[str, ...] = ()


class PageRow(NamedTuple):
    """What the report shows of one page: a few strings and one :class:`Cell` per rule, never the whole report."""

    target: str
    url: str | None
    host: str
    status: int  # PAGE_PASS, PAGE_FAIL or PAGE_ERROR
    title: str | None
    original: str | None
    error: str | None
    http_status: int | None
    cells: tuple[Cell, ...]
    ruleset: str = ""


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


# ------------------------------------------------------------------------------------------------ compact rows

_SURROGATES = re.compile("[\ud800-\udfff]")


class _Strings:
    """Cuts strings to size, drops what UTF-8 cannot encode, and keeps one copy of each (messages repeat)."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def __call__(self, value: object, limit: int = MAX_TEXT) -> str | None:
        if value is None:
            return None
        text = value if isinstance(value, str) else str(value)
        if not text:
            return None
        if len(text) > limit:
            text = text[: limit - 1] + "\u2026"
        if not text.isascii():
            text = _SURROGATES.sub("\ufffd", text)
        return self._seen.setdefault(text, text)


def _kind(status: str, severity: str, baselined: bool, fail_on: str) -> int:
    if status == "pass":
        return PASS
    if status == "error":
        return ERROR
    if status == "skip":
        return SKIP
    if status != "fail":
        raise ValueError(f"unknown rule status {status!r}")
    if baselined:
        return BASELINED
    threshold = Severity("error" if fail_on == "never" else fail_on).rank
    return FAIL if Severity(severity).rank >= threshold else WARNING


def _cell(
    strings: _Strings,
    rule_id: str,
    status: str,
    severity: str,
    baselined: bool,
    message: str | None,
    evidence: Any,
    fail_on: str,
) -> Cell:
    if evidence is None:
        where = snippet = looked_for = None
        also: tuple[str, ...] = ()
    elif isinstance(evidence, Mapping):
        where, snippet, looked_for = evidence.get("where"), evidence.get("snippet"), evidence.get("looked_for")
        also = tuple(evidence.get("also") or ())
    else:
        where, snippet, looked_for, also = evidence.where, evidence.snippet, evidence.looked_for, evidence.also
    return Cell(
        rule=strings(rule_id, 200) or "?",
        kind=_kind(status, severity, baselined, fail_on),
        severity=_SEVERITY_INDEX[severity],
        message=strings(message, MAX_MESSAGE) or "",
        where=strings(where),
        snippet=strings(snippet),
        looked_for=strings(looked_for),
        also=tuple(s for s in (strings(item) for item in also[:20]) if s),
    )


def _page_status(cells: Sequence[Cell], error: str | None, recorded: str | None) -> int:
    """The page's status from its rules, as :func:`checker.report.page_status` decides it."""
    if any(cell.kind == FAIL for cell in cells):
        return PAGE_FAIL
    if error or any(cell.kind == ERROR for cell in cells):
        return PAGE_ERROR
    if not cells and recorded in _PAGE_INDEX:
        return _PAGE_INDEX[recorded]
    return PAGE_PASS


def row_from_report(report: Report, *, fail_on: str = "error", strings: _Strings | None = None) -> PageRow:
    """The compact row of a report; the page's status is the report's own."""
    strings = strings or _Strings()
    cells = tuple(
        _cell(strings, r.id, r.status.value, r.severity.value, r.baselined, r.message, r.evidence, fail_on)
        for r in report.rules
    )
    status = _PAGE_INDEX.get(report.status.value, PAGE_ERROR)
    return _row(
        strings,
        report.target,
        report.url,
        status,
        report.title,
        report.original,
        report.error,
        report.http_status,
        cells,
        report.ruleset,
    )


def row_from_dict(data: Mapping[str, Any], *, fail_on: str = "error", strings: _Strings | None = None) -> PageRow:
    """The compact row of one line of a JSON Lines results file. The page's status is decided again from its
    rules with ``fail_on`` (so that cells and pages agree); a page with an ``error`` is never a pass.
    :class:`ValueError`, :class:`KeyError`, :class:`TypeError` or :class:`AttributeError` when it is not one."""
    strings = strings or _Strings()
    target = data.get("target") or data.get("url")
    if not isinstance(target, str):
        raise TypeError("no target")
    cells = []
    for rule in data.get("rules") or ():
        rule_id = rule["id"]
        if not isinstance(rule_id, str):
            raise TypeError("rule id")
        cells.append(
            _cell(
                strings,
                rule_id,
                rule["status"],
                rule.get("severity") or "error",
                bool(rule.get("baselined")),
                rule.get("message"),
                rule.get("evidence"),
                fail_on,
            )
        )
    error = data.get("error")
    http_status = data.get("http_status")
    status = _page_status(cells, error, data.get("status"))
    return _row(
        strings,
        target,
        data.get("url"),
        status,
        data.get("title"),
        data.get("original"),
        error,
        http_status if isinstance(http_status, int) else None,
        tuple(cells),
        str(data.get("ruleset") or ""),
    )


def _row(
    strings: _Strings,
    target: str,
    url: str | None,
    status: int,
    title: Any,
    original: Any,
    error: Any,
    http_status: int | None,
    cells: tuple[Cell, ...],
    ruleset: str,
) -> PageRow:
    url_text = strings(url, MAX_URL) if isinstance(url, str) else None
    target_text = strings(target, MAX_URL) or "?"
    return PageRow(
        target=target_text,
        url=url_text,
        host=strings(_host(url_text or target_text), 300) or "?",
        status=status,
        title=strings(title),
        original=strings(original, MAX_URL),
        error=strings(error, MAX_MESSAGE),
        http_status=http_status,
        cells=cells,
        ruleset=strings(ruleset, 100) or "",
    )


# ------------------------------------------------------------------------------------------------ results files


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _read_file(
    path: str, fail_on: str, strings: _Strings, rule_titles: dict[str, str]
) -> tuple[list[PageRow], FileInfo]:
    rows: list[PageRow] = []
    latest: datetime | None = None
    unreadable = skipped = 0
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if data.get("status") == "skip":
                    skipped += 1
                    continue
                row = row_from_dict(data, fail_on=fail_on, strings=strings)
                for rule in data.get("rules") or ():
                    if rule["id"] not in rule_titles and isinstance(rule.get("title"), str):
                        rule_titles[strings(rule["id"], 200) or "?"] = strings(rule["title"]) or ""
            except (ValueError, KeyError, TypeError, AttributeError, IndexError):
                unreadable += 1
                continue
            rows.append(row)
            moment = _parse_time(data.get("checked_at"))
            if moment is not None and (latest is None or moment > latest):
                latest = moment
    if latest is not None:
        info = FileInfo(path, latest, "checked_at")
    else:
        info = FileInfo(path, datetime.fromtimestamp(os.path.getmtime(path), UTC), "mtime")
    info.pages, info.unreadable, info.skipped = len(rows), unreadable, skipped
    return rows, info


def read_results(
    paths: Iterable[str | os.PathLike[str]], *, fail_on: str = "error"
) -> tuple[list[PageRow], ResultsMeta]:
    """The pages of one or more JSON Lines results files (``repcheck check/audit --format jsonl``), and what is
    known of them. Lines that cannot be read are passed over and counted (:attr:`FileInfo.unreadable`).

    A file's date is its latest ``checked_at``, else its modification time. Files of the same day (UTC) are one
    snapshot, where a page checked twice counts once (the later file given wins). With snapshots of several days
    the rows are those of the latest and :attr:`ResultsMeta.trend` counts each day's pages per site; only the
    latest day's rows are kept in memory. :class:`OSError` when a file cannot be opened.
    """
    fail_on = check_fail_on(fail_on)
    strings = _Strings()
    meta = ResultsMeta()
    # day -> (latest time, files, target -> row) for the latest day; target -> (host, status) for the others
    days: dict[str, tuple[datetime, list[str], dict[str, Any]]] = {}
    latest_day: str | None = None
    for raw in paths:
        path = os.fspath(raw)
        rows, info = _read_file(path, fail_on, strings, meta.rule_titles)
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


def build_report(
    paths: Sequence[str | os.PathLike[str]],
    *,
    fail_on: str = "error",
    title: str = "repcheck report",
    generated: datetime | None = None,
) -> tuple[str, ResultsMeta]:
    """The HTML report of results files (what ``repcheck report`` writes), and what was read."""
    rows, meta = read_results(paths, fail_on=fail_on)
    document = render_report(
        rows,
        pack=meta.pack,
        generated=generated,
        fail_on=fail_on,
        trend=meta.trend,
        rule_titles=meta.rule_titles,
        title=title,
        checked=meta.checked,
        notes=meta.notes(),
    )
    return document, meta


# ------------------------------------------------------------------------------------------------ the formatter


class HtmlFormatter:
    """The ``html`` format: nothing until the end, then the whole document. Keeps one compact
    :class:`PageRow` per page (about a kilobyte), not the reports."""

    def __init__(
        self, *, fail_on: str = "error", title: str = "repcheck report", generated: datetime | None = None
    ) -> None:
        self.fail_on = check_fail_on(fail_on)
        self.title = title
        self.generated = generated
        self.rows: list[PageRow] = []
        self.rule_titles: dict[str, str] = {}
        self.packs: list[str] = []
        self.checked: datetime | None = None
        self._strings = _Strings()

    def start(self) -> str:
        return ""

    def page(self, report: Report) -> str:
        if report.status is Status.SKIP:
            return ""
        self.rows.append(row_from_report(report, fail_on=self.fail_on, strings=self._strings))
        for rule in report.rules:
            if rule.id not in self.rule_titles:
                self.rule_titles[self._strings(rule.id, 200) or "?"] = self._strings(rule.title) or ""
        if report.ruleset and report.ruleset not in self.packs:
            self.packs.append(report.ruleset)
        moment = _parse_time(getattr(report, "checked_at", None))
        if moment is not None and (self.checked is None or moment > self.checked):
            self.checked = moment
        return ""

    def end(self, summary: Summary) -> str:
        notes = []
        missing = summary.pages - len(self.rows)
        if missing > 0:
            notes.append(
                f"{missing:,} pages counted by this run were checked by an earlier, interrupted run and "
                "are not in this report: `repcheck report` on the results file shows them all."
            )
        return render_report(
            self.rows,
            pack=", ".join(self.packs) or "unknown",
            generated=self.generated,
            fail_on=self.fail_on,
            rule_titles=self.rule_titles,
            title=self.title,
            checked=self.checked,
            notes=notes,
        )


# ------------------------------------------------------------------------------------------------ counting


@dataclass
class _Site(HostTally):
    failures: Counter[str] = field(default_factory=Counter)


@dataclass
class _Rule:
    failing: int = 0  # failures that fail the page
    below: int = 0  # failures below the threshold
    baselined: int = 0
    errored: int = 0
    checked: int = 0  # pages where the rule has a result


@dataclass
class _Counts(HostTally):
    sites: dict[str, _Site] = field(default_factory=dict)
    rules: dict[str, _Rule] = field(default_factory=dict)


def _count(rows: Sequence[PageRow], rule_order: Sequence[str]) -> _Counts:
    counts = _Counts(rules={rule_id: _Rule() for rule_id in rule_order})
    for row in rows:
        site = counts.sites.get(row.host)
        if site is None:
            site = counts.sites[row.host] = _Site()
        status = _PAGE_STATUS[row.status]
        counts.add_page(status)
        site.add_page(status)
        for cell in row.cells:
            rule = counts.rules[cell.rule]
            rule.checked += 1
            if cell.kind == FAIL:
                rule.failing += 1
            elif cell.kind == WARNING:
                rule.below += 1
            elif cell.kind == BASELINED:
                rule.baselined += 1
            elif cell.kind == ERROR:
                rule.errored += 1
            if cell.kind in (FAIL, WARNING):
                site.failures[cell.rule] += 1
    return counts


def _rule_order(rows: Sequence[PageRow], rule_titles: Mapping[str, str] | None) -> list[str]:
    order = dict.fromkeys(rule_titles or ())
    for row in rows:
        for cell in row.cells:
            if cell.rule not in order:
                order[cell.rule] = None
    return list(order)


# ------------------------------------------------------------------------------------------------ rendering


def _e(value: object) -> str:
    """Text for HTML, escaped (quotes too), without the characters HTML cannot carry."""
    return html.escape(xml_text(value), quote=True)


def _breakable(host: str) -> str:
    """A host name, escaped, that a narrow column may break after its dots."""
    return _e(host).replace(".", ".<wbr>")


def _n(number: int) -> str:
    return f"{number:,}"


def _pct(part: int, whole: int) -> str:
    if whole <= 0:
        return "\u2013"
    if part == whole:
        return "100%"
    if part == 0:
        return "0%"
    rate = 100 * part / whole
    return f"{rate:.1f}%" if rate < 1 or rate > 99 else f"{rate:.0f}%"


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "unknown date"


def script_json(data: Any) -> str:
    """``data`` as JSON that can sit inside a ``<script>`` element: ``<``, ``>``, ``&``, U+2028 and U+2029 (which
    can only be in strings) are written as ``\\u`` escapes, so no ``</script>`` or ``<!--`` can appear."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def csp_hash(text: str) -> str:
    """The CSP source expression (``'sha256-...'``) that allows an inline element whose content is ``text``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _page_data(
    rows: Sequence[PageRow],
    rule_order: Sequence[str],
    hosts: Sequence[str],
    fail_on: str,
    rule_titles: Mapping[str, str],
) -> dict[str, Any]:
    """The page table's data. Each string is in ``strings`` once, the most used first (so that their indexes are
    short), and referred to by index (0: none).

    ``pages``: ``[name, target, title, host, status, original, error, http_status, cells]``, where ``name`` is the
    URL (else the target) as a string, ``target`` the target when it differs from the URL, ``host`` an index in
    ``hosts``, and ``cells`` one entry per rule of ``rules``: 0 when the rule has no result on the page, else
    ``[kind + 8 * severity, message, where, snippet, looked_for, *also]`` (trailing zeros left out). ``where``, a
    CSS path, is a list of the indexes of its steps (``a > b``: ``[a, b]``) when it has several, since the steps
    repeat from page to page where whole paths do not."""
    steps: dict[str, list[str] | None] = {}

    def split(where: str) -> list[str] | None:
        parts = steps.get(where, ())
        if parts == ():
            found = where.split(" > ")
            parts = steps[where] = found if len(found) > 1 and all(found) else None
        return parts  # type: ignore[return-value]

    ordered = sorted(rows, key=lambda r: (_ORDER[r.status], r.host, r.url or r.target))

    def count(lean: bool) -> Counter[str | None]:
        uses: Counter[str | None] = Counter()
        for row in ordered:
            uses.update((row.title, row.original, row.error))
            if row.url and row.target != row.url:
                uses[row.target] += 1
            for cell in row.cells:
                uses.update((cell.message, cell.looked_for))
                uses.update(cell.also)
                if lean and cell.kind == PASS:
                    continue
                uses[cell.snippet] += 1
                if cell.where:
                    parts = split(cell.where)
                    if parts:
                        uses.update(parts)
                    else:
                        uses[cell.where] += 1
        uses.pop(None, None)
        uses.pop("", None)
        return uses

    lean = False
    uses = count(lean)
    if sum(len(t) if t.isascii() else len(t.encode("utf-8", "replace")) for t in uses if t) > STRING_BUDGET:
        lean = True
        uses = count(lean)
    strings = ["", *(text for text, _ in uses.most_common() if text)]
    table: dict[str | None, int] = {text: i for i, text in enumerate(strings)}
    table_get = table.get

    host_index = {host: i for i, host in enumerate(hosts)}
    rule_index = {rule_id: i for i, rule_id in enumerate(rule_order)}
    pages = []
    for row in ordered:
        cells: list[Any] = [0] * len(rule_order)
        for cell in row.cells:
            where: Any = 0
            if lean and cell.kind == PASS:
                cells[rule_index[cell.rule]] = [cell.kind + 8 * cell.severity, table_get(cell.message, 0)]
                continue
            if cell.where:
                parts = split(cell.where)
                where = [table[part] for part in parts] if parts else table[cell.where]
            entry = [
                cell.kind + 8 * cell.severity,
                table_get(cell.message, 0),
                where,
                table_get(cell.snippet, 0),
                table_get(cell.looked_for, 0),
            ]
            if cell.also:
                entry.extend(table[item] for item in cell.also)
            else:
                while len(entry) > 1 and entry[-1] == 0:
                    entry.pop()
            cells[rule_index[cell.rule]] = entry
        name = row.url or row.target
        pages.append(
            [
                name,
                table_get(row.target, 0) if row.target != name else 0,
                table_get(row.title, 0),
                host_index[row.host],
                row.status,
                table_get(row.original, 0),
                table_get(row.error, 0),
                row.http_status or 0,
                cells,
            ]
        )
    return {
        "rules": [[rule_id, rule_titles.get(rule_id, "")] for rule_id in rule_order],
        "hosts": hosts,
        "strings": strings,
        "pages": pages,
        "step": PAGE_STEP,
        "failOn": fail_on,
        "lean": lean,
    }


def _stat(key: str, number: int, label: str, share: str | None, css: str) -> str:
    extra = f'<span class="share">{_e(share)}</span>' if share else ""
    return (
        f'<div class="stat {css}"><span class="num" data-stat="{key}">{_n(number)}</span>'
        f'<span class="label">{_e(label)}</span>{extra}</div>'
    )


def _chart(counts: _Counts, rule_order: Sequence[str], rule_titles: Mapping[str, str]) -> str:
    if not rule_order:
        return '<p class="empty">No rule results.</p>'
    row_height = 46
    most = max((counts.rules[r].failing + counts.rules[r].below for r in rule_order), default=0) or 1
    parts = []
    summary = []
    for i, rule_id in enumerate(rule_order):
        rule = counts.rules[rule_id]
        total = rule.failing + rule.below
        y = i * row_height
        fail_w = 85 * rule.failing / most
        below_w = 85 * rule.below / most
        title = rule_titles.get(rule_id, "")
        full = title if len(title) <= 80 else title[:79] + "\u2026"
        short = title if len(title) <= 44 else title[:43] + "\u2026"
        detail = [
            f"{rule_id}" + (f" \u2014 {title}" if title else ""),
            f"failed on {total:,} of {rule.checked:,} pages ({_pct(total, rule.checked)})",
        ]
        if rule.below:
            detail.append(f"{rule.below:,} below the threshold")
        if rule.baselined:
            detail.append(f"{rule.baselined:,} more in the baseline")
        if rule.errored:
            detail.append(f"could not be checked on {rule.errored:,}")
        summary.append(f"{rule_id} {total:,}")
        href = "#" + _e(f"rule={quote(rule_id, safe='')}&status=fail")
        parts.append(
            f'<g class="bar" data-rule="{_e(rule_id)}" data-count="{total}"><title>{_e("; ".join(detail))}</title>'
            f'<a href="{href}"><rect x="0" y="{y}" width="100%" height="{row_height - 4}" class="bar-hit"/>'
            f'<text x="0" y="{y + 15}" class="bar-label"><tspan class="rule-id">{_e(rule_id)}</tspan>'
            f'<tspan class="full"> {_e(full)}</tspan><tspan class="short"> {_e(short)}</tspan></text>'
            f'<rect x="0" y="{y + 21}" width="85%" height="16" class="bar-track"/>'
            f'<rect x="0" y="{y + 21}" width="{fail_w:.2f}%" height="16" class="bar-fail"/>'
            f'<rect x="{fail_w:.2f}%" y="{y + 21}" width="{below_w:.2f}%" height="16" class="bar-below"/>'
            f'<text x="{fail_w + below_w:.2f}%" dx="6" y="{y + 34}" class="bar-count">{_n(total)}</text>'
            "</a></g>"
        )
    height = len(rule_order) * row_height + 4
    label = "Failures per rule: " + ", ".join(summary)
    return (
        f'<svg id="rule-chart" width="100%" height="{height}" role="img" aria-label="{_e(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


def _meter(part: int, whole: int) -> str:
    width = 100 * part / whole if whole else 0
    return (
        '<svg class="meter" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">'
        f'<rect width="100" height="8" class="meter-track"/><rect width="{width:.1f}" height="8" '
        'class="meter-fill"/></svg>'
    )


def _sites(counts: _Counts, rule_titles: Mapping[str, str]) -> str:
    ranked = worst_first(counts.sites)
    if not ranked:
        return '<p class="empty">No pages.</p>'
    rows = []
    for host, site in ranked:
        if site.failures:
            top = max(site.failures.items(), key=lambda kv: kv[1])  # first of the most (rule order)
            rule_title = rule_titles.get(top[0], "")
            noun = "page" if top[1] == 1 else "pages"
            common = (
                f'<span class="rule-id" title="{_e(rule_title)}">{_e(top[0])}</span> '
                f'<span class="muted">({_n(top[1])} {noun})</span>'
            )
        else:
            common = '<span class="muted">\u2014</span>'
        href = "#" + _e("site=" + quote(host, safe=""))
        rows.append(
            f'<tr data-host="{_e(host)}"><th scope="row"><a href="{href}">{_breakable(host)}</a></th>'
            f'<td class="n">{_n(site.pages)}</td>'
            f'<td class="rate">{_meter(site.passed, site.pages)}<span>{_pct(site.passed, site.pages)}</span></td>'
            f'<td class="n">{_n(site.failed)}</td><td class="n">{_n(site.errored)}</td><td>{common}</td></tr>'
        )
    shown, more = rows[:SITES_SHOWN], rows[SITES_SHOWN:]
    body = "<tbody>" + "".join(shown) + "</tbody>"
    button = ""
    if more:
        body += '<tbody id="more-sites" hidden>' + "".join(more) + "</tbody>"
        button = f'<button type="button" id="show-sites" class="needs-js">Show all {_n(len(ranked))} sites</button>'
    return (
        '<div class="scroll"><table class="sites"><thead><tr><th scope="col">Site</th>'
        '<th scope="col" class="n">Pages</th><th scope="col">Compliance rate</th>'
        '<th scope="col" class="n">Non-compliant</th><th scope="col" class="n">Not checked</th>'
        f'<th scope="col">Most common failure</th></tr></thead>{body}</table></div>{button}'
    )


def _sparkline(points: Sequence[tuple[int, tuple[int, int] | None]], count: int, labels: Sequence[str]) -> str:
    width, height, pad = 120, 32, 4
    xs = [pad + (width - 2 * pad) * (i / (count - 1) if count > 1 else 0.5) for i in range(count)]
    coords = []
    dots = []
    for i, tally in points:
        if tally is None or not tally[0]:
            continue
        rate = tally[1] / tally[0]
        x, y = xs[i], pad + (height - 2 * pad) * (1 - rate)
        coords.append(f"{x:.1f},{y:.1f}")
        dots.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5"><title>{_e(labels[i])}: '
            f"{_pct(tally[1], tally[0])} ({_n(tally[1])} of {_n(tally[0])} pages)</title></circle>"
        )
    line = f'<polyline points="{" ".join(coords)}"/>' if len(coords) > 1 else ""
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="compliance over time"><line x1="0" y1="{pad}" x2="{width}" y2="{pad}" class="top"/>'
        f'<line x1="0" y1="{height - pad}" x2="{width}" y2="{height - pad}" class="bottom"/>{line}'
        f"{''.join(dots)}</svg>"
    )


def _trend(trend: Sequence[Snapshot]) -> str:
    labels = [snap.label for snap in trend]
    count = len(trend)
    columns = list(range(max(0, count - TREND_COLUMNS), count))
    latest = trend[-1]

    def rate_key(host: str) -> tuple[float, int, str]:
        tally = latest.hosts.get(host)
        if tally is None:
            return (2.0, 0, host)
        return (tally[1] / tally[0], -tally[0], host)

    hosts = sorted({host for snap in trend for host in snap.hosts}, key=rate_key)
    cut = len(hosts) - TREND_SITES
    hosts = hosts[:TREND_SITES]
    head = "".join(f'<th scope="col" class="n">{_e(labels[i])}</th>' for i in columns)

    def row(name: str, tallies: list[tuple[int, int] | None], attrs: str) -> str:
        cells = "".join(
            f'<td class="n">{_pct(t[1], t[0]) if t else chr(0x2014)}</td>' for t in (tallies[i] for i in columns)
        )
        present = [t for t in tallies if t]
        change = ""
        if len(present) > 1:
            delta = round(100 * present[-1][1] / present[-1][0] - 100 * present[0][1] / present[0][0])
            change = f"{delta:+d} pts" if delta else "\u00b10"
        spark = _sparkline(list(enumerate(tallies)), count, labels)
        return f'<tr {attrs}><th scope="row">{name}</th><td>{spark}</td>{cells}<td class="n">{change}</td></tr>'

    body = [row("<b>All sites</b>", [(s.pages, s.passed) for s in trend], 'class="all"')]
    for host in hosts:
        body.append(row(_breakable(host), [s.hosts.get(host) for s in trend], f'data-host="{_e(host)}"'))
    note = f'<p class="muted">{_n(cut)} more sites not shown.</p>' if cut > 0 else ""
    return (
        '<section id="trend" aria-labelledby="trend-h"><h2 id="trend-h">Compliance over time</h2>'
        f'<p class="muted">Compliance rate per site on each of {count} dates, {_e(labels[0])} to '
        f"{_e(labels[-1])}; sites worst first on the latest date.</p>"
        '<div class="scroll"><table class="trend"><thead><tr><th scope="col">Site</th>'
        f'<th scope="col">Trend</th>{head}<th scope="col" class="n">Change</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{note}</section>"
    )


def render_report(
    rows: Sequence[PageRow],
    *,
    pack: str,
    generated: datetime | None = None,
    fail_on: str = "error",
    trend: Sequence[Snapshot] | None = None,
    rule_titles: Mapping[str, str] | None = None,
    title: str = "repcheck report",
    checked: datetime | None = None,
    notes: Sequence[str] = (),
) -> str:
    """The whole HTML document for ``rows``. ``generated``: when the report is made (default: now); ``checked``:
    when the pages were checked (default: ``generated``); ``trend``: snapshots, oldest first, to compare (shown
    when there are two or more); ``notes``: sentences shown under the numbers."""
    fail_on = check_fail_on(fail_on)
    generated = generated or datetime.now(UTC)
    checked = checked or generated
    titles = dict(rule_titles or {})
    rule_order = _rule_order(rows, titles)
    counts = _count(rows, rule_order)
    hosts = sorted(counts.sites)
    data = _page_data(rows, rule_order, hosts, fail_on, titles)
    if data["lean"]:
        notes = [
            *notes,
            (
                "To keep this file small, the evidence of rules that passed is left out (their "
                "messages are kept); everything about the rules that did not pass is here."
            ),
        ]

    threshold = "error" if fail_on == "never" else fail_on
    stats = "".join(
        [
            _stat("pages", counts.pages, "pages checked", None, "all"),
            _stat("compliant", counts.passed, "compliant", _pct(counts.passed, counts.pages), "ok"),
            _stat("noncompliant", counts.failed, "non-compliant", _pct(counts.failed, counts.pages), "bad"),
            _stat("errored", counts.errored, "could not be checked", _pct(counts.errored, counts.pages), "err"),
        ]
    )
    note_items = "".join(f"<li>{_e(note)}</li>" for note in notes)
    notes_html = f'<ul class="notes">{note_items}</ul>' if note_items else ""
    rule_heads = "".join(
        f'<th scope="col" data-rule="{_e(r)}" title="{_e(titles.get(r, ""))}">{_e(r)}</th>' for r in rule_order
    )
    rule_options = "".join(
        f'<option value="{_e(r)}">{_e(r + DASH + titles[r] if titles.get(r) else r)}</option>' for r in rule_order
    )
    trend_html = _trend(trend) if trend and len(trend) > 1 else ""
    doc_title = f"{title} \u00b7 {pack} \u00b7 {checked.astimezone(UTC):%Y-%m-%d}"

    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="repcheck {_e(__version__)}">
<title>{_e(doc_title)}</title>
<link rel="icon" href="data:,">
<style>{_STYLE}</style>
</head>
<body>
<header>
<h1>{_e(title)}</h1>
<p class="meta">Pack <b>{_e(pack)}</b> \u00b7 pages checked <time datetime="{checked.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}">{_e(_when(checked))}</time> \u00b7 threshold: severity {_e(threshold)} and above</p>
</header>
<main>
<section id="summary" aria-label="Headline numbers">
<div class="stats">{stats}</div>
<p class="definitions"><b>Compliant</b>: every rule of severity {_e(threshold)} or above passed.
<b>Non-compliant</b>: one of them failed (failures below that severity, \u201cwarning\u201d, and failures the baseline knows, \u201cbaselined\u201d, are shown but do not count).
<b>Could not be checked</b>: the page could not be fetched or a rule could not be evaluated; such a page is never counted as compliant.</p>
{notes_html}
</section>
<section id="rules" aria-labelledby="rules-h">
<h2 id="rules-h">Failures per rule</h2>
<p class="muted">Pages where the rule failed. <span class="key key-fail">\u2717 red</span>: the failure makes the page non-compliant; <span class="key key-below">\u26a0 amber</span>: below the threshold. Select a bar to list those pages.</p>
{_chart(counts, rule_order, titles)}
</section>
<section id="sites" aria-labelledby="sites-h">
<h2 id="sites-h">Sites, worst first</h2>
{_sites(counts, titles)}
</section>
{trend_html}
<section id="pages" aria-labelledby="pages-h">
<h2 id="pages-h">Pages</h2>
<div class="controls needs-js" role="search">
<label>Site <select id="filter-site"><option value="">All sites</option></select></label>
<label>Rule <select id="filter-rule"><option value="">Any rule</option>{rule_options}</select></label>
<label>Status <select id="filter-status"><option value="">any status</option><option value="pass">pass</option><option value="fail">fail</option><option value="error">error</option></select></label>
<label class="grow">Search <input id="search" type="search" placeholder="URL or title" autocomplete="off" spellcheck="false"></label>
<button type="button" id="clear-filters">Clear</button>
</div>
<p id="pages-count" class="needs-js" aria-live="polite"></p>
<noscript><p class="notes">The page table needs JavaScript; the numbers, the chart and the site table above do not.</p></noscript>
<div class="scroll"><table class="pages"><thead><tr><th scope="col">Page</th><th scope="col">Status</th>{rule_heads}</tr></thead><tbody></tbody></table></div>
<button type="button" id="show-more" class="needs-js" hidden>Show more</button>
<p class="muted legend">Cells: \u2713 pass \u00b7 \u2717 fail (fails the page) \u00b7 \u26a0 warning (failed below the threshold) \u00b7 \u26a0 baselined (a failure the baseline knows) \u00b7 ! error (could not be checked) \u00b7 \u2013 skip (not applicable). Select a row for each rule\u2019s message and evidence.</p>
</section>
</main>
<footer><p class="muted">Made by repcheck {_e(__version__)} on {_e(_when(generated))}. This file loads nothing from the network.</p></footer>
<script type="application/json" id="data">{script_json(data)}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""


# ------------------------------------------------------------------------------------------------ assets

_STYLE = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--bg:#fff;--link:#0550ae;
--pass:#116329;--pass-bg:#dafbe1;--fail:#a40e26;--fail-bg:#ffebe9;--warn:#6c4400;--warn-bg:#fff1c2;
--base:#4d5561;--base-bg:#e8ebef;--err:#5a32a3;--err-bg:#f3e8ff;--bar-fail:#cf222e;--bar-below:#d4a72c}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--fg);background:var(--bg)}
header,main,footer{max-width:1240px;margin:0 auto;padding:0 16px}
header{padding-top:12px}
h1{font-size:1.6rem;margin:.4rem 0 .2rem}
h2{font-size:1.2rem;margin:1.8rem 0 .5rem}
h3{font-size:1.05rem;margin:0 0 .4rem;overflow-wrap:anywhere}
h4{font-size:.95rem;margin:.8rem 0 .2rem}
h4 .muted{font-weight:400}
a{color:var(--link)}
.meta,.muted{color:var(--muted)}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin:12px 0}
.stat{border:1px solid var(--line);border-left-width:6px;border-radius:6px;padding:10px 12px;background:var(--soft)}
.stat .num{display:block;font-size:1.9rem;font-weight:700;line-height:1.1;font-variant-numeric:tabular-nums}
.stat .label{display:block}
.stat .share{color:var(--muted);font-size:.9rem}
.stat.ok{border-left-color:var(--pass)}.stat.bad{border-left-color:var(--fail)}.stat.err{border-left-color:var(--err)}
.stat.all{border-left-color:var(--muted)}
.definitions{font-size:.9rem;color:var(--muted);max-width:75em}
.notes{background:var(--warn-bg);color:var(--warn);padding:8px 12px 8px 28px;border-radius:6px}
#rule-chart{display:block;max-width:900px;font-size:14px;overflow:visible}
#rule-chart a{text-decoration:none}
#rule-chart text{fill:var(--fg)}
#rule-chart .rule-id{font-weight:700}
#rule-chart .short{display:none}
#rule-chart .bar-hit{fill:transparent}
#rule-chart .bar-track{fill:var(--soft)}
#rule-chart .bar-fail{fill:var(--bar-fail)}
#rule-chart .bar-below{fill:var(--bar-below)}
#rule-chart .bar-count{font-weight:700;font-variant-numeric:tabular-nums}
#rule-chart a:hover .bar-track,#rule-chart a:focus .bar-track{fill:var(--line)}
.key{font-weight:600;padding:0 4px;border-radius:3px}
.key-fail{background:var(--fail-bg);color:var(--fail)}.key-below{background:var(--warn-bg);color:var(--warn)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--soft);position:sticky;top:0;white-space:nowrap}
tbody tr:last-child>*{border-bottom:0}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.sites th[scope=row],table.trend th[scope=row]{font-weight:600;min-width:11em;overflow-wrap:anywhere}
.rate{white-space:nowrap}
.meter{width:70px;height:8px;margin-right:6px;vertical-align:middle}
.meter-track{fill:var(--fail-bg)}.meter-fill{fill:var(--pass)}
.rule-id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600}
.spark{vertical-align:middle}
.spark polyline{fill:none;stroke:var(--link);stroke-width:1.5}
.spark circle{fill:var(--link)}
.spark line{stroke:var(--line);stroke-dasharray:2 2}
table.trend tr.all{background:var(--soft)}
.controls{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end;margin:8px 0}
.controls label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted);min-width:0;max-width:100%}
.controls .grow{flex:1 1 200px}
select,input,button{font:inherit;font-size:.95rem;max-width:100%}
select,input{padding:5px 6px;border:1px solid var(--line);border-radius:5px;background:var(--bg);color:var(--fg)}
button{padding:5px 12px;border:1px solid var(--line);border-radius:5px;background:var(--soft);color:var(--fg);cursor:pointer}
button:hover{background:var(--line)}
#pages-count{font-weight:600;margin:6px 0}
table.pages{min-width:720px}
table.pages td.page{min-width:260px;max-width:460px}
tr.page-row{cursor:pointer}
tr.page-row:hover>td{background:var(--soft)}
tr.page-row.open>td{background:var(--soft);border-bottom-color:transparent}
.toggle{padding:0 6px;margin-right:6px;font-size:.8rem;line-height:1.4;vertical-align:1px}
.page-title{font-weight:600;overflow-wrap:anywhere}
.url{display:block;color:var(--muted);font-size:.8rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;max-width:440px}
.reason{display:block;color:var(--err);font-size:.8rem;overflow-wrap:anywhere}
td.cell,td.status{white-space:nowrap;font-weight:600}
.k-pass,.st-pass{background:var(--pass-bg);color:var(--pass)}
.k-fail,.st-fail{background:var(--fail-bg);color:var(--fail)}
.k-warning{background:var(--warn-bg);color:var(--warn)}
.k-baselined{background:var(--base-bg);color:var(--base)}
.k-error,.st-error{background:var(--err-bg);color:var(--err)}
.k-skip,.k-none{color:var(--muted);font-weight:400}
tr.page-row:hover>td.cell,tr.page-row:hover>td.status{filter:brightness(.97)}
tr.page-detail>td{background:var(--soft);padding:0}
.detail{position:sticky;left:0;max-width:min(900px,calc(100vw - 34px));padding:10px 14px 14px}
.detail p{margin:.2rem 0;overflow-wrap:anywhere}
.rule-detail{border-left:4px solid var(--line);padding:2px 0 4px 10px;margin-top:10px}
.rule-detail.k-pass{border-left-color:var(--pass)}.rule-detail.k-fail{border-left-color:var(--fail)}
.rule-detail.k-warning{border-left-color:var(--bar-below)}.rule-detail.k-error{border-left-color:var(--err)}
.rule-detail,.rule-detail.k-pass,.rule-detail.k-fail,.rule-detail.k-warning,.rule-detail.k-baselined,
.rule-detail.k-error,.rule-detail.k-skip{background:none;color:var(--fg)}
.badge{display:inline-block;font-size:.8rem;padding:0 6px;border-radius:4px;margin-left:6px}
dl{margin:.3rem 0 0;display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 10px;font-size:.88rem}
dt{color:var(--muted)}
dd{margin:0;min-width:0}
dd code,dd li{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.82rem;
white-space:pre-wrap;overflow-wrap:anywhere}
dd ul{margin:0;padding-left:1.1em}
.empty{color:var(--muted)}
.legend{font-size:.85rem}
#show-more,#show-sites{margin-top:8px}
footer{margin-top:2rem;padding-bottom:1rem;font-size:.85rem}
html:not(.js) .needs-js{display:none}
@media (max-width:600px){body{font-size:14px}header,main,footer{padding:0 10px}h1{font-size:1.3rem}
.stat .num{font-size:1.5rem}.stats{grid-template-columns:repeat(2,minmax(0,1fr))}
.detail{max-width:calc(100vw - 24px)}dl{grid-template-columns:minmax(0,1fr)}dt{margin-top:4px}
table.pages td.page{min-width:170px;max-width:220px}#rule-chart{font-size:12px}#rule-chart .full{display:none}#rule-chart .short{display:inline}.url{max-width:200px}th,td{padding:5px 6px}}
@media print{.controls,#show-more,#show-sites,.toggle{display:none}.scroll{overflow:visible;border:0}
thead th{position:static}tbody[hidden]{display:table-row-group}body{font-size:11px}a{color:inherit}}
"""

_SCRIPT = r"""
(function () {
  "use strict";
  document.documentElement.className += " js";
  var data = JSON.parse(document.getElementById("data").textContent);
  var S = data.strings, RULES = data.rules, HOSTS = data.hosts, PAGES = data.pages, STEP = data.step;
  var KINDS = [
    ["pass", "\u2713 pass", "pass", "the rule passed"],
    ["fail", "\u2717 fail", "fail", "failed: this makes the page non-compliant"],
    ["warning", "\u26a0 warning", "fail", "failed below the threshold: reported, the page is not failed for it"],
    ["baselined", "\u26a0 baselined", "fail", "a failure the baseline knows: reported, failing nothing"],
    ["error", "! error", "error", "could not be checked"],
    ["skip", "\u2013 skip", "skip", "not applicable to this run"]
  ];
  var SEVERITIES = ["error", "warning", "info"];
  var PAGE = [["pass", "\u2713 compliant"], ["fail", "\u2717 non-compliant"], ["error", "! not checked"]];
  var NAME = 0, TARGET = 1, TITLE = 2, HOST = 3, STATUS = 4, ORIGINAL = 5, ERROR = 6, HTTP = 7, CELLS = 8;

  function byId(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var key in attrs) {
        if (Object.prototype.hasOwnProperty.call(attrs, key) && attrs[key] !== null && attrs[key] !== undefined) {
          node.setAttribute(key, String(attrs[key]));
        }
      }
    }
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function num(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function isWeb(url) { return typeof url === "string" && /^https?:\/\//i.test(url); }
  function link(url, text, cls) {
    if (!isWeb(url)) return el("span", cls ? {"class": cls} : null, text);
    return el("a", {href: url, rel: "noopener noreferrer", target: "_blank", "class": cls || null}, text);
  }

  var hostIndex = {}, ruleIndex = {};
  HOSTS.forEach(function (host, i) { hostIndex[host] = i; });
  RULES.forEach(function (rule, i) { ruleIndex[rule[0]] = i; });
  var perHost = HOSTS.map(function () { return 0; });
  PAGES.forEach(function (p) { perHost[p[HOST]] += 1; });

  var siteSel = byId("filter-site"), ruleSel = byId("filter-rule"), statusSel = byId("filter-status");
  var search = byId("search"), tbody = document.querySelector("#pages tbody");
  var countEl = byId("pages-count"), moreBtn = byId("show-more");
  HOSTS.forEach(function (host, i) {
    siteSel.appendChild(el("option", {value: host}, host + " (" + num(perHost[i]) + ")"));
  });

  var state = {site: "", rule: "", status: "", q: ""};
  var matched = [], shown = 0, written = null, hay = null, timer = null;

  function haystack(i) {
    if (hay === null) {
      hay = PAGES.map(function (p) {
        return (p[NAME] + "\n" + S[p[TARGET]] + "\n" + S[p[TITLE]]).toLowerCase();
      });
    }
    return hay[i];
  }

  function filter() {
    var site = state.site ? hostIndex[state.site] : -1;
    var rule = state.rule ? ruleIndex[state.rule] : -1;
    var status = state.status, q = state.q.toLowerCase();
    matched = [];
    for (var i = 0; i < PAGES.length; i++) {
      var p = PAGES[i];
      if (site >= 0 && p[HOST] !== site) continue;
      if (rule >= 0) {
        var cell = p[CELLS][rule];
        var st = cell ? KINDS[cell[0] & 7][2] : "none";
        if (status ? st !== status : (st !== "fail" && st !== "error")) continue;
      } else if (status && PAGE[p[STATUS]][0] !== status) {
        continue;
      }
      if (q && haystack(i).indexOf(q) < 0) continue;
      matched.push(i);
    }
    tbody.textContent = "";
    shown = 0;
    if (!matched.length) {
      var td = el("td", {colspan: 2 + RULES.length, "class": "empty"}, "No page matches these filters.");
      var tr = el("tr", {"class": "no-match"});
      tr.appendChild(td);
      tbody.appendChild(tr);
    }
    more();
  }

  function more() {
    var fragment = document.createDocumentFragment();
    var end = Math.min(matched.length, shown + STEP);
    for (; shown < end; shown++) fragment.appendChild(pageRow(matched[shown]));
    tbody.appendChild(fragment);
    countEl.textContent = num(matched.length) + " of " + num(PAGES.length) + " pages" +
      (shown < matched.length ? " (showing the first " + num(shown) + ")" : "");
    var left = matched.length - shown;
    moreBtn.hidden = left <= 0;
    moreBtn.textContent = "Show " + num(Math.min(STEP, left)) + " more (" + num(left) + " not shown)";
  }

  function pageRow(i) {
    var p = PAGES[i], status = PAGE[p[STATUS]];
    var tr = el("tr", {"class": "page-row", "data-index": i, "data-url": p[NAME], "data-host": HOSTS[p[HOST]],
                       "data-status": status[0]});
    var first = el("td", {"class": "page"});
    first.appendChild(el("button", {type: "button", "class": "toggle", "aria-expanded": "false",
                                    "aria-label": "Details of this page"}, "\u25b8"));
    var title = S[p[TITLE]];
    first.appendChild(link(p[NAME], title || p[NAME], "page-title"));
    if (title) first.appendChild(el("span", {"class": "url", title: p[NAME]}, p[NAME]));
    if (p[ERROR]) first.appendChild(el("span", {"class": "reason"}, S[p[ERROR]]));
    tr.appendChild(first);
    tr.appendChild(el("td", {"class": "status st-" + status[0], "data-status": status[0]}, status[1]));
    for (var j = 0; j < RULES.length; j++) {
      var cell = p[CELLS][j];
      if (!cell) {
        tr.appendChild(el("td", {"class": "cell k-none", "data-rule": RULES[j][0], "data-status": "none"},
                          "\u00b7 n/a"));
        continue;
      }
      var kind = KINDS[cell[0] & 7];
      tr.appendChild(el("td", {"class": "cell k-" + kind[0], "data-rule": RULES[j][0], "data-status": kind[2],
                               "data-kind": kind[0], title: kind[3] + ": " + S[cell[1]]}, kind[1]));
    }
    return tr;
  }

  function field(dl, label, value, code) {
    if (!value) return;
    dl.appendChild(el("dt", null, label));
    var dd = el("dd");
    if (code) dd.appendChild(el("code", null, value)); else dd.textContent = value;
    dl.appendChild(dd);
  }

  function detailRow(i) {
    var p = PAGES[i];
    var tr = el("tr", {"class": "page-detail"});
    var td = el("td", {colspan: 2 + RULES.length});
    var box = el("div", {"class": "detail"});
    box.appendChild(el("h3", null, S[p[TITLE]] || p[NAME]));
    var where = el("p", {"class": "links"});
    where.appendChild(document.createTextNode("Page: "));
    where.appendChild(link(p[NAME], p[NAME], "page-link"));
    box.appendChild(where);
    if (p[TARGET]) box.appendChild(el("p", null, "Checked as: " + S[p[TARGET]]));
    if (p[ORIGINAL]) {
      var orig = el("p", {"class": "links"});
      orig.appendChild(document.createTextNode("Original: "));
      orig.appendChild(link(S[p[ORIGINAL]], S[p[ORIGINAL]], "original-link"));
      box.appendChild(orig);
    }
    var facts = [HOSTS[p[HOST]], PAGE[p[STATUS]][1]];
    if (p[HTTP]) facts.push("HTTP " + p[HTTP]);
    box.appendChild(el("p", {"class": "muted"}, facts.join(" \u00b7 ")));
    if (p[ERROR]) box.appendChild(el("p", {"class": "page-error"}, "Could not be checked: " + S[p[ERROR]]));
    for (var j = 0; j < RULES.length; j++) {
      var cell = p[CELLS][j];
      if (!cell) continue;
      var kind = KINDS[cell[0] & 7];
      var block = el("div", {"class": "rule-detail k-" + kind[0], "data-rule": RULES[j][0]});
      var h = el("h4");
      h.appendChild(el("span", {"class": "rule-id"}, RULES[j][0]));
      if (RULES[j][1]) h.appendChild(document.createTextNode(" \u2014 " + RULES[j][1]));
      h.appendChild(el("span", {"class": "badge k-" + kind[0]}, kind[1]));
      h.appendChild(el("span", {"class": "muted"}, " severity " + SEVERITIES[cell[0] >> 3]));
      block.appendChild(h);
      block.appendChild(el("p", {"class": "message"}, S[cell[1]]));
      var dl = el("dl");
      var path = cell[2] || 0;
      field(dl, "where", Array.isArray(path) ? path.map(function (k) { return S[k]; }).join(" > ") : S[path], true);
      field(dl, "snippet", S[cell[3] || 0], true);
      field(dl, "looked for", S[cell[4] || 0], false);
      if (cell.length > 5) {
        dl.appendChild(el("dt", null, "also"));
        var dd = el("dd"), ul = el("ul");
        for (var k = 5; k < cell.length; k++) ul.appendChild(el("li", null, S[cell[k]]));
        dd.appendChild(ul);
        dl.appendChild(dd);
      }
      if (dl.firstChild) block.appendChild(dl);
      box.appendChild(block);
    }
    td.appendChild(box);
    tr.appendChild(td);
    return tr;
  }

  function toggle(tr) {
    var button = tr.querySelector(".toggle");
    var next = tr.nextElementSibling;
    if (next && next.classList.contains("page-detail")) {
      next.parentNode.removeChild(next);
      tr.classList.remove("open");
      button.setAttribute("aria-expanded", "false");
      button.textContent = "\u25b8";
    } else {
      tr.parentNode.insertBefore(detailRow(Number(tr.getAttribute("data-index"))), next);
      tr.classList.add("open");
      button.setAttribute("aria-expanded", "true");
      button.textContent = "\u25be";
    }
  }

  tbody.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("a")) return;
    var tr = target.closest("tr.page-row");
    if (tr) toggle(tr);
  });

  function statusLabel() {
    statusSel.options[0].textContent = state.rule ? "failed or error" : "any status";
  }

  function readHash() {
    var raw = location.hash.replace(/^#/, "");
    if (raw.indexOf("=") < 0 && raw !== "") return false;
    var params = new URLSearchParams(raw);
    var site = params.get("site") || "", rule = params.get("rule") || "", status = params.get("status") || "";
    state.site = Object.prototype.hasOwnProperty.call(hostIndex, site) ? site : "";
    state.rule = Object.prototype.hasOwnProperty.call(ruleIndex, rule) ? rule : "";
    state.status = /^(pass|fail|error|skip)$/.test(status) ? status : "";
    state.q = params.get("q") || "";
    siteSel.value = state.site;
    ruleSel.value = state.rule;
    statusSel.value = state.status === "skip" ? "" : state.status;
    search.value = state.q;
    statusLabel();
    return true;
  }

  function writeHash() {
    var params = new URLSearchParams();
    if (state.site) params.set("site", state.site);
    if (state.rule) params.set("rule", state.rule);
    if (state.status) params.set("status", state.status);
    if (state.q) params.set("q", state.q);
    written = params.toString();
    var hash = written ? "#" + written : "";
    try {
      history.replaceState(null, "", hash || location.pathname + location.search);
    } catch (e) {
      location.replace(hash || "#");
    }
  }

  function changed() {
    state.site = siteSel.value;
    state.rule = ruleSel.value;
    state.status = statusSel.value;
    state.q = search.value.trim();
    statusLabel();
    writeHash();
    filter();
  }

  siteSel.addEventListener("change", changed);
  ruleSel.addEventListener("change", changed);
  statusSel.addEventListener("change", changed);
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(changed, PAGES.length > 5000 ? 200 : 60);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { clearTimeout(timer); changed(); }
  });
  byId("clear-filters").addEventListener("click", function () {
    siteSel.value = ruleSel.value = statusSel.value = search.value = "";
    changed();
  });
  moreBtn.addEventListener("click", more);
  window.addEventListener("hashchange", function () {
    if (location.hash.replace(/^#/, "") === written) return;
    if (readHash()) {
      written = location.hash.replace(/^#/, "");
      filter();
      byId("pages").scrollIntoView();
    }
  });
  var sitesBtn = byId("show-sites");
  if (sitesBtn) {
    sitesBtn.addEventListener("click", function () {
      byId("more-sites").hidden = false;
      sitesBtn.hidden = true;
    });
  }

  readHash();
  written = location.hash.replace(/^#/, "");
  filter();
})();
"""

_CSP = (
    f"default-src 'none'; style-src {csp_hash(_STYLE)}; script-src {csp_hash(_SCRIPT)}; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
