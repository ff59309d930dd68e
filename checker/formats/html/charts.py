"""What do the report's charts look like? The failures-per-rule bar chart, the compliance meter of a site and the
sparkline of a site's trend, as inline SVG (the report loads no image)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import quote

from .counts import Counts
from .markup import escape, percent, thousands


def rule_chart(counts: Counts, rule_order: Sequence[str], rule_titles: Mapping[str, str]) -> str:
    """One bar per rule: the pages it failed (red: failing them; amber: below the threshold), each bar a link to
    those pages in the table."""
    if not rule_order:
        return '<p class="empty">No rule results.</p>'
    row_height = 46
    most = max((counts.rules[r].failing + counts.rules[r].below for r in rule_order), default=0) or 1
    parts = []
    summary = []
    for i, rule_id in enumerate(rule_order):
        rule = counts.rules[rule_id]
        total = rule.failing + rule.below
        y = i * row_height
        fail_w = 85 * rule.failing / most
        below_w = 85 * rule.below / most
        title = rule_titles.get(rule_id, "")
        full = title if len(title) <= 80 else title[:79] + "\u2026"
        short = title if len(title) <= 44 else title[:43] + "\u2026"
        detail = [
            f"{rule_id}" + (f" \u2014 {title}" if title else ""),
            f"failed on {total:,} of {rule.checked:,} pages ({percent(total, rule.checked)})",
        ]
        if rule.below:
            detail.append(f"{rule.below:,} below the threshold")
        if rule.baselined:
            detail.append(f"{rule.baselined:,} more in the baseline")
        if rule.noted:
            detail.append(f"{rule.noted:,} informational, not counted as failures")
        if rule.errored:
            detail.append(f"could not be checked on {rule.errored:,}")
        summary.append(f"{rule_id} {total:,}")
        href = "#" + escape(f"rule={quote(rule_id, safe='')}&status=fail")
        parts.append(
            f'<g class="bar" data-rule="{escape(rule_id)}" data-count="{total}">'
            f"<title>{escape('; '.join(detail))}</title>"
            f'<a href="{href}"><rect x="0" y="{y}" width="100%" height="{row_height - 4}" class="bar-hit"/>'
            f'<text x="0" y="{y + 15}" class="bar-label"><tspan class="rule-id">{escape(rule_id)}</tspan>'
            f'<tspan class="full"> {escape(full)}</tspan><tspan class="short"> {escape(short)}</tspan></text>'
            f'<rect x="0" y="{y + 21}" width="85%" height="16" class="bar-track"/>'
            f'<rect x="0" y="{y + 21}" width="{fail_w:.2f}%" height="16" class="bar-fail"/>'
            f'<rect x="{fail_w:.2f}%" y="{y + 21}" width="{below_w:.2f}%" height="16" class="bar-below"/>'
            f'<text x="{fail_w + below_w:.2f}%" dx="6" y="{y + 34}" class="bar-count">{thousands(total)}</text>'
            "</a></g>"
        )
    height = len(rule_order) * row_height + 4
    label = "Failures per rule: " + ", ".join(summary)
    return (
        f'<svg id="rule-chart" width="100%" height="{height}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


def meter(part: int, whole: int) -> str:
    """A small bar filled ``part`` of ``whole`` (a site's compliance rate)."""
    width = 100 * part / whole if whole else 0
    return (
        '<svg class="meter" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">'
        f'<rect width="100" height="8" class="meter-track"/><rect width="{width:.1f}" height="8" '
        'class="meter-fill"/></svg>'
    )


def sparkline(points: Sequence[tuple[int, tuple[int, int] | None]], count: int, labels: Sequence[str]) -> str:
    """A site's compliance rate on each of ``count`` dates; ``points``: (date index, (pages, compliant) or None)."""
    width, height, pad = 120, 32, 4
    xs = [pad + (width - 2 * pad) * (i / (count - 1) if count > 1 else 0.5) for i in range(count)]
    coords = []
    dots = []
    for i, tally in points:
        if tally is None or not tally[0]:
            continue
        rate = tally[1] / tally[0]
        x, y = xs[i], pad + (height - 2 * pad) * (1 - rate)
        coords.append(f"{x:.1f},{y:.1f}")
        dots.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5"><title>{escape(labels[i])}: '
            f"{percent(tally[1], tally[0])} ({thousands(tally[1])} of {thousands(tally[0])} pages)</title></circle>"
        )
    line = f'<polyline points="{" ".join(coords)}"/>' if len(coords) > 1 else ""
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="compliance over time"><line x1="0" y1="{pad}" x2="{width}" y2="{pad}" class="top"/>'
        f'<line x1="0" y1="{height - pad}" x2="{width}" y2="{height - pad}" class="bottom"/>{line}'
        f"{''.join(dots)}</svg>"
    )
