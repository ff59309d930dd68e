"""The CI formats: ``junit`` (JUnit XML, validated against tests/data/junit.xsd) and ``github`` (workflow commands and
the step summary), and that every OutputFormat builds a formatter that writes its format. Reports are built
directly, one per kind of page a run meets."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from lxml import etree

from checker.formats import OutputFormat, formatter
from checker.formats.csv import COLUMNS as CSV_COLUMNS
from checker.formats.github import MAX_SUMMARY_BYTES, MAX_SUMMARY_ROWS, GithubFormatter
from checker.formats.junit import JunitFormatter
from checker.report import Evidence, Report, RuleResult, Severity, Status, fails_build
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


# -- github -----------------------------------------------------------------------------------------------------------


def test_github_failing_page_annotations() -> None:
    assert GithubFormatter(summary_path=None).page(FAILING).splitlines() == [
        (
            "::error title=repcheck logo::https://partner.example/failing: no DCNF logo in the article"
            "%0Awhere: article%0Alooked for: an image naming the Daily Caller News Foundation"
            "%0Aalso: img[alt=Partner logo]%0Aalso: img[alt=Ad]"
        ),
        (
            "::warning title=repcheck affiliation::https://partner.example/failing: "
            "no link to dailycallernewsfoundation.org"
        ),
    ]


def test_github_passing_page_prints_nothing() -> None:
    fmt = GithubFormatter(summary_path=None)
    assert fmt.start() == ""
    assert fmt.page(PASSING) == ""


def test_github_error_page_is_one_line() -> None:
    assert GithubFormatter(summary_path=None).page(ERRORING) == (
        "::error title=repcheck (could not check)::https://partner.example/gone: HTTP 404 Not Found\n"
    )


def test_github_rule_that_could_not_be_evaluated_is_an_error() -> None:
    crashed = report(
        "https://partner.example/crash",
        (rule("logo", Status.ERROR, message="check crashed: KeyError"),),
        status=Status.ERROR,
    )
    assert GithubFormatter(summary_path=None, fail_on="never").page(crashed) == (
        "::error title=repcheck logo (could not check)::https://partner.example/crash: check crashed: KeyError\n"
    )


@pytest.mark.parametrize(
    ("fail_on", "levels"),
    [
        ("error", ["error", "warning", "notice"]),
        ("warning", ["error", "error", "notice"]),
        ("info", ["error", "error", "error"]),
        ("never", ["warning", "warning", "notice"]),
    ],
)
def test_github_level_follows_the_threshold(fail_on: str, levels: list[str]) -> None:
    page = report(
        "https://partner.example/p",
        (rule("logo", Status.FAIL, E), rule("affiliation", Status.FAIL, W), rule("original-text", Status.FAIL, I)),
    )
    lines = GithubFormatter(summary_path=None, fail_on=fail_on).page(page).splitlines()
    assert [line[2 : line.index(" ")] for line in lines] == levels


def test_github_baselined_failure_is_a_notice() -> None:
    known = report(
        "https://partner.example/known", (rule("logo", Status.FAIL, message="no DCNF logo", baselined=True),)
    )
    assert GithubFormatter(summary_path=None).page(known) == (
        "::notice title=repcheck logo (in the baseline)::https://partner.example/known: no DCNF logo\n"
    )


def test_github_local_file_gets_a_file_property() -> None:
    assert GithubFormatter(summary_path=None).page(LOCAL) == (
        "::error file=saved/page.html,title=repcheck logo::saved/page.html: no DCNF logo\n"
    )


def test_github_absolute_path_under_the_working_directory_is_made_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    inside = report(str(tmp_path / "site" / "a.html"), (rule("logo", Status.FAIL),), url=None)
    outside = report("/elsewhere/b.html", (rule("logo", Status.FAIL),), url=None)
    fmt = GithubFormatter(summary_path=None)
    assert fmt.page(inside).startswith("::error file=site/a.html,title=")
    assert fmt.page(outside).startswith("::error file=/elsewhere/b.html,title=")


def test_github_urls_and_stdin_get_no_file_property() -> None:
    stdin = report("-", (rule("logo", Status.FAIL),), url=None)
    fmt = GithubFormatter(summary_path=None)
    assert "file=" not in fmt.page(stdin) + fmt.page(FAILING)


def test_github_escapes_data_and_properties() -> None:
    page = report(
        "drafts/100%: a,b.html", (rule("logo", Status.FAIL, message="50% of\nthe logo\r: hidden, mostly"),), url=None
    )
    assert GithubFormatter(summary_path=None).page(page) == (
        "::error file=drafts/100%25%3A a%2Cb.html,title=repcheck logo::"
        "drafts/100%25: a,b.html: 50%25 of%0Athe logo%0D: hidden, mostly\n"
    )


def test_github_snippet_cannot_inject_a_command() -> None:
    out = GithubFormatter(summary_path=None).page(NASTY_PAGE)
    assert out.count("\n") == 1 and out.endswith("\n")
    assert "%0Asecond line" in out
    assert "\x00" not in out and "\f" not in out


def test_github_end_returns_the_totals_as_a_notice() -> None:
    assert GithubFormatter(summary_path=None).end(summary_of(PAGES)) == (
        "::notice title=repcheck::6 pages: 2 passed, 3 failed, 1 could not be checked\n"
    )


# -- github step summary ----------------------------------------------------------------------------------------------


def run_github(reports: list[Report], **options) -> tuple[str, str]:
    fmt = GithubFormatter(**options)
    out = fmt.start() + "".join(fmt.page(item) for item in reports)
    return out, fmt.end(summary_of(reports))


def test_step_summary_table(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    piped = report("https://partner.example/a|b?x=(1)", (rule("logo", Status.PASS),))
    _, end = run_github([PASSING, FAILING, ERRORING, LOCAL, piped], summary_path=str(path))
    assert end == "::notice title=repcheck::5 pages: 2 passed, 2 failed, 1 could not be checked\n"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "## repcheck"
    assert "**5 pages: 2 passed, 2 failed, 1 could not be checked**" in lines
    table = [line for line in lines if line.startswith("|")]
    assert table == [
        "| Page | logo | byline | original-text | affiliation |",
        "| --- | --- | --- | --- | --- |",
        "| [https://partner.example/passing](https://partner.example/passing) | ✅ pass | ✅ pass | ⏭ skip |  |",
        "| [https://partner.example/failing](https://partner.example/failing) | ❌ fail | ✅ pass |  | ⚠️ warning |",
        (
            "| [https://partner.example/gone](https://partner.example/gone) (could not be checked: HTTP 404 Not Found)"
            " | ⛔ error | ⛔ error |  | ⛔ error |"
        ),
        "| saved/page.html | ❌ fail |  |  |  |",
        r"| [https://partner.example/a\|b?x=(1)](https://partner.example/a%7Cb?x=%281%29) | ✅ pass |  |  |  |",
    ]


def test_step_summary_labels_follow_the_threshold(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    run_github([FAILING], summary_path=path, fail_on="never")
    text = path.read_text(encoding="utf-8")
    assert "| ⚠️ warning | ✅ pass | ⚠️ warning |" in text
    assert "do not fail the build" in text


def test_step_summary_marks_baselined_failures(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    known = report("https://partner.example/known", (rule("logo", Status.FAIL, baselined=True),))
    run_github([known], summary_path=path)
    assert "| ⚠️ baselined |" in path.read_text(encoding="utf-8")


def test_step_summary_is_appended(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_text("# an earlier step\n", encoding="utf-8")
    run_github([PASSING], summary_path=str(path))
    run_github([FAILING], summary_path=str(path))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# an earlier step\n## repcheck\n")
    assert text.count("## repcheck") == 2
    assert "partner.example/passing" in text and "partner.example/failing" in text


def test_step_summary_keeps_at_most_a_thousand_rows(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    reports = [report(f"https://partner.example/{n}", (rule("logo", Status.PASS),)) for n in range(1005)]
    fmt = GithubFormatter(summary_path=str(path))
    for item in reports:
        fmt.page(item)
    assert len(fmt.rows) == MAX_SUMMARY_ROWS == 1000
    fmt.end(summary_of(reports))
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if line.startswith("| [")]
    assert len(rows) == 1000
    assert rows[-1].startswith("| [https://partner.example/999]")
    assert "… and 5 more pages" in lines
    assert "**1005 pages: 1005 passed, 0 failed, 0 could not be checked**" in lines


def test_step_summary_stays_under_githubs_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    long = "x" * 10_000
    reports = [report(f"https://partner.example/{n}/{long}", (rule("logo", Status.PASS),)) for n in range(100)]
    run_github(reports, summary_path=str(path))
    text = path.read_text(encoding="utf-8")
    kept = text.count("| ✅ pass |")
    assert 0 < kept < 100
    assert f"… and {100 - kept} more pages" in text
    assert len(text.encode()) <= MAX_SUMMARY_BYTES + 10_000


def test_step_summary_with_no_pages(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    run_github([], summary_path=str(path))
    text = path.read_text(encoding="utf-8")
    assert "**0 pages: 0 passed, 0 failed, 0 could not be checked**" in text and "|" not in text


def test_step_summary_path_defaults_to_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "from-env.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(path))
    run_github([FAILING])
    assert "❌ fail" in path.read_text(encoding="utf-8")


def test_no_step_summary_without_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    fmt = GithubFormatter()
    assert fmt.summary_path is None
    fmt.page(FAILING)
    assert fmt.end(summary_of([FAILING])).startswith("::notice ")
    assert fmt.rows == [] and list(tmp_path.iterdir()) == []


def test_unwritable_step_summary_is_a_warning_not_an_exception(tmp_path: Path) -> None:
    _, end = run_github([FAILING], summary_path=str(tmp_path / "no-such-dir" / "summary.md"))
    warning, notice = end.splitlines()
    assert warning.startswith("::warning::could not write the step summary: ")
    assert "No such file or directory" in warning
    assert notice == "::notice title=repcheck::1 page: 0 passed, 1 failed, 0 could not be checked"


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
