"""What do the formats share? Which ``fail_on`` thresholds exist, what text XML (and HTML) can carry, and how
evidence reads as lines."""

from __future__ import annotations

import re

from ..report import FAIL_ON_CHOICES, Evidence


def check_fail_on(fail_on: str) -> str:
    """``fail_on`` if it is one of :data:`~checker.report.FAIL_ON_CHOICES`, else :class:`ValueError`."""
    if fail_on not in FAIL_ON_CHOICES:
        raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON_CHOICES)}, not {fail_on!r}")
    return str(fail_on)


# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: object) -> str:
    """``text`` as a string without the characters XML 1.0 cannot hold (NUL, form feed, lone surrogates...)."""
    return _NOT_XML.sub("", str(text))


def evidence_lines(evidence: Evidence | None) -> list[str]:
    """The evidence, one ``label: value`` line per field that is set."""
    if evidence is None:
        return []
    lines = []
    if evidence.where:
        lines.append(f"where: {evidence.where}")
    if evidence.snippet:
        lines.append(f"snippet: {evidence.snippet}")
    if evidence.looked_for:
        lines.append(f"looked for: {evidence.looked_for}")
    lines.extend(f"also: {item}" for item in evidence.also)
    return lines
