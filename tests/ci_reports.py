"""Reports for the CI format tests (JUnit, GitHub, the step summary): passing, failing, erroring, hostile and
local pages, built in code."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from checker.report import Evidence, Report, RuleResult, Severity, Status
from checker.summary import Summary

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "data" / "junit.xsd")))

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 (the severities' initials, for the tables)
NASTY = "By <script>alert(\"x\")</script> & 'Co' ]]> \f\x00end\nsecond line"


def rule(
    rule_id: str,
    status: Status,
    severity: Severity = E,
    message: str = "",
    evidence: Evidence | None = None,
    title: str | None = None,
    baselined: bool = False,
) -> RuleResult:
    return RuleResult(
        rule_id,
        status,
        severity,
        rule_id.title() if title is None else title,
        message or f"{rule_id} {status}",
        evidence,
        baselined,
    )


def report(
    target: str,
    rules: tuple[RuleResult, ...],
    *,
    url: str | None = "",
    status: Status | None = None,
    error: str | None = None,
    http_status: int | None = 200,
    elapsed_ms: int | None = 1234,
) -> Report:
    if status is None:
        status = (
            Status.FAIL
            if any(r.status is Status.FAIL and r.severity is E for r in rules)
            else Status.ERROR
            if error
            else Status.PASS
        )
    return Report(
        target=target,
        url=target if url == "" else url,
        http_status=http_status,
        status=status,
        error=error,
        ruleset="dcnf",
        reporter=None if error else "Nick Pope",
        reporter_source=None if error else "option",
        rules=rules,
        elapsed_ms=elapsed_ms,
    )


PASSING = report(
    "https://partner.example/passing",
    (
        rule(
            "logo",
            Status.PASS,
            message="DCNF logo found",
            evidence=Evidence(where="article > img", snippet="DCNF logo"),
        ),
        rule("byline", Status.PASS, message="byline names Nick Pope"),
        rule("original-text", Status.SKIP, I, message="needs --original"),
    ),
)
FAILING = report(
    "https://partner.example/failing",
    (
        rule(
            "logo",
            Status.FAIL,
            message="no DCNF logo in the article",
            evidence=Evidence(
                where="article",
                looked_for="an image naming the Daily Caller News Foundation",
                also=("img[alt=Partner logo]", "img[alt=Ad]"),
            ),
        ),
        rule("byline", Status.PASS),
        rule("affiliation", Status.FAIL, W, message="no link to dailycallernewsfoundation.org"),
    ),
)
ERRORING = report(
    "https://partner.example/gone",
    tuple(
        rule(rule_id, Status.ERROR, message="not checked: HTTP 404 Not Found")
        for rule_id in ("logo", "byline", "affiliation")
    ),
    error="HTTP 404 Not Found",
    http_status=404,
    elapsed_ms=None,
)
NASTY_PAGE = report(
    "https://partner.example/nasty",
    (
        rule(
            "byline",
            Status.FAIL,
            message="the byline names somebody else: " + NASTY,
            evidence=Evidence(where='div[class="by"]', snippet=NASTY),
        ),
    ),
)
LOCAL = report("saved/page.html", (rule("logo", Status.FAIL, message="no DCNF logo"),), url=None, http_status=None)
INFO_FAILING = report("https://partner.example/info", (rule("original-text", Status.FAIL, I, message="text edited"),))
PAGES = [PASSING, FAILING, ERRORING, NASTY_PAGE, LOCAL, INFO_FAILING]


def summary_of(reports: list[Report]) -> Summary:
    summary = Summary()
    for item in reports:
        summary.add(item)
    return summary
