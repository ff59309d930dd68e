"""Regular expressions from packs and configs: matched in linear time, and those RE2 cannot take refused at load."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

PACK_HEAD = '[pack]\nid = "mine"\nname = "Mine"\nterms = "Credit us."\n\n'
TEXT_RULE = '[[rules]]\nid = "{id}"\ncheck = "text"\ntitle = "t"\ndescription = "d"\n[rules.params]\n'
PATTERNS = "patterns = ['{p}']\n"


def write_pack(folder: Path, rule_id: str, pattern: str) -> Path:
    path = folder / "mine.toml"
    path.write_text(PACK_HEAD + TEXT_RULE.format(id=rule_id) + PATTERNS.format(p=pattern), encoding="utf-8")
    return path


def repcheck(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """``repcheck ARGS`` in a child process: a runaway match fails the test by its timeout, never hangs the suite."""
    command = [sys.executable, "-m", "checker", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def test_a_catastrophic_pattern_checks_a_long_page_in_linear_time(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "notice", "(a+)+$")
    page = tmp_path / "page.html"
    # Python's re needs 2**n steps for n letters here (it hung for minutes); RE2 reads the text once.
    page.write_text(f"<html><body><article><p>{'a' * 5000}b</p></article></body></html>", encoding="utf-8")
    started = time.monotonic()
    done = repcheck("check", str(page), "--rules", str(pack), "--format", "json", timeout=30)
    assert time.monotonic() - started < 10, "a pack pattern backtracked"
    assert done.returncode == 1, done.stderr  # the pattern does not match: the rule fails, as it should
    assert '"status": "fail"' in done.stdout


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(?<!not )published by us", "lookarounds ((?=...), (?!...), (?<=...), (?<!...)) are not supported"),
        ("published by us(?= today)", "lookarounds"),
        (r"(us) and \1", r"backreferences (\1, (?P=name)) are not supported"),
    ],
)
def test_a_pattern_re2_cannot_take_is_refused_when_the_pack_loads(tmp_path: Path, pattern: str, reason: str) -> None:
    pack = write_pack(tmp_path, "credit-line", pattern)
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>published by us</p></body></html>", encoding="utf-8")
    done = repcheck("check", str(page), "--rules", str(pack), timeout=60)
    assert done.returncode == 2, done.stdout
    error = done.stderr.strip()
    assert f'{pack}: rule "credit-line": param "patterns": bad regular expression' in error
    assert reason in error and "linear time" in error
    assert "Traceback" not in done.stderr and done.stdout == ""
