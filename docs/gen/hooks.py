"""MkDocs hook (``hooks:`` in mkdocs.yml): the parts of the documentation generated from the code when the site is
built, so that they cannot drift from it.

A page asks for one with a comment on a line of its own:

- ``<!-- generated: cli -->``: every command's ``--help``, from the click commands (``checker.cli``);
- ``<!-- generated: checks -->``: every check, its params, their types and defaults (``checker.checks``);
- ``<!-- generated: report-schema -->``: the JSON report's fields, from ``checker/report.schema.json``;
- ``<!-- generated: report-schema-json -->``: that schema itself.

An unknown name stops the build.
"""

from __future__ import annotations

import json
import re
from typing import Any

MARKER = re.compile(r"^<!-- generated: ([a-z-]+) -->$", re.M)


def on_page_markdown(markdown: str, **_: Any) -> str:
    return MARKER.sub(lambda match: generated(match.group(1)), markdown)


def generated(name: str) -> str:
    from checker.checks import describe_checks_markdown
    from checker.report import json_schema_text

    if name == "cli":
        return cli_reference()
    if name == "checks":
        return describe_checks_markdown()
    if name == "report-schema":
        return schema_fields(json.loads(json_schema_text()))
    if name == "report-schema-json":
        return "```json\n" + json_schema_text().rstrip() + "\n```\n"
    raise ValueError(f"docs: unknown generated part {name!r}")


def cli_reference() -> str:
    """A section per command: its summary, then its ``--help`` as ``repcheck COMMAND --help`` prints it (80 columns)."""
    import click

    from checker.cli import main

    root = click.Context(main, info_name="repcheck", terminal_width=80, **main.context_settings)
    parts = ["## `repcheck`", "", _help_block(main.get_help(root))]
    for name in main.list_commands(root):
        command = main.get_command(root, name)
        if command is None or command.hidden:
            continue
        context = click.Context(command, info_name=name, parent=root, terminal_width=80)
        summary = command.get_short_help_str(limit=200)
        parts += [f"## `repcheck {name}`", "", summary.replace("<", "&lt;"), "", _help_block(command.get_help(context))]
    return "\n".join(parts)


def _help_block(text: str) -> str:
    return "```text\n" + text.rstrip() + "\n```\n"


def schema_fields(schema: dict[str, Any]) -> str:
    """A table of a report's fields, then one of a rule's and of its evidence, from the schema's descriptions."""
    parts = [_table("Each report", schema)]
    for name, definition in schema.get("$defs", {}).items():
        parts.append(_table(f"Each `{name}`" if name != "rule" else "Each entry of `rules`", definition))
    return "\n".join(parts)


def _table(caption: str, schema: dict[str, Any]) -> str:
    required = set(schema.get("required", ()))
    rows = [f"{caption}:", "", "| field | type | meaning |", "|---|---|---|"]
    for field, spec in schema["properties"].items():
        kind = _type(spec) + ("" if field in required else " (optional)")
        text = spec.get("description", "").replace("|", "\\|").replace("<", "&lt;")
        rows.append(f"| `{field}` | {kind} | {text} |")
    return "\n".join(rows) + "\n"


def _type(spec: dict[str, Any]) -> str:
    if "const" in spec:
        return f"`{json.dumps(spec['const'])}`"
    if "enum" in spec:
        return " \\| ".join(f"`{json.dumps(value)}`" for value in spec["enum"])
    if "$ref" in spec:
        return f"`{spec['$ref'].rsplit('/', 1)[-1]}`"
    if "oneOf" in spec:
        return " or ".join(_type(option) for option in spec["oneOf"])
    kinds = spec.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    text = " or ".join(kinds)
    if "array" in kinds and "items" in spec:
        text = f"array of {_type(spec['items'])}"
    return text
