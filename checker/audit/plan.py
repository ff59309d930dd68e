"""Which pages does this audit check? Read every source, drop what the filters exclude, what is listed twice and
what an earlier run already checked, and keep the rest in the order listed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO

from ..defaults import DEFAULT_TIMEOUT
from ..errors import ExitCode, RepcheckError
from .sources import (
    STDIN,
    AuditTarget,
    SourceError,
    UrlFilter,
    dedup_key,
    read_list,
    read_sitemap,
)


class NothingToCheck(RepcheckError):
    """The sources list no URL at all (empty, or only blank lines and comments): nothing is checked, and an
    audit of nothing is never a pass (exit code 3)."""

    exit_code = ExitCode.ERROR

    def __init__(self, sources: Sequence[str]) -> None:
        names = ", ".join("<stdin>" if source == STDIN else source for source in sources)
        super().__init__(f"nothing to check: no URL in {names}" if names else "nothing to check")


@dataclass
class Plan:
    targets: list[AuditTarget] = field(default_factory=list)
    listed: int = 0  # URLs read from the sources
    duplicates: int = 0
    excluded: int = 0  # by --include / --exclude
    already_done: int = 0  # in the output file of an earlier run (--resume)
    problems: list[str] = field(default_factory=list)  # sitemaps that could not be read, one line each


def gather(
    lists: Sequence[str],
    sitemaps: Sequence[str] = (),
    listed: Iterable[AuditTarget] = (),
    *,
    url_filter: UrlFilter | None = None,
    done: set[str] | None = None,
    done_key: Callable[[str], str] = dedup_key,
    stdin: IO[bytes] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    user_agent: str | None = None,
    on_problem: Callable[[str], None] | None = None,
) -> Plan:
    """Read ``lists`` (files, CSV files or ``-``) and ``sitemaps`` (URLs or files), and take the targets already
    ``listed`` (a config file's), into a :class:`Plan`.

    A list that cannot be read raises :class:`SourceError` (the command line is wrong); a sitemap that cannot be
    read is a problem of the run: it is recorded (and passed to ``on_problem``) and the other sources go on.
    ``done`` holds the ``done_key`` (by default the :func:`dedup_key`) of URLs already checked."""
    plan = Plan()
    seen: set[str] = set()
    done = done or set()

    def problem(reason: str) -> None:
        plan.problems.append(reason)
        if on_problem is not None:
            on_problem(reason)

    def take(targets: Iterable[AuditTarget]) -> None:
        for target in targets:
            plan.listed += 1
            key = dedup_key(target.url)
            if key in seen:
                plan.duplicates += 1
                continue
            seen.add(key)
            if url_filter is not None and not url_filter(target.url):
                plan.excluded += 1
            elif done and done_key(target.url) in done:
                plan.already_done += 1
            else:
                plan.targets.append(target)

    take(listed)
    for source in lists:
        take(read_list(source, stdin=stdin))
    for sitemap in sitemaps:
        try:
            take(read_sitemap(sitemap, timeout=timeout, user_agent=user_agent, on_error=problem))
        except SourceError as exc:
            problem(str(exc))
    return plan
