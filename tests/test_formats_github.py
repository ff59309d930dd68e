"""The github format: workflow-command annotations, their levels and escaping, and the job's step summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from ci_reports import (
    ERRORING,
    FAILING,
    LOCAL,
    NASTY_PAGE,
    PAGES,
    PASSING,
    E,
    I,
    W,
    report,
    rule,
    summary_of,
)

from checker.formats.github import MAX_SUMMARY_BYTES, MAX_SUMMARY_ROWS, GithubFormatter
from checker.report import Report, Status

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
