"""repcheck in a partner's pipeline: built-site folders, several outputs, the config file, severities, baselines.

Each test runs the `repcheck` command as CI would, in a temporary working directory, and reads back the files it
wrote.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PASSES = FIXTURES / "wordpress/compliant-house-author-body-byline.html"  # passes, reporter detected
NO_LOGO = FIXTURES / "static/logo-missing.html"  # fails logo only
NOT_DCNF = FIXTURES / "newspack/no-dcnf-story.html"  # the partner's own story: no sign of DCNF


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A built site: two republished DCNF stories (one compliant, one without the logo), the partner's own
    story and an about page; the working directory is the project root above it."""
    monkeypatch.chdir(tmp_path)
    built = tmp_path / "_site"
    (built / "2024" / "energy").mkdir(parents=True)
    (built / "2024" / "schools").mkdir(parents=True)
    (built / "news").mkdir()
    shutil.copy(PASSES, built / "2024" / "energy" / "index.html")
    shutil.copy(NO_LOGO, built / "2024" / "schools" / "index.html")
    shutil.copy(NOT_DCNF, built / "news" / "council-vote.html")
    (built / "about.html").write_text("<html><body><h1>About us</h1><p>A local paper.</p></body></html>")
    (built / ".cache").mkdir()
    shutil.copy(NO_LOGO, built / ".cache" / "old.html")  # hidden folders are not part of the site
    return built


# ---- built-site scans -----------------------------------------------------------------------------------------


def test_a_folder_checks_only_the_republished_stories(site: Path) -> None:
    code, out, err = run("check", "_site", "-f", "jsonl", "--base-url", "https://partner.example/")
    reports = [json.loads(line) for line in out.splitlines()]
    assert {r["target"]: r["status"] for r in reports} == {
        "_site/2024/energy/index.html": "pass",
        "_site/2024/schools/index.html": "fail",
    }
    assert {r["url"] for r in reports} == {
        "https://partner.example/2024/energy/",
        "https://partner.example/2024/schools/",
    }
    assert "2 skipped (no sign of Daily Caller News Foundation" in err
    assert code == 1


def test_all_checks_every_page_of_the_folder(site: Path) -> None:
    code, out, _ = run("check", "_site", "--all", "-f", "jsonl")
    targets = sorted(json.loads(line)["target"] for line in out.splitlines())
    assert targets == [
        "_site/2024/energy/index.html",
        "_site/2024/schools/index.html",
        "_site/about.html",
        "_site/news/council-vote.html",
    ]
    assert code == 1


def test_a_file_named_on_the_command_line_is_always_checked(site: Path) -> None:
    code, out, _ = run("check", "_site/news/council-vote.html", "-f", "jsonl")
    (report,) = [json.loads(line) for line in out.splitlines()]
    assert report["status"] == "fail" and code == 1


# ---- several outputs --------------------------------------------------------------------------------------------


def test_one_run_writes_several_formats(site: Path, tmp_path: Path) -> None:
    code, out, _ = run(
        "check",
        "_site",
        "--format",
        "github",
        "--report",
        "junit=reports/repcheck.xml",
        "--report",
        "jsonl=reports/repcheck.jsonl",
    )
    assert code == 1
    assert "::error file=_site/2024/schools/index.html,title=repcheck logo::" in out
    suites = etree.parse(str(tmp_path / "reports/repcheck.xml")).getroot()
    assert suites.tag == "testsuites" and len(suites.findall("testsuite")) == 2
    failing = [s for s in suites.findall("testsuite") if s.get("failures") != "0"]
    assert len(failing) == 1 and failing[0].find("testcase/failure").get("type") == "logo"
    assert len(jsonl(tmp_path / "reports/repcheck.jsonl")) == 2


def test_bad_report_option_is_a_usage_error(site: Path) -> None:
    code, _, err = run("check", "_site", "--report", "pdf=out.pdf")
    assert code == 2 and "unknown format 'pdf'" in err
    code, _, err = run("check", "_site", "--report", "junit")
    assert code == 2 and "FORMAT=PATH" in err


# ---- severities ----------------------------------------------------------------------------------------------


def test_fail_on_decides_what_fails_the_build(site: Path) -> None:
    page = "_site/2024/schools/index.html"
    assert run("check", page, "--severity", "logo=warning")[0] == 0  # a warning does not fail by default...
    code, out, _ = run("check", page, "--severity", "logo=warning", "--fail-on", "warning", "-f", "json")
    assert code == 1  # ...unless asked
    assert json.loads(out)[0]["rules"][0]["severity"] == "warning"
    assert run("check", page, "--fail-on", "never")[0] == 0
    code, out, _ = run("check", page, "--severity", "logo=warning", "-f", "json")
    report = json.loads(out)[0]
    assert report["status"] == "pass" and report["rules"][0]["status"] == "fail"  # still reported


def test_disable_and_enable(site: Path) -> None:
    page = "_site/2024/schools/index.html"
    code, out, _ = run("check", page, "--disable", "logo", "-f", "json")
    assert code == 0 and "logo" not in [r["id"] for r in json.loads(out)[0]["rules"]]
    Path("repcheck.toml").write_text('disable = ["logo"]\n')
    assert run("check", page)[0] == 0
    assert run("check", page, "--enable", "logo")[0] == 1  # the command line beats the file
    code, _, err = run("check", page, "--disable", "logoo")
    assert code == 2 and "--disable logoo: no such rule" in err


