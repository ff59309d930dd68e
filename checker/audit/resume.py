"""What did an earlier, interrupted run already write? Read back an audit's output file for ``--resume``.

Each page is written as whole lines in one write and flushed, so after a crash, a kill or Ctrl-C the file holds
every page finished, plus at most one page cut short: a JSON line without its end, or some of a page's CSV rows.
:func:`read_back` drops that page, and whatever else is not a whole page (a line damaged some other way, a page
written twice), rewrites the file without it, warns about each damaged line by number, and the pages dropped are
checked again, as they are not among the pages read back. A file written in another format is refused, untouched.
"""

from __future__ import annotations

import contextlib
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
    failed_rules: list[tuple[str, str]]  # id and severity of each failed rule the baseline did not know
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
    try:
        with _open(path) as lines:
            yield from _parse(lines, fmt, None).records
    except (FileNotFoundError, _OtherFormat):
        return


def read_back(path: str, fmt: str, rule_sets: RuleSets | None = None) -> ReadBack:
    """``--resume``: the pages an earlier run wrote to ``path`` in ``fmt`` (``jsonl`` or ``csv``).

    Refuses (:class:`NotResumable`) a file in another format, leaving it as it is. Otherwise drops what is not
    a complete page, rewriting the file without it: a line cut short at the end (silently: a run stopped while
    writing), any other line that is not a report, a page written twice (after the first time), and a page whose
    CSV rows are damaged or, for the file's last page, are not ``rule_sets(target, url)`` (None: trusted).
    The file is read as a stream, twice at most: its size does not matter."""
    expected = "CSV" if fmt == "csv" else "JSON Lines"
    try:
        with _open(path) as lines:
            parsed = _parse(lines, fmt, rule_sets)
        if parsed.drop:
            _rewrite_without(path, parsed.drop)
    except FileNotFoundError:
        return ReadBack()
    except _OtherFormat as exc:
        raise NotResumable(
            f"--resume cannot read {path} as {expected} ({exc}): nothing was checked and the file is unchanged; "
            f"give the --format it was written in, or another --output"
        ) from None
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
class _OtherFormat(Exception):
    """The file is not in the format asked for: ``str()`` says what it looks like."""


@contextlib.contextmanager
def _open(path: str) -> Iterator[Iterator[tuple[int, str]]]:
    """The lines of the file at ``path``, numbered from 1, each with its newline (the last may have none). Split
    at ``\\n`` only, as written, not at the other line breaks Python knows (U+2028 in a title ends no line)."""
    with open(path, encoding="utf-8", errors="replace", newline="\n") as handle:
        yield enumerate(handle, 1)


def _looks_like(line: str) -> str:
    """What a file's first line suggests it is, for the message refusing it."""
    start = line.lstrip("\ufeff \t\r\n")[:200].lower()
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
            return f"it looks like {kind}"
    return "it looks like text"


@dataclass
class _Parsed:
    records: list[Record] = field(default_factory=list)
    drop: set[int] = field(default_factory=set)  # the numbers of the lines to take out of the file
    dropped: list[str] = field(default_factory=list)  # why, for people (a line cut short at the end: nothing)


def _parse(lines: Iterator[tuple[int, str]], fmt: str, rule_sets: RuleSets | None) -> _Parsed:
    return _parse_csv(lines, rule_sets) if fmt == "csv" else _parse_jsonl(lines)


