"""The configuration file: ``repcheck.toml``, or a ``[tool.repcheck]`` table in ``pyproject.toml``.

The file is found from the working directory upward: the first directory holding a ``repcheck.toml``, or a
``pyproject.toml`` with a ``[tool.repcheck]`` table (``repcheck.toml`` wins in one directory; a pyproject.toml
without the table is not a config and the search goes on upward), up to the filesystem root. ``-c/--config PATH``
or the environment variable ``REPCHECK_CONFIG`` name one instead (then it must exist). Relative paths in the file
are relative to the file's directory. Every key is optional; command-line flags beat the file.

The file is validated completely when it is loaded. Every mistake is one :class:`ConfigError` whose message names
the file and the key, e.g.::

    repcheck.toml: unknown key 'timout' (did you mean 'timeout'? known: all, base_url, ...)
    pyproject.toml [tool.repcheck]: 'timeout' must be a positive number, not "fast"
    repcheck.toml: target 2: 'severity.logo' must be one of error, warning, info, not "fatal"

Rule ids cannot be checked until the pack is loaded: call :meth:`Config.check_rule_ids` then.
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config_values import FORMATS as FORMATS  # re-exported: the formats a config may name
from .config_values import (
    TOP_VALIDATORS,
    ConfigError,
    ValueContext,
    array_of_tables,
    check_keys,
    describe,
    did_you_mean,
    http_url,
    no_conflict,
    path_value,
    pattern_matcher,
    rule_id_list,
    severity_table,
    string_value,
    toml_key,
    toml_value,
)
from .defaults import CONFIG_DEFAULTS

CONFIG_NAME = "repcheck.toml"
PYPROJECT_NAME = "pyproject.toml"
ENV_VAR = "REPCHECK_CONFIG"

#: The value of every top-level key when neither the command line nor the file sets it.
DEFAULTS = CONFIG_DEFAULTS

_TOP_KEYS = (*DEFAULTS, "target", "override")
_TARGET_KEYS = ("url", "path", "reporter", "original", "severity", "disable", "enable")
_OVERRIDE_KEYS = ("match", "severity", "disable", "enable")
_TOOL_TABLE = re.compile(r"""^\s*\[{0,2}\s*tool\s*\.\s*["']?repcheck\b""", re.MULTILINE)
_MISSING = object()


@dataclass(frozen=True)
class RuleSettings:
    """What the config says about the rules on one page: severities to use instead of the pack's, and the rules
    not to run."""

    severity: dict[str, str] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()

    def enabled(self, rule_id: str) -> bool:
        return rule_id not in self.disabled

    def severity_for(self, rule_id: str, default: str) -> str:
        """The severity of ``rule_id`` on this page: the config's, else ``default`` (the pack's)."""
        return self.severity.get(rule_id, default)


@dataclass(frozen=True)
class Target:
    """A ``[[target]]``: a page (``url``) or files (``path``: a file, a folder or a glob, absolute) to check
    when the command line names none, with what to check them for."""

    url: str | None = None
    path: str | None = None
    reporter: str | None = None
    original: str | None = None
    severity: dict[str, str] = field(default_factory=dict)
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()

    @property
    def location(self) -> str:
        """The URL or the path, whichever is set: what the CLI checks."""
        return self.url if self.url is not None else str(self.path)


@dataclass(frozen=True)
class Override:
    """An ``[[override]]``: settings for the pages whose URL (or path) matches one of ``patterns``.

    A pattern is a shell-style glob matched against the whole location (``fnmatch.fnmatchcase``: ``*`` matches
    anything, ``/`` included; case-sensitive), or ``re:REGEX``, searched for anywhere in it. A bad regular
    expression raises ``ValueError``."""

    patterns: tuple[str, ...]
    severity: dict[str, str] = field(default_factory=dict)
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    _matchers: tuple[Callable[[str], bool], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.patterns, str):
            object.__setattr__(self, "patterns", (self.patterns,))
        object.__setattr__(self, "_matchers", tuple(pattern_matcher(p) for p in self.patterns))

    def matches(self, location: str) -> bool:
        return any(match(location) for match in self._matchers)


@dataclass(frozen=True)
class Config:
    """A loaded, validated config. ``path`` is None when no config file was found (everything is a default).

    ``settings`` holds only the top-level keys the file sets, normalised: numbers of the right type, paths
    absolute (``rules`` only when it is a path), ``base_url`` ending in ``/``, rule lists without repeats."""

    path: Path | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    targets: tuple[Target, ...] = ()
    overrides: tuple[Override, ...] = ()
    source: str = field(default="", compare=False)  # the file as messages name it

    def get(self, key: str, default: Any = _MISSING) -> Any:
        """The file's value for a top-level ``key``; else ``default`` when given, else ``DEFAULTS[key]``.
        A key that is not a config key raises ``KeyError`` (a typo in the caller)."""
        if key not in DEFAULTS:
            raise KeyError(f"not a repcheck config key: {key!r}")
        if key in self.settings:
            return self.settings[key]
        return copy.deepcopy(DEFAULTS[key]) if default is _MISSING else default

    def is_set(self, key: str) -> bool:
        """Whether the file sets ``key`` (the CLI's flags beat it only when given)."""
        return key in self.settings

    def effective(self) -> dict[str, Any]:
        """Every top-level key with its value: the file's, else the default."""
        return {key: self.get(key) for key in DEFAULTS}

    def rule_settings(self, location: str, target: Target | None = None) -> RuleSettings:
        """What the file says about the rules on the page at ``location`` (a URL or a path), ``target`` being
        its ``[[target]]``: :func:`checker.settings.page_rules` without a command line."""
        from .settings import page_rules  # settings builds on this module

        rules = page_rules(self, location, target)
        return RuleSettings(dict(rules.severity), frozenset(rules.disabled))

    def check_rule_ids(self, known: set[str] | frozenset[str] | Iterable[str]) -> None:
        """Raise :class:`ConfigError` when the file names a rule that is not in ``known`` (the pack's rule ids),
        saying where (``severity``, ``disable`` or ``enable``; top level, which target or which override)."""
        known = set(known)
        places: list[tuple[str, dict[str, str], Iterable[str], Iterable[str]]] = [
            ("", self.settings.get("severity", {}), self.settings.get("disable", ()), self.settings.get("enable", ()))
        ]
        places += [(f"override {n}", o.severity, o.disable, o.enable) for n, o in enumerate(self.overrides, 1)]
        places += [(f"target {n}", t.severity, t.disable, t.enable) for n, t in enumerate(self.targets, 1)]
        for where, severity, disable, enable in places:
            for key, ids in (("severity", severity), ("disable", disable), ("enable", enable)):
                for rule_id in ids:
                    if rule_id in known:
                        continue
                    keypath = f"severity.{rule_id}" if key == "severity" else key
                    hint = did_you_mean(rule_id, known)
                    rules = ", ".join(sorted(known)) or "none"
                    prefix = f"{self.source or '<config>'}: {where + ': ' if where else ''}"
                    raise ConfigError(
                        f"{prefix}unknown rule '{rule_id}' in '{key}' ({hint}rules in the pack: {rules})",
                        file=self.source or None,
                        key=keypath,
                    )

    def show(self) -> str:
        """The effective config as TOML (``repcheck config --show``): which file, every top-level key with its
        value (keys the file does not set are marked ``# default``), then the targets and overrides."""
        lines = [
            f"# repcheck config: {self.path}" if self.path else "# no config file found; defaults",
            '# keys marked "# default" are not set in the file',
            "",
        ]
        for key in DEFAULTS:
            value = self.get(key)
            mark = "" if key in self.settings else "  # default"
            if value is None:
                lines.append(f"# {key} is not set" + (" (default)" if mark else ""))
            else:
                lines.append(f"{toml_key(key)} = {toml_value(value)}{mark}")
        for target in self.targets:
            lines += ["", "[[target]]"]
            for key in _TARGET_KEYS:
                value = getattr(target, key)
                if value is not None and value != {} and value != ():
                    lines.append(f"{key} = {toml_value(value)}")
        for override in self.overrides:
            lines += ["", "[[override]]"]
            patterns = override.patterns[0] if len(override.patterns) == 1 else override.patterns
            lines.append(f"match = {toml_value(patterns)}")
            for key in ("severity", "disable", "enable"):
                value = getattr(override, key)
                if value:
                    lines.append(f"{key} = {toml_value(value)}")
        return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------------- finding a file


def find_config(start: Path | str | None = None) -> Path | None:
    """The config file that applies in ``start`` (default: the working directory): the first directory from
    there up to the root with a ``repcheck.toml``, or a ``pyproject.toml`` that has a ``[tool.repcheck]`` table.
    A pyproject.toml that cannot be read is passed over, as is one that is not valid TOML unless it mentions
    ``tool.repcheck`` (then :class:`ConfigError`: it was meant as the config)."""
    here = Path(start) if start is not None else Path.cwd()
    here = Path(os.path.abspath(here))
    if here.is_file():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT_NAME
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def load_config(path: Path | str | None = None, *, start: Path | str | None = None) -> Config:
    """Load and validate the config. ``path`` (``-c/--config``) names the file, which must exist; else
    ``$REPCHECK_CONFIG`` does; else it is searched for from ``start`` (default: the working directory) upward.
    Nothing found: ``Config()``, all defaults. Raises :class:`ConfigError`, never anything else."""
    if path is not None and str(path) != "":
        return _load_named(Path(path), str(path), via="")
    named = os.environ.get(ENV_VAR, "")
    if named:
        return _load_named(Path(named), named, via=f" (named by ${ENV_VAR})")
    found = find_config(start)
    if found is None:
        return Config()
    return _load_file(found, _display(found))


def parse_config(
    data: dict[str, Any], *, source: str = "<config>", base: Path | str | None = None, path: Path | None = None
) -> Config:
    """Validate a config already read from TOML (the top-level table, or pyproject's ``[tool.repcheck]``).
    ``source`` names it in messages; relative paths are resolved against ``base`` (default: the working
    directory)."""
    ctx = ValueContext(source, Path(os.path.abspath(base if base is not None else Path.cwd())))
    check_keys(data, _TOP_KEYS, ctx, "")
    settings: dict[str, Any] = {}
    for key in DEFAULTS:
        if key in data:
            settings[key] = TOP_VALIDATORS[key](data[key], ctx, key)
    no_conflict(settings.get("disable", []), settings.get("enable", []), ctx, "")
    targets = tuple(_target(raw, ctx, n) for n, raw in enumerate(array_of_tables(data, "target", ctx), 1))
    overrides = tuple(_override(raw, ctx, n) for n, raw in enumerate(array_of_tables(data, "override", ctx), 1))
    return Config(path, settings, targets, overrides, source)


def _load_named(path: Path, label: str, via: str) -> Config:
    if not path.exists():
        raise ConfigError(f"{label}: config file not found{via}", file=label)
    if path.is_dir():
        raise ConfigError(
            f"{label}: is a directory, not a config file{via} (name a {CONFIG_NAME} or a {PYPROJECT_NAME})", file=label
        )
    return _load_file(Path(os.path.abspath(path)), label)


def _load_file(path: Path, label: str) -> Config:
    data = _read_toml(path, label)
    if path.name == PYPROJECT_NAME:
        tool = data.get("tool")
        if not isinstance(tool, dict) or "repcheck" not in tool:
            raise ConfigError(
                f"{label}: no [tool.repcheck] table (a {PYPROJECT_NAME} configures repcheck only with one)", file=label
            )
        data, label = tool["repcheck"], f"{label} [tool.repcheck]"
        if not isinstance(data, dict):
            raise ConfigError(f"{label}: must be a table, not {describe(data)}", file=label)
    return parse_config(data, source=label, base=path.parent, path=path)


def _read_toml(path: Path, label: str) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{label}: config file not found", file=label) from None
    except IsADirectoryError:
        raise ConfigError(f"{label}: is a directory, not a config file", file=label) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{label}: cannot read: not UTF-8 text ({exc.reason} at byte {exc.start})", file=label
        ) from None
    except OSError as exc:
        raise ConfigError(f"{label}: cannot read ({exc.strerror or exc})", file=label) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{label}: not valid TOML ({exc})", file=label) from None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if _TOOL_TABLE.search(text):
            raise ConfigError(f"{_display(pyproject)}: not valid TOML ({exc})", file=_display(pyproject)) from None
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and "repcheck" in tool