# ---- the config file --------------------------------------------------------------------------------------------


def test_config_targets_overrides_and_reports(site: Path, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "partner-site"\n\n'
        "[tool.repcheck]\n"
        'format = "jsonl"\n'
        'reports = { junit = "build/repcheck.xml" }\n'
        'base_url = "https://partner.example"\n\n'
        "[[tool.repcheck.target]]\n"
        'path = "_site"\n\n'
        "[[tool.repcheck.override]]\n"
        'match = "*/schools/*"\n'
        'severity = { logo = "info" }\n'
    )
    result = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert result.exit_code == 0  # the schools page's missing logo is only "info" under the override
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    schools = next(r for r in reports if "schools" in r["target"])
    assert schools["url"] == "https://partner.example/2024/schools/"
    assert schools["rules"][0]["severity"] == "info" and schools["rules"][0]["status"] == "fail"
    assert (tmp_path / "build/repcheck.xml").exists()
    # the command line beats the file
    assert CliRunner().invoke(main, ["check", "--fail-on", "info"]).exit_code == 1


def test_config_found_from_a_subfolder_and_shown(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "repcheck.toml").write_text('fail_on = "warning"\ntimeout = 5\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    code, out, _ = run("config", "--show")
    assert code == 0
    assert 'fail_on = "warning"' in out and "timeout = 5.0" in out and 'rules = "dcnf"  # default' in out
    assert str(tmp_path / "repcheck.toml") in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("timout = 5\n", "repcheck.toml: unknown key 'timout'"),
        ('fail_on = "sometimes"\n', "'fail_on' must be one of"),
        ('disable = ["logoo"]\n', "unknown rule 'logoo'"),
        ("jobs = 0\n", "'jobs'"),
    ],
)
def test_a_bad_config_is_a_usage_error_naming_the_key(site: Path, text: str, message: str) -> None:
    Path("repcheck.toml").write_text(text)
    code, _, err = run("check", "_site")
    assert code == 2 and message in err and "Traceback" not in err
    assert run("config")[0] == 2


def test_an_explicit_config_must_exist(site: Path) -> None:
    code, _, err = run("check", "_site", "-c", "nope.toml")
    assert code == 2 and "nope.toml" in err


# ---- baselines --------------------------------------------------------------------------------------------------


def test_baseline_lets_only_new_failures_fail(site: Path, tmp_path: Path) -> None:
    code, _, err = run("check", "_site", "--write-baseline", "baseline.json")
    assert code == 1 and "baseline written to baseline.json" in err
    recorded = json.loads(Path("baseline.json").read_text())
    assert [(f["page"], f["rule"]) for f in recorded["failures"]] == [("_site/2024/schools/index.html", "logo")]
    code, out, err = run("check", "_site", "--baseline", "baseline.json", "-f", "json")
    assert code == 0 and "1 known failures in the baseline" in err
    schools = next(r for r in json.loads(out) if "schools" in r["target"])
    assert schools["rules"][0]["baselined"] is True and schools["rules"][0]["status"] == "fail"
    shutil.copy(FIXTURES / "static/logo-missing.html", site / "2024" / "new-story.html")  # a new failing page
    code, _, _ = run("check", "_site", "--baseline", "baseline.json")
    assert code == 1


def test_a_broken_baseline_is_a_usage_error(site: Path) -> None:
    Path("baseline.json").write_text("{not json")
    code, _, err = run("check", "_site", "--baseline", "baseline.json")
    assert code == 2 and "baseline.json: not a repcheck baseline" in err
    code, _, err = run("check", "_site", "--baseline", "missing.json")
    assert code == 2 and "--write-baseline" in err


# ---- audit shares all this -------------------------------------------------------------------------------------


def test_audit_runs_the_config_targets_with_a_junit_report(site: Path, tmp_path: Path) -> None:
    Path("repcheck.toml").write_text(
        'reports = { junit = "audit.xml" }\n'
        '[[target]]\npath = "_site/2024/energy/index.html"\n'
        '[[target]]\npath = "_site/2024/schools/index.html"\ndisable = ["logo"]\n'
    )
    out = tmp_path / "audit.jsonl"
    code, _, _ = run("audit", "-o", str(out), "--processes", "0", "-q")
    assert code == 0  # the only failure is logo, disabled for that target
    assert len(jsonl(out)) == 2
    assert len(etree.parse("audit.xml").getroot().findall("testsuite")) == 2


def test_the_documented_config_example_is_a_valid_config(tmp_path: Path) -> None:
    from checker.config import load_config
    from checker.pack import load_pack

    page = (ROOT / "docs/reference/config.md").read_text(encoding="utf-8")
    example = page.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "repcheck.toml").write_text(example, encoding="utf-8")
    config = load_config(tmp_path / "repcheck.toml")
    config.check_rule_ids({rule.id for rule in load_pack(config.get("rules")).rules})
    assert config.get("reports") == {
        "junit": str(tmp_path / "build/repcheck.xml"),
        "jsonl": str(tmp_path / "build/repcheck.jsonl"),
    }
    assert config.targets[0].path == str(tmp_path / "_site")
    assert config.get("redact_params") == ["session"]
    assert config.rule_settings("https://partner.example/opinion/x").disabled == frozenset({"logo"})
