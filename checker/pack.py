"""Rule packs: one TOML file per licensor under ``rules/``, loaded and validated completely before any page is read.

A pack names the licensor (with the other names it goes by), quotes its terms, and lists rules. Each rule says
which kind of check runs it (``check``), its severity, and parameters for that check. Every mistake in a pack is
reported as one :class:`PackError` naming the file, the rule and the key, e.g.::

    rules/mine.toml: rule "logo": unknown key "sevrity" (allowed: check, description, id, params, severity, ...)
    rules/mine.toml: rule "credit": param "within" must be at least 1 (got 0)
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .checks import CHECKS
from .defaults import DEFAULT_PACK
from .errors import RepcheckError
from .report import Severity
from .urls import is_remote

_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_PACK_KEYS = {
    "id", "name", "aliases", "not_aliases", "homepage", "terms", "terms_url", "description", "generic",
    "logo_reference",
}  # fmt: skip
_PACK_REQUIRED = {"id", "name", "terms"}
_RULE_KEYS = {"id", "check", "severity", "title", "description", "terms", "params"}
_RULE_REQUIRED = {"id", "check", "title", "description"}


class PackError(RepcheckError):
    """A pack cannot be found or is not valid. The message names the file and what is wrong."""


Fail = Callable[[str], PackError]  # a message about the pack -> the error naming its file


@dataclass(frozen=True)
class Rule:
    """One rule of a pack: which check runs it, how severe its failure is, and the params the pack sets for it
    (as written; the check's :meth:`~checker.checks.CheckSpec.settings` adds the defaults of the others)."""

    id: str
    check: str
    severity: Severity
    title: str
    description: str
    terms: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Pack:
    id: str
    name: str
    aliases: tuple[str, ...]
    not_aliases: tuple[str, ...]
    terms: str
    terms_url: str | None
    homepage: str | None
    description: str
    rules: tuple[Rule, ...]
    source: str
    generic: bool = False  # a licence or tool any licensor uses (CC BY, INN's tracker): --rules auto's fallback
    logo_references: tuple[str, ...] = ()  # images of the licensor's logo: URLs, or paths (resolved on loading)

    @property
    def names(self) -> tuple[str, ...]:
        """The licensor's name and every alias."""
        return (self.name, *[a for a in self.aliases if a != self.name])

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise PackError(f'{self.source}: no rule "{rule_id}" (rules: {", ".join(r.id for r in self.rules)})')


@functools.cache
def packs_dir() -> Path:
    """Where the shipped packs are: ``checker/rules`` in an installed wheel, ``rules/`` in a source checkout (looked
    up once per process)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir() and any(candidate.glob("*.toml")):
            return candidate
    return here / "rules"


def shipped_packs() -> list[str]:
    """Names of the packs shipped with repcheck."""
    return sorted(p.stem for p in packs_dir().glob("*.toml"))


def load_pack(name_or_path: str | Path = DEFAULT_PACK) -> Pack:
    """Load a shipped pack by name ("dcnf") or a pack file by path, validated. Raises :class:`PackError`."""
    text = str(name_or_path)
    path = Path(text)
    if not (text.endswith(".toml") or "/" in text or "\\" in text or path.exists()):
        path = packs_dir() / f"{text}.toml"
        if not path.is_file():
            raise PackError(
                f'unknown rule pack "{text}" (shipped packs: {", ".join(shipped_packs())}; '
                "or give a path to a .toml file)"
            )
    source = str(name_or_path) if path.parent != packs_dir() else f"rules/{path.name}"
    try:
        stat = path.stat()
    except OSError:
        stat = None
    key = (source, os.path.abspath(path), stat.st_mtime_ns, stat.st_size) if stat is not None else None
    cached = _LOADED.get(key) if key is not None else None
    if cached is not None:
        return cached
    pack = _read_pack(path, source)
    if key is not None:
        if len(_LOADED) >= _LOADED_MAX:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[key] = pack
    return pack


_LOADED: dict[tuple[str, str, int, int], Pack] = {}
"""Packs already loaded, by source, absolute path, modification time and size: ``check_html`` page after page
reads and validates its pack once, and a pack file edited between two calls is read again."""
_LOADED_MAX = 64


def _read_pack(path: Path, source: str) -> Pack:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(f"{source}: file not found") from None
    except IsADirectoryError:
        raise PackError(f"{source}: is a directory, not a pack file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{source}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{source}: not valid TOML ({exc})") from None
    pack = parse_pack(data, source)
    if pack.logo_references:  # paths are relative to the pack file
        refs = tuple(r if is_remote(r) else str(path.parent / r) for r in pack.logo_references)
        pack = replace(pack, logo_references=refs)
    return pack


def parse_pack(data: dict[str, Any], source: str = "<pack>") -> Pack:
    """Validate a pack already read from TOML: its ``[pack]`` table, then each rule and every param of it."""

    def fail(message: str) -> PackError:
        return PackError(f"{source}: {message}")

    unknown_top = set(data) - {"pack", "rules"}
    if unknown_top:
        raise fail(f'unknown table "{sorted(unknown_top)[0]}" (allowed: [pack], [[rules]])')
    head = _parse_head(data.get("pack"), fail)
    aliases = _string_list(head.get("aliases", []), fail, "[pack] aliases")
    not_aliases = _string_list(head.get("not_aliases", []), fail, "[pack] not_aliases")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise fail("no rules: add at least one [[rules]] table")
    rules: list[Rule] = []
    for position, raw in enumerate(raw_rules, 1):
        rules.append(_parse_rule(raw, position, {rule.id for rule in rules}, fail))
    return Pack(
        id=head["id"],
        name=head["name"],
        aliases=tuple(aliases),
        not_aliases=tuple(not_aliases),
        terms=head["terms"],
        terms_url=head.get("terms_url"),
        homepage=head.get("homepage"),
        description=head.get("description", ""),
        rules=tuple(rules),
        source=source,
        generic=_flag(head, "generic", fail),
        logo_references=tuple(_string_list(head.get("logo_reference", []), fail, "[pack] logo_reference")),
    )


def _parse_head(head: Any, fail: Fail) -> dict[str, Any]:
    """The ``[pack]`` table, its keys and their types checked."""
    if not isinstance(head, dict):
        raise fail("missing [pack] table (id, name, terms, ...)")
    _check_keys(head, _PACK_KEYS, _PACK_REQUIRED, fail, "[pack]")
    for key in ("id", "name", "terms", "terms_url", "homepage", "description"):
        if key in head and not isinstance(head[key], str):
            raise fail(f"[pack] {key} must be a string")
    if not _ID.match(head["id"]):
        raise fail(f'[pack] id "{head["id"]}" must be kebab-case (lower-case letters, digits and dashes)')
    return head


def _parse_rule(raw: Any, position: int, seen: set[str], fail: Fail) -> Rule:
    """One ``[[rules]]`` table (``seen``: the ids of the rules before it): its keys, its check, its severity, and
    its params against those the check declares."""
    label = (
        f'rule "{raw.get("id")}"' if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"rule #{position}"
    )
    if not isinstance(raw, dict):
        raise fail(f"{label} must be a table")
    _check_keys(raw, _RULE_KEYS, _RULE_REQUIRED, fail, label)
    for key in ("id", "check", "severity", "title", "description", "terms"):
        if key in raw and not isinstance(raw[key], str):
            raise fail(f"{label}: {key} must be a string")
    if not _ID.match(raw["id"]):
        raise fail(f"{label}: id must be kebab-case (lower-case letters, digits and dashes)")
    if raw["id"] in seen:
        raise fail(f"{label}: duplicate rule id")
    spec = CHECKS.get(raw["check"])
    if spec is None:
        raise fail(f'{label}: unknown check "{raw["check"]}" (available: {", ".join(sorted(CHECKS))})')
    try:
        severity = Severity(raw.get("severity", "error"))
    except ValueError:
        raise fail(f'{label}: severity must be one of error, warning, info (got "{raw.get("severity")}")') from None
    params = raw.get("params", {})
    if not isinstance(params, dict):
        raise fail(f"{label}: params must be a table")
    problem = spec.problem(params)
    if problem:
        raise fail(f"{label}: {problem}")
    return Rule(raw["id"], raw["check"], severity, raw["title"], raw["description"], raw.get("terms"), dict(params))


def _flag(table: dict[str, Any], key: str, fail: Fail) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise fail(f"[pack] {key} must be true or false")
    return value


AUTO = "auto"  # --rules auto: the pack is chosen per page, from the signs of the licensor it shows


def auto_pack() -> Pack:
    """The stand-in pack of a ``--rules auto`` run, before a page has shown whose story it is."""
    return Pack(
        id=AUTO,
        name="the licensor",
        aliases=(),
        not_aliases=(),
        terms="",
        terms_url=None,
        homepage=None,
        description="The pack of each page is chosen from the signs of the licensor it shows.",
        rules=(),
        source=AUTO,
    )


def _check_keys(table: dict[str, Any], allowed: set[str], required: set[str], fail: Fail, label: str) -> None:
    for key in table:
        if key not in allowed:
            raise fail(f'{label}: unknown key "{key}" (allowed: {", ".join(sorted(allowed))})')
    for key in sorted(required):
        if key not in table:
            raise fail(f'{label}: missing key "{key}"')


def _string_list(value: Any, fail: Fail, label: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(f"{label} must be a list of non-empty strings")
    return list(value)
