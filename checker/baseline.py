"""Which failures are already known? A baseline records a run's failures so that later runs fail only on new ones.

A partner fixing a backlog of pages writes a baseline once (``--write-baseline FILE``), commits it, and runs CI
with ``--baseline FILE``: a failure recorded there is still reported (``"baselined": true`` in JSON), but it no
longer fails the page or the build; a failure not in it does. A page is known by its public URL when it has one
(``--base-url`` for built sites), else by the target as given, with the secrets of its URL hidden
(:mod:`checker.redact`); a failure by its page and rule id, so that a reworded message does not make an old
failure new.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .defaults import DEFAULT_FAIL_ON, FailOn
from .errors import RepcheckError
from .redact import DEFAULT_REDACTOR, Redactor
from .report import Report, Status, page_status

FORMAT_VERSION = 1


class BaselineError(RepcheckError):
    """The baseline file cannot be read or written. ``str()`` is one line naming the file."""


def page_key(report: Report) -> str:
    return report.url or report.target


@dataclass(frozen=True)
class Baseline:
    path: str
    known: frozenset[tuple[str, str]]  # (page, rule id)

    @classmethod
    def load(cls, path: str | os.PathLike[str], redactor: Redactor = DEFAULT_REDACTOR) -> Baseline:
        """The baseline in ``path``. Its pages are compared redacted, as reports show them (a baseline written
        before URLs were redacted still matches)."""
        name = os.fspath(path)
        try:
            data = json.loads(Path(name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{name}: baseline file not found (create it with --write-baseline)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{name}: cannot read the baseline ({exc})") from None
        except ValueError as exc:
            raise BaselineError(f"{name}: not a repcheck baseline (invalid JSON: {exc})") from None
        if not isinstance(data, dict) or data.get("repcheck_baseline") != FORMAT_VERSION:
            raise BaselineError(f'{name}: not a repcheck baseline (no "repcheck_baseline": {FORMAT_VERSION})')
        failures = data.get("failures")
        if not isinstance(failures, list):
            raise BaselineError(f'{name}: "failures" must be a list')
        known = set()
        for position, item in enumerate(failures, 1):
            if (
                not isinstance(item, dict)
                or not isinstance(item.get("page"), str)
                or not isinstance(item.get("rule"), str)
            ):
                raise BaselineError(f'{name}: failure {position} must have a "page" and a "rule" (strings)')
            known.add((redactor.text(item["page"]), item["rule"]))
        return cls(name, frozenset(known))

    def apply(self, report: Report, fail_on: FailOn | str = DEFAULT_FAIL_ON) -> Report:
        """``report`` with the failures this baseline knows marked ``baselined``, and the page's status again."""
        key = page_key(report)
        if not any(rule.status is Status.FAIL and (key, rule.id) in self.known for rule in report.rules):
            return report
        rules = tuple(
            replace(rule, baselined=True) if rule.status is Status.FAIL and (key, rule.id) in self.known else rule
            for rule in report.rules
        )
        return replace(report, rules=rules, status=page_status(rules, fail_on))


class BaselineWriter:
    """Collects the failures of a run, then writes them (sorted, so that the file diffs well) in one go."""

    def __init__(self, path: str, pack_id: str) -> None:
        self.path = path
        self.pack_id = pack_id
        self._failures: dict[tuple[str, str], str] = {}

    def add(self, report: Report) -> None:
        key = page_key(report)
        for rule in report.rules:
            if rule.status is Status.FAIL:
                self._failures[(key, rule.id)] = rule.message

    def __len__(self) -> int:
        return len(self._failures)

    def write(self) -> None:
        data = {
            "repcheck_baseline": FORMAT_VERSION,
            "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "repcheck": __version__,
            "pack": self.pack_id,
            "failures": [
                {"page": page, "rule": rule, "message": message}
                for (page, rule), message in sorted(self._failures.items())
            ],
        }
        _write_atomically(self.path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _write_atomically(path: str, text: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".repcheck-baseline-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline ({exc.strerror or exc})") from None
