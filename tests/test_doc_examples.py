"""The shell examples of the README and the documentation site run, and print what the page says they print.

A runnable example is a ```` ```sh ```` block just after a line ``<!-- run -->`` (or ``<!-- run exit=N -->`` when
the command is meant to exit with N); the next fenced block is what it prints, standard output and standard error
together. In that block ``…`` stands for any text within a line, and a line holding only ``…`` for any number of
lines (none included). Each example runs with ``bash`` in a fresh folder that holds a link to the repository's
``fixtures/``, so the paths the page shows work and any file it writes is thrown away.

A README command that first makes a virtual environment and installs repcheck (``python3 -m venv .venv && .
.venv/bin/activate && pip install . && repcheck ...``) runs from its first ``repcheck`` part: the package is
already installed where the tests run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
MARKER = re.compile(r"^<!-- run(?: exit=(\d+))? -->$")
FENCE = re.compile(r"^```")
SETUP = ("python3 -m venv ", ". .venv/bin/activate", "pip install ")
ELLIPSIS = "…"


@dataclass(frozen=True)
class Example:
    page: str  # path relative to the repository, and line of the command
    line: int
    command: str
    expected: str
    exit_code: int

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def examples(path: Path) -> list[Example]:
    """The runnable examples of a Markdown page, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for number, line in enumerate(lines):
        marker = MARKER.match(line.strip())
        if not marker:
            continue
        command, after = _block(lines, number + 1, path)
        expected, _ = _block(lines, after, path)
        found.append(
            Example(
                page=str(path.relative_to(ROOT)),
                line=number + 1,
                command=command,
                expected=expected,
                exit_code=int(marker.group(1) or 0),
            )
        )
    return found


def _block(lines: list[str], start: int, path: Path) -> tuple[str, int]:
    """The text of the first fenced block at or after ``start`` (blank lines before it allowed), and the index of
    the line after its closing fence."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not FENCE.match(lines[i]):
        raise AssertionError(f"{path}:{start}: a `<!-- run -->` example needs a command block and an output block")
    end = i + 1
    while end < len(lines) and not FENCE.match(lines[end]):
        end += 1
    return "\n".join(lines[i + 1 : end]), end + 1


def runnable(command: str) -> str:
    """The command without its setup steps (making a virtual environment, installing repcheck)."""
    steps = command.split(" && ")
    while steps and steps[0].startswith(SETUP):
        steps.pop(0)
    assert steps, f"nothing left to run in {command!r}"
    return " && ".join(steps)


def matches(expected: str, actual: str) -> bool:
    """Whether ``actual`` fits ``expected``: line by line, trailing spaces ignored, ``…`` any text in a line, a line
    of ``…`` alone any number of lines."""
    patterns = [line.rstrip() for line in expected.splitlines()]
    got = [line.rstrip() for line in actual.splitlines()]
    while got and not got[-1]:
        got.pop()
    regexes = [
        None if line.strip() == ELLIPSIS else re.compile(".*".join(map(re.escape, line.split(ELLIPSIS))))
        for line in patterns
    ]
    return _fit(regexes, got)


def _fit(regexes: list[re.Pattern[str] | None], got: list[str]) -> bool:
    if not regexes:
        return not got
    head, rest = regexes[0], regexes[1:]
    if head is None:  # any number of lines
        return any(_fit(rest, got[skip:]) for skip in range(len(got) + 1))
    return bool(got) and head.fullmatch(got[0]) is not None and _fit(rest, got[1:])


ALL = [example for page in PAGES for example in examples(page)]


def test_the_pages_have_runnable_examples() -> None:
    """The examples are found: the README's first command, and examples on every page that promises them."""
    pages = {example.page for example in ALL}
    assert "README.md" in pages
    assert {"docs/getting-started.md", "docs/licensors/audits.md", "docs/reference/json.md"} <= pages
    readme = next(example for example in ALL if example.page == "README.md")
    assert readme.command.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install . && repcheck")


def test_every_shell_example_on_bundled_files_is_run() -> None:
    """A ```` ```sh ```` block that names a bundled file (``fixtures/``) is marked to run, so none goes untested."""
    unmarked = []
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if line.strip() != "```sh":
                continue
            before = next((lines[i].strip() for i in range(number - 1, -1, -1) if lines[i].strip()), "")
            body, _ = _block(lines, number, page)
            if "fixtures/" in body and not MARKER.match(before):
                unmarked.append(f"{page.relative_to(ROOT)}:{number + 1}")
    assert unmarked == []


@pytest.mark.parametrize(
    ("expected", "actual", "fits"),
    [
        ("a\nb", "a\nb\n", True),
        ("a\nb", "a\nc", False),
        ("a\n…\nd", "a\nb\nc\nd", True),
        ("a\n…\nd", "a\nd", True),
        ("a\n…\nd", "a\nb", False),
        ("took …s (… pages/s)", "took 0.9s (6.9 pages/s)", True),
        ("took …s", "took 0.9 min", False),
        ("x", "x\ny", False),
        ("[('logo', 'fail')]", "[('logo', 'fail')]", True),
    ],
    ids=["same", "differs", "gap", "empty-gap", "gap-no-end", "in-line", "in-line-wrong", "extra-line", "regex-chars"],
)
def test_output_matching(expected: str, actual: str, fits: bool) -> None:
    assert matches(expected, actual) is fits


def test_setup_steps_are_left_out_of_the_readme_command() -> None:
    command = "python3 -m venv .venv && . .venv/bin/activate && pip install . && repcheck check a.html && echo done"
    assert runnable(command) == "repcheck check a.html && echo done"
    assert runnable("repcheck packs") == "repcheck packs"


@pytest.mark.slow
@pytest.mark.parametrize("example", ALL, ids=[example.id for example in ALL])
def test_example(example: Example, tmp_path: Path) -> None:
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    env = {
        **os.environ,
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
        "NO_COLOR": "1",
    }
    env.pop("REPCHECK_CONFIG", None)
    done = subprocess.run(
        ["bash", "-c", runnable(example.command)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    assert matches(example.expected, done.stdout), (
        f"{example.id}: the output of\n  {example.command}\ndiffers from the page's:\n{example.expected}\n"
        f"--- it printed:\n{done.stdout}"
    )
    assert done.returncode == example.exit_code, f"{example.id}: exit code {done.returncode}\n{done.stdout}"
