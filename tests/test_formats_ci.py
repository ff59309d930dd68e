"""The CI formats: ``junit`` (JUnit XML, validated against tests/data/junit.xsd) and ``github`` (workflow commands and
the step summary), and that every OutputFormat builds a formatter that writes its format. Reports are built
directly, one per kind of page a run meets."""

from __future__ import annotations

import csv
import io
import json

import pytest
from ci_reports import (
    ERRORING,
    FAILING,
    INFO_FAILING,
    LOCAL,
    NASTY,
    NASTY_PAGE,
    PAGES,
    PASSING,
    SCHEMA,
    E,
    I,
    W,
    report,
    rule,
    summary_of,
)
from lxml import etree

from checker.formats import OutputFormat, formatter
from checker.formats.csv import COLUMNS as CSV_COLUMNS
from checker.formats.github import GithubFormatter
from checker.formats.junit import JunitFormatter
from checker.report import Report, Severity, Status, fails_build

# -- fails_build (checker.report's: the threshold both formats follow) -------------------------------------------------


@pytest.mark.parametrize(
    ("status", "severity", "fail_on", "expected"),
    [
        (Status.FAIL, E, "error", True),
        (Status.FAIL, W, "error", False),
        (Status.FAIL, I, "error", False),
        (Status.FAIL, E, "warning", True),
        (Status.FAIL, W, "warning", True),
        (Status.FAIL, I, "warning", False),
        (Status.FAIL, I, "info", True),
        (Status.FAIL, E, "never", False),
        (Status.PASS, E, "error", False),
        (Status.ERROR, E, "error", False),
        (Status.SKIP, E, "warning", False),
    ],
    ids=lambda value: str(value),
)
def test_fails_build(status: Status, severity: Severity, fail_on: str, expected: bool) -> None:
    assert fails_build(rule("logo", status, severity), fail_on) is expected


def test_a_baselined_failure_does_not_fail_the_build() -> None:
    assert not fails_build(rule("logo", Status.FAIL, E, baselined=True), "warning")


@pytest.mark.parametrize("make", [JunitFormatter, GithubFormatter], ids=["junit", "github"])
def test_unknown_threshold_is_refused(make) -> None:
    with pytest.raises(ValueError, match="fail_on must be one of error, warning, info, never"):
        make(fail_on="fatal")


# -- junit ------------------------------------------------------------------------------------------------------------


def junit(reports: list[Report], **options: str) -> str:
    fmt = JunitFormatter(**options)
    return fmt.start() + "".join(fmt.page(item) for item in reports) + fmt.end(summary_of(reports))


def parse_valid(xml: str) -> etree._Element:
    root = etree.fromstring(xml.encode("utf-8"))
    SCHEMA.assertValid(root)
    return root


def suite(root: etree._Element, name: str) -> etree._Element:
    (found,) = root.xpath("testsuite[@name=$name]", name=name)
    return found


def case(suite_element: etree._Element, rule_id: str) -> etree._Element:
    (found,) = suite_element.xpath("testcase[starts-with(@name, $prefix)]", prefix=rule_id + ":")
    return found


def counts(suite_element: etree._Element) -> tuple[str, str, str, str]:
    return tuple(suite_element.get(key) for key in ("tests", "failures", "errors", "skipped"))


def test_junit_schema_rejects_what_ci_would_not_read() -> None:
    """The schema is strict enough to mean something: a testcase needs a name, and skipped comes before failure."""
    bad = [
        '<testsuites><testsuite name="p" tests="1"><testcase classname="p"/></testsuite></testsuites>',
        (
            '<testsuites><testsuite name="p" tests="1"><testcase name="r"><failure/><skipped/></testcase>'
            "</testsuite></testsuites>"
        ),
        '<testsuites><testsuite name="p"/></testsuites>',
    ]
    for xml in bad:
        assert not SCHEMA.validate(etree.fromstring(xml)), xml


def test_junit_zero_pages_is_a_valid_empty_document() -> None:
    xml = junit([])
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="repcheck">')
    root = parse_valid(xml)
    assert root.tag == "testsuites" and len(root) == 0 and root.get("name") == "repcheck"


