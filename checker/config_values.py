"""The config file's values: what each key accepts, the one error every mistake becomes, and TOML text.

Every validator takes the raw value, a :class:`ValueContext` (which file, and the directory relative paths are
relative to) and the key, and returns the value normalised or raises :class:`ConfigError` naming the file and
the key. :mod:`checker.config` reads the file and builds the model from these.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .defaults import CONFIG_DEFAULTS, FAIL_ON_CHOICES
from .errors import RepcheckError
from .folding import location_matcher
from .formats import OutputFormat
from .report import SEVERITIES
from .urls import is_remote
from .user_regex import UserRegexError

#: Output formats, for ``format`` (standard output) and the keys of ``reports`` (extra report files).
FORMATS: tuple[str, ...] = tuple(fmt.value for fmt in OutputFormat)

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


class ConfigError(RepcheckError):
    """The config file cannot be found, read or parsed, or a value in it is not valid. ``str()`` is one line
    naming the file and the key; ``file`` and ``key`` hold them separately (``key`` may be None)."""

    def __init__(self, message: str, *, file: str | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.key = key


# ------------------------------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class ValueContext:
    source: str
    base: Path

    def fail(self, where: str, message: str, key: str | None = None) -> ConfigError:
        return ConfigError(f"{self.source}: {where + ': ' if where else ''}{message}", file=self.source, key=key)

    def path(self, value: str) -> str:
        return os.path.normpath(os.path.join(self.base, os.path.expanduser(value)))


def describe(value: Any) -> str:
    """A value as an error message shows it: TOML syntax, shortened; tables and arrays of tables by kind."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "an array of tables"
    try:
        text = toml_value(value)
    except (TypeError, ValueError):
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def did_you_mean(word: str, choices: Iterable[str], quote: str = "'") -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        close = [c for c in choices if c.lower() == word.lower()][:1]
    return f"did you mean {quote}{close[0]}{quote}? " if close else ""


def check_keys(table: dict[str, Any], known: tuple[str, ...], ctx: ValueContext, where: str) -> None:
    for key in table:
        if key not in known:
            hint = did_you_mean(key, known)
            raise ctx.fail(where, f"unknown key '{key}' ({hint}known: {', '.join(sorted(known))})", key)


def array_of_tables(data: dict[str, Any], key: str, ctx: ValueContext) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if isinstance(value, dict):
        raise ctx.fail("", f"'{key}' must be an array of tables: write [[{key}]], not [{key}]", key)
    if not isinstance(value, list):
        raise ctx.fail("", f"'{key}' must be an array of tables ([[{key}]]), not {describe(value)}", key)
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise ctx.fail(f"{key} {n}", f"must be a table ([[{key}]]), not {describe(item)}", key)
    return value


def _number(description: str, integer: bool, ok: Callable[[float], bool]) -> Callable[[Any, ValueContext, str], Any]:
    def validate(value: Any, ctx: ValueContext, key: str) -> Any:
        right_type = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not right_type or not math.isfinite(value) or not ok(value):
            raise ctx.fail("", f"'{key}' must be {description}, not {describe(value)}", key)
        return value if integer else float(value)

    return validate


def _choice(choices: tuple[str, ...]) -> Callable[..., str]:
    def validate(value: Any, ctx: ValueContext, key: str, where: str = "") -> str:
        if not isinstance(value, str) or value not in choices:
            hint = did_you_mean(value, choices, quote='"').strip() if isinstance(value, str) else ""
            raise ctx.fail(
                where,
                f"'{key}' must be one of {', '.join(choices)}, not {describe(value)}" + (f" ({hint})" if hint else ""),
                key,
            )
        return value

    return validate


def _bool(value: Any, ctx: ValueContext, key: str) -> bool:
    if not isinstance(value, bool):
        raise ctx.fail("", f"'{key}' must be true or false, not {describe(value)}", key)
    return value


def string_value(value: Any, ctx: ValueContext, key: str, where: str = "", what: str = "a non-empty string") -> str:
    if not isinstance(value, str) or not value.strip():
        raise ctx.fail(where, f"'{key}' must be {what}, not {describe(value)}", key)
    return value


def path_value(value: Any, ctx: ValueContext, key: str, where: str = "") -> str:
    return ctx.path(string_value(value, ctx, key, where, "a path (a non-empty string)"))


def _user_agent(value: Any, ctx: ValueContext, key: str) -> str:
    value = string_value(value, ctx, key)
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ctx.fail("", f"'{key}' must be one line of text without control characters, not {describe(value)}", key)
    return value


def _rules(value: Any, ctx: ValueContext, key: str) -> str:
    value = string_value(value, ctx, key, what='a pack name ("dcnf") or the path of a pack file')
    return ctx.path(value) if value.endswith(".toml") or "/" in value or "\\" in value else value


def http_url(value: Any, ctx: ValueContext, key: str, where: str = "") -> str:
    value = string_value(value, ctx, key, where, "an http:// or https:// URL")
    try:
        parts = urlsplit(value)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok or value != value.strip():
        raise ctx.fail(where, f"'{key}' must be an http:// or https:// URL, not {describe(value)}", key)
    return value


def _base_url(value: Any, ctx: ValueContext, key: str) -> str:
    value = http_url(value, ctx, key)
    parts = urlsplit(value)
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        raise ctx.fail("", f"'{key}' must be a URL without a query or fragment, not {describe(value)}", key)
    return value if parts.path.endswith("/") else value + "/"


