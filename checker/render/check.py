"""``--render``: check a page as the browser shows it. The page is rendered once (:mod:`checker.render.session`)
and read back per viewport; the SAME :meth:`Checker.check_html` judges each view, and
:mod:`checker.render.verdicts` merges the verdicts."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from ..defaults import LOGO_MAX_IMAGES
from ..report import Report, Status
from .session import LocalDocument, Renderer, RenderError
from .verdicts import merge_views

if TYPE_CHECKING:
    from ..engine import Checker, _Own


def check_rendered(
    checker: Checker,
    target: str,
    *,
    url: str | None,
    local: LocalDocument | None = None,
    own: _Own,
    started: float,
) -> Report:
    """The report of ``target`` (the URL ``url``, or the ``local`` document whose public URL, if any, is ``url``)
    rendered in every viewport and judged in each; ``"rendered": true``."""
    from ..engine import error_report

    reporter, rules, skip_unlicensed = own.reporter, own.rules, own.skip_unlicensed
    original = own.original or checker.original
    shots = LOGO_MAX_IMAGES if checker.wants_logo_pixels() else 0
    try:
        rendered = renderer_of(checker).render(url, checker.timeout, local, shots)
    except RenderError as exc:
        where = url if local is not None else (exc.url or url)
        report = error_report(
            target, exc.reason, checker.pack, url=where, http_status=exc.status, original=original, started=started
        )
        return replace(report, rendered=True)
    page_url = url if local is not None else rendered.url
    largest = max(len(view.html.encode("utf-8", "replace")) for view in rendered.views)
    if largest > checker.max_bytes:  # as the static check refuses a body over --max-bytes
        reason = f"the rendered page is larger than the {checker.max_bytes:,}-byte limit (--max-bytes)"
        report = error_report(target, reason, checker.pack, url=page_url, http_status=rendered.status, started=started)
        return replace(report, rendered=True)
    if reporter is None and original:
        reporter = checker.reporter_for(None, original)
    reports: list[Report] = []
    for view in rendered.views:
        report = checker.check_html(
            view.html,
            page_url,
            target=target,
            http_status=None if local is not None else rendered.status,
            started=started,
            reporter=reporter,
            original=original,
            severity=rules.severity if rules else None,
            disabled=rules.disabled if rules else None,
            skip_unlicensed=skip_unlicensed,
            page_css=False,  # the browser has applied every stylesheet; its verdicts are marked on the elements
            shots=rendered.shots,  # the images' boxes as the browser drew them, for the logo's pixels
        )
        report = replace(report, rendered=True, encoding=view.charset)
        if report.status is Status.SKIP or (report.status is Status.ERROR and report.error):
            return report if not reports else replace(report, error=f"on the {view.label}: {report.error}")
        reports.append(report)
    return merge_views(reports, [view.label for view in rendered.views], checker.fail_on)


_MAKING = threading.Lock()


def renderer_of(checker: Checker) -> Renderer:
    """The checker's renderer, made on first use: one per checker, shared by its threads (one browser)."""
    with _MAKING:
        renderer = getattr(checker, "_renderer", None)
        if renderer is None:
            assert checker.render is not None
            renderer = Renderer(checker.render, checker.user_agent)
            checker._renderer = renderer
        return renderer
