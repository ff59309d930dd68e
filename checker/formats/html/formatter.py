"""How does a run write the HTML report? :class:`HtmlFormatter`, the ``html`` format: it keeps a compact row per
page as reports come and writes the whole document at the end."""

from __future__ import annotations

from datetime import datetime

from ...report import Report, Status
from ...summary import Summary
from .._common import check_fail_on
from .document import render_report
from .results import parse_time
from .rows import PageRow, StringPool, row_from_report


class HtmlFormatter:
    """The ``html`` format: nothing until the end, then the whole document. Keeps one compact
    :class:`PageRow` per page (about a kilobyte), not the reports."""

    def __init__(
        self,
        *,
        fail_on: str = "error",
        title: str = "repcheck report",
        generated: datetime | None = None,
        folder: str | None = None,
    ) -> None:
        self.fail_on = check_fail_on(fail_on)
        self.folder = folder  # where the report is written: its pictures are addressed from there
        self.title = title
        self.generated = generated
        self.rows: list[PageRow] = []
        self.rule_titles: dict[str, str] = {}
        self.packs: list[str] = []
        self.checked: datetime | None = None
        self._strings = StringPool()

    def start(self) -> str:
        return ""

    def page(self, report: Report) -> str:
        if report.status is Status.SKIP:
            return ""
        self.rows.append(row_from_report(report, fail_on=self.fail_on, strings=self._strings, folder=self.folder))
        for rule in report.rules:
            if rule.id not in self.rule_titles:
                self.rule_titles[self._strings(rule.id, 200) or "?"] = self._strings(rule.title) or ""
        if report.ruleset and report.ruleset not in self.packs:
            self.packs.append(report.ruleset)
        moment = parse_time(getattr(report, "checked_at", None))
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
