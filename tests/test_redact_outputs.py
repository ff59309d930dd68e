"""Secrets in URLs are never printed: a password in the URL and the values of secret query parameters are hidden in
every format of `check`, in `audit`'s output, messages and resume, in baselines and in `report`, while the pages
are still fetched with the real URL (a page behind basic auth and a token parameter passes)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from server import LoopbackServer, unused_port

from checker.cli import main
from checker.formats import OutputFormat

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
COMPLIANT = FIXTURES / "wordpress" / "compliant-stacked-affiliation.html"  # passes with reporter Nick Pope
NO_LOGO = FIXTURES / "static" / "logo-missing.html"  # fails `logo`

SECRETS = ("s3cret", "SECRETTOKEN", "K3Y", "S1GSECRET", "S3SSION")
SHOWN = ("user:***@", "page=2")
QUERY = "token=SECRETTOKEN&key=K3Y&page=2&session=S3SSION"


def guarded(body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    """Serve ``body`` only to a request with the basic-auth password and the token: anything else is a 401."""
    expected = "Basic " + base64.b64encode(b"user:s3cret").decode()

    def serve(handler: BaseHTTPRequestHandler) -> None:
        query = parse_qs(urlsplit(handler.path).query)
        allowed = handler.headers.get("Authorization") == expected and query.get("token") == ["SECRETTOKEN"]
        data = body if allowed else b"<h1>Unauthorized</h1>"
        handler.send_response(200 if allowed else 401)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return serve


def secret_urls(server: LoopbackServer) -> dict[str, str]:
    """Pages whose URLs carry secrets: one behind basic auth and a token (passes), one redirected to a final URL
    with a secret (fails), one unreachable, one redirected to a URL that cannot be fetched (its Location in the
    error), one invalid (the URL in the error)."""
    port = urlsplit(server.base_url).port
    server.add_handler("/page", guarded(COMPLIANT.read_bytes()))
    server.redirect("/moved", "/final?sig=S1GSECRET&page=2")
    server.add("/final", NO_LOGO.read_bytes())
    server.redirect("/bounce", f"http://user:s3cret@127.0.0.1:99999/x?{QUERY}")
    return {
        "page": f"http://user:s3cret@127.0.0.1:{port}/page?{QUERY}",
        "moved": f"http://user:s3cret@127.0.0.1:{port}/moved?{QUERY}",
        "unreachable": f"http://user:s3cret@127.0.0.1:{unused_port()}/gone?{QUERY}",
        "bounce": f"http://user:s3cret@127.0.0.1:{port}/bounce?{QUERY}",
        "invalid": f"http://user:s3cret@127.0.0.1:99999/bad?{QUERY}",
    }


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def assert_no_secret(where: str, text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} printed in {where}: ...{text[max(0, text.find(secret) - 200) :][:400]}"


def assert_all_files_clean(folder: Path, *given: Path) -> None:
    """No file in ``folder`` but the ``given`` inputs holds a secret."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p not in given):
        assert_no_secret(str(path), path.read_text(encoding="utf-8", errors="replace"))


@pytest.mark.parametrize("fmt", [f.value for f in OutputFormat])
def test_check_prints_no_secret_in_any_format(server: LoopbackServer, tmp_path: Path, fmt: str) -> None:
    urls = secret_urls(server)
    summary = tmp_path / "step-summary.md"
    baseline = tmp_path / "baseline.json"
    code, out, err = run(
        "check",
        *urls.values(),
        "--reporter",
        "Nick Pope",
        "--format",
        fmt,
        "--redact-param",
        "session",
        "--write-baseline",
        str(baseline),
        env={"GITHUB_STEP_SUMMARY": str(summary), "NO_COLOR": "1"},
    )
    assert code == 1  # the redirected page fails; the guarded page was fetched with its password and token
    assert_no_secret("stdout", out)
    assert_no_secret("stderr", err)
    assert_all_files_clean(tmp_path)
    assert summary.exists() == (fmt == "github")
    shown = out + (summary.read_text(encoding="utf-8") if summary.exists() else "")
    for part in SHOWN:
        assert part in shown, f"{part!r} not shown in {fmt}"
    assert "page=2" in baseline.read_text(encoding="utf-8")


