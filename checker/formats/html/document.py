"""What is the whole HTML report? The document for a set of page rows (:func:`render_report`), and for results
files (:func:`build_report`, what ``repcheck report`` writes)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from ... import __version__
from ...redact import DEFAULT_REDACTOR, Redactor
from .._common import check_fail_on
from . import assets
from .charts import rule_chart
from .counts import Counts, count_rows, rule_order
from .markup import escape, percent, when_text
from .page_data import page_data, script_json
from .results import ResultsMeta, Snapshot, read_results
from .rows import PageRow
from .tables import sites_table, stat, trend_table

DASH = " \u2014 "
LEAN_NOTE = (
    "To keep this file small, the evidence of rules that passed is left out (their "
    "messages are kept); everything about the rules that did not pass is here."
)


def _headline(counts: Counts) -> str:
    """The four headline numbers: pages, compliant, non-compliant, not checked."""
    return "".join(
        [
            stat("pages", counts.pages, "pages checked", None, "all"),
            stat("compliant", counts.passed, "compliant", percent(counts.passed, counts.pages), "ok"),
            stat("noncompliant", counts.failed, "non-compliant", percent(counts.failed, counts.pages), "bad"),
            stat("errored", counts.errored, "could not be checked", percent(counts.errored, counts.pages), "err"),
        ]
    )


def _notes(notes: Sequence[str]) -> str:
    note_items = "".join(f"<li>{escape(note)}</li>" for note in notes)
    return f'<ul class="notes">{note_items}</ul>' if note_items else ""


def render_report(
    rows: Sequence[PageRow],
    *,
    pack: str,
    generated: datetime | None = None,
    fail_on: str = "error",
    trend: Sequence[Snapshot] | None = None,
    rule_titles: Mapping[str, str] | None = None,
    title: str = "repcheck report",
    checked: datetime | None = None,
    notes: Sequence[str] = (),
) -> str:
    """The whole HTML document for ``rows``. ``generated``: when the report is made (default: now); ``checked``:
    when the pages were checked (default: ``generated``); ``trend``: snapshots, oldest first, to compare (shown
    when there are two or more); ``notes``: sentences shown under the numbers."""
    fail_on = check_fail_on(fail_on)
    generated = generated or datetime.now(UTC)
    checked = checked or generated
    titles = dict(rule_titles or {})
    rules = rule_order(rows, titles)
    counts = count_rows(rows, rules)
    data = page_data(rows, rules, sorted(counts.sites), fail_on, titles)
    if data["lean"]:
        notes = [*notes, LEAN_NOTE]
    return assets.PAGE.substitute(
        csp=assets.CSP_WITH_PICTURES if any(cell.screenshot for row in rows for cell in row.cells) else assets.CSP,
        version=escape(__version__),
        doc_title=escape(f"{title} \u00b7 {pack} \u00b7 {checked.astimezone(UTC):%Y-%m-%d}"),
        style=assets.STYLE,
        title=escape(title),
        pack=escape(pack),
        checked_iso=f"{checked.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}",
        checked=escape(when_text(checked)),
        threshold=escape("error" if fail_on == "never" else fail_on),
        stats=_headline(counts),
        notes=_notes(notes),
        rule_chart=rule_chart(counts, rules, titles),
        sites_table=sites_table(counts, titles),
        trend=trend_table(trend) if trend and len(trend) > 1 else "",
        rule_options="".join(
            f'<option value="{escape(r)}">{escape(r + DASH + titles[r] if titles.get(r) else r)}</option>'
            for r in rules
        ),
        rule_heads="".join(
            f'<th scope="col" data-rule="{escape(r)}" title="{escape(titles.get(r, ""))}">{escape(r)}</th>'
            for r in rules
        ),
        generated=escape(when_text(generated)),
        page_data=script_json(data),
        script=assets.SCRIPT,
    )


def build_report(
    paths: Sequence[str | os.PathLike[str]],
    *,
    fail_on: str = "error",
    title: str = "repcheck report",
    generated: datetime | None = None,
    redactor: Redactor = DEFAULT_REDACTOR,
    folder: str | None = None,
) -> tuple[str, ResultsMeta]:
    """The HTML report of results files (what ``repcheck report`` writes), and what was read; secrets in URLs
    hidden by ``redactor``; ``folder``: where it is written, for the addresses of ``--screenshots`` pictures."""
    rows, meta = read_results(paths, fail_on=fail_on, redactor=redactor, folder=folder)
    document = render_report(
        rows,
        pack=meta.pack,
        generated=generated,
        fail_on=fail_on,
        trend=meta.trend,
        rule_titles=meta.rule_titles,
        title=title,
        checked=meta.checked,
        notes=meta.notes(),
    )
    return document, meta
