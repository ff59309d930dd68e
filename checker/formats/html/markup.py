"""How does a value become text in the HTML report? Escaping, numbers, rates and times as the report writes them."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from .._common import xml_text


def escape(value: object) -> str:
    """Text for HTML, escaped (quotes too), without the characters HTML cannot carry."""
    return html.escape(xml_text(value), quote=True)


def breakable_host(host: str) -> str:
    """A host name, escaped, that a narrow column may break after its dots."""
    return escape(host).replace(".", ".<wbr>")


def thousands(number: int) -> str:
    """``12345`` as ``12,345``."""
    return f"{number:,}"


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a whole percentage (one decimal near 0% and 100%, never rounded to either)."""
    if whole <= 0:
        return "\u2013"
    if part == whole:
        return "100%"
    if part == 0:
        return "0%"
    rate = 100 * part / whole
    return f"{rate:.1f}%" if rate < 1 or rate > 99 else f"{rate:.0f}%"


def when_text(moment: datetime | None) -> str:
    """A moment to the minute in UTC, or ``unknown date``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "unknown date"
