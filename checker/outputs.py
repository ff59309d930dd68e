"""Where a run's reports go: the main output and the extra report files, a baseline on the way, and the exit
code the run ends with."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO

from .baseline import Baseline, BaselineWriter
from .defaults import DEFAULT_FAIL_ON, FailOn
from .errors import ExitCode, UsageProblem
from .formats import Formatter, formatter
from .report import Report
from .settings import RunSettings
from .summary import Summary


def exit_code(summary: Summary, fail_on: FailOn | str = DEFAULT_FAIL_ON, *, problems: bool = False) -> ExitCode:
    """0 all passed; 1 something failed (at or above ``--fail-on``, and not in the baseline); 3 nothing failed
    but something could not be checked (never 0 then), or nothing at all was checked. ``--fail-on never``: 0."""
    if fail_on == FailOn.NEVER:
        return ExitCode.PASS
    if summary.failed:
        return ExitCode.FAIL
    if summary.errored or problems or (summary.pages == 0 and not summary.skipped):
        return ExitCode.ERROR
    return ExitCode.PASS


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


def use_color(stream: IO[str], flag: bool | None) -> bool:
    """Whether to colour text written to ``stream``: ``flag`` (--color/--no-color) if given, else not when
    NO_COLOR is set, else when ``stream`` is a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


@dataclass
class Outputs:
    """Every report of a run goes to each output: the main one (``--format`` to stdout or ``--output``) and the
    extra files (``--report FORMAT=PATH``, or ``reports`` in the config); a baseline may be applied first and
    one written at the end."""

    outputs: list[tuple[Formatter, _Sink]]
    fail_on: FailOn | str = DEFAULT_FAIL_ON
    baseline: Baseline | None = None
    write_baseline: BaselineWriter | None = None
    summary: Summary = field(default_factory=Summary)

    @classmethod
    def build(
        cls,
        main: tuple[str, str | None],
        reports: Mapping[str, str],
        *,
        fail_on: FailOn | str,
        color: bool = False,
        append_main: bool = False,
        baseline: Baseline | None = None,
        write_baseline: BaselineWriter | None = None,
    ) -> Outputs:
        fmt, path = main
        main_formatter = formatter(fmt, color=color, fail_on=fail_on, append=append_main, path=path)
        outputs = [(main_formatter, _Sink(path, append=append_main))]
        for report_fmt, report_path in reports.items():
            outputs.append((formatter(report_fmt, fail_on=fail_on, path=report_path), _Sink(report_path)))
        stdout = [sink for _, sink in outputs if sink.is_stdout]
        if len(stdout) > 1:
            raise UsageProblem("only one output can go to standard output (give --report FORMAT=PATH a file)")
        return cls(outputs, fail_on, baseline, write_baseline, Summary(fail_on=fail_on))

    @classmethod
    def for_run(cls, settings: RunSettings, color: bool | None = None, *, append: bool = False) -> Outputs:
        """The outputs ``settings`` ask for; ``color``: --color/--no-color; ``append``: to the main output file
        (a resumed audit)."""
        to_terminal = settings.output in (None, "-")
        return cls.build(
            (settings.format, settings.output),
            settings.reports,
            fail_on=settings.fail_on,
            color=use_color(sys.stdout, color) if to_terminal else False,
            append_main=append,
            baseline=settings.baseline,
            write_baseline=(
                BaselineWriter(settings.write_baseline, settings.pack.id) if settings.write_baseline else None
            ),
        )

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