def _display(path: Path) -> str:
    """``path`` as messages name it: relative to the working directory when inside it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def _target(raw: dict[str, Any], ctx: ValueContext, n: int) -> Target:
    where = f"target {n}"
    check_keys(raw, _TARGET_KEYS, ctx, where)
    if "url" in raw and "path" in raw:
        raise ctx.fail(where, "give either 'url' or 'path', not both", "url")
    if "url" not in raw and "path" not in raw:
        raise ctx.fail(where, "needs 'url' (a page) or 'path' (a file, a folder or a glob)", "url")
    url = http_url(raw["url"], ctx, "url", where) if "url" in raw else None
    path = path_value(raw["path"], ctx, "path", where) if "path" in raw else None
    reporter = (
        string_value(raw["reporter"], ctx, "reporter", where, "a name (a non-empty string)")
        if "reporter" in raw
        else None
    )
    original = None
    if "original" in raw:
        original = string_value(raw["original"], ctx, "original", where, "a URL or a path (a non-empty string)")
        original = http_url(original, ctx, "original", where) if "://" in original else ctx.path(original)
    disable = rule_id_list(raw.get("disable", []), ctx, "disable", where)
    enable = rule_id_list(raw.get("enable", []), ctx, "enable", where)
    no_conflict(disable, enable, ctx, where)
    return Target(
        url,
        path,
        reporter,
        original,
        severity_table(raw.get("severity", {}), ctx, where=where),
        tuple(disable),
        tuple(enable),
    )


def _override(raw: dict[str, Any], ctx: ValueContext, n: int) -> Override:
    where = f"override {n}"
    check_keys(raw, _OVERRIDE_KEYS, ctx, where)
    if "match" not in raw:
        raise ctx.fail(
            where, 'missing key \'match\' (a glob such as "*/opinion/*", "re:REGEX", or a list of them)', "match"
        )
    match = raw["match"]
    patterns = [match] if isinstance(match, str) else match
    what = 'a pattern (a glob such as "*/opinion/*", or "re:REGEX") or a non-empty list of them'
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
        raise ctx.fail(where, f"'match' must be {what}, not {describe(match)}", "match")
    for pattern in patterns:
        if pattern == "re:":
            raise ctx.fail(where, "'match': empty regular expression \"re:\"", "match")
        try:
            pattern_matcher(pattern)
        except ValueError as exc:
            raise ctx.fail(where, f"'match': {exc}", "match") from None
    disable = rule_id_list(raw.get("disable", []), ctx, "disable", where)
    enable = rule_id_list(raw.get("enable", []), ctx, "enable", where)
    no_conflict(disable, enable, ctx, where)
    return Override(
        tuple(patterns), severity_table(raw.get("severity", {}), ctx, where=where), tuple(disable), tuple(enable)
    )