def _reports(value: Any, ctx: ValueContext, key: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ctx.fail(
            "",
            f"'{key}' must be a table of FORMAT = PATH (e.g. {{ junit = \"build/repcheck.xml\" }}), "
            f"not {describe(value)}",
            key,
        )
    reports: dict[str, str] = {}
    written: dict[str, str] = {}
    for fmt, target in value.items():
        keypath = f"{key}.{fmt}"
        if fmt not in FORMATS:
            hint = did_you_mean(fmt, FORMATS)
            raise ctx.fail("", f"'{key}': unknown format '{fmt}' ({hint}formats: {', '.join(FORMATS)})", keypath)
        path = path_value(target, ctx, keypath)
        if path in written:
            raise ctx.fail(
                "", f"'{keypath}' and '{key}.{written[path]}' write the same file {describe(target)}", keypath
            )
        written[path] = fmt
        reports[fmt] = path
    return reports


def severity_table(value: Any, ctx: ValueContext, key: str = "severity", where: str = "") -> dict[str, str]:
    if not isinstance(value, dict):
        raise ctx.fail(
            where,
            f"'{key}' must be a table of rule id = {' | '.join(SEVERITIES)} "
            f'(e.g. {{ logo = "warning" }}), not {describe(value)}',
            key,
        )
    check = _choice(SEVERITIES)
    severity: dict[str, str] = {}
    for rule_id, level in value.items():
        if not rule_id.strip():
            raise ctx.fail(where, f"'{key}' has an empty rule id", key)
        severity[rule_id] = check(level, ctx, f"{key}.{rule_id}", where)
    return severity


def rule_id_list(value: Any, ctx: ValueContext, key: str, where: str = "") -> list[str]:
    if isinstance(value, str):
        raise ctx.fail(
            where, f"'{key}' must be a list of rule ids, not {describe(value)} (write [{toml_value(value)}])", key
        )
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ctx.fail(where, f"'{key}' must be a list of rule ids (non-empty strings), not {describe(value)}", key)
    return list(dict.fromkeys(value))


def param_name_list(value: Any, ctx: ValueContext, key: str) -> list[str]:
    """Query parameter names (``redact_params = ["session"]``)."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ctx.fail(
            "", f"'{key}' must be a list of query parameter names (non-empty strings), not {describe(value)}", key
        )
    bad = [v for v in value if any(c in v for c in "=&#?") or v != v.strip()]
    if bad:
        raise ctx.fail("", f"'{key}': {describe(bad[0])} is not a query parameter name", key)
    return list(dict.fromkeys(value))


def _logo_reference(value: Any, ctx: ValueContext, key: str) -> dict[str, list[str]]:
    """``[logo_reference]``: per pack id, images of that licensor's logo (``dcnf = ["brand/logo.svg"]``); paths
    are relative to the config file, URLs are kept as they are."""
    if not isinstance(value, dict):
        raise ctx.fail("", f"'{key}' must be a table of pack ids to lists of images, not {describe(value)}", key)
    found: dict[str, list[str]] = {}
    for pack_id, images in value.items():
        if not isinstance(images, list) or not images or not all(isinstance(v, str) and v.strip() for v in images):
            raise ctx.fail(
                "",
                f"'{key}.{pack_id}' must be a list of image files or URLs (non-empty strings), not {describe(images)}",
                key,
            )
        found[pack_id] = [v if is_remote(v) else ctx.path(v) for v in images]
    return found


def no_conflict(disable: Iterable[str], enable: Iterable[str], ctx: ValueContext, where: str) -> None:
    both = [rule_id for rule_id in disable if rule_id in set(enable)]
    if both:
        raise ctx.fail(where, f"rule '{both[0]}' is in both 'disable' and 'enable'", "enable")


TOP_VALIDATORS: dict[str, Callable[[Any, ValueContext, str], Any]] = {
    "rules": _rules,
    "timeout": _number("a positive number", False, lambda v: v > 0),
    "max_bytes": _number("a positive integer", True, lambda v: v > 0),
    "check_timeout": _number("a positive number", False, lambda v: v > 0),
    "user_agent": _user_agent,
    "jobs": _number("an integer from 1 to 256", True, lambda v: 1 <= v <= 256),
    "per_host": _number("an integer of at least 1", True, lambda v: v >= 1),
    "delay": _number("a number of at least 0", False, lambda v: v >= 0),
    "retries": _number("an integer from 0 to 10", True, lambda v: 0 <= v <= 10),
    "ignore_robots": _bool,
    "fail_on": _choice(FAIL_ON_CHOICES),
    "format": _choice(FORMATS),
    "reports": _reports,
    "disable": rule_id_list,
    "enable": rule_id_list,
    "severity": severity_table,
    "base_url": _base_url,
    "all": _bool,
    "baseline": path_value,
    "redact_params": param_name_list,
    "render": _bool,
    "page_css": _bool,
    "logo_reference": _logo_reference,
}
assert set(TOP_VALIDATORS) == set(CONFIG_DEFAULTS)


def pattern_matcher(pattern: str) -> Callable[[str], bool]:
    try:
        return location_matcher(pattern)
    except UserRegexError as exc:
        raise ValueError(f"bad regular expression {toml_value(pattern)} ({exc})") from None


# ------------------------------------------------------------------------------------------------ TOML output


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    # JSON's escapes are TOML's; TOML also wants DEL escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
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
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{toml_key(str(k))} = {toml_value(v)}" for k, v in value.items()) + " }"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"no TOML form for {type(value).__name__}")
