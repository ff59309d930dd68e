"""How does a person read the verdicts in a terminal? ``text``: for people. Per page, a header line and one line per
rule with the evidence or reason; a summary."""

from __future__ import annotations

import click

from ..report import Report, RuleResult, Status
from ..summary import Summary

_COLORS = {Status.PASS: "green", Status.FAIL: "red", Status.ERROR: "yellow", Status.SKIP: "blue"}


class TextFormatter:
    def __init__(self, *, color: bool = False) -> None:
        self.color = color

    def _status(self, status: Status, width: int = 5) -> str:
        label = status.value.upper().ljust(width)
        return click.style(label, fg=_COLORS[status], bold=True) if self.color else label

    def start(self) -> str:
        return ""

    def page(self, report: Report) -> str:
        lines = [f"{self._status(report.status)} {report.target}"]
        details = []
        if report.url and report.url != report.target:
            details.append(f"final URL {report.url}")
        if report.http_status:
            details.append(f"HTTP {report.http_status}")
        details.append(f"pack {report.ruleset}")
        if report.reporter:
            details.append(f"reporter {report.reporter} ({report.reporter_source})")
        lines.append("      " + " · ".join(details))
        if report.error:
            lines.append(f"      could not be checked: {report.error}")
        else:
            width = max((len(r.id) for r in report.rules), default=0)
            for rule in report.rules:
                lines.append(self._rule_line(rule, width))
        return "\n".join(lines) + "\n\n"

    def _rule_line(self, rule: RuleResult, width: int) -> str:
        text = f"  {self._status(rule.status, 5)} {rule.id.ljust(width)}  {rule.message}"
        if rule.severity.value != "error":
            text += f" [{rule.severity.value}]"
        evidence = rule.evidence
        if evidence is not None and evidence.where:
            text += f"\n  {' ' * (width + 8)}at {evidence.where}"
            if evidence.snippet:
                text += f': "{evidence.snippet}"'
        elif evidence is not None and rule.status is Status.FAIL and evidence.also:
            text += f"\n  {' ' * (width + 8)}found: {evidence.also[0]}"
        elif evidence is not None and rule.status is Status.FAIL and evidence.looked_for:
            text += f"\n  {' ' * (width + 8)}looked for: {evidence.looked_for}"
        return text

    def end(self, summary: Summary) -> str:
        noun = "page" if summary.pages == 1 else "pages"
        text = (
            f"{summary.pages} {noun}: {summary.passed} passed, {summary.failed} failed, "
            f"{summary.errored} could not be checked"
        )
        counts = []
        if summary.failures_by_rule:
            counts.append("failures: " + ", ".join(f"{k} {v:,}" for k, v in sorted(summary.failures_by_rule.items())))
        if summary.below_threshold():
            counts.append(summary.below_threshold())
        if counts:
            text += " (" + "; ".join(counts) + ")"
        return text + "\n"