def _json_record(line: str) -> Record | None:
    try:
        data = json.loads(line)
        return Record(
            target=str(data["target"]),
            url=data.get("url"),
            status=Status(data["status"]),
            failed_rules=[
                (r["id"], r.get("severity") or "error")
                for r in data.get("rules") or ()
                if r.get("status") == "fail" and not r.get("baselined")
            ],
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


def _parse_jsonl(lines: Iterator[tuple[int, str]]) -> _Parsed:
    parsed = _Parsed()
    seen: set[str] = set()
    bad: list[tuple[int, str | None]] = []  # line numbers, with the page each seems to be of
    again: list[tuple[int, str]] = []
    for number, line in lines:
        if not line.strip():
            parsed.drop.add(number)
            continue
        if not parsed.records and not bad and not line.lstrip("\ufeff \t").startswith("{"):
            raise _OtherFormat(_looks_like(line))
        record = _json_record(line) if line.endswith("\n") else None
        if record is None:
            parsed.drop.add(number)
            if line.endswith("\n"):  # a last line without its end is a write cut short: no warning
                bad.append((number, _target_in(line)))
        elif record.target in seen:
            parsed.drop.add(number)
            again.append((number, record.target))
        else:
            seen.add(record.target)
            parsed.records.append(record)
    if bad and not parsed.records:
        raise _OtherFormat("no line in it is a repcheck report")
    reasons = [(n, f"line {n}: {target} is reported again; the copy is dropped") for n, target in again]
    reasons += [(n, f"line {n} is not a complete report; dropped, {_again(target, seen)}") for n, target in bad]
    parsed.dropped = [reason for _, reason in sorted(reasons)]
    return parsed


def _again(target: str | None, seen: Collection[str]) -> str:
    if target is None:
        return "its page is checked again (it is not among the pages read back)"
    if target in seen:
        return f"{target} has a complete report on another line"
    return f"{target} is checked again"


@dataclass
class _Page:
    """One page's CSV rows, as read: the first and last of their lines, the rows, whether any is damaged."""

    target: str
    first_line: int
    damaged: bool  # a row of it, or next to it, cannot be read
    last_line: int = 0
    rows: list[list[str]] = field(default_factory=list)


def _csv_pages(lines: Iterator[tuple[int, str]], header: list[str], parsed: _Parsed) -> Iterator[_Page]:
    """The pages of a CSV file's rows (``lines`` after the header), in file order. A row that cannot be read is
    dropped: the pages on both sides of it may each have lost a row, so both are damaged. A last row cut short
    (a write interrupted) is dropped without a word: the last page's rules tell whether it is whole."""
    last: list[tuple[int, str]] = [(1, "")]  # the line the reader took last

    def text() -> Iterator[str]:
        for number, line in lines:
            last[0] = (number, line)
            yield line

    reader = csv.reader(text())
    consumed = 1  # the header
    page: _Page | None = None
    suspect = False  # the next page follows a row that cannot be read
    while True:
        number = consumed + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            parsed.dropped.append(f"line {number} and after cannot be read as CSV; dropped")
            end = max([last[0][0], *(n for n, _ in lines)])
            parsed.drop.update(range(number, end + 1))
            suspect = True
            break
        consumed = 1 + reader.line_num
        if not last[0][1].endswith("\n"):
            parsed.drop.update(range(number, consumed + 1))
            break
        if len(row) != len(header) or not _csv_row_fits(dict(zip(header, row, strict=False))):
            parsed.dropped.append(f"line {number} is not a complete CSV row; dropped")
            parsed.drop.update(range(number, consumed + 1))
            if page is not None:
                page.damaged = True
            suspect = True
            continue
        if page is None or page.target != row[0]:
            if page is not None:
                yield page
            page = _Page(row[0], number, damaged=suspect)
        suspect = False
        page.rows.append(row)
        page.last_line = consumed
    if page is not None:
        page.damaged = page.damaged or suspect
        yield page


def _parse_csv(lines: Iterator[tuple[int, str]], rule_sets: RuleSets | None) -> _Parsed:
    parsed = _Parsed()
    first = next(lines, None)
    if first is None:
        return parsed
    header = next(csv.reader([first[1]]), [])
    if not first[1].endswith("\n") and CSV_HEADER.startswith(first[1]):
        parsed.drop.add(1)  # the run was stopped while writing the header
        return parsed
    if not header or header[0] != "target" or "page_status" not in header or "rule" not in header:
        looks = _looks_like(first[1])
        raise _OtherFormat(looks if looks != "it looks like CSV" else "its first line is not repcheck's CSV header")
    rule, url = header.index("rule"), header.index("url") if "url" in header else None
    seen: set[str] = set()
    pages = _csv_pages(lines, header, parsed)
    page = next(pages, None)
    while page is not None:
        following = next(pages, None)
        complete = not page.damaged
        if complete and following is None and rule_sets is not None:
            ids = tuple(row[rule] for row in page.rows if row[rule])
            complete = ids in rule_sets(page.target, (page.rows[0][url] or None) if url is not None else None)
        duplicate = page.target in seen
        if duplicate:
            parsed.dropped.append(f"line {page.first_line}: {page.target} is reported again; its rows are dropped")
        elif complete:
            seen.add(page.target)
            parsed.records.append(_csv_record(header, page.rows))
        elif page.damaged:
            parsed.dropped.append(
                f"line {page.first_line}: the rows of {page.target} are damaged; dropped, {_again(page.target, seen)}"
            )
        if duplicate or not complete:
            parsed.drop.update(range(page.first_line, page.last_line + 1))
        page = following
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
    failed: list[tuple[str, str]] = []
    for values in rows:
        row = dict(zip(header, values, strict=False))
        if row.get("rule_status") == "fail" and row.get("rule"):
            failed.append((row["rule"], row.get("severity") or "error"))
    return Record(
        first["target"], first.get("url") or None, Status(first["page_status"]), failed, first.get("error") or None
    )


# ---- rewriting -------------------------------------------------------------------------------------------------
def _rewrite_without(path: str, drop: Collection[int]) -> None:
    """Take the lines numbered ``drop`` out of the file at ``path``, at once: a crash leaves the old file or the
    new, whole (a copy without them replaces it)."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".repcheck-resume-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out, open(path, "rb") as source:
            for number, line in enumerate(source, 1):  # binary lines end at b"\n" only, as the text read did
                if number not in drop:
                    out.write(line)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, os.stat(path).st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
