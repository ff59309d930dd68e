"""Verdicts and reports: what a check says about one rule, and what a run says about one page.

Everything here is a frozen dataclass; changes are made with :func:`dataclasses.replace`.
The JSON shape produced by :meth:`Report.to_dict` is a public contract, written down in ``report.schema.json``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .defaults import DEFAULT_FAIL_ON, FailOn
from .defaults import FAIL_ON_CHOICES as FAIL_ON_CHOICES  # the formatters check their fail_on against it


class Status(enum.StrEnum):
    """Outcome of one rule, or of a whole page."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"  # could not be evaluated (page unreachable, check crashed, input missing)
    SKIP = "skip"  # not applicable to this run (e.g. needs the original article)

    def __str__(self) -> str:
        return self.value


class Severity(enum.StrEnum):
    """How much a failing rule matters. By default only ``error`` rules make a page fail (``--fail-on``)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}

SEVERITIES: tuple[str, ...] = tuple(severity.value for severity in Severity)


def fails_build(rule: RuleResult, fail_on: FailOn | str = DEFAULT_FAIL_ON) -> bool:
    """Whether a rule's result fails the page (and the build): it failed, its severity is at or above
    ``fail_on`` (``error``, ``warning``, ``info``; ``never``: nothing does), and it is not a failure the baseline
    already knows."""
    if rule.status is not Status.FAIL or rule.baselined or fail_on == FailOn.NEVER:
        return False
    return rule.severity.rank >= Severity(str(fail_on)).rank


@dataclass(frozen=True)
class Evidence:
    """What a check found (and where), or what it looked for.

    ``where`` is a CSS path to the element in the page, ``snippet`` a short excerpt of what a reader sees there.
    ``looked_for`` says what the check searched for when nothing was found. ``also`` lists other relevant
    findings (for example the bylines that name somebody else). With ``--render --screenshots DIR``,
    ``screenshot`` is the picture's file (the element a passing rule rests on, or the whole failing page) and
    ``box`` the element's box on the page (x, y, width, height, CSS px, desktop viewport); both are left out of the
    JSON otherwise.
    """

    where: str | None = None
    snippet: str | None = None
    looked_for: str | None = None
    also: tuple[str, ...] = ()
    screenshot: str | None = None
    box: tuple[int, int, int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "where": self.where,
            "snippet": self.snippet,
            "looked_for": self.looked_for,
            "also": list(self.also),
        }
        if self.screenshot is not None:
            data["screenshot"] = self.screenshot
        if self.box is not None:
            data["box"] = list(self.box)
        return data


@dataclass(frozen=True)
class Verdict:
    """The result of one check on one page, before the engine stamps the rule's identity on it."""

    status: Status
    message: str
    evidence: Evidence | None = None


@dataclass(frozen=True)
class RuleResult:
    """One rule's outcome on one page."""

    id: str
    status: Status
    severity: Severity
    title: str
    message: str
    evidence: Evidence | None = None
    baselined: bool = False  # a failure recorded in the --baseline file: reported, but it fails nothing

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status.value,
            "severity": self.severity.value,
            "title": self.title,
            "message": self.message,
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "baselined": self.baselined,
        }


SCHEMA_VERSION = 1
"""The version of the JSON report (``Report.to_dict``; the json and jsonl formats, and the results files that
``report`` and ``audit --resume`` read). Adding a field keeps the version: readers ignore fields they do not know.
Removing or renaming a field, or changing what a value means or its type, adds one, with a CHANGELOG entry;
``repcheck report`` passes over lines of a newer version than its own, counted as unreadable. The shape is written
down as a JSON Schema, :data:`SCHEMA_FILE` (``repcheck schema`` prints it)."""

SCHEMA_FILE = "report.schema.json"
"""The JSON Schema of one report (``Report.to_dict``), shipped in the package beside this module."""


def json_schema_text() -> str:
    """The JSON Schema of one report, as the text of :data:`SCHEMA_FILE`."""
    from importlib.resources import files

    return files(__package__ or "checker").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Report:
    """Everything repcheck knows about one target after checking it."""

    target: str
    url: str | None
    http_status: int | None
    status: Status
    error: str | None
    ruleset: str
    reporter: str | None
    reporter_source: str | None
    rules: tuple[RuleResult, ...] = ()
    original: str | None = None
    title: str | None = None
    elapsed_ms: int | None = None
    checked_at: str | None = None  # when, in UTC, ISO 8601 to the second ("2026-11-28T05:40:12Z")
    ruleset_chosen: str | None = None  # --rules auto: which pack was chosen, from what signs
    encoding: str | None = None  # what the page's bytes were decoded as (WHATWG name: "windows-1252"), if known
    rendered: bool = False  # judged as headless Chromium showed it (--render), not as served

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "target": self.target,
            "url": self.url,
            "http_status": self.http_status,
            "status": self.status.value,
            "error": self.error,
            "ruleset": self.ruleset,
            "ruleset_chosen": self.ruleset_chosen,
            "reporter": self.reporter,
            "reporter_source": self.reporter_source,
            "original": self.original,
            "title": self.title,
            "elapsed_ms": self.elapsed_ms,
            "checked_at": self.checked_at,
            "encoding": self.encoding,
            "rendered": self.rendered,
            "rules": [r.to_dict() for r in self.rules],
        }


def utc_now() -> str:
    """The time now, as reports carry it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def page_status(results: tuple[RuleResult, ...] | list[RuleResult], fail_on: FailOn | str = DEFAULT_FAIL_ON) -> Status:
    """A page fails when a rule at or above ``fail_on`` fails (by default: an ``error``-severity rule), unless the
    baseline knows that failure; it errors when a rule could not be evaluated.

    Failures below the threshold are reported but do not fail the page. With ``never`` the page fails as it would
    with ``error`` (the exit code is what ``never`` changes). A rule that errored makes the page ``error`` unless
    something already failed: an unchecked page is never a pass.
    """
    if any(fails_build(r, FailOn.ERROR if fail_on == FailOn.NEVER else fail_on) for r in results):
        return Status.FAIL
    if any(r.status is Status.ERROR for r in results):
        return Status.ERROR
    return Status.PASS
