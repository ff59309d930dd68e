"""The ``repcheck`` command as a user meets it: real pages over a loopback server, reports and exit codes.

Exit codes: 0 every page passed; 1 some rule failed; 2 usage or pack error; 3 nothing failed but some page could
not be checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from server import LoopbackServer, unused_port

from checker.audit import SourceError
from checker.baseline import BaselineError
from checker.checks import CHECKS
from checker.cli import main
from checker.config import ConfigError
from checker.defaults import FAIL_ON_CHOICES, FailOn
from checker.errors import ExitCode, RepcheckError, UsageProblem
from checker.fetch import FetchError
from checker.pack import PackError
from checker.page import PageError
from checker.report import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
COMPLIANT = FIXTURES / "wordpress" / "compliant-stacked-affiliation.html"  # reporter Nick Pope
NO_LOGO = FIXTURES / "static" / "logo-missing.html"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    """Run ``repcheck ARGS`` in-process; return (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def reports(stdout: str) -> list[dict[str, Any]]:
    data = json.loads(stdout)
    assert isinstance(data, list)
    return data


def rule(report: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(r for r in report["rules"] if r["id"] == rule_id)


# --------------------------------------------------------------------------------------------------------------
# Pages served over HTTP: each with the report and exit code a user should get.


@dataclass(frozen=True)
class Served:
    id: str
    setup: dict[str, Any]  # keyword arguments for LoopbackServer.add
    status: str  # the page's status in the report
    exit: int
    error: str | None = None  # a phrase the one-line reason must contain


CASES = [
    Served("plain-200", {"body": COMPLIANT.read_bytes()}, "pass", 0),
    Served("gzip", {"body": COMPLIANT.read_bytes(), "gzip": True}, "pass", 0),
    Served("chunked", {"body": COMPLIANT.read_bytes(), "chunked": True}, "pass", 0),
    Served("not-found", {"body": "<h1>Not found</h1>", "status": 404}, "error", 3, "HTTP 404"),
    Served("server-error", {"body": "oops", "status": 500}, "error", 3, "HTTP 500"),
    Served("bot-wall-403", {"body": "<h1>Access denied</h1>", "status": 403}, "error", 3, "HTTP 403"),
    Served("pdf", {"body": PDF, "content_type": "application/pdf"}, "error", 3, "application/pdf"),
    Served("json", {"body": b'{"a": 1}', "content_type": "application/json"}, "error", 3, "application/json"),
    Served("image", {"body": b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "content_type": "image/png"}, "error", 3, "image/png"),
    Served("empty-html", {"body": b"   "}, "error", 3, "empty"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_served_page_report_and_exit_code(server: LoopbackServer, case: Served) -> None:
    url = server.add("/story", **case.setup)
    code, out, _ = run("check", url, "--reporter", "Nick Pope", "--format", "json")
    (report,) = reports(out)
    assert report["status"] == case.status
    assert code == case.exit
    assert report["target"] == url
    if case.error:
        assert case.error in report["error"]
        assert all(r["status"] == "error" for r in report["rules"])
    else:
        assert report["error"] is None and report["http_status"] == 200


def test_redirects_are_followed_and_the_final_url_recorded(server: LoopbackServer) -> None:
    final = server.add("/2024/story/", COMPLIANT.read_bytes())
    server.redirect("/old", "/older", status=301)
    server.redirect("/older", "/2024/story/", status=302)
    code, out, _ = run("check", server.url("/old"), "--reporter", "Nick Pope", "--format", "json")
    (report,) = reports(out)
    assert code == 0
    assert report["target"] == server.url("/old")
    assert report["url"] == final and report["http_status"] == 200


def test_redirect_loop_is_an_error(server: LoopbackServer) -> None:
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    code, out, _ = run("check", server.url("/a"), "--format", "json")
    assert code == 3
    assert "too many redirects" in reports(out)[0]["error"]


def test_windows_1252_page_declared_only_in_meta(server: LoopbackServer) -> None:
    html = (
        COMPLIANT.read_text(encoding="utf-8")
        .replace("Nick Pope", "René Muñoz")
        .replace('<meta charset="UTF-8">', '<meta charset="windows-1252">')
    )
    assert '<meta charset="windows-1252">' in html
    url = server.add("/latin", html.encode("cp1252"), content_type="text/html")
    code, out, _ = run("check", url, "--reporter", "Rene Munoz", "--format", "json")
    (report,) = reports(out)
    assert rule(report, "byline")["status"] == "pass", rule(report, "byline")["message"]
    assert code == 0


@pytest.mark.slow
def test_trickling_server_is_cut_at_the_deadline(server: LoopbackServer) -> None:
    url = server.add("/slow", COMPLIANT.read_bytes(), trickle=0.2)
    started = time.monotonic()
    code, out, _ = run("check", url, "--timeout", "1", "--format", "json")
    elapsed = time.monotonic() - started
    (report,) = reports(out)
    assert code == 3 and report["status"] == "error"
    assert "timed out" in report["error"]
    assert elapsed < 3


def test_oversized_page_is_refused(server: LoopbackServer) -> None:
    url = server.add("/big", COMPLIANT.read_bytes() + b"<p>" + b"x" * 200_000 + b"</p>")
    code, out, _ = run("check", url, "--max-bytes", "50000", "--format", "json")
    assert code == 3
    assert "50,000-byte limit" in reports(out)[0]["error"]


def test_unreachable_host_is_an_error_and_the_run_goes_on(server: LoopbackServer) -> None:
    good = server.add("/ok", COMPLIANT.read_bytes())
    dead = f"http://127.0.0.1:{unused_port()}/story"
    code, out, _ = run("check", dead, good, "--reporter", "Nick Pope", "--format", "json")
    first, second = reports(out)
    assert first["status"] == "error" and "could not connect" in first["error"]
    assert second["status"] == "pass"
    assert code == 3  # nothing failed, but a page could not be checked: never 0


def test_user_agent_identifies_repcheck_and_can_be_overridden(server: LoopbackServer) -> None:
    url = server.add("/ua", COMPLIANT.read_bytes())
    run("check", url)
    run("check", url, "--user-agent", "PartnerBot/2.0")
    agents = [seen.headers["User-Agent"] for seen in server.requests_seen]
    assert agents[0].startswith("repcheck/")
    assert agents[1] == "PartnerBot/2.0"


# --------------------------------------------------------------------------------------------------------------
# Who is the reporter.


DCNF_ORIGINAL = """<!doctype html><html><head><title>Original</title></head><body>
<article><h1>Energy Prices Soar Again</h1>
<img src="/logo.png" alt="Daily Caller News Foundation logo">
<div class="author-box"><a class="author" href="/author/nick-pope/">Nick Pope</a>
<div class="author-title">Energy Reporter</div></div>
<div class="article-content"><p>Energy prices rose again this week as new rules took effect across the country, trade
groups said in a statement on Tuesday, adding that households would feel the cost of the change by winter.</p></div>
</article></body></html>"""


def test_reporter_read_from_the_original_article(server: LoopbackServer) -> None:
    original = server.add("/dcnf/original", DCNF_ORIGINAL)
    partner = server.add("/partner/story", COMPLIANT.read_bytes())
    code, out, _ = run("check", partner, "--original", original, "--format", "json")
    (report,) = reports(out)
    assert report["reporter"] == "Nick Pope" and report["reporter_source"] == "original"
    assert report["original"] == original
    assert code == 0


def test_unreachable_original_makes_the_reporter_rules_errors(server: LoopbackServer) -> None:
    partner = server.add("/partner/story", COMPLIANT.read_bytes())
    missing = server.add("/dcnf/gone", "gone", status=404)
    code, out, _ = run("check", partner, "--original", missing, "--format", "json")
    (report,) = reports(out)
    assert rule(report, "logo")["status"] == "pass"
    for rule_id in ("byline", "affiliation"):
        assert rule(report, rule_id)["status"] == "error"
        assert "original article" in rule(report, rule_id)["message"] and "HTTP 404" in rule(report, rule_id)["message"]
    assert report["status"] == "error" and code == 3


def test_wrong_reporter_fails_and_names_the_byline_found() -> None:
    code, out, _ = run("check", str(COMPLIANT), "--reporter", "Jane Smith", "--format", "json")
    (report,) = reports(out)
    assert code == 1
    assert rule(report, "byline")["status"] == "fail"
    assert "Nick Pope" in rule(report, "byline")["message"]


# --------------------------------------------------------------------------------------------------------------
# Inputs, formats and outputs.


def test_text_output_names_page_rule_status_and_evidence() -> None:
    code, out, _ = run("check", str(COMPLIANT), str(NO_LOGO), "--no-color")
    assert code == 1
    assert f"PASS  {COMPLIANT}" in out and f"FAIL  {NO_LOGO}" in out
    assert "PASS  logo" in out and "FAIL  logo" in out
    assert " at " in out  # where the evidence was found
    assert "2 pages: 1 passed, 1 failed, 0 could not be checked" in out


def test_json_report_fields() -> None:
    code, out, _ = run("check", str(COMPLIANT), "--format", "json")
    (report,) = reports(out)
    for key in ("target", "url", "http_status", "status", "error", "ruleset", "reporter", "reporter_source", "rules"):
        assert key in report
    assert report["ruleset"] == "dcnf" and report["reporter"] == "Nick Pope" and report["reporter_source"] == "detected"
    assert [r["id"] for r in report["rules"]][:3] == ["logo", "byline", "affiliation"]
    for r in report["rules"]:
        assert set(r) >= {"id", "status", "severity", "message", "evidence"}
        assert r["evidence"]["where"] and r["evidence"]["snippet"]


def test_jsonl_one_report_per_line(tmp_path: Path) -> None:
    out_file = tmp_path / "out.jsonl"
    code, out, err = run("check", str(COMPLIANT), str(NO_LOGO), "--format", "jsonl", "--output", str(out_file))
    assert code == 1 and out == ""
    lines = out_file.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["status"] for line in lines] == ["pass", "fail"]
    assert "2 checked: 1 passed, 1 failed" in err


def test_stdin_target() -> None:
    code, out, _ = run("check", "-", "--reporter", "Nick Pope", "--format", "json", input=COMPLIANT.read_bytes())
    (report,) = reports(out)
    assert code == 0 and report["target"] == "-" and report["status"] == "pass"


@pytest.mark.parametrize(
    "target, reason",
    [("does/not/exist.html", "file not found"), ("ftp://example.com/x", "unsupported URL scheme")],
    ids=["missing-file", "ftp-url"],
)
def test_bad_targets_are_errors_not_tracebacks(target: str, reason: str) -> None:
    code, out, _ = run("check", target, "--format", "json")
    (report,) = reports(out)
    assert code == 3 and report["status"] == "error" and reason in report["error"]


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("partner.example/story", "file not found — did you mean https://partner.example/story?"),
        (
            "www.partner.example:8443/2024/story?id=7",
            "file not found — did you mean https://www.partner.example:8443/2024/story?id=7?",
        ),
        ("partner.example", "file not found — did you mean https://partner.example?"),
        ("story.html", "file not found: story.html"),
        ("site/story.html", "file not found: site/story.html"),
        ("index.php/story", "file not found: index.php/story"),
    ],
)
def test_missing_file_that_looks_like_a_url_suggests_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, reason: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check", target, "--format", "json")
    (report,) = reports(out)
    assert (code, report["status"], report["error"]) == (3, "error", reason)
    (tmp_path / "urls.txt").write_text(f"{target}\n", encoding="utf-8")  # an audit reads listed files the same way
    code, out, _ = run("audit", "urls.txt", "--format", "jsonl", "--quiet")
    assert (code, json.loads(out)["error"]) == (3, reason)


# --------------------------------------------------------------------------------------------------------------
# Packs and the rules command.


def test_unknown_pack_is_a_usage_error() -> None:
    code, out, err = run("check", str(COMPLIANT), "--rules", "nosuchpack")
    assert code == 2 and out == ""
    assert 'unknown rule pack "nosuchpack"' in err and "dcnf" in err


def test_invalid_pack_file_names_the_file_and_the_key(tmp_path: Path) -> None:
    pack = tmp_path / "mine.toml"
    pack.write_text(
        '[pack]\nid = "mine"\nname = "Mine"\nterms = "t"\n\n[[rules]]\nid = "logo"\ncheck = "logo"\n'
        'sevrity = "error"\ntitle = "t"\ndescription = "d"\n',
        encoding="utf-8",
    )
    code, _, err = run("check", str(COMPLIANT), "--rules", str(pack))
    assert code == 2
    assert str(pack) in err and 'unknown key "sevrity"' in err


def test_rules_command_lists_ids_severities_and_titles() -> None:
    code, out, _ = run("rules")
    assert code == 0
    for line in ("logo  [error]", "byline  [error]", "affiliation  [error]", "notice  [info]"):
        assert line in out
    assert "our logo" in out  # the terms each rule enforces


def test_packs_command_lists_the_default_pack_first_and_every_pack_valid() -> None:
    code, out, _ = run("packs")
    assert code == 0 and out.startswith("dcnf") and "Daily Caller News Foundation (default)" in out
    listed = [line.split()[0] for line in out.splitlines()]
    assert set(listed) >= {
        "dcnf",
        "the-conversation",
        "propublica",
        "calmatters",
        "the19th",
        "kff-health-news",
        "grist",
        "reuters",
        "cc-by",
        "cc-by-nd",
        "republication-tracker",
    }
    assert "invalid" not in out


def test_installed_command_runs_as_a_module() -> None:
    """``python -m checker`` is the same command (and shows the exit code contract)."""
    done = subprocess.run(
        [sys.executable, "-m", "checker", "check", str(NO_LOGO), "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["status"] == "fail"
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ConfigError, ExitCode.USAGE),
        (PackError, ExitCode.USAGE),
        (SourceError, ExitCode.USAGE),
        (BaselineError, ExitCode.USAGE),
        (UsageProblem, ExitCode.USAGE),
        (FetchError, ExitCode.ERROR),
        (PageError, ExitCode.ERROR),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_every_error_is_a_repcheck_error_with_its_exit_code(error: type[RepcheckError], code: ExitCode) -> None:
    assert issubclass(error, RepcheckError)
    assert error.exit_code == code


def test_fail_on_choices_come_from_the_enum() -> None:
    assert FAIL_ON_CHOICES == ("error", "warning", "info", "never") == tuple(FailOn)


def test_json_reports_carry_the_schema_version() -> None:
    code, out, _ = run("check", str(COMPLIANT), "--reporter", "Nick Pope", "--format", "json")
    assert code == 0
    assert reports(out)[0]["schema_version"] == SCHEMA_VERSION == 1
    code, out, _ = run("check", str(COMPLIANT), "--reporter", "Nick Pope", "--format", "jsonl")
    assert json.loads(out.splitlines()[0])["schema_version"] == SCHEMA_VERSION


def test_checks_command_documents_every_check_and_its_params() -> None:
    code, out, _ = run("checks")
    assert code == 0
    for name, spec in CHECKS.items():
        assert f"\n{name}: {spec.summary}\n" in f"\n{out}"
        for param in spec.params:
            assert f"  {param.name} (" in out
    code, out, _ = run("checks", "byline")
    assert code == 0 and out.startswith("byline: ") and "\nlogo: " not in out


def test_checks_command_refuses_an_unknown_check() -> None:
    code, out, err = run("checks", "logos")
    assert code == 2 and not out
    assert 'unknown check "logos"' in err and "logo" in err
