"""An info-severity rule that is not met is information, never a failure: the summaries of `check` and `audit`,
the GitHub step summary and the HTML report say "info", and only ``--fail-on info`` makes it fail a page.

The page is the Prairie Sentinel's compliant republication of a DCNF story without DCNF's licensing notice: the
``notice`` rule (severity info) fails, every required rule passes.
"""

from __future__ import annotations

import json
from pathlib import Path

import dcnf
from audit_helpers import run_audit
from click.testing import CliRunner
from server import LoopbackServer

from checker.cli import main


def _page(tmp_path: Path) -> Path:
    path = tmp_path / "no-notice.html"
    path.write_text(dcnf.article_page(), encoding="utf-8")
    return path


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_page_passes_with_only_the_notice_missing(tmp_path: Path) -> None:
    code, out, _ = _run("check", "--format", "json", "--reporter", "Nick Pope", str(_page(tmp_path)))
    (report,) = json.loads(out)
    assert code == 0 and report["status"] == "pass"
    assert [(r["id"], r["severity"]) for r in report["rules"] if r["status"] == "fail"] == [("notice", "info")]


def test_check_summary_says_info_not_failures(tmp_path: Path) -> None:
    code, out, _ = _run("check", "--reporter", "Nick Pope", str(_page(tmp_path)))
    last = out.strip().splitlines()[-1]
    assert code == 0
    assert last == "1 page: 1 passed, 0 failed, 0 could not be checked (info: notice 1)"


def test_with_fail_on_info_the_notice_is_a_failure(tmp_path: Path) -> None:
    code, out, _ = _run("check", "--fail-on", "info", "--reporter", "Nick Pope", str(_page(tmp_path)))
    assert code == 1
    assert out.strip().splitlines()[-1] == "1 page: 0 passed, 1 failed, 0 could not be checked (failures: notice 1)"


def test_audit_summary_counts_the_notice_apart_from_failures(tmp_path: Path, server: LoopbackServer) -> None:
    url = server.add("/story/", dcnf.article_page().encode())
    code, reports, err = run_audit(["--reporter", "Nick Pope"], tmp_path, [url])
    assert code == 0 and [r["status"] for r in reports] == ["pass"]
    assert "failures by rule" not in err
    assert "not failing the page (info: notice 1)" in err


def test_resumed_audit_still_counts_the_earlier_notice_as_info(tmp_path: Path, server: LoopbackServer) -> None:
    first = server.add("/one/", dcnf.article_page().encode())
    second = server.add("/two/", dcnf.article_page().encode())
    run_audit(["--reporter", "Nick Pope"], tmp_path, [first])
    code, _, err = run_audit(["--reporter", "Nick Pope", "--resume"], tmp_path, [first, second])
    assert code == 0
    assert "failures by rule" not in err and "(info: notice 2)" in err


def test_github_step_summary_marks_the_notice_as_info(tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    code, out, _ = _run(
        "check",
        "--format",
        "github",
        "--reporter",
        "Nick Pope",
        str(_page(tmp_path)),
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    table = summary.read_text(encoding="utf-8")
    assert code == 0 and "ℹ️ info" in table and "⚠️ warning |" not in table
    assert "::notice" in out and "::warning" not in out and "::error" not in out
