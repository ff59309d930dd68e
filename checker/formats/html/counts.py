"""How many pages passed, failed or could not be checked, per site and per rule? The counts behind the report's
numbers, chart and site table, taken from the page rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ...summary import HostTally
from .rows import BASELINED, ERROR, FAIL, INFO, PAGE_STATUS, WARNING, PageRow


@dataclass
class SiteTally(HostTally):
    """One site's pages by status, and its failures (at or below the threshold) per rule."""

    failures: Counter[str] = field(default_factory=Counter)


@dataclass
class RuleTally:
    """One rule's results over the pages."""

    failing: int = 0  # failures that fail the page
    below: int = 0  # failures below the threshold (warnings)
    noted: int = 0  # failures of an info-severity rule below the threshold: information, not failures
    baselined: int = 0
    errored: int = 0
    checked: int = 0  # pages where the rule has a result


@dataclass
class Counts(HostTally):
    """All pages by status, with the tallies of each site and each rule."""

    sites: dict[str, SiteTally] = field(default_factory=dict)
    rules: dict[str, RuleTally] = field(default_factory=dict)


def count_rows(rows: Sequence[PageRow], rule_order: Sequence[str]) -> Counts:
    """The counts of ``rows``; ``rule_order`` names every rule that a row has a cell of."""
    counts = Counts(rules={rule_id: RuleTally() for rule_id in rule_order})
    for row in rows:
        site = counts.sites.get(row.host)
        if site is None:
            site = counts.sites[row.host] = SiteTally()
        status = PAGE_STATUS[row.status]
        counts.add_page(status)
        site.add_page(status)
        for cell in row.cells:
            rule = counts.rules[cell.rule]
            rule.checked += 1
            if cell.kind == FAIL:
                rule.failing += 1
            elif cell.kind == WARNING:
                rule.below += 1
            elif cell.kind == INFO:
                rule.noted += 1
            elif cell.kind == BASELINED:
                rule.baselined += 1
            elif cell.kind == ERROR:
                rule.errored += 1
            if cell.kind in (FAIL, WARNING):
                site.failures[cell.rule] += 1
    return counts


def rule_order(rows: Sequence[PageRow], rule_titles: Mapping[str, str] | None) -> list[str]:
    """The rules in the order the report lists them: those of ``rule_titles`` first, then others as rows name them."""
    order = dict.fromkeys(rule_titles or ())
    for row in rows:
        for cell in row.cells:
            if cell.rule not in order:
                order[cell.rule] = None
    return list(order)
