"""The pre-commit hook repcheck offers partners (.pre-commit-hooks.yaml): its manifest, the files it selects, and
the hook run on staged files and as a folder scan."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from integration_helpers import (
    DETECTED,
    FAILING,
    FIXTURES,
    HOOKS,
    NOT_A_STORY,
    clean_env,
    workspace,
)

# -- .pre-commit-hooks.yaml --------------------------------------------------------------------------------------------

MANIFEST_KEYS = {  # what pre-commit accepts in a hook of .pre-commit-hooks.yaml
    "id",
    "name",
    "entry",
    "language",
    "alias",
    "files",
    "exclude",
    "types",
    "types_or",
    "exclude_types",
    "additional_dependencies",
    "args",
    "always_run",
    "fail_fast",
    "pass_filenames",
    "description",
    "language_version",
    "log_file",
    "require_serial",
    "stages",
    "verbose",
    "minimum_pre_commit_version",
}


def hook() -> dict[str, Any]:
    assert isinstance(HOOKS, list)
    assert len(HOOKS) == 1
    return HOOKS[0]


def test_hook_manifest() -> None:
    h = hook()
    assert set(h) <= MANIFEST_KEYS
    assert h["id"] == "repcheck"
    assert h["name"] == "repcheck (republication terms)"
    assert h["language"] == "python"  # pre-commit pip-installs this repository: the `repcheck` command
    assert shlex.split(h["entry"])[:2] == ["repcheck", "check"]
    assert h.get("pass_filenames", True) is True
    assert h["require_serial"] is False
    assert h["description"].strip()


@pytest.mark.parametrize(
    ("path", "selected"),
    [
        ("story.html", True),
        ("_site/2024/story/index.html", True),
        ("republished/old.htm", True),
        ("saved/page.html.gz", True),
        ("LEGACY/PAGE.HTML", True),
        ("assets/site.css", False),
        ("html/notes.md", False),
        ("page.html.bak", False),
        ("scripts/build.js", False),
    ],
)
def test_hook_selects_html_files(path: str, selected: bool) -> None:
    assert bool(re.search(hook()["files"], path)) is selected


def run_hook(cwd: Path, files: list[str], *, args: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """What pre-commit runs: the entry, the hook's args, then the staged files its pattern selects."""
    h = hook()
    staged = [f for f in files if re.search(h["files"], f)]
    argv = [*shlex.split(h["entry"]), *(h.get("args", []) if args is None else args), *staged]
    return subprocess.run(argv, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(
    ("files", "code"),
    [
        ([DETECTED], 0),
        ([FAILING], 1),
        ([DETECTED, FAILING], 1),
        ([DETECTED, "fixtures/site.css"], 0),
        # A staged page that is not a republished story (the site's own) is skipped, not failed...
        ([NOT_A_STORY], 0),
        # ...but does not hide a failing story staged with it.
        ([NOT_A_STORY, FAILING], 1),
    ],
)
def test_hook_on_staged_files(tmp_path: Path, files: list[str], code: int) -> None:
    ws = workspace(tmp_path, *(f for f in files if f.endswith(".html")))
    (ws / "fixtures" / "site.css").write_text("body { color: black }\n", encoding="utf-8")
    done = run_hook(ws, files)
    assert done.returncode == code, done.stdout + done.stderr
    assert "site.css" not in done.stdout
    if code == 1:
        assert done.stdout.startswith("FAIL  ") or "\nFAIL  " in done.stdout  # the text report, for people


def test_hook_as_a_folder_scan(tmp_path: Path) -> None:
    """The snippet's site-repository variant: `pass_filenames: false` and `args: [public]`, so the folder is
    scanned as a site and pages that never show the licensor are skipped."""
    ws = workspace(tmp_path, **{"public/story.html": DETECTED, "public/about.html": NOT_A_STORY})
    done = subprocess.run(
        [*shlex.split(hook()["entry"]), "public"],
        cwd=ws,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stderr
    shutil.copyfile(FIXTURES / "static" / "logo-missing.html", ws / "public" / "logo-missing.html")
    done = subprocess.run(
        [*shlex.split(hook()["entry"]), "public"],
        cwd=ws,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
