"""A check's user documentation as plain text, from its code: the docstring of its module and its declared params."""

from __future__ import annotations

import inspect
import re
import textwrap
from typing import Any

from .spec import CheckSpec, Param, ParamType

WIDTH = 100


def render_check(spec: CheckSpec) -> str:
    """``spec``'s name and summary, its module's docstring, and a line per param."""
    module = inspect.getmodule(spec.run)
    doc = inspect.cleandoc(module.__doc__ or "") if module is not None else ""
    lines = [f"{spec.name}: {spec.summary}", "=" * min(WIDTH, len(spec.name) + 2 + len(spec.summary))]
    if doc:
        lines += ["", doc]
    lines += ["", "Params:" if spec.params else "Params: none"]
    lines += [_param_line(param) for param in spec.params]
    if spec.one_of:
        lines.append(f"  (at least one of {', '.join(spec.one_of)} must be set)")
    if spec.reads_original:
        lines.append("  (compares with the original article: give --original)")
    return "\n".join(lines)


def _param_line(param: Param) -> str:
    facts = [param.type_name() if param.type is not ParamType.CHOICE else "a string"]
    if param.choices:
        facts.append("one of " + ", ".join(param.choices))
    limits = param.range_text()
    if limits:
        facts.append(limits)
    facts.append("required" if param.required else f"default {_show(param.default)}")
    head = f"  {param.name} ({'; '.join(facts)}): "
    return textwrap.fill(param.help, WIDTH, initial_indent=head, subsequent_indent=" " * 6)


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def render_check_markdown(spec: CheckSpec) -> str:
    """``spec``'s documentation as Markdown, for the documentation site: a section with its summary, its module's
    docstring (reStructuredText literals and ``Example::`` blocks turned into Markdown) and a table of its params."""
    module = inspect.getmodule(spec.run)
    doc = inspect.cleandoc(module.__doc__ or "") if module is not None else ""
    summary = spec.summary.replace("<", "&lt;")
    lines = [f"## `{spec.name}`", "", f"*{summary[0].upper()}{summary[1:]}.*", ""]
    if doc:
        lines += [_markdown_text(doc), ""]
    notes = []
    if spec.one_of:
        notes.append(f"At least one of {', '.join(f'`{name}`' for name in spec.one_of)} must be set.")
    if spec.reads_original:
        notes.append("It compares with the original article: give `--original` (or an audit row's `original`).")
    if spec.params:
        lines += ["| param | type | default | help |", "|---|---|---|---|"]
        lines += [_param_row(param) for param in spec.params]
    else:
        lines.append("No params.")
    if notes:
        lines += ["", " ".join(notes)]
    return "\n".join(lines) + "\n"


def _param_row(param: Param) -> str:
    kind = (
        param.type_name()
        if param.type is not ParamType.CHOICE
        else "one of " + ", ".join(f"`{choice}`" for choice in param.choices)
    )
    limits = param.range_text()
    if limits:
        kind += f", {limits}"
    default = "required" if param.required else f"`{_show(param.default)}`"
    cells = (f"`{param.name}`", kind, default, param.help.replace("<", "&lt;"))
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _markdown_text(doc: str) -> str:
    """A module docstring as Markdown: ````x```` becomes `x`, ``:mod:`x``` becomes `x`, an indented block after a
    line ending in ``::`` becomes a fenced TOML block, and a list gets the blank line Markdown needs before it."""
    doc = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", doc.replace("``", "`"))
    out: list[str] = []
    lines = doc.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.endswith("::") and not line.endswith(":::"):
            out.append(line[:-1])
            block: list[str] = []
            i += 1
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
                block.append(lines[i][4:])
                i += 1
            while block and not block[0].strip():
                block.pop(0)
            while block and not block[-1].strip():
                block.pop()
            out += ["", "```toml", *block, "```", ""]
            continue
        if line.startswith("- ") and out and out[-1].strip() and not out[-1].startswith(("- ", "  ")):
            out.append("")  # Markdown starts a list only after a blank line
        out.append(line)
        i += 1
    return "\n".join(out).strip()
