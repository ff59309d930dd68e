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
import difflib
import json
import math
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .folding import location_matcher
from .report import Severity

CONFIG_NAME = "repcheck.toml"
PYPROJECT_NAME = "pyproject.toml"
ENV_VAR = "REPCHECK_CONFIG"

#: Output formats, for ``format`` (standard output) and the keys of ``reports`` (extra report files).
FORMATS = ("text", "json", "jsonl", "csv", "junit", "github", "html")
FAIL_ON = ("error", "warning", "info", "never")
SEVERITIES = tuple(s.value for s in Severity)

#: The value of every top-level key when neither the command line nor the file sets it. Shared with the CLI.
DEFAULTS: dict[str, Any] = {
    "rules": "dcnf",
    "timeout": 20.0,
    "max_bytes": 10_000_000,
    "user_agent": None,
    "jobs": 8,
    "per_host": 2,
    "delay": 0.0,
    "retries": 3,
    "ignore_robots": False,
    "fail_on": "error",
    "format": "text",
    "reports": {},
    "disable": [],
    "enable": [],
    "severity": {},
    "base_url": None,
    "all": False,
    "baseline": None,
}

_TOP_KEYS = (*DEFAULTS, "target", "override")
_TARGET_KEYS = ("url", "path", "reporter", "original", "severity", "disable", "enable")
_OVERRIDE_KEYS = ("match", "severity", "disable", "enable")
_TOOL_TABLE = re.compile(r"""^\s*\[{0,2}\s*tool\s*\.\s*["']?repcheck\b""", re.MULTILINE)
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_MISSING = object()


