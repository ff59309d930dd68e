"""What did an earlier, interrupted run already write? Read back an audit's output file for ``--resume``.

Each page is written as whole lines and flushed, so after a crash, a kill or Ctrl-C the file holds every page
finished, plus at most one line cut short, which :func:`trim_partial_line` removes before new lines are appended.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..report import Status


@dataclass(frozen=True)
class Record:
    """What the summary needs of one page already in the output file."""

    target: str
    url: str | None
    status: Status
    failed_rules: list[tuple[str, str]]  # id and severity of each failed rule the baseline did not know
    error: str | None


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
    """The pages recorded in an output file written in ``fmt`` (``jsonl`` or ``csv``). Lines that cannot be read
    are passed over: they will be checked again."""
    try:
        handle = open(path, encoding="utf-8", errors="replace", newline="")  # noqa: SIM115
    except FileNotFoundError:
        return
    with handle:
        if fmt == "csv":
            yield from _csv_records(handle)
            return
        for line in handle:
            try:
                data = json.loads(line)
                yield Record(
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
                continue


def _csv_records(handle: Iterable[str]) -> Iterator[Record]:
    current: Record | None = None
    for row in csv.DictReader(handle):
        target, status = row.get("target"), row.get("page_status")
        if not target or status not in {s.value for s in Status}:
            continue
        if current is None or current.target != target:
            if current is not None:
                yield current
            current = Record(target, row.get("url") or None, Status(status), [], row.get("error") or None)
        if row.get("rule_status") == "fail" and row.get("rule"):
            current.failed_rules.append((row["rule"], row.get("severity") or "error"))
    if current is not None:
        yield current