def test_junit_one_suite_per_page_one_testcase_per_rule() -> None:
    root = parse_valid(junit(PAGES))
    assert [s.get("name") for s in root] == [p.url or p.target for p in PAGES]
    assert [len(s.findall("testcase")) for s in root] == [len(p.rules) for p in PAGES]
    assert counts(suite(root, PASSING.url)) == ("3", "0", "0", "1")
    assert counts(suite(root, FAILING.url)) == ("3", "1", "0", "0")  # the warning-severity failure is not counted
    assert counts(suite(root, ERRORING.url)) == ("3", "0", "3", "0")
    passing = suite(root, PASSING.url)
    assert passing.get("time") == "1.234"
    assert suite(root, ERRORING.url).get("time") == "0"
    assert case(passing, "logo").get("name") == "logo: Logo"
    assert case(passing, "logo").get("classname") == PASSING.target
    assert case(passing, "logo").get("time") == "0"


def test_junit_properties_name_the_pack_reporter_and_http_status_and_omit_what_is_unknown() -> None:
    root = parse_valid(junit([PASSING, ERRORING, LOCAL]))
    props = {s.get("name"): {p.get("name"): p.get("value") for p in s.iter("property")} for s in root}
    assert props[PASSING.url] == {
        "pack": "dcnf",
        "reporter": "Nick Pope",
        "reporter_source": "option",
        "http_status": "200",
        "url": PASSING.url,
    }
    assert props[ERRORING.url] == {"pack": "dcnf", "http_status": "404", "url": ERRORING.url}
    assert props["saved/page.html"] == {"pack": "dcnf", "reporter": "Nick Pope", "reporter_source": "option"}


def test_junit_failure_carries_message_severity_and_evidence() -> None:
    logo = case(suite(parse_valid(junit([FAILING])), FAILING.url), "logo")
    (failure,) = logo
    assert failure.tag == "failure"
    assert failure.get("message") == "no DCNF logo in the article"
    assert failure.get("type") == "logo"
    assert failure.text.splitlines() == [
        "no DCNF logo in the article",
        "severity: error",
        "where: article",
        "looked for: an image naming the Daily Caller News Foundation",
        "also: img[alt=Partner logo]",
        "also: img[alt=Ad]",
    ]


def test_junit_failure_below_the_threshold_passes_with_a_note() -> None:
    affiliation = case(suite(parse_valid(junit([FAILING])), FAILING.url), "affiliation")
    assert [child.tag for child in affiliation] == ["system-out"]
    assert affiliation[0].text == "warning (not failing the build): no link to dailycallernewsfoundation.org"


def test_junit_error_page_has_an_error_per_rule_with_the_reason() -> None:
    errored = suite(parse_valid(junit([ERRORING])), ERRORING.url)
    for testcase in errored.findall("testcase"):
        (error,) = testcase
        assert error.tag == "error"
        assert error.get("type") == "error"
        assert error.get("message") == "not checked: HTTP 404 Not Found"
        assert "HTTP 404 Not Found" in error.text


def test_junit_error_page_without_rules_still_shows_an_error() -> None:
    bare = report("https://partner.example/bare", (), error="connection refused", status=Status.ERROR)
    errored = suite(parse_valid(junit([bare])), bare.url)
    assert counts(errored) == ("1", "0", "1", "0")
    assert errored.find("testcase/error").get("message") == "not checked: connection refused"


def test_junit_skip_and_pass() -> None:
    passing = suite(parse_valid(junit([PASSING])), PASSING.url)
    skipped = case(passing, "original-text").find("skipped")
    assert skipped is not None and skipped.get("message") == "needs --original"
    logo = case(passing, "logo")
    assert [child.tag for child in logo] == ["system-out"]
    assert logo[0].text == "pass: DCNF logo found\nwhere: article > img\nsnippet: DCNF logo"


