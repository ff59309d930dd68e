"""What did an earlier, interrupted run already write? Read back an audit's output file for ``--resume``.

Each page is written as whole lines in one write and flushed, so after a crash, a kill or Ctrl-C the file holds
every page finished, plus at most one page cut short: a JSON line without its end, or some of a page's CSV rows.
:func:`read_back` drops that page, and whatever else is not a whole page (a line damaged some other way, a page
written twice), rewrites the file without it, warns about each damaged line by number, and the pages dropped are
checked again, as they are not among the pages read back. A file written in another format is refused, untouched.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from ..engine import Checker
from ..errors import ReportWriteError, UsageProblem
from ..formats.csv import COLUMNS
from ..report import Status

# The rule ids a complete page may have, in the order they are written, for a page's target and URL.
RuleSets = Callable[[str, str | None], Collection[tuple[str, ...]]]

_STATUSES = {s.value for s in Status}
CSV_HEADER = ",".join(COLUMNS)
_TARGET_IN_LINE = re.compile(r'"target"\s*:\s*"((?:[^"\\]|\\.)*)"')


class NotResumable(UsageProblem):
    """The output file is not what ``--resume`` can read back in the run's format: exit 2, file untouched."""


@dataclass(frozen=True)
class Record:
    """What the summary needs of one page already in the output file."""

    target: str
    url: str | None
    status: Status
    failed_rules: list[str]
    error: str | None


@dataclass
class ReadBack:
    """An output file read back: the pages in it, and what was dropped from it (one line for people each)."""

    records: list[Record] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def trim_partial_line(path: str) -> int:
    """Cut a last line that has no newline (a write interrupted half-way). Returns the bytes removed."""
    try:
        with open(path, "rb+") as handle:
            size = handle.seek(0, os.SEEK_END)
            if size == 0:
                return 0
            step = 65_536
            end = size
            while end > 0:
                start = max(0, end - step)
                handle.seek(start)
                chunk = handle.read(end - start)
                newline = chunk.rfind(b"\n")
                if newline != -1:
                    keep = start + newline + 1
                    break
                end = start
            else:
                keep = 0
            if keep < size:
                handle.truncate(keep)
            return size - keep
    except FileNotFoundError:
        return 0


def read_records(path: str, fmt: str) -> Iterator[Record]:
    """The pages recorded in an output file written in ``fmt`` (``jsonl`` or ``csv``), without changing it. Lines
    that cannot be read are passed over: they will be checked again."""
    text = _read_text(path)
    if text is not None:
        yield from _parse(text, fmt, None).records


def read_back(path: str, fmt: str, rule_sets: RuleSets | None = None) -> ReadBack:
    """``--resume``: the pages an earlier run wrote to ``path`` in ``fmt`` (``jsonl`` or ``csv``).

    Refuses (:class:`NotResumable`) a file in another format, leaving it as it is. Otherwise drops what is not
    a complete page, rewriting the file without it: a line cut short at the end (silently: a run stopped while
    writing), any other line that is not a report, a page written twice (after the first time), and a page whose
    CSV rows are damaged or, for the file's last page, are not ``rule_sets(target)`` (None: trusted)."""
    try:
        text = _read_text(path)
        if not text:
            return ReadBack()
        if fmt == "csv" and "\n" not in text and CSV_HEADER.startswith(text):
            _replace(path, "")  # the run was stopped while writing the header
            return ReadBack()
        _refuse_other_format(path, text, fmt)
        parsed = _parse(text, fmt, rule_sets)
        if parsed.kept != text:
            _replace(path, parsed.kept)
    except OSError as exc:
        raise ReportWriteError(f"--resume: {exc}") from None
    name = os.path.basename(path)
    return ReadBack(parsed.records, [f"{name} {reason}" for reason in parsed.dropped])


