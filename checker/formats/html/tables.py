"""What do the report's server-drawn tables say? The headline numbers, the sites worst first and the compliance of
each site over time; all of it readable without the script."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import quote

from ...summary import worst_first
from .charts import meter, sparkline
from .counts import Counts
from .markup import breakable_host, escape, percent, thousands
from .results import Snapshot

SITES_SHOWN = 50
"""The site table shows this many sites before a "show all" button."""
TREND_COLUMNS = 6
"""The trend table gives the rate of the last this-many dates in columns (the sparkline shows them all)."""
TREND_SITES = 200


def stat(key: str, number: int, label: str, share: str | None, css: str) -> str:
    """One headline number, with its label and its share of all pages."""
    extra = f'<span class="share">{escape(share)}</span>' if share else ""
    return (
        f'<div class="stat {css}"><span class="num" data-stat="{key}">{thousands(number)}</span>'
        f'<span class="label">{escape(label)}</span>{extra}</div>'
    )


def sites_table(counts: Counts, rule_titles: Mapping[str, str]) -> str:
    """The sites worst first: pages, compliance rate, pages failed and unchecked, the most common failure."""
    ranked = worst_first(counts.sites)
    if not ranked:
        return '<p class="empty">No pages.</p>'
    rows = []
    for host, site in ranked:
        if site.failures:
            top = max(site.failures.items(), key=lambda kv: kv[1])  # first of the most (rule order)
            rule_title = rule_titles.get(top[0], "")
            noun = "page" if top[1] == 1 else "pages"
            common = (
                f'<span class="rule-id" title="{escape(rule_title)}">{escape(top[0])}</span> '
                f'<span class="muted">({thousands(top[1])} {noun})</span>'
            )
        else:
            common = '<span class="muted">\u2014</span>'
        href = "#" + escape("site=" + quote(host, safe=""))
        rows.append(
            f'<tr data-host="{escape(host)}"><th scope="row"><a href="{href}">{breakable_host(host)}</a></th>'
            f'<td class="n">{thousands(site.pages)}</td>'
            f'<td class="rate">{meter(site.passed, site.pages)}<span>{percent(site.passed, site.pages)}</span></td>'
            f'<td class="n">{thousands(site.failed)}</td><td class="n">{thousands(site.errored)}</td>'
            f"<td>{common}</td></tr>"
        )
    shown, more = rows[:SITES_SHOWN], rows[SITES_SHOWN:]
    body = "<tbody>" + "".join(shown) + "</tbody>"
    button = ""
    if more:
        body += '<tbody id="more-sites" hidden>' + "".join(more) + "</tbody>"
        button = (
            f'<button type="button" id="show-sites" class="needs-js">Show all {thousands(len(ranked))} sites</button>'
        )
    return (
        '<div class="scroll"><table class="sites"><thead><tr><th scope="col">Site</th>'
        '<th scope="col" class="n">Pages</th><th scope="col">Compliance rate</th>'
        '<th scope="col" class="n">Non-compliant</th><th scope="col" class="n">Not checked</th>'
        f'<th scope="col">Most common failure</th></tr></thead>{body}</table></div>{button}'
    )


def trend_table(trend: Sequence[Snapshot]) -> str:
    """Each site's compliance rate on each date, worst first on the latest, with its sparkline and change."""
    labels = [snap.label for snap in trend]
    count = len(trend)
    columns = list(range(max(0, count - TREND_COLUMNS), count))
    latest = trend[-1]

    def rate_key(host: str) -> tuple[float, int, str]:
        tally = latest.hosts.get(host)
        if tally is None:
            return (2.0, 0, host)
        return (tally[1] / tally[0], -tally[0], host)

    hosts = sorted({host for snap in trend for host in snap.hosts}, key=rate_key)
    cut = len(hosts) - TREND_SITES
    hosts = hosts[:TREND_SITES]
    head = "".join(f'<th scope="col" class="n">{escape(labels[i])}</th>' for i in columns)

    def row(name: str, tallies: list[tuple[int, int] | None], attrs: str) -> str:
        cells = "".join(
            f'<td class="n">{percent(t[1], t[0]) if t else chr(0x2014)}</td>' for t in (tallies[i] for i in columns)
        )
        present = [t for t in tallies if t]
        change = ""
        if len(present) > 1:
            delta = round(100 * present[-1][1] / present[-1][0] - 100 * present[0][1] / present[0][0])
            change = f"{delta:+d} pts" if delta else "\u00b10"
        spark = sparkline(list(enumerate(tallies)), count, labels)
        return f'<tr {attrs}><th scope="row">{name}</th><td>{spark}</td>{cells}<td class="n">{change}</td></tr>'

    body = [row("<b>All sites</b>", [(s.pages, s.passed) for s in trend], 'class="all"')]
    for host in hosts:
        body.append(row(breakable_host(host), [s.hosts.get(host) for s in trend], f'data-host="{escape(host)}"'))
    note = f'<p class="muted">{thousands(cut)} more sites not shown.</p>' if cut > 0 else ""
    return (
        '<section id="trend" aria-labelledby="trend-h"><h2 id="trend-h">Compliance over time</h2>'
        f'<p class="muted">Compliance rate per site on each of {count} dates, {escape(labels[0])} to '
        f"{escape(labels[-1])}; sites worst first on the latest date.</p>"
        '<div class="scroll"><table class="trend"><thead><tr><th scope="col">Site</th>'
        f'<th scope="col">Trend</th>{head}<th scope="col" class="n">Change</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{note}</section>"
    )