class ConfigError(Exception):
    """The config file cannot be found, read or parsed, or a value in it is not valid. ``str()`` is one line
    naming the file and the key; ``file`` and ``key`` hold them separately (``key`` may be None)."""

    def __init__(self, message: str, *, file: str | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.key = key


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
        object.__setattr__(self, "_matchers", tuple(_matcher(p) for p in self.patterns))

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
        """The rule settings for the page at ``location`` (a URL or a path): the top-level ``severity``,
        ``disable`` and ``enable``, then every ``[[override]]`` that matches ``location`` in file order, then
        ``target``'s own. Later wins: a severity replaces an earlier one for the same rule, ``disable`` turns a
        rule off, ``enable`` turns it back on (within one table, ``enable`` is applied after ``disable``)."""
        severity: dict[str, str] = {}
        disabled: set[str] = set()

        def apply(sev: dict[str, str], disable: Iterable[str], enable: Iterable[str]) -> None:
            severity.update(sev)
            disabled.update(disable)
            disabled.difference_update(enable)

        apply(self.settings.get("severity", {}), self.settings.get("disable", ()), self.settings.get("enable", ()))
        for override in self.overrides:
            if override.matches(location):
                apply(override.severity, override.disable, override.enable)
        if target is not None:
            apply(target.severity, target.disable, target.enable)
        return RuleSettings(severity, frozenset(disabled))

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
                    hint = _did_you_mean(rule_id, known)
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
                lines.append(f"{_toml_key(key)} = {_toml_value(value)}{mark}")
        for target in self.targets:
            lines += ["", "[[target]]"]
            for key in _TARGET_KEYS:
                value = getattr(target, key)
                if value is not None and value != {} and value != ():
                    lines.append(f"{key} = {_toml_value(value)}")
        for override in self.overrides:
            lines += ["", "[[override]]"]
            patterns = override.patterns[0] if len(override.patterns) == 1 else override.patterns
            lines.append(f"match = {_toml_value(patterns)}")
            for key in ("severity", "disable", "enable"):
                value = getattr(override, key)
                if value:
                    lines.append(f"{key} = {_toml_value(value)}")
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
    ctx = _Context(source, Path(os.path.abspath(base if base is not None else Path.cwd())))
    _check_keys(data, _TOP_KEYS, ctx, "")
    settings: dict[str, Any] = {}
    for key in DEFAULTS:
        if key in data:
            settings[key] = _TOP_VALIDATORS[key](data[key], ctx, key)
    _no_conflict(settings.get("disable", []), settings.get("enable", []), ctx, "")
    targets = tuple(_target(raw, ctx, n) for n, raw in enumerate(_tables(data, "target", ctx), 1))
    overrides = tuple(_override(raw, ctx, n) for n, raw in enumerate(_tables(data, "override", ctx), 1))
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
            raise ConfigError(f"{label}: must be a table, not {_describe(data)}", file=label)
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


# ------------------------------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class _Context:
    source: str
    base: Path

    def fail(self, where: str, message: str, key: str | None = None) -> ConfigError:
        return ConfigError(f"{self.source}: {where + ': ' if where else ''}{message}", file=self.source, key=key)

    def path(self, value: str) -> str:
        return os.path.normpath(os.path.join(self.base, os.path.expanduser(value)))


def _describe(value: Any) -> str:
    """A value as an error message shows it: TOML syntax, shortened; tables and arrays of tables by kind."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "an array of tables"
    try:
        text = _toml_value(value)
    except (TypeError, ValueError):
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _did_you_mean(word: str, choices: Iterable[str], quote: str = "'") -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        close = [c for c in choices if c.lower() == word.lower()][:1]
    return f"did you mean {quote}{close[0]}{quote}? " if close else ""


def _check_keys(table: dict[str, Any], known: tuple[str, ...], ctx: _Context, where: str) -> None:
    for key in table:
        if key not in known:
            hint = _did_you_mean(key, known)
            raise ctx.fail(where, f"unknown key '{key}' ({hint}known: {', '.join(sorted(known))})", key)


def _tables(data: dict[str, Any], key: str, ctx: _Context) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if isinstance(value, dict):
        raise ctx.fail("", f"'{key}' must be an array of tables: write [[{key}]], not [{key}]", key)
    if not isinstance(value, list):
        raise ctx.fail("", f"'{key}' must be an array of tables ([[{key}]]), not {_describe(value)}", key)
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise ctx.fail(f"{key} {n}", f"must be a table ([[{key}]]), not {_describe(item)}", key)
    return value


def _number(description: str, integer: bool, ok: Callable[[float], bool]) -> Callable[[Any, _Context, str], Any]:
    def validate(value: Any, ctx: _Context, key: str) -> Any:
        right_type = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not right_type or not math.isfinite(value) or not ok(value):
            raise ctx.fail("", f"'{key}' must be {description}, not {_describe(value)}", key)
        return value if integer else float(value)

    return validate


def _choice(choices: tuple[str, ...]) -> Callable[..., str]:
    def validate(value: Any, ctx: _Context, key: str, where: str = "") -> str:
        if not isinstance(value, str) or value not in choices:
            hint = _did_you_mean(value, choices, quote='"').strip() if isinstance(value, str) else ""
            raise ctx.fail(
                where,
                f"'{key}' must be one of {', '.join(choices)}, not {_describe(value)}" + (f" ({hint})" if hint else ""),
                key,
            )
        return value

    return validate


def _bool(value: Any, ctx: _Context, key: str) -> bool:
    if not isinstance(value, bool):
        raise ctx.fail("", f"'{key}' must be true or false, not {_describe(value)}", key)
    return value


def _string(value: Any, ctx: _Context, key: str, where: str = "", what: str = "a non-empty string") -> str:
    if not isinstance(value, str) or not value.strip():
        raise ctx.fail(where, f"'{key}' must be {what}, not {_describe(value)}", key)
    return value


def _path(value: Any, ctx: _Context, key: str, where: str = "") -> str:
    return ctx.path(_string(value, ctx, key, where, "a path (a non-empty string)"))


def _user_agent(value: Any, ctx: _Context, key: str) -> str:
    value = _string(value, ctx, key)
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ctx.fail("", f"'{key}' must be one line of text without control characters, not {_describe(value)}", key)
    return value


def _rules(value: Any, ctx: _Context, key: str) -> str:
    value = _string(value, ctx, key, what='a pack name ("dcnf") or the path of a pack file')
    return ctx.path(value) if value.endswith(".toml") or "/" in value or "\\" in value else value


def _http_url(value: Any, ctx: _Context, key: str, where: str = "") -> str:
    value = _string(value, ctx, key, where, "an http:// or https:// URL")
    try:
        parts = urlsplit(value)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok or value != value.strip():
        raise ctx.fail(where, f"'{key}' must be an http:// or https:// URL, not {_describe(value)}", key)
    return value


def _base_url(value: Any, ctx: _Context, key: str) -> str:
    value = _http_url(value, ctx, key)
    parts = urlsplit(value)
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        raise ctx.fail("", f"'{key}' must be a URL without a query or fragment, not {_describe(value)}", key)
    return value if parts.path.endswith("/") else value + "/"


def _reports(value: Any, ctx: _Context, key: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ctx.fail(
            "",
            f"'{key}' must be a table of FORMAT = PATH (e.g. {{ junit = \"build/repcheck.xml\" }}), "
            f"not {_describe(value)}",
            key,
        )
    reports: dict[str, str] = {}
    written: dict[str, str] = {}
    for fmt, target in value.items():
        keypath = f"{key}.{fmt}"
        if fmt not in FORMATS:
            hint = _did_you_mean(fmt, FORMATS)
            raise ctx.fail("", f"'{key}': unknown format '{fmt}' ({hint}formats: {', '.join(FORMATS)})", keypath)
        path = _path(target, ctx, keypath)
        if path in written:
            raise ctx.fail(
                "", f"'{keypath}' and '{key}.{written[path]}' write the same file {_describe(target)}", keypath
            )
        written[path] = fmt
        reports[fmt] = path
    return reports


def _severity(value: Any, ctx: _Context, key: str = "severity", where: str = "") -> dict[str, str]:
    if not isinstance(value, dict):
        raise ctx.fail(
            where,
            f"'{key}' must be a table of rule id = {' | '.join(SEVERITIES)} "
            f'(e.g. {{ logo = "warning" }}), not {_describe(value)}',
            key,
        )
    check = _choice(SEVERITIES)
    severity: dict[str, str] = {}
    for rule_id, level in value.items():
        if not rule_id.strip():
            raise ctx.fail(where, f"'{key}' has an empty rule id", key)
        severity[rule_id] = check(level, ctx, f"{key}.{rule_id}", where)
    return severity


def _rule_ids(value: Any, ctx: _Context, key: str, where: str = "") -> list[str]:
    if isinstance(value, str):
        raise ctx.fail(
            where, f"'{key}' must be a list of rule ids, not {_describe(value)} (write [{_toml_value(value)}])", key
        )
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ctx.fail(where, f"'{key}' must be a list of rule ids (non-empty strings), not {_describe(value)}", key)
    return list(dict.fromkeys(value))


def _no_conflict(disable: Iterable[str], enable: Iterable[str], ctx: _Context, where: str) -> None:
    both = [rule_id for rule_id in disable if rule_id in set(enable)]
    if both:
        raise ctx.fail(where, f"rule '{both[0]}' is in both 'disable' and 'enable'", "enable")


_TOP_VALIDATORS: dict[str, Callable[[Any, _Context, str], Any]] = {
    "rules": _rules,
    "timeout": _number("a positive number", False, lambda v: v > 0),
    "max_bytes": _number("a positive integer", True, lambda v: v > 0),
    "user_agent": _user_agent,
    "jobs": _number("an integer from 1 to 256", True, lambda v: 1 <= v <= 256),
    "per_host": _number("an integer of at least 1", True, lambda v: v >= 1),
    "delay": _number("a number of at least 0", False, lambda v: v >= 0),
    "retries": _number("an integer from 0 to 10", True, lambda v: 0 <= v <= 10),
    "ignore_robots": _bool,
    "fail_on": _choice(FAIL_ON),
    "format": _choice(FORMATS),
    "reports": _reports,
    "disable": _rule_ids,
    "enable": _rule_ids,
    "severity": _severity,
    "base_url": _base_url,
    "all": _bool,
    "baseline": _path,
}
assert set(_TOP_VALIDATORS) == set(DEFAULTS)


def _target(raw: dict[str, Any], ctx: _Context, n: int) -> Target:
    where = f"target {n}"
    _check_keys(raw, _TARGET_KEYS, ctx, where)
    if "url" in raw and "path" in raw:
        raise ctx.fail(where, "give either 'url' or 'path', not both", "url")
    if "url" not in raw and "path" not in raw:
        raise ctx.fail(where, "needs 'url' (a page) or 'path' (a file, a folder or a glob)", "url")
    url = _http_url(raw["url"], ctx, "url", where) if "url" in raw else None
    path = _path(raw["path"], ctx, "path", where) if "path" in raw else None
    reporter = (
        _string(raw["reporter"], ctx, "reporter", where, "a name (a non-empty string)") if "reporter" in raw else None
    )
    original = None
    if "original" in raw:
        original = _string(raw["original"], ctx, "original", where, "a URL or a path (a non-empty string)")
        if "://" in original:
            original = _http_url(original, ctx, "original", where)
        else:
            original = ctx.path(original)
    disable = _rule_ids(raw.get("disable", []), ctx, "disable", where)
    enable = _rule_ids(raw.get("enable", []), ctx, "enable", where)
    _no_conflict(disable, enable, ctx, where)
    return Target(
        url,
        path,
        reporter,
        original,
        _severity(raw.get("severity", {}), ctx, where=where),
        tuple(disable),
        tuple(enable),
    )


def _override(raw: dict[str, Any], ctx: _Context, n: int) -> Override:
    where = f"override {n}"
    _check_keys(raw, _OVERRIDE_KEYS, ctx, where)
    if "match" not in raw:
        raise ctx.fail(
            where, 'missing key \'match\' (a glob such as "*/opinion/*", "re:REGEX", or a list of them)', "match"
        )
    match = raw["match"]
    patterns = [match] if isinstance(match, str) else match
    what = 'a pattern (a glob such as "*/opinion/*", or "re:REGEX") or a non-empty list of them'
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
        raise ctx.fail(where, f"'match' must be {what}, not {_describe(match)}", "match")
    for pattern in patterns:
        if pattern == "re:":
            raise ctx.fail(where, "'match': empty regular expression \"re:\"", "match")
        try:
            _matcher(pattern)
        except ValueError as exc:
            raise ctx.fail(where, f"'match': {exc}", "match") from None
    disable = _rule_ids(raw.get("disable", []), ctx, "disable", where)
    enable = _rule_ids(raw.get("enable", []), ctx, "enable", where)
    _no_conflict(disable, enable, ctx, where)
    return Override(
        tuple(patterns), _severity(raw.get("severity", {}), ctx, where=where), tuple(disable), tuple(enable)
    )


def _matcher(pattern: str) -> Callable[[str], bool]:
    try:
        return location_matcher(pattern)
    except re.error as exc:
        raise ValueError(f"bad regular expression {_toml_value(pattern)} ({exc})") from None


# ------------------------------------------------------------------------------------------------ TOML output


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    # JSON's escapes are TOML's; TOML also wants DEL escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"no TOML form for {type(value).__name__}")
