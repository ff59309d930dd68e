"""One run's settings, merged, and its outputs: what `check` and `audit` share below the command line.

Settings come from three places, and the first that says something wins: the command line, the config file
(``repcheck.toml`` or ``[tool.repcheck]``), the defaults. Rule settings (severities, disabled rules) are layered
the same way for every page: the config's top level, then its ``[[override]]``s whose pattern matches the page,
then the page's own ``[[target]]``, then the command line's ``--severity`` / ``--disable`` / ``--enable``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from .baseline import Baseline, BaselineWriter
from .config import Config, Target
from .engine import PageRules
from .formats import Formatter, OutputFormat, formatter
from .report import Report
from .summary import Summary


class UsageProblem(Exception):
    """A setting that cannot be used; the command line turns it into exit code 2 with this one-line message."""


@dataclass(frozen=True)
class RuleLayers:
    """The command line's rule settings, laid over what the config says for each page."""

    config: Config
    severity: Mapping[str, str] = field(default_factory=dict)  # --severity RULE=LEVEL
    disable: frozenset[str] = frozenset()  # --disable
    enable: frozenset[str] = frozenset()  # --enable

    def for_page(self, location: str, target: Target | None = None) -> PageRules:
        own = self.config.rule_settings(location, target)
        severity = {**own.severity, **self.severity}
        disabled = (set(own.disabled) | self.disable) - self.enable
        return PageRules(severity, frozenset(disabled))

    def run_wide(self) -> PageRules:
        """The rules of a page that no override matches and no target names."""
        severity = {**self.config.get("severity"), **self.severity}
        disabled = (set(self.config.get("disable")) - set(self.config.get("enable")) | self.disable) - self.enable
        return PageRules(severity, frozenset(disabled))

    @property
    def per_page(self) -> bool:
        """Whether pages can differ (the config has overrides); targets are handled by whoever runs them."""
        return bool(self.config.overrides)


def parse_assignments(values: tuple[str, ...], option: str, what: str) -> dict[str, str]:
    """``("logo=warning", ...)`` as a dict; a value without ``=`` is a :class:`UsageProblem`."""
    pairs: dict[str, str] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip() or not rest.strip():
            raise UsageProblem(f"{option} takes {what}, not {value!r}")
        pairs[key.strip()] = rest.strip()
    return pairs


class _Sink:
    """A destination: stdout, or a file opened only once there is something to write. Every write is flushed at
    once, so whatever was written survives a crash, a kill or Ctrl-C."""

    def __init__(self, path: str | None, *, append: bool = False) -> None:
        self.path = path
        self.append = append
        self._stream: IO[str] | None = None

    @property
    def is_stdout(self) -> bool:
        return self.path in (None, "-")

    def write(self, text: str) -> None:
        if not text:
            return
        if self._stream is None:
            if self.is_stdout:
                self._stream = sys.stdout
            else:
                assert self.path is not None
                folder = os.path.dirname(self.path)
                if folder:
                    os.makedirs(folder, exist_ok=True)  # "reports/junit.xml" in a fresh CI checkout
                self._stream = open(self.path, "a" if self.append else "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._stream.write(text)
        self._stream.flush()

    def close(self) -> None:
        if self._stream is not None and self._stream is not sys.stdout:
            self._stream.close()


@dataclass
class Outputs:
    """Every report of a run goes to each output: the main one (``--format`` to stdout or ``--output``) and the
    extra files (``--report FORMAT=PATH``, or ``reports`` in the config); a baseline may be applied first and
    one written at the end."""

    outputs: list[tuple[Formatter, _Sink]]
    fail_on: str = "error"
    baseline: Baseline | None = None
    write_baseline: BaselineWriter | None = None
    summary: Summary = field(default_factory=Summary)

    @classmethod
    def build(
        cls,
        main: tuple[str, str | None],
        reports: Mapping[str, str],
        *,
        fail_on: str,
        color: bool = False,
        append_main: bool = False,
        baseline: Baseline | None = None,
        write_baseline: BaselineWriter | None = None,
    ) -> Outputs:
        fmt, path = main
        outputs = [(formatter(fmt, color=color, fail_on=fail_on, append=append_main), _Sink(path, append=append_main))]
        for report_fmt, report_path in reports.items():
            outputs.append((formatter(report_fmt, fail_on=fail_on), _Sink(report_path)))
        stdout = [sink for _, sink in outputs if sink.is_stdout]
        if len(stdout) > 1:
            raise UsageProblem("only one output can go to standard output (give --report FORMAT=PATH a file)")
        return cls(outputs, fail_on, baseline, write_baseline)

    def start(self) -> None:
        for out, sink in self.outputs:
            sink.write(out.start())

    def page(self, report: Report) -> Report:
        if self.baseline is not None:
            report = self.baseline.apply(report, self.fail_on)
        if self.write_baseline is not None:
            self.write_baseline.add(report)
        self.summary.add(report)
        if report.status.value != "skip":
            for out, sink in self.outputs:
                sink.write(out.page(report))
        return report

    def end(self) -> None:
        for out, sink in self.outputs:
            sink.write(out.end(self.summary))
        if self.write_baseline is not None:
            self.write_baseline.write()

    def close(self) -> None:
        for _, sink in self.outputs:
            sink.close()

    @property
    def main_is_stdout_text(self) -> bool:
        out, sink = self.outputs[0]
        return sink.is_stdout and type(out).__name__ == "TextFormatter"


def known_formats() -> tuple[str, ...]:
    return tuple(f.value for f in OutputFormat)


def parse_reports(values: tuple[str, ...], configured: Mapping[str, Any]) -> dict[str, str]:
    """``--report FORMAT=PATH`` values over the config's ``reports`` table (the command line wins per format)."""
    reports = {str(k): str(v) for k, v in configured.items()}
    for fmt, path in parse_assignments(values, "--report", "FORMAT=PATH (e.g. junit=build/repcheck.xml)").items():
        if fmt not in known_formats():
            raise UsageProblem(f"--report {fmt}={path}: unknown format {fmt!r} (formats: {', '.join(known_formats())})")
        reports[fmt] = path
    return reports