def test_a_page_behind_a_password_and_a_token_is_fetched_with_them_and_passes(server: LoopbackServer) -> None:
    url = secret_urls(server)["page"]
    code, out, err = run("check", url, "--reporter", "Nick Pope", "--format", "json", "--redact-param", "session")
    (report,) = json.loads(out)
    assert code == 0 and report["status"] == "pass" and report["http_status"] == 200, report["error"]
    assert (
        report["target"]
        == report["url"]
        == url.replace("s3cret", "***").replace("SECRETTOKEN", "***").replace("K3Y", "***").replace("S3SSION", "***")
    )
    assert_no_secret("stderr", err)


def test_the_final_url_and_the_errors_are_redacted(server: LoopbackServer) -> None:
    urls = secret_urls(server)
    code, out, _ = run("check", *urls.values(), "--reporter", "Nick Pope", "--format", "json")
    by_path = {urlsplit(r["target"]).path: r for r in json.loads(out)}
    assert by_path["/moved"]["url"].endswith("/final?sig=***&page=2")
    assert "user:***@" in by_path["/bounce"]["error"] and "token=***" in by_path["/bounce"]["error"]
    assert "user:***@" in by_path["/bad"]["error"]
    assert by_path["/gone"]["status"] == "error"
    assert "session=S3SSION" in out  # not a secret name unless the user says so


def test_a_baseline_matches_pages_by_their_redacted_url(server: LoopbackServer, tmp_path: Path) -> None:
    moved = secret_urls(server)["moved"]
    written = tmp_path / "written.json"
    run("check", moved, "--reporter", "Nick Pope", "--write-baseline", str(written))
    assert "S1GSECRET" not in written.read_text(encoding="utf-8")
    # A baseline written before URLs were redacted names the page with its secrets: it matches all the same.
    older = tmp_path / "older.json"
    final = moved.split("/moved")[0] + "/final?sig=S1GSECRET&page=2"
    failures = [{**failure, "page": final} for failure in json.loads(written.read_text(encoding="utf-8"))["failures"]]
    older.write_text(json.dumps({"repcheck_baseline": 1, "failures": failures}))
    for baseline in (written, older):
        code, out, _ = run("check", moved, "--reporter", "Nick Pope", "--format", "json", "--baseline", str(baseline))
        (report,) = json.loads(out)
        assert code == 0 and report["status"] == "pass", baseline.name
        assert any(r["baselined"] for r in report["rules"])


def test_audit_resume_and_report_print_no_secret(server: LoopbackServer, tmp_path: Path) -> None:
    urls = secret_urls(server)
    listed = tmp_path / "urls.txt"
    listed.write_text("\n".join(urls.values()) + "\n", encoding="utf-8")
    config = tmp_path / "repcheck.toml"
    config.write_text('redact_params = ["session"]\n', encoding="utf-8")
    results = tmp_path / "results.jsonl"
    common = ("audit", str(listed), "-c", str(config), "--reporter", "Nick Pope", "--retries", "0", "-o", str(results))
    sitemap = f"http://user:s3cret@127.0.0.1:{unused_port()}/sitemap.xml?{QUERY}"  # unreadable: a warning
    code, out, err = run(
        *common, "--processes", "1", "--report", f"csv={tmp_path / 'results.csv'}", "--sitemap", sitemap
    )
    assert code == 1 and "warning: sitemap http://user:***@" in err
    assert_no_secret("audit stdout", out)
    assert_no_secret("audit stderr", err)
    assert_all_files_clean(tmp_path, listed)
    lines = results.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and all(part in results.read_text(encoding="utf-8") for part in SHOWN)

    # Resumed, nothing is checked again and nothing is counted twice.
    fetched = len(server.requests_seen)
    code, out, err = run(*common, "--resume", "--processes", "0")
    assert len(server.requests_seen) == fetched
    assert len(results.read_text(encoding="utf-8").splitlines()) == 5
    assert "repcheck audit: 5 pages" in err and "5 by an earlier run" in err
    assert_no_secret("resumed audit stderr", err)

    # `report` re-reads the results, and a file of an older repcheck that printed the secrets.
    older = tmp_path / "older.jsonl"
    older.write_text(
        json.dumps({"target": urls["page"], "url": urls["page"], "status": "error", "error": f"at {urls['page']}"})
        + "\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.html"
    code, out, err = run("report", str(results), str(older), "-o", str(report), "--redact-param", "session")
    assert code == 0
    assert_no_secret("report stderr", err)
    assert_all_files_clean(tmp_path, listed, older)
    assert all(part in report.read_text(encoding="utf-8") for part in SHOWN)
    code, out, _ = run("report", str(older), "-o", "-", "--redact-param", "session")
    assert_no_secret("report stdout", out)