def rule_sets(checker: Checker) -> RuleSets:
    """The rule ids a page checked by ``checker`` is written with: the run's pack (a page that could not be
    fetched), or the pack of the page's own rule settings (a config override for its URL). With ``--rules auto``
    the pack depends on the page, so no set is known and a last page is always checked again."""

    def sets(target: str, url: str | None) -> set[tuple[str, ...]]:
        if checker.auto:
            return set()
        packs = [checker.pack]
        for location in (target, url):
            own = checker.page_rules(location)
            if own is not None:
                packs.append(checker.pack_for(own.severity, own.disabled))
        return {tuple(rule.id for rule in pack.rules) for pack in packs}

    return sets


# ---- reading ---------------------------------------------------------------------------------------------------
def _read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _lines(text: str) -> list[str]:
    """``text``'s lines, each with its newline (the last may have none): split at ``\\n`` only, as written, not
    at the other line breaks :meth:`str.splitlines` knows (U+2028 in a page's title is not the end of a line)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _looks_like(text: str) -> str:
    """What a file's start suggests it is, for the message refusing it."""
    start = text.lstrip("\ufeff \t\r\n")[:200].lower()
    for prefix, kind in (
        ("{", "JSON Lines"),
        ("[", "JSON"),
        ("<?xml", "XML (JUnit?)"),
        ("<testsuite", "JUnit XML"),
        ("<!doctype html", "HTML"),
        ("<html", "HTML"),
        ("::", "GitHub annotations"),
        ("target,", "CSV"),
    ):
        if start.startswith(prefix):
            return kind
    return "text"


def _refuse_other_format(path: str, text: str, fmt: str) -> None:
    kind = _looks_like(text)
    expected = "CSV" if fmt == "csv" else "JSON Lines"
    if fmt == "csv":
        header = next(csv.reader([text.lstrip("\ufeff").partition("\n")[0]]), [])
        fits = bool(header) and header[0] == "target" and "page_status" in header and "rule" in header
    else:
        lines = _lines(text)
        whole = [line for line in lines if line.endswith("\n") and line.strip()]
        fits = kind == expected and (not whole or any(_json_record(line) for line in whole))
    if not fits:
        looks = f"it looks like {kind}" if kind != expected else "no line in it is a repcheck report"
        raise NotResumable(
            f"--resume cannot read {path} as {expected} ({looks}): nothing was checked and the file is unchanged; "
            f"give the --format it was written in, or another --output"
        )


@dataclass
class _Parsed:
    records: list[Record] = field(default_factory=list)
    kept: str = ""
    dropped: list[str] = field(default_factory=list)


def _parse(text: str, fmt: str, rule_sets: RuleSets | None) -> _Parsed:
    return _parse_csv(text, rule_sets) if fmt == "csv" else _parse_jsonl(text)


