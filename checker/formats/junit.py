"""How does a CI test-result view show the verdicts? ``junit``: JUnit XML for CI test-result views (Jenkins, GitLab).
One ``<testsuite>`` per page, one ``<testcase>`` per rule, streamed: the root ``<testsuites>`` carries no totals, since
they are unknown until the end.

In JUnit terms a rule is:

- a ``<failure>`` when it failed at or above the run's threshold (``fail_on``, see
  :func:`checker.report.fails_build`), with the message, the severity and the evidence as text;
- a passing test case with a ``<system-out>`` saying so when it failed below the threshold or the baseline knows
  the failure (still reported, but it does not fail the build);
- an ``<error>`` when it could not be evaluated (every rule of a page that could not be checked, with the reason);
- ``<skipped>`` when it does not apply to this run;
- a passing test case with its message and evidence in ``<system-out>`` otherwise, so passes are visible too.

The output is valid against the common JUnit schema (Jenkins' ``junit-10.xsd``, as GitLab reads it). Text from a
page can hold anything: characters that XML 1.0 forbids are dropped, the rest is escaped by lxml.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from lxml import etree

from ..defaults import DEFAULT_FAIL_ON
from ..report import Report, RuleResult, Severity, Status, fails_build
from ..summary import Summary
from ._common import check_fail_on, evidence_lines, xml_text


def _seconds(elapsed_ms: int | None) -> str:
    """Milliseconds as seconds with at most three decimals and no exponent, as the schema's time type wants."""
    if not elapsed_ms:
        return "0"
    return f"{elapsed_ms / 1000:.3f}".rstrip("0").rstrip(".")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {key: xml_text(value) for key, value in attrib.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


class JunitFormatter:
    def __init__(self, *, fail_on: str = DEFAULT_FAIL_ON, suite_name: str = "repcheck") -> None:
        self.fail_on = check_fail_on(fail_on)
        self.suite_name = suite_name

    def start(self) -> str:
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name={quoteattr(xml_text(self.suite_name))}>\n'

    def page(self, report: Report) -> str:
        page = report.url or report.target
        rules = report.rules
        if not rules and report.error:  # no rule to carry the reason: an unchecked page must still show
            rules = (
                RuleResult(
                    "page", Status.ERROR, Severity.ERROR, "could not check the page", f"not checked: {report.error}"
                ),
            )
        suite = etree.Element(
            "testsuite",
            {
                "name": xml_text(page),
                "tests": str(len(rules)),
                "failures": str(sum(fails_build(rule, self.fail_on) for rule in rules)),
                "errors": str(sum(rule.status is Status.ERROR for rule in rules)),
                "skipped": str(sum(rule.status is Status.SKIP for rule in rules)),
                "time": _seconds(report.elapsed_ms),
            },
        )
        properties = _sub(suite, "properties")
        for name, value in (
            ("pack", report.ruleset),
            ("reporter", report.reporter),
            ("reporter_source", report.reporter_source),
            ("http_status", report.http_status),
            ("url", report.url),
            ("original", report.original),
        ):
            if value is not None:
                _sub(properties, "property", name=name, value=str(value))
        for rule in rules:
            self._testcase(suite, report, rule)
        etree.indent(suite, space="  ", level=1)
        return "  " + etree.tostring(suite, encoding="unicode") + "\n"

    def _testcase(self, suite: etree._Element, report: Report, rule: RuleResult) -> None:
        case = _sub(
            suite,
            "testcase",
            classname=report.target,
            name=f"{rule.id}: {rule.title}" if rule.title else rule.id,
            time="0",
        )
        details = evidence_lines(rule.evidence)
        if rule.status is Status.FAIL:
            if fails_build(rule, self.fail_on):
                _sub(
                    case,
                    "failure",
                    "\n".join([rule.message, f"severity: {rule.severity}", *details]),
                    message=rule.message,
                    type=rule.id,
                )
            else:
                why = "in the baseline, not failing the build" if rule.baselined else "not failing the build"
                _sub(case, "system-out", "\n".join([f"{rule.severity} ({why}): {rule.message}", *details]))
        elif rule.status is Status.ERROR:
            message = rule.message or f"not checked: {report.error}"
            _sub(case, "error", "\n".join([message, *details]), message=message, type="error")
        elif rule.status is Status.SKIP:
            _sub(case, "skipped", message=rule.message)
        else:
            _sub(case, "system-out", "\n".join([f"pass: {rule.message}", *details]))

    def end(self, summary: Summary) -> str:
        return "</testsuites>\n"
