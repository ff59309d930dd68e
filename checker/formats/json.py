"""How does a program read the verdicts? ``json``: one JSON array of reports (even for one target). ``jsonl``: one
report per line."""

from __future__ import annotations

import json

from ..report import Report
from ..summary import Summary


def dumps(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=False)


class JsonFormatter:
    def __init__(self) -> None:
        self._count = 0

    def start(self) -> str:
        return "["

    def page(self, report: Report) -> str:
        self._count += 1
        return ("\n" if self._count == 1 else ",\n") + dumps(report)

    def end(self, summary: Summary) -> str:
        return "\n]\n" if self._count else "]\n"


class JsonLinesFormatter:
    def start(self) -> str:
        return ""

    def page(self, report: Report) -> str:
        return dumps(report) + "\n"

    def end(self, summary: Summary) -> str:
        return ""
