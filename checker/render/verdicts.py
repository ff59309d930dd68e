"""One verdict from two viewports: a rule passes only when it passes on the desktop and on the phone, and a
message says which viewport failed."""

from __future__ import annotations

from dataclasses import replace

from ..defaults import FailOn
from ..report import Report, RuleResult, Status, page_status

# Which of two statuses a merged rule takes: a failure anywhere is a failure; a rule not checked in one viewport
# cannot pass.
_WORST = (Status.FAIL, Status.ERROR, Status.SKIP, Status.PASS)


def merge_rule(first: RuleResult, second: RuleResult, names: tuple[str, str]) -> RuleResult:
    """``first`` (seen in viewport ``names[0]``) and ``second`` (``names[1]``) as one result."""
    if first.status is second.status:
        if first.message == second.message:
            return replace(first, message=f"{first.message} (on the {names[0]} and the {names[1]})")
        return replace(first, message=f"on the {names[0]}: {first.message}; on the {names[1]}: {second.message}")
    worse, other = (first, second) if _WORST.index(first.status) < _WORST.index(second.status) else (second, first)
    worse_name, other_name = names if worse is first else names[::-1]
    return replace(
        worse,
        message=f"on the {worse_name}: {worse.message} (on the {other_name} this rule is {other.status.value}: "
        f"{other.message})",
    )


def merge_views(reports: list[Report], names: list[str], fail_on: FailOn | str) -> Report:
    """The report of a page judged in several viewports (``names``, one report each, same pack)."""
    merged = reports[0]
    done = [names[0]]
    for report, name in zip(reports[1:], names[1:], strict=True):
        if report.status is Status.ERROR and report.error:  # the page could not be checked in that viewport
            return replace(report, error=f"on the {name}: {report.error}")
        ids = [rule.id for rule in merged.rules]
        if ids != [rule.id for rule in report.rules]:
            reason = (
                f"the {done[0]} and the {name} were judged by different rule packs ({merged.ruleset}, {report.ruleset})"
            )
            return replace(merged, status=Status.ERROR, error=reason)
        label = " and the ".join(done)
        rules = tuple(merge_rule(a, b, (label, name)) for a, b in zip(merged.rules, report.rules, strict=True))
        merged = replace(merged, rules=rules, elapsed_ms=report.elapsed_ms)
        done.append(name)
    return replace(merged, status=page_status(merged.rules, fail_on))
