"""What data does the page table's script read? The rows as compact JSON, each string once, safe inside a
``<script>`` element."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from .rows import PASS, Cell, PageRow

STRING_BUDGET = 8_000_000
"""When the distinct strings of the page table would pass this many bytes, the evidence (where, snippet) of
passing rules is left out: their messages stay, and everything about the rules that did not pass."""
PAGE_STEP = 200
"""The page table shows this many rows, and as many more at each "show more"."""
TABLE_ORDER = (2, 0, 1)
"""Rank of each page status in the table: non-compliant pages first, then unchecked ones, then compliant ones."""


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


class CssPathSteps:
    """The steps of a CSS path (``a > b``: ``[a, b]``), or ``None`` for a path of one step; each path split once."""

    def __init__(self) -> None:
        self._steps: dict[str, list[str] | None] = {}

    def __call__(self, where: str) -> list[str] | None:
        if where not in self._steps:
            found = where.split(" > ")
            self._steps[where] = found if len(found) > 1 and all(found) else None
        return self._steps[where]


def _string_uses(rows: Sequence[PageRow], path_steps: CssPathSteps, lean: bool) -> Counter[str | None]:
    """How often each string of the table is used; ``lean``: without the evidence of passing rules."""
    uses: Counter[str | None] = Counter()
    for row in rows:
        uses.update((row.title, row.original, row.error))
        if row.url and row.target != row.url:
            uses[row.target] += 1
        for cell in row.cells:
            uses.update((cell.message, cell.looked_for, cell.screenshot))
            uses.update(cell.also)
            if lean and cell.kind == PASS:
                continue
            uses[cell.snippet] += 1
            if cell.where:
                parts = path_steps(cell.where)
                if parts:
                    uses.update(parts)
                else:
                    uses[cell.where] += 1
    uses.pop(None, None)
    uses.pop("", None)
    return uses


def _string_table(rows: Sequence[PageRow], path_steps: CssPathSteps) -> tuple[list[str], bool]:
    """The table's strings, the most used first, after ``""`` (index 0: none); and whether the table is lean (the
    evidence of passing rules left out, when all of it would pass :data:`STRING_BUDGET`)."""
    lean = False
    uses = _string_uses(rows, path_steps, lean)
    if sum(len(t) if t.isascii() else len(t.encode("utf-8", "replace")) for t in uses if t) > STRING_BUDGET:
        lean = True
        uses = _string_uses(rows, path_steps, lean)
    return ["", *(text for text, _ in uses.most_common() if text)], lean


class _Indexer:
    """Writes rows and cells as lists of string indexes."""

    def __init__(self, strings: Sequence[str], path_steps: CssPathSteps, lean: bool) -> None:
        self.index: dict[str | None, int] = {text: i for i, text in enumerate(strings)}
        self.path_steps = path_steps
        self.lean = lean

    def cell(self, cell: Cell) -> list[Any]:
        """``[kind + 8 * severity, message, where, snippet, looked_for, *also]``, trailing zeros left out."""
        get = self.index.get
        if self.lean and cell.kind == PASS:
            return [cell.kind + 8 * cell.severity, get(cell.message, 0)]
        where: Any = 0
        if cell.where:
            parts = self.path_steps(cell.where)
            where = [self.index[part] for part in parts] if parts else self.index[cell.where]
        entry = [
            cell.kind + 8 * cell.severity,
            get(cell.message, 0),
            where,
            get(cell.snippet, 0),
            get(cell.looked_for, 0),
        ]
        if cell.also:
            entry.extend(self.index[item] for item in cell.also)
        else:
            while len(entry) > 1 and entry[-1] == 0:
                entry.pop()
        return entry

    def page(self, row: PageRow, rule_index: Mapping[str, int], host_index: Mapping[str, int]) -> list[Any]:
        """``[name, target, title, host, status, original, error, http_status, cells, shots]``; ``shots``, the
        ``[rule, picture]`` pairs of ``--screenshots``, only when there are any."""
        get = self.index.get
        cells: list[Any] = [0] * len(rule_index)
        for cell in row.cells:
            cells[rule_index[cell.rule]] = self.cell(cell)
        name = row.url or row.target
        return [
            name,
            get(row.target, 0) if row.target != name else 0,
            get(row.title, 0),
            host_index[row.host],
            row.status,
            get(row.original, 0),
            get(row.error, 0),
            row.http_status or 0,
            cells,
            *([shots] if (shots := self.shots(row, rule_index)) else []),
        ]

    def shots(self, row: PageRow, rule_index: Mapping[str, int]) -> list[list[int]]:
        return [[rule_index[cell.rule], self.index[cell.screenshot]] for cell in row.cells if cell.screenshot]


def page_data(
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
    ordered = sorted(rows, key=lambda r: (TABLE_ORDER[r.status], r.host, r.url or r.target))
    path_steps = CssPathSteps()
    strings, lean = _string_table(ordered, path_steps)
    indexer = _Indexer(strings, path_steps, lean)
    host_index = {host: i for i, host in enumerate(hosts)}
    rule_index = {rule_id: i for i, rule_id in enumerate(rule_order)}
    return {
        "rules": [[rule_id, rule_titles.get(rule_id, "")] for rule_id in rule_order],
        "hosts": hosts,
        "strings": strings,
        "pages": [indexer.page(row, rule_index, host_index) for row in ordered],
        "step": PAGE_STEP,
        "failOn": fail_on,
        "lean": lean,
    }
