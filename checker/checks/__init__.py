"""Checks are code, rules are data: each module here implements one kind of check that packs refer to by name.

A check is a pure function ``run(page, rule, context) -> Verdict``: it reads the page model, never fetches,
never re-parses, never prints. Its module's ``SPEC`` (:class:`CheckSpec`) declares the params a pack may set for
it (:class:`Param`: type, default, allowed values, help); the pack loader validates them before any page is read.
The module's docstring is the check's user documentation (see :func:`describe_checks`).
"""

from __future__ import annotations

from ..reporter import OriginalText, Reporter, ReporterSource
from . import affiliation, byline, canonical, credit, licence, link, logo, phrase, pixel, unaltered
from .docs import render_check, render_check_markdown
from .spec import CheckSpec, Context, Param, ParamType

__all__ = [
    "CHECKS",
    "CheckSpec",
    "Context",
    "OriginalText",
    "Param",
    "ParamType",
    "Reporter",
    "ReporterSource",
    "describe_checks",
    "describe_checks_markdown",
]

# The registry, in the order the checks are documented: packs name a check by its SPEC's name.
CHECKS: dict[str, CheckSpec] = {
    spec.name: spec
    for spec in (
        logo.SPEC,
        byline.SPEC,
        affiliation.SPEC,
        phrase.SPEC,
        credit.SPEC,
        link.SPEC,
        canonical.SPEC,
        pixel.SPEC,
        licence.SPEC,
        unaltered.SPEC,
    )
}


def describe_checks(names: list[str] | None = None) -> str:
    """The user documentation of the checks ``names`` (all when None), as plain text: each check's name, summary,
    its module's docstring and its params (type, default, allowed values or range, help). Raises KeyError naming
    an unknown check."""
    chosen = list(CHECKS) if names is None else names
    unknown = [name for name in chosen if name not in CHECKS]
    if unknown:
        raise KeyError(f'unknown check "{unknown[0]}" (available: {", ".join(sorted(CHECKS))})')
    return "\n\n".join(render_check(CHECKS[name]) for name in chosen) + "\n"


def describe_checks_markdown() -> str:
    """Every check's documentation as Markdown, for the documentation site (generated when it is built): a table of
    the checks, then a section per check with its params' types, defaults and help, as :func:`describe_checks`."""
    rows = ["| check | passes when | params |", "|---|---|---|"]
    for spec in CHECKS.values():
        params = ", ".join(f"`{p.name}`" for p in spec.params) or "—"
        summary = spec.summary.replace("|", "\\|").replace("<", "&lt;")
        rows.append(f"| [`{spec.name}`](#{spec.name}) | {summary} | {params} |")
    return "\n".join(rows) + "\n\n" + "\n".join(render_check_markdown(spec) for spec in CHECKS.values())
