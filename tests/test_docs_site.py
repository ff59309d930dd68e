"""The README and the documentation site: the README stays short and its commands are CI's, every page is in the
site's navigation and every link between them resolves, and the generated parts cover what the code declares.

``mkdocs build --strict`` in ``.ci/run`` checks the site as a whole; these tests check what it cannot (the README,
``.ci/run`` itself) and fail faster on the rest. The examples are run by ``test_doc_examples.py``."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from checker.checks import CHECKS, describe_checks_markdown
from checker.checks.docs import _show
from checker.report import json_schema_text

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
LINK = re.compile(r"\]\(([^)#\s]+\.md)(#[^)]*)?\)")


def hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", DOCS / "gen" / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nav_pages(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [page for item in nav for page in nav_pages(item)]
    return [page for value in nav.values() for page in nav_pages(value)]


def test_the_readme_is_short_and_has_the_two_commands() -> None:
    assert len(README.encode("utf-8")) <= 8 * 1024
    assert "python3 -m venv .venv && . .venv/bin/activate && pip install . && repcheck check fixtures/" in README
    assert "python3 -m venv .venv && . .venv/bin/activate && pip install '.[test]' && python -m pytest" in README


def test_ci_runs_the_readme_test_command_and_builds_the_site_strictly() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "&& pip install '.[test]' && python -m pytest\n" in README  # in the virtual environment it makes
    assert "\npip install --quiet '.[test]' && python -m pytest\n" in ci  # in the one .ci/run makes
    assert "pip install --quiet '.[docs]'" in ci and re.search(r"\nNO_MKDOCS_2_WARNING=1 mkdocs build --strict ", ci)


def test_every_page_is_in_the_navigation_and_every_link_resolves() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    pages = sorted(str(path.relative_to(DOCS)) for path in DOCS.rglob("*.md"))
    assert sorted(nav_pages(config["nav"])) == pages
    for source in [ROOT / "README.md", *(DOCS / page for page in pages)]:
        for target, _ in LINK.findall(source.read_text(encoding="utf-8")):
            assert (source.parent / target).resolve().is_file(), f"{source.relative_to(ROOT)}: broken link {target}"


def test_the_check_reference_has_every_param_with_its_default() -> None:
    text = describe_checks_markdown()
    for spec in CHECKS.values():
        assert f"## `{spec.name}`" in text
        section = text.split(f"## `{spec.name}`", 1)[1].split("\n## ", 1)[0]
        for param in spec.params:
            row = next(line for line in section.splitlines() if line.startswith(f"| `{param.name}` |"))
            assert ("required" if param.required else f"`{_show(param.default)}`") in row
        assert "Example:" not in section or "```toml" in section  # reStructuredText examples become TOML blocks
        assert "``" not in section.replace("```", "")


def test_the_hook_fills_every_generated_part_the_pages_ask_for() -> None:
    module = hooks()
    asked = {name for page in DOCS.rglob("*.md") for name in module.MARKER.findall(page.read_text(encoding="utf-8"))}
    assert asked == {"cli", "checks", "report-schema", "report-schema-json"}
    page = module.on_page_markdown("# X\n\n<!-- generated: report-schema -->\n")
    for field in json.loads(json_schema_text())["properties"]:
        assert f"| `{field}` |" in page
    cli = module.generated("cli")
    for command in ("check", "audit", "report", "rules", "checks", "packs", "config", "schema"):
        assert f"## `repcheck {command}`" in cli
    assert "--redact-param NAME" in cli and "[default: dcnf]" in cli
    with pytest.raises(ValueError, match="unknown generated part"):
        module.generated("nope")