def test_junit_escapes_page_text_and_drops_characters_xml_cannot_hold() -> None:
    xml = junit([NASTY_PAGE])
    assert "\x00" not in xml and "\f" not in xml and "<script>" not in xml
    byline = case(suite(parse_valid(xml), NASTY_PAGE.url), "byline")
    failure = byline.find("failure")
    clean = NASTY.replace("\f", "").replace("\x00", "")
    assert failure.get("message") == "the byline names somebody else: " + clean  # newline kept in the attribute
    assert f"snippet: {clean}" in failure.text
    assert 'where: div[class="by"]' in failure.text


def test_junit_suite_name_is_escaped() -> None:
    root = parse_valid(junit([], suite_name='a "b" & <c>'))
    assert root.get("name") == 'a "b" & <c>'


def test_junit_fail_on_warning_counts_warning_failures() -> None:
    root = parse_valid(junit(PAGES, fail_on="warning"))
    failing = suite(root, FAILING.url)
    assert counts(failing) == ("3", "2", "0", "0")
    assert case(failing, "affiliation").find("failure").text.splitlines()[1] == "severity: warning"
    assert counts(suite(root, INFO_FAILING.url)) == ("1", "0", "0", "0")  # info stays below the threshold


def test_junit_baselined_failure_passes_with_a_note() -> None:
    known = report(
        "https://partner.example/known", (rule("logo", Status.FAIL, message="no DCNF logo", baselined=True),)
    )
    logo = case(suite(parse_valid(junit([known])), known.url), "logo")
    assert [child.tag for child in logo] == ["system-out"]
    assert logo[0].text == "error (in the baseline, not failing the build): no DCNF logo"


def test_junit_fail_on_never_has_no_failures_but_keeps_errors() -> None:
    root = parse_valid(junit(PAGES, fail_on="never"))
    assert not root.xpath("//failure")
    assert (
        case(suite(root, FAILING.url), "logo")
        .find("system-out")
        .text.startswith("error (not failing the build): no DCNF logo in the article\nwhere: article")
    )
    assert counts(suite(root, ERRORING.url)) == ("3", "0", "3", "0")


# -- every OutputFormat has a formatter that writes its format -----------------------------------------------------


def _is_text(output: str, report: Report) -> bool:
    return report.target in output and ("fail" in output.lower() or "pass" in output.lower())


def _is_json(output: str, report: Report) -> bool:
    return [page["target"] for page in json.loads(output)] == [report.target]


def _is_json_lines(output: str, report: Report) -> bool:
    return [json.loads(line)["target"] for line in output.splitlines()] == [report.target]


def _is_csv(output: str, report: Report) -> bool:
    header, *rows = csv.reader(io.StringIO(output))
    return tuple(header) == CSV_COLUMNS and len(rows) == len(report.rules) and rows[0][0] == report.target


def _is_junit(output: str, report: Report) -> bool:
    root = parse_valid(output)
    return [element.get("name") for element in root] == [report.url]


def _is_github(output: str, report: Report) -> bool:
    failing = report.status is Status.FAIL
    return output.splitlines()[-1].startswith("::notice ") and ("::error " in output) == failing


def _is_html(output: str, report: Report) -> bool:
    return output.startswith("<!DOCTYPE html>") and output.endswith("</html>\n") and report.url in output


WRITES_ITS_FORMAT = {
    OutputFormat.TEXT: _is_text,
    OutputFormat.JSON: _is_json,
    OutputFormat.JSONL: _is_json_lines,
    OutputFormat.CSV: _is_csv,
    OutputFormat.JUNIT: _is_junit,
    OutputFormat.GITHUB: _is_github,
    OutputFormat.HTML: _is_html,
}


def test_every_output_format_has_a_check_here() -> None:
    assert set(WRITES_ITS_FORMAT) == set(OutputFormat)


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=str)
@pytest.mark.parametrize("page", [PASSING, FAILING], ids=["passing", "failing"])
def test_every_output_format_builds_a_formatter_that_writes_it(
    fmt: OutputFormat, page: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    for name in (fmt, fmt.value):  # the member and its name both build it
        made = formatter(name, fail_on="error")
        output = made.start() + made.page(page) + made.end(summary_of([page]))
        assert WRITES_ITS_FORMAT[fmt](output, page), output
