"""Running a pack's rules over one page model, and the report of a page that could not be checked.

The pieces of :mod:`checker.engine` that need no run's settings: :func:`run_rules` (every rule of a pack on a
page; a check that raises is an ``error`` verdict for its rule), :func:`error_report`, and the pack as a run or a
page's override adjusts it (:func:`adjust_pack`).
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import NamedTuple

from .checks import CHECKS, Context
from .logo_match.looking import PageLogos
from .pack import Pack
from .page import Page
from .report import Report, RuleResult, Severity, Status, Verdict, utc_now
from .reporter import OriginalText, Reporter


class PageRules(NamedTuple):
    """One page's rule settings: severities by rule id, and the rules switched off."""

    severity: Mapping[str, str]
    disabled: Collection[str]


def adjust_pack(
    pack: Pack, severity: Mapping[str, str | Severity] | None = None, disabled: Collection[str] = ()
) -> Pack:
    """``pack`` with rules switched off and severities changed (from the command line or the config file)."""
    if not severity and not disabled:
        return pack
    severity = severity or {}
    rules = tuple(
        replace(rule, severity=Severity(severity[rule.id])) if rule.id in severity else rule
        for rule in pack.rules
        if rule.id not in disabled
    )
    return replace(pack, rules=rules)


def reads_original(pack: Pack) -> bool:
    """Whether a rule of ``pack`` compares the page with the original article's text."""
    return any(CHECKS[rule.check].reads_original for rule in pack.rules)


def run_rules(
    page: Page,
    pack: Pack,
    reporter: Reporter,
    original: str | None = None,
    original_text: OriginalText | None = None,
    logo_pixels: PageLogos | None = None,
) -> tuple[RuleResult, ...]:
    """Run every rule of ``pack`` on ``page``. A check that raises becomes an ``error`` verdict for its rule."""
    context = Context(pack=pack, reporter=reporter, original=original, original_text=original_text)
    if logo_pixels is not None:
        context = replace(context, logo_pixels=logo_pixels)
    results: list[RuleResult] = []
    for rule in pack.rules:
        try:
            verdict = CHECKS[rule.check].run(page, rule, context)
        except Exception as exc:  # noqa: BLE001 - a crashing check must not stop the other rules
            verdict = Verdict(Status.ERROR, f"the {rule.check} check crashed: {_named(exc)}")
        results.append(
            RuleResult(rule.id, verdict.status, rule.severity, rule.title, verdict.message, verdict.evidence)
        )
    return tuple(results)


def error_report(
    target: str,
    reason: str,
    pack: Pack,
    *,
    url: str | None = None,
    http_status: int | None = None,
    reporter: Reporter | None = None,
    original: str | None = None,
    started: float | None = None,
) -> Report:
    """The report of a page that could not be checked: every rule ``error`` with the reason."""
    rules = tuple(
        RuleResult(rule.id, Status.ERROR, rule.severity, rule.title, f"not checked: {reason}") for rule in pack.rules
    )
    return Report(
        target=target,
        url=url,
        http_status=http_status,
        status=Status.ERROR,
        error=reason,
        ruleset=pack.id,
        reporter=reporter.name if reporter else None,
        reporter_source=reporter.source.value if reporter else None,
        rules=rules,
        original=original,
        elapsed_ms=_ms(started),
        checked_at=utc_now(),
    )


def _named(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def _ms(started: float | None) -> int | None:
    return None if started is None else int((time.monotonic() - started) * 1000)
