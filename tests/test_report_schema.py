"""The JSON report's schema (``checker/report.schema.json``): shipped in the package, printed by ``repcheck schema``,
and every JSON output validates against it — ``--format json`` and ``jsonl`` of ``check`` and ``audit``, a
``--report jsonl=`` file, and the results files that ``repcheck report`` and ``audit --resume`` read. Every field
the outputs write is declared in it, so a new field cannot go undocumented."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, ValidationError
from server import LoopbackServer

from checker.cli import main
from checker.report import SCHEMA_VERSION, json_schema_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PASSES = FIXTURES / "wordpress/compliant-stacked-affiliation.html"
NO_LOGO = FIXTURES / "static/logo-missing.html"
CONVERSATION = FIXTURES / "conversation/compliant.html"
SCHEMA: dict[str, Any] = json.loads(json_schema_text())
VALIDATOR = Draft202012Validator(SCHEMA)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def valid(report: dict[str, Any]) -> dict[str, Any]:
    """``report``, after checking it against the schema and that the schema declares every field it has."""
    VALIDATOR.validate(report)
    assert set(report) == set(SCHEMA["properties"]), "a field the schema does not declare, or one it lacks"
    for rule in report["rules"]:
        assert set(rule) == set(SCHEMA["$defs"]["rule"]["properties"])
        if rule["evidence"] is not None:  # every required field, and only declared ones (screenshot, box: optional)
            evidence = SCHEMA["$defs"]["evidence"]
            assert set(evidence["required"]) <= set(rule["evidence"]) <= set(evidence["properties"])
    return report


@pytest.fixture
def targets(server: LoopbackServer, tmp_path: Path) -> list[str]:
    """Pages that give every kind of report: a pass, a fail, a page over HTTP, an HTTP error, a missing file."""
    return [
        str(PASSES),
        str(NO_LOGO),
        server.add("/story", PASSES.read_bytes()),
        server.add("/gone", "gone", status=404),
        str(tmp_path / "no-such-page.html"),
    ]


def test_the_schema_is_a_valid_json_schema_and_repcheck_schema_prints_it() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    code, out = run("schema")
    assert code == 0 and json.loads(out) == SCHEMA
    assert SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert (ROOT / "checker/report.schema.json").read_text(encoding="utf-8") == out


def test_json_and_jsonl_of_check_validate(targets: list[str]) -> None:
    code, out = run("check", "--format", "json", "--timeout", "5", *targets)
    assert code == 1
    reports = [valid(report) for report in json.loads(out)]
    assert [r["status"] for r in reports] == ["pass", "fail", "pass", "error", "error"]
    assert reports[2]["http_status"] == 200 and reports[3]["http_status"] == 404
    code, out = run("check", "--format", "jsonl", "--timeout", "5", *targets)
    assert [valid(json.loads(line))["status"] for line in out.splitlines()] == [r["status"] for r in reports]


def test_skipped_chosen_and_baselined_rules_validate(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    run("check", str(NO_LOGO), "--write-baseline", str(baseline), "-o", str(tmp_path / "first.txt"))
    code, out = run("check", "--format", "jsonl", str(NO_LOGO), "--baseline", str(baseline))
    assert code == 0 and valid(json.loads(out))["rules"][0]["baselined"] is True
    code, out = run("check", "--format", "jsonl", "--rules", "auto", str(CONVERSATION))
    auto = valid(json.loads(out))
    assert auto["ruleset_chosen"].startswith("auto: the-conversation")
    assert "skip" in {rule["status"] for rule in auto["rules"]}  # `unaltered` needs the original article


def test_audit_results_files_and_report_files_validate(targets: list[str], tmp_path: Path) -> None:
    """What ``audit -o`` writes is what ``report`` and ``audit --resume`` read back."""
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(targets) + "\n", encoding="utf-8")
    results = tmp_path / "results.jsonl"
    code, _ = run("audit", str(listing), "-o", str(results), "--processes", "0", "--timeout", "5", "-q")
    assert code == 1
    lines = results.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(targets)
    for line in lines:
        valid(json.loads(line))
    code, _ = run("audit", str(listing), "-o", str(results), "--resume", "--processes", "0", "-q")
    assert code == 1 and results.read_text(encoding="utf-8").splitlines() == lines
    code, out = run("audit", str(listing), "--format", "json", "--processes", "0", "--timeout", "5", "-q")
    assert len([valid(report) for report in json.loads(out)]) == len(targets)
    side = tmp_path / "side.jsonl"
    run("check", str(PASSES), "--report", f"jsonl={side}", "-o", str(tmp_path / "out.txt"))
    valid(json.loads(side.read_text(encoding="utf-8")))


def test_the_bundled_sample_results_validate() -> None:
    """The results file the HTML report's screenshot and tests are made from."""
    lines = (FIXTURES / "audit/sample-results.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 20
    for line in lines:
        valid(json.loads(line))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"status": "skip"}, "status"),
        ({"schema_version": SCHEMA_VERSION + 1}, "schema_version"),
        ({"http_status": "200"}, "http_status"),
        ({"checked_at": "yesterday"}, "checked_at"),
        ({"rules": [{"id": "logo", "status": "maybe"}]}, "rules"),
    ],
    ids=["page-status", "version", "status-type", "timestamp", "rule"],
)
def test_the_schema_refuses_what_repcheck_never_writes(change: dict[str, Any], where: str) -> None:
    code, out = run("check", "--format", "jsonl", str(PASSES))
    report = {**json.loads(out), **change}
    with pytest.raises(ValidationError) as caught:
        VALIDATOR.validate(report)
    assert caught.value.absolute_path[0] == where
