"""A check's user documentation as plain text, from its code: the docstring of its module and its declared params."""

from __future__ import annotations

import inspect
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
