"""``--render``: check a page as the browser shows it. The page is rendered once (:mod:`checker.render.session`)
and read back per viewport; the SAME :meth:`Checker.check_html` judges each view, and
:mod:`checker.render.verdicts` merges the verdicts."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..defaults import LOGO_MAX_IMAGES
from ..report import Evidence, Report, Status
from .photos import WHOLE_PAGE, Photos, page_folder, photo_name
from .session import LocalDocument, Rendered, Renderer, RenderError
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

    original = own.original or checker.original
    shots = LOGO_MAX_IMAGES if checker.wants_logo_pixels() else 0
    renderer = renderer_of(checker)
    folder = checker.render.screenshots if checker.render is not None else None
    try:
        rendered = renderer.render(url, checker.timeout, local, shots, keep=folder is not None)
    except RenderError as exc:
        where = url if local is not None else (exc.url or url)
        report = error_report(
            target, exc.reason, checker.pack, url=where, http_status=exc.status, original=original, started=started
        )
        return replace(report, rendered=True)
    try:
        report = _judged(checker, target, rendered, url if local is not None else rendered.url, local, own, started)
    except BaseException:
        renderer.photograph(rendered, (), False, 1.0)  # close the kept tab
        raise
    if folder is None:
        return report
    elements = [r.evidence.where for r in report.rules if r.status is Status.PASS and r.evidence and r.evidence.where]
    photos = renderer.photograph(rendered, elements, report.status is Status.FAIL, checker.timeout)
    return with_photos(report, photos, Path(folder) / page_folder(target))


def _judged(
    checker: Checker,
    target: str,
    rendered: Rendered,
    page_url: str | None,
    local: LocalDocument | None,
    own: _Own,
    started: float,
) -> Report:
    """The rendered page's views judged by the checks and merged into one report."""
    from ..engine import error_report

    reporter, rules, skip_unlicensed = own.reporter, own.rules, own.skip_unlicensed
    original = own.original or checker.original
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


def with_photos(report: Report, photos: Photos, folder: Path) -> Report:
    """``report`` with its pictures saved in ``folder`` and named in its rules' evidence: each passing rule's
    element, and the whole page on every failing rule."""
    whole = None
    if photos.whole is not None:
        whole = _save(folder / WHOLE_PAGE, photos.whole)
    rules = []
    for rule in report.rules:
        evidence = rule.evidence
        photo = photos.elements.get(evidence.where or "") if evidence is not None else None
        if rule.status is Status.PASS and evidence is not None and photo is not None:
            saved = _save(folder / photo_name(rule.id), photo.png)
            evidence = replace(evidence, screenshot=saved, box=photo.box) if saved else evidence
        elif rule.status is Status.FAIL and whole is not None:
            evidence = replace(evidence or Evidence(), screenshot=whole)
        rules.append(replace(rule, evidence=evidence))
    return replace(report, rules=tuple(rules))


def _save(path: Path, png: bytes) -> str | None:
    """Write a picture; its path as reports give it, or None when it cannot be written (the report goes on)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    except OSError:
        return None
    return str(path)


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
