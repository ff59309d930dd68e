"""What a check declares: its name, the function that runs it, and its params (type, default, allowed values).

The pack loader validates every param of every rule against these declarations before any page is read
(:meth:`CheckSpec.problem`), so a check reads its settings (:meth:`CheckSpec.settings`) without checking them again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ..user_regex import regex_problem

if TYPE_CHECKING:
    from ..logo_match.looking import PageLogos
    from ..pack import Pack, Rule
    from ..page import Page
    from ..report import Verdict
    from ..reporter import OriginalText, Reporter


class ParamType(StrEnum):
    """The kinds of value a param takes in a pack's TOML."""

    STRING = "string"
    STRING_LIST = "string-list"
    REGEX_LIST = "regex-list"
    BOOL = "bool"
    INT = "int"
    NUMBER = "number"
    CHOICE = "choice"  # a string among Param.choices


_TYPE_NAMES = {
    ParamType.STRING: "a string",
    ParamType.STRING_LIST: "a list of strings",
    ParamType.REGEX_LIST: "a list of regular expressions (strings)",
    ParamType.BOOL: "true or false",
    ParamType.INT: "an integer",
    ParamType.NUMBER: "a number",
}


@dataclass(frozen=True)
class Param:
    """One param a check accepts: its TOML type, its default, the values allowed, and a line of help."""

    name: str
    type: ParamType
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()  # for ParamType.CHOICE
    minimum: float | None = None  # for INT and NUMBER
    maximum: float | None = None
    required: bool = False

    def type_name(self) -> str:
        """The type in words: 'an integer', 'one of "a", "b"'."""
        if self.type is ParamType.CHOICE:
            return "one of " + ", ".join(f'"{c}"' for c in self.choices)
        return _TYPE_NAMES[self.type]

    def range_text(self) -> str | None:
        """The range in words ('from 0 to 1', 'at least 1'), or None when any value of the type will do."""
        if self.minimum is not None and self.maximum is not None:
            return f"from {self.minimum:g} to {self.maximum:g}"
        if self.minimum is not None:
            return f"at least {self.minimum:g}"
        if self.maximum is not None:
            return f"at most {self.maximum:g}"
        return None

    def problem(self, value: Any) -> str | None:
        """What is wrong with ``value``, to follow 'param "name"' in a message ('must be an integer'), or None."""
        if not self._has_type(value):
            got = f' (got "{value}")' if isinstance(value, str) else ""
            return f" must be {self.type_name()}{got}"
        if self.type is ParamType.REGEX_LIST:
            for pattern in value:
                reason = regex_problem(pattern)
                if reason:
                    return f': bad regular expression "{pattern}" ({reason})'
        out_of_range = (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        )
        if out_of_range:
            return f" must be {self.range_text()} (got {value!r})"
        return None

    def _has_type(self, value: Any) -> bool:
        kind = self.type
        if kind is ParamType.CHOICE:
            return isinstance(value, str) and value in self.choices
        if kind in (ParamType.STRING_LIST, ParamType.REGEX_LIST):
            return isinstance(value, list) and all(isinstance(v, str) for v in value)
        if kind is ParamType.STRING:
            return isinstance(value, str)
        if kind is ParamType.BOOL:
            return isinstance(value, bool)
        if kind is ParamType.INT:
            return isinstance(value, int) and not isinstance(value, bool)
        return isinstance(value, (int, float)) and not isinstance(value, bool)  # NUMBER


@dataclass(frozen=True)
class Context:
    """What a check may know besides the page: the pack, the reporter, and the original article's URL (or path)
    when the run was given one (``--original``, or an audit row's ``original``), and then, when a rule of the pack
    needs it, the original's text (read once per run)."""

    pack: Pack
    reporter: Reporter
    original: str | None = None
    original_text: OriginalText | None = None
    logo_pixels: PageLogos | None = None  # the page's images compared with reference logos (checker/logo_match)


@dataclass(frozen=True)
class CheckSpec:
    """One kind of check: packs name it in a rule's ``check``; ``run(page, rule, context)`` gives the verdict."""

    name: str
    run: Callable[[Page, Rule, Context], Verdict]
    params: tuple[Param, ...]
    summary: str
    one_of: tuple[str, ...] = ()  # params of which a rule must set at least one (non-empty)
    reads_original: bool = False  # compares with the original article's text: the engine reads it for this check

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def settings(self, rule: Rule) -> dict[str, Any]:
        """Every param of this check for ``rule``: the value its pack sets, else the declared default."""
        return {p.name: rule.params.get(p.name, p.default) for p in self.params}

    def problem(self, params: Mapping[str, Any]) -> str | None:
        """What is wrong with a rule's ``params`` for this check (the first thing), or None."""
        for key, value in params.items():
            param = self.param(key)
            if param is None:
                allowed = ", ".join(sorted(p.name for p in self.params)) or "none"
                return f'unknown param "{key}" for check "{self.name}" (allowed: {allowed})'
            wrong = param.problem(value)
            if wrong:
                return f'param "{key}"{wrong}'
        for param in self.params:
            if param.required and not params.get(param.name):
                return f'missing param "{param.name}" (check "{self.name}" needs it: {param.help})'
        if self.one_of and not any(params.get(name) for name in self.one_of):
            return f'sets neither {" nor ".join(self.one_of)} (check "{self.name}" needs at least one)'
        return None
