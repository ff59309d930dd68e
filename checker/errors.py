"""Every error repcheck reports to a person, and the exit codes of the command line.

Each error a layer raises for a person to read derives from :class:`RepcheckError`: ``str(exc)`` is one line, and
``exit_code`` says how the command line ends when it reaches it. The command line turns any of them into that
line and that code in one place (:func:`checker.cli_options.reports_errors`), never a traceback.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """How ``repcheck`` ends."""

    PASS = 0  # every page passed
    FAIL = 1  # some rule failed on some page
    USAGE = 2  # bad command line, rule pack, config or baseline; a report that cannot be written
    ERROR = 3  # no rule failed, but some page could not be checked
    INTERRUPTED = 130  # Ctrl-C
    TERMINATED = 143  # SIGTERM


class RepcheckError(Exception):
    """An error with a one-line message for people and the exit code the command line ends with."""

    exit_code: ExitCode = ExitCode.USAGE

    def line(self) -> str:
        """The line the command line prints on standard error."""
        return f"repcheck: error: {self}"


class UsageProblem(RepcheckError):
    """A setting that cannot be used; the command line turns it into exit code 2 with this one-line message."""


class ReportWriteError(RepcheckError):
    """A report or a baseline cannot be written."""

    def line(self) -> str:
        return f"repcheck: error: cannot write the report: {self}"


class Interrupted(RepcheckError):
    """The run was stopped by Ctrl-C (or SIGTERM: ``exit_code`` 143); ``str()`` says what was kept."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self, message: str = "interrupted", exit_code: ExitCode = ExitCode.INTERRUPTED) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def line(self) -> str:
        return f"repcheck: {self}"


class PageNotChecked(RepcheckError):
    """A page could not be fetched or read. Reports carry it as their ``error``; a command that meets it
    ends with exit code 3."""

    exit_code = ExitCode.ERROR
