"""What does the HTML report show of one page? A compact :class:`PageRow` of a report or of a results file's line:
a few strings cut to size and one :class:`Cell` per rule."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple
from urllib.parse import quote
from urllib.request import pathname2url

from ...report import Report, Severity, Status
from ...summary import host_of

MAX_TEXT = 300
"""Evidence strings (where, snippet, looked for, also) and titles are cut to this many characters."""
MAX_MESSAGE = 600
"""Rule messages and error reasons are cut to this many characters."""
MAX_URL = 2048

# What a rule's cell says. A failure is "fail" when it fails the page (severity at or above the threshold);
# below the threshold it is "warning" for an error- or warning-severity rule and "info" for an info one;
# "baselined" when the baseline knows it.
PASS, FAIL, WARNING, BASELINED, ERROR, SKIP, INFO = range(7)
KIND_NAMES = ("pass", "fail", "warning", "baselined", "error", "skip", "info")
KIND_LABELS = (
    "\u2713 pass",
    "\u2717 fail",
    "\u26a0 warning",
    "\u26a0 baselined",
    "! error",
    "\u2013 skip",
    "\u2139 info",
)
KIND_STATUS = ("pass", "fail", "fail", "fail", "error", "skip", "fail")  # the rule's own status, for filtering
SEVERITIES = ("error", "warning", "info")
_SEVERITY_INDEX = {name: i for i, name in enumerate(SEVERITIES)}

# A page's status.
PAGE_PASS, PAGE_FAIL, PAGE_ERROR = 0, 1, 2
PAGE_NAMES = ("pass", "fail", "error")
PAGE_STATUS = (Status.PASS, Status.FAIL, Status.ERROR)
"""The :class:`~checker.report.Status` of each page status (``PAGE_STATUS[PAGE_FAIL]`` is ``Status.FAIL``)."""
PAGE_LABELS = ("\u2713 compliant", "\u2717 non-compliant", "! not checked")
_PAGE_INDEX = {name: i for i, name in enumerate(PAGE_NAMES)}


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
    screenshot: str | None = None  # the picture's address from the report's folder (--render --screenshots)


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


_SURROGATES = re.compile("[\ud800-\udfff]")


class StringPool:
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
    if Severity(severity).rank >= threshold:
        return FAIL
    return INFO if severity == Severity.INFO else WARNING


def _cell(
    strings: StringPool,
    rule_id: str,
    status: str,
    severity: str,
    baselined: bool,
    message: str | None,
    evidence: Any,
    fail_on: str,
    folder: str | None = None,
) -> Cell:
    screenshot = None
    if evidence is None:
        where = snippet = looked_for = None
        also: tuple[str, ...] = ()
    elif isinstance(evidence, Mapping):
        where, snippet, looked_for = evidence.get("where"), evidence.get("snippet"), evidence.get("looked_for")
        also = tuple(evidence.get("also") or ())
        screenshot = evidence.get("screenshot")
    else:
        where, snippet, looked_for, also = evidence.where, evidence.snippet, evidence.looked_for, evidence.also
        screenshot = evidence.screenshot
    return Cell(
        rule=strings(rule_id, 200) or "?",
        kind=_kind(status, severity, baselined, fail_on),
        severity=_SEVERITY_INDEX[severity],
        message=strings(message, MAX_MESSAGE) or "",
        where=strings(where),
        snippet=strings(snippet),
        looked_for=strings(looked_for),
        also=tuple(s for s in (strings(item) for item in also[:20]) if s),
        screenshot=strings(shot_source(screenshot, folder)) if isinstance(screenshot, str) and screenshot else None,
    )


def shot_source(path: str, folder: str | None) -> str:
    """The ``src`` of a picture saved at ``path`` (as the run gave it) for a report written in ``folder``: a
    relative address when both are known, so that the report and its pictures can move together."""
    if folder is not None:
        with contextlib.suppress(ValueError):  # another drive, on Windows
            path = os.path.relpath(os.path.abspath(path), folder)
    return pathname2url(path) if os.sep != "/" else quote(path)


def _page_status(cells: Sequence[Cell], error: str | None, recorded: str | None) -> int:
    """The page's status from its rules, as :func:`checker.report.page_status` decides it."""
    if any(cell.kind == FAIL for cell in cells):
        return PAGE_FAIL
    if error or any(cell.kind == ERROR for cell in cells):
        return PAGE_ERROR
    if not cells and recorded in _PAGE_INDEX:
        return _PAGE_INDEX[recorded]
    return PAGE_PASS


def row_from_report(
    report: Report, *, fail_on: str = "error", strings: StringPool | None = None, folder: str | None = None
) -> PageRow:
    """The compact row of a report; the page's status is the report's own. ``folder``: where the report is
    written, for the addresses of its pictures."""
    strings = strings or StringPool()
    cells = tuple(
        _cell(strings, r.id, r.status.value, r.severity.value, r.baselined, r.message, r.evidence, fail_on, folder)
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


def row_from_dict(
    data: Mapping[str, Any], *, fail_on: str = "error", strings: StringPool | None = None, folder: str | None = None
) -> PageRow:
    """The compact row of one line of a JSON Lines results file. The page's status is decided again from its
    rules with ``fail_on`` (so that cells and pages agree); a page with an ``error`` is never a pass. ``folder``:
    where the report is written, for the addresses of its pictures (saved relative to the current folder).
    :class:`ValueError`, :class:`KeyError`, :class:`TypeError` or :class:`AttributeError` when it is not one."""
    strings = strings or StringPool()
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
                folder,
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
    strings: StringPool,
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
        host=strings(host_of(url_text or target_text), 300) or "?",
        status=status,
        title=strings(title),
        original=strings(original, MAX_URL),
        error=strings(error, MAX_MESSAGE),
        http_status=http_status,
        cells=cells,
        ruleset=strings(ruleset, 100) or "",
    )
