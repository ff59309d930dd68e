"""What the integration tests share: the fixture pages they run on, a workspace of them, and a clean
environment with this venv's repcheck first on the PATH."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PASSING = "fixtures/wordpress/compliant-stacked-affiliation.html"  # passes with --reporter "Nick Pope"
FAILING = "fixtures/static/logo-missing.html"  # fails `logo` whoever the reporter is
DETECTED = "fixtures/wordpress/compliant-house-author-body-byline.html"  # passes, its reporter detected
NOT_A_STORY = "fixtures/newspack/no-dcnf-story.html"  # the site's own story: no sign of DCNF
BIN = Path(sys.executable).parent  # this environment's `repcheck` command
BASH = shutil.which("bash")

ACTION: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
HOOKS: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))

needs_bash = pytest.mark.skipif(BASH is None, reason="needs bash, as GitHub's `shell: bash` steps do")


def step(step_id: str) -> dict[str, Any]:
    return next(s for s in STEPS if s.get("id") == step_id)


def workspace(root: Path, *files: str, **renamed: str) -> Path:
    """A checked-out repository standing in for $GITHUB_WORKSPACE: fixture pages copied under their own relative
    paths (``files``) or under new ones (``renamed``: new path -> fixture path). Outside the repcheck repository,
    so that no config file is found unless a test writes one."""
    ws = root / "workspace"
    for dest, source in [(f, f) for f in files] + list(renamed.items()):
        (ws / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / source, ws / dest)
    ws.mkdir(exist_ok=True)
    return ws


def clean_env(*path_first: Path) -> dict[str, str]:
    """The environment of a step or a hook: without the caller's GitHub, repcheck and colour settings, with
    ``path_first`` (then this environment's bin folder) first on PATH."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GITHUB_", "REPCHECK_", "RUNNER_")) and key not in ("NO_COLOR", "FORCE_COLOR")
    }
    env["PATH"] = os.pathsep.join([*map(str, path_first), str(BIN), os.environ.get("PATH", "")])
    return env
