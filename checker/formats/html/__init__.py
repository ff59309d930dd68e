"""How do people read the verdicts in a browser? ``html``: one self-contained HTML page for people: the headline
numbers, failures per rule, sites worst first, and every page with one column per rule, filterable, each row opening on
the rules' messages and evidence.

The file fetches nothing: the CSS, the script and the charts (SVG drawn in ``charts``) are inline, so it works offline
and as an e-mail attachment. A Content-Security-Policy forbids every network load and allows only the page's own style
sheet and script, by their SHA-256 hashes. A report of a ``--render --screenshots`` run shows each rule's picture
beside it, loaded from the screenshots folder by a relative address: its policy allows images from the report's own
place (the folder it is opened from), nothing else.

What the numbers mean:

- **compliant**: the page's status is ``pass``: every rule at or above the threshold (``fail_on``) passed. Failures
  below the threshold ("warning"; "info" for an info-severity rule) and failures the baseline knows ("baselined")
  are shown but do not make a page non-compliant;
- **non-compliant**: status ``fail``: a rule at or above the threshold failed;
- **could not be checked**: status ``error``: the page could not be fetched or a rule could not be evaluated. An
  unchecked page is never counted as compliant, so a site's **compliance rate** is compliant pages over all its
  pages, unchecked ones included;
- **failures per rule**: pages where the rule failed and the baseline does not know the failure: failures that fail
  the page (red) and warnings below the threshold (amber), as :class:`~checker.formats.Summary` counts them. An
  info-severity rule not met is information, never a failure: its bar stays empty and its tooltip counts it.

Everything that comes from a page (titles, URLs, messages, snippets...) is escaped. The server-rendered parts go
through :func:`html.escape`. The page table is drawn by the inline script from JSON data in a ``<script
type="application/json">`` element, where ``<``, ``>``, ``&``, U+2028 and U+2029 are written as ``\\u003c``...
so that nothing in the data can close the element; the script builds the table with ``createElement`` and
``textContent`` only, and makes links only of ``http(s)`` URLs.

Size: the JSON keeps each distinct string once (messages, snippets and titles repeat from page to page) and
evidence is cut to :data:`MAX_TEXT` characters: 20,000 pages make a report of a few megabytes, and the script shows
:data:`PAGE_STEP` rows at a time.

Several results files (``read_results``) from different days make a trend: the compliance rate of each site on
each day. Files of the same day (UTC) are one snapshot (e.g. the shards of one audit); the tables show the latest.

Where each part lives: ``rows`` (a page as the report shows it), ``results`` (reading results files),
``counts`` (pages per site and per rule), ``page_data`` (the page table's JSON), ``markup`` (escaping and numbers),
``charts`` and ``tables`` (the server-drawn parts), ``assets`` (``report.css``, ``report.js``, ``report.html``
and the policy), ``document`` (the whole page) and ``formatter`` (the ``html`` format of a run).
"""

from __future__ import annotations

from .assets import csp_hash
from .document import build_report, render_report
from .formatter import HtmlFormatter
from .page_data import PAGE_STEP, STRING_BUDGET, script_json
from .results import FileInfo, ResultsMeta, Snapshot, read_results
from .rows import (
    BASELINED,
    ERROR,
    FAIL,
    INFO,
    MAX_MESSAGE,
    MAX_TEXT,
    MAX_URL,
    PAGE_ERROR,
    PAGE_FAIL,
    PAGE_PASS,
    PASS,
    SKIP,
    WARNING,
    Cell,
    PageRow,
    StringPool,
    row_from_dict,
    row_from_report,
)

__all__ = [
    "BASELINED",
    "ERROR",
    "FAIL",
    "MAX_MESSAGE",
    "MAX_TEXT",
    "MAX_URL",
    "PAGE_ERROR",
    "PAGE_FAIL",
    "PAGE_PASS",
    "PAGE_STEP",
    "PASS",
    "INFO",
    "SKIP",
    "STRING_BUDGET",
    "WARNING",
    "Cell",
    "FileInfo",
    "HtmlFormatter",
    "PageRow",
    "ResultsMeta",
    "Snapshot",
    "StringPool",
    "build_report",
    "csp_hash",
    "read_results",
    "render_report",
    "row_from_dict",
    "row_from_report",
    "script_json",
]
