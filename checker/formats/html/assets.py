"""What does the report carry besides its data? Its style sheet, script and page template, read from the package's
files, and the Content-Security-Policy that allows exactly that style sheet and script by their SHA-256 hashes."""

from __future__ import annotations

import base64
import hashlib
from importlib.resources import files
from string import Template


def _read(name: str) -> str:
    # The file's bytes as they are, whatever the platform's newlines: their hashes are in the policy.
    return files(__name__.rpartition(".")[0]).joinpath(name).read_bytes().decode("utf-8")


def csp_hash(text: str) -> str:
    """The CSP source expression (``'sha256-...'``) that allows an inline element whose content is ``text``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


STYLE = _read("report.css")
"""The inline ``<style>``: every rule of the report's look."""
SCRIPT = _read("report.js")
"""The inline ``<script>``: draws the page table from the JSON data, filters it, opens rows."""
PAGE = Template(_read("report.html"))
"""The document, with ``$name`` placeholders for the parts :func:`~.document.render_report` writes."""
CSP = (
    f"default-src 'none'; style-src {csp_hash(STYLE)}; script-src {csp_hash(SCRIPT)}; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
"""No network load of any kind; only the report's own style sheet and script, by their hashes."""
CSP_WITH_PICTURES = CSP.replace("img-src data:;", "img-src data: 'self' file:;")
"""For a report with ``--screenshots`` pictures: images from the report's own place too (the picture files beside
it, opened from disk or served with it); still nothing from elsewhere."""