def _json_record(line: str) -> Record | None:
    try:
        data = json.loads(line)
        return Record(
            target=str(data["target"]),
            url=data.get("url"),
            status=Status(data["status"]),
            failed_rules=[r["id"] for r in data.get("rules") or () if r.get("status") == "fail"],
            error=data.get("error"),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _target_in(line: str) -> str | None:
    """The target a damaged JSON line seems to be the report of, if it can be told."""
    found = _TARGET_IN_LINE.search(line)
    try:
        return str(json.loads(f'"{found.group(1)}"')) if found else None
    except ValueError:
        return None


def _parse_jsonl(text: str) -> _Parsed:
    parsed = _Parsed()
    kept: list[str] = []
    seen: set[str] = set()
    bad: list[tuple[int, str | None]] = []  # line numbers, with the page each seems to be of
    again: list[tuple[int, str]] = []
    lines = _lines(text)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        record = _json_record(line) if line.endswith("\n") else None
        if record is None:
            if line.endswith("\n"):  # a last line without its end is a write cut short: no warning
                bad.append((number, _target_in(line)))
            continue
        if record.target in seen:
            again.append((number, record.target))
            continue
        seen.add(record.target)
        parsed.records.append(record)
        kept.append(line)
    reasons = [(n, f"line {n}: {target} is reported again; the copy is dropped") for n, target in again]
    reasons += [(n, f"line {n} is not a complete report; dropped, {_again(target, seen)}") for n, target in bad]
    parsed.dropped = [reason for _, reason in sorted(reasons)]
    parsed.kept = "".join(kept)
    return parsed


def _again(target: str | None, seen: Collection[str]) -> str:
    if target is None:
        return "its page is checked again (it is not among the pages read back)"
    if target in seen:
        return f"{target} has a complete report on another line"
    return f"{target} is checked again"


@dataclass
class _Page:
    """One page's CSV rows, as read."""

    target: str
    first_line: int
    damaged: bool  # a row of it, or next to it, cannot be read
    rows: list[list[str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def _csv_pages(lines: list[str], header: list[str], dropped: list[str]) -> list[_Page]:
    """The pages of a CSV file's rows (``lines`` after the header), in file order. A row that cannot be read
    is dropped: the pages on both sides of it may each have lost a row, so both are damaged. A last row cut
    short (a write interrupted) is dropped without a word: the last page's rules tell whether it is whole."""
    pages: list[_Page] = []
    reader = csv.reader(lines)
    consumed = 0
    suspect = False  # the next page follows a row that cannot be read
    while True:
        number = consumed + 2
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            dropped.append(f"lines {number}-{len(lines) + 1} cannot be read as CSV; dropped")
            suspect = True
            break
        raw = "".join(lines[consumed : reader.line_num])
        consumed = reader.line_num
        if not raw.endswith("\n"):
            break
        if len(row) != len(header) or not _csv_row_fits(dict(zip(header, row, strict=False))):
            dropped.append(f"line {number} is not a complete CSV row; dropped")
            if pages:
                pages[-1].damaged = True
            suspect = True
            continue
        if not pages or pages[-1].target != row[0]:
            pages.append(_Page(row[0], number, damaged=suspect))
        suspect = False
        pages[-1].rows.append(row)
        pages[-1].text.append(raw)
    if suspect and pages:
        pages[-1].damaged = True
    return pages


def _parse_csv(text: str, rule_sets: RuleSets | None) -> _Parsed:
    lines = _lines(text)
    header = next(csv.reader([lines[0]]))
    parsed = _Parsed()
    kept = [lines[0]]
    pages = _csv_pages(lines[1:], header, parsed.dropped)
    rule, url = header.index("rule"), header.index("url") if "url" in header else None
    seen: set[str] = set()
    for index, page in enumerate(pages):
        complete = not page.damaged
        if complete and index == len(pages) - 1 and rule_sets is not None:
            ids = tuple(row[rule] for row in page.rows if row[rule])
            complete = ids in rule_sets(page.target, (page.rows[0][url] or None) if url is not None else None)
        if page.target in seen:
            parsed.dropped.append(f"line {page.first_line}: {page.target} is reported again; its rows are dropped")
        elif complete:
            seen.add(page.target)
            kept.extend(page.text)
            parsed.records.append(_csv_record(header, page.rows))
        elif page.damaged:
            parsed.dropped.append(
                f"line {page.first_line}: the rows of {page.target} are damaged; dropped, {_again(page.target, seen)}"
            )
    parsed.kept = "".join(kept)
    return parsed


def _csv_row_fits(row: dict[str, str]) -> bool:
    return (
        bool(row.get("target"))
        and row.get("page_status") in _STATUSES
        and row.get("rule_status", "")
        in {
            "",
            *_STATUSES,
        }
    )


def _csv_record(header: list[str], rows: list[list[str]]) -> Record:
    first = dict(zip(header, rows[0], strict=False))
    failed = []
    for values in rows:
        row = dict(zip(header, values, strict=False))
        if row.get("rule_status") == "fail" and row.get("rule"):
            failed.append(row["rule"])
    return Record(
        first["target"], first.get("url") or None, Status(first["page_status"]), failed, first.get("error") or None
    )


# ---- rewriting -------------------------------------------------------------------------------------------------
def _replace(path: str, text: str) -> None:
    """Put ``text`` in place of the file at ``path`` at once: a crash leaves the old file or the new, whole."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".repcheck-resume-", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        mode = os.stat(path).st_mode & 0o7777
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
