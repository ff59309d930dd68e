"""repcheck: check republished news pages against a licensor's republication terms.

The library API::

    from checker import audit_pages, check_html, check_url, load_pack

    report = check_url("https://partner.example/story", reporter="Nick Pope")
    report.status            # Status.PASS / FAIL / ERROR
    for rule in report.rules:
        print(rule.id, rule.status, rule.message)

    # many pages, as `repcheck audit` checks them: concurrently, politely, one report each
    for report in audit_pages(["partner-urls.txt"], sitemaps=["https://partner.example/sitemap.xml"]):
        print(report.url, report.status)

The command line (``repcheck``) is a thin layer over these functions. Errors a person must fix (a bad pack, an
unreadable URL list) raise a :class:`~checker.errors.RepcheckError` with a one-line message.
"""

from __future__ import annotations

__version__ = "0.1.0"

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .defaults import DEFAULT_CHECK_TIMEOUT, DEFAULT_FAIL_ON, DEFAULT_MAX_BYTES, DEFAULT_PACK, DEFAULT_TIMEOUT, FailOn

if TYPE_CHECKING:
    import requests

    from .audit.runner import AuditOptions
    from .engine import Checker
    from .pack import Pack
    from .report import Report


def check_html(
    html: str | bytes,
    url: str | None = None,
    *,
    pack: Pack | str = DEFAULT_PACK,
    reporter: str | None = None,
    original: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    user_agent: str | None = None,
    check_timeout: float | None = DEFAULT_CHECK_TIMEOUT,
    page_css: bool = True,
) -> Report:
    """Check one page's HTML against ``pack``. ``original`` is the URL (or file) of the licensor's article, whose
    byline names the reporter when ``reporter`` is not given. ``timeout``, ``max_bytes`` and ``user_agent`` are
    used to fetch the original. ``check_timeout``: seconds for the page's parsing and checks (None: no limit); a
    page that takes longer is an ``error`` report. ``page_css=False``: leave the page's ``<style>`` rules out (they
    hide what they hide by default)."""
    checker = _checker(pack, reporter, original, timeout, max_bytes, user_agent, check_timeout=check_timeout)
    return checker.check_html(html, url, page_css=page_css)


def check_url(
    url: str,
    *,
    pack: Pack | str = DEFAULT_PACK,
    reporter: str | None = None,
    original: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    user_agent: str | None = None,
    session: requests.Session | None = None,
    check_timeout: float | None = DEFAULT_CHECK_TIMEOUT,
    render: bool = False,
    browser: str | None = None,
    render_block: str = "",
    screenshots: str | None = None,
) -> Report:
    """Fetch ``url`` and check it against ``pack``. ``timeout``: seconds, one deadline for the whole fetch;
    ``check_timeout``: seconds for the parsing and checks after it. Never raises for a bad page: the report says
    ``error``. ``render=True``: judge the page as headless Chromium shows it (``browser``: its path, default
    found; ``render_block``: resource types not loaded, comma-separated; ``screenshots``: a folder for pictures
    of the evidence, named in it), within ``timeout``; raises :class:`~checker.render.RenderUnavailable` when
    there is no Chromium or no Playwright."""
    from .render.options import render_options

    options = render_options(render, browser, render_block, screenshots)
    checker = _checker(
        pack, reporter, original, timeout, max_bytes, user_agent, session=session, check_timeout=check_timeout
    )
    checker.render = options
    try:
        return checker.check_url(url)
    finally:
        checker.close()


def audit_pages(
    sources: Iterable[str] = (),
    *,
    urls: Iterable[str] = (),
    sitemaps: Iterable[str] = (),
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    pack: Pack | str = DEFAULT_PACK,
    reporter: str | None = None,
    original: str | None = None,
    fail_on: FailOn | str = DEFAULT_FAIL_ON,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    user_agent: str | None = None,
    options: AuditOptions | None = None,
    on_problem: Callable[[str], None] | None = None,
    check_timeout: float | None = DEFAULT_CHECK_TIMEOUT,
) -> list[Report]:
    """Check many pages as ``repcheck audit`` does and return their reports, in the order they finished.

    ``sources`` are files of URLs (one a line) or CSV files with a ``url`` column (and optional ``reporter``
    and ``original``); ``urls`` are URLs given directly; ``sitemaps`` are sitemap URLs or files, read
    recursively. ``include`` / ``exclude`` are patterns (globs, or ``re:REGEX``). Each URL is checked once.
    ``options`` (:class:`~checker.audit.AuditOptions`) sets concurrency, per-host limits, delay, robots.txt and
    retries. A source that cannot be read raises :class:`~checker.audit.SourceError`; a sitemap that cannot be
    read is passed to ``on_problem`` and the others go on. A page that cannot be checked, or whose checks run past
    ``check_timeout`` seconds, is an ``error`` report.

    (Named ``audit_pages``, not ``audit``: ``checker.audit`` is the package that does the work.)
    """
    from .audit import AuditOptions, Auditor, AuditTarget, UrlFilter, gather

    checker = _checker(
        pack, reporter, original, timeout, max_bytes, user_agent, fail_on=fail_on, check_timeout=check_timeout
    )
    plan = gather(
        tuple(sources),
        tuple(sitemaps),
        [AuditTarget(url) for url in urls],
        url_filter=UrlFilter(tuple(include), tuple(exclude)),
        timeout=timeout,
        user_agent=user_agent,
        on_problem=on_problem,
    )
    reports: list[Report] = []
    Auditor(checker, options or AuditOptions()).run(plan.targets, reports.append)
    return reports


def load_pack(name_or_path: str = DEFAULT_PACK) -> Pack:
    """Load and validate a rule pack: a shipped pack's name or a path to a pack file."""
    from .pack import load_pack as _load

    return _load(name_or_path)


def _checker(
    pack: Pack | str,
    reporter: str | None,
    original: str | None,
    timeout: float,
    max_bytes: int,
    user_agent: str | None,
    *,
    session: requests.Session | None = None,
    fail_on: FailOn | str = DEFAULT_FAIL_ON,
    check_timeout: float | None = DEFAULT_CHECK_TIMEOUT,
) -> Checker:
    """The checker the functions above share (imported late: ``import checker`` stays light)."""
    from .engine import Checker

    return Checker(
        pack,
        reporter=reporter,
        original=original,
        timeout=timeout,
        max_bytes=max_bytes,
        user_agent=user_agent,
        session=session,
        fail_on=fail_on,
        check_timeout=check_timeout,
    )


__all__ = ["__version__", "audit_pages", "check_html", "check_url", "load_pack"]
