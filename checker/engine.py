"""Which terms apply, and what did each check say? Runs a pack's rules over one page model.

:class:`Checker` holds the options of a run (pack, reporter, original article, fetch limits) and turns any target
— HTML text, a URL, a saved file — into a :class:`~checker.report.Report`. Bad input never raises: a page that
cannot be fetched or parsed is a report with status ``error`` and a one-line reason, and a check that crashes
becomes an ``error`` verdict for that rule while the other rules go on. Reports come back with the secrets of
their URLs hidden (:mod:`checker.redact`); pages are fetched with the real URLs.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Concatenate, NamedTuple, ParamSpec

import requests

from .deadline import CheckTimeout, PageDeadline
from .defaults import DEFAULT_CHECK_TIMEOUT, DEFAULT_FAIL_ON, DEFAULT_PACK
from .fetch import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    FetchError,
    fetch,
    read_file,
)
from .fetch.host_gates import Gates
from .fetch.stylesheets import StylesheetFetcher
from .logo_match.looking import LogoEyes
from .logo_match.original import original_logo_url
from .malloc import give_back_big_blocks
from .pack import AUTO, Pack, auto_pack, load_pack, shipped_packs
from .page import Page, PageError
from .redact import Redactor
from .report import Report, Status, page_status, utc_now
from .reporter import OriginalArticles, OriginalText, Reporter, ReporterSource, detect_or_none
from .rule_run import PageRules, _ms, _named, adjust_pack, error_report, reads_original, run_rules
from .signs import licensor_shown, rank_licensors

__all__ = ["Checker", "PageRules", "adjust_pack", "error_report", "reads_original", "run_rules"]

if TYPE_CHECKING:  # --render's modules are imported when a page is rendered, not by every run
    from .render.session import RenderOptions


class _Own(NamedTuple):
    """A page's own settings over the run's (a config file's ``[[target]]``, an audit row)."""

    reporter: Reporter | None
    original: str | None
    rules: PageRules | None
    skip_unlicensed: bool | None


P = ParamSpec("P")


def _redacted(method: Callable[Concatenate[Checker, P], Report]) -> Callable[Concatenate[Checker, P], Report]:
    """A method of :class:`Checker` whose report comes back as it may be written: secrets in URLs hidden
    (:mod:`checker.redact`). The page itself was fetched with the real URL."""

    @functools.wraps(method)
    def redacted(self: Checker, *args: P.args, **kwargs: P.kwargs) -> Report:
        return self.redactor.report(method(self, *args, **kwargs))

    return redacted


class Checker:
    """One run's settings; check any number of targets with them. Safe to share between threads."""

    def __init__(
        self,
        pack: Pack | str = DEFAULT_PACK,
        *,
        reporter: str | None = None,
        original: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        user_agent: str | None = None,
        session: requests.Session | None = None,
        fail_on: str = DEFAULT_FAIL_ON,
        severity: Mapping[str, str] | None = None,
        disabled: Collection[str] = (),
        skip_unlicensed: bool = False,
        overrides: Callable[[str], PageRules | None] | None = None,
        redact_params: Collection[str] = (),
        check_timeout: float | None = DEFAULT_CHECK_TIMEOUT,
        render: RenderOptions | None = None,
        logo_references: Sequence[str] = (),
        logo_references_by_pack: Mapping[str, Sequence[str]] | None = None,
        page_css: bool = True,
        image_gates: Gates | None = None,
    ) -> None:
        give_back_big_blocks()  # pages of megabytes, freed, must not stay in the process (see malloc.py)
        self.auto = pack == AUTO
        self.base_pack = pack if isinstance(pack, Pack) else (auto_pack() if self.auto else load_pack(pack))
        self._auto_packs = [load_pack(name) for name in shipped_packs()] if self.auto else []
        self.fail_on = fail_on
        self.severity = dict(severity or {})
        self.disabled = frozenset(disabled)
        self.skip_unlicensed = skip_unlicensed  # a page that shows no sign of the licensor is a SKIP report
        self.overrides = overrides  # a page's own rule settings, by its URL or path (config [[override]]s)
        self.redactor = Redactor(redact_params)  # what reports show of URLs: secrets hidden
        self._packs: dict[tuple[Any, ...], Pack] = {}
        self.pack = self.pack_for()
        self.reporter = reporter.strip() if reporter and reporter.strip() else None
        self.original = original
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.check_timeout = check_timeout  # seconds for one page's parse and checks (None: no limit)
        self.user_agent = user_agent
        self.session = session
        self.render = render  # --render: pages judged as headless Chromium shows them (checker.render)
        self.page_css = page_css  # the page's own <style> rules applied (--no-page-css: not)
        self._renderer: Any = None
        self.originals = OriginalArticles(
            self.pack, timeout=timeout, max_bytes=max_bytes, user_agent=user_agent, session=session
        )
        # Logos recognised by their pixels: the pack's references, the config's for that pack, then the run's
        # (--logo-reference, not with --rules auto); else, with --original, the licensor's logo on the original's
        # page (checker/logo_match). One LogoEyes per pack, made when a page first needs it.
        self.logo_references = tuple(logo_references)
        self.logo_references_by_pack = {k: tuple(v) for k, v in (logo_references_by_pack or {}).items()}
        self._logo_eyes: dict[str, LogoEyes] = {}
        self._logo_eyes_lock = threading.Lock()
        # How many image requests may go to one host at once: shared by an audit's worker processes (see
        # checker/fetch/host_gates.py); None: DEFAULT_PER_HOST, counted in this process.
        self.image_gates = image_gates
        # The stylesheets checked URLs link on their own site, fetched once per run (checker/fetch/stylesheets.py).
        self.stylesheets = StylesheetFetcher(timeout=timeout, user_agent=user_agent, session=session, gates=image_gates)

    def use_image_gates(self, gates: Gates) -> None:
        """Count this run's image (and stylesheet) requests per host with ``gates`` (an audit's ``--per-host``)."""
        with self._logo_eyes_lock:
            self.image_gates = gates
            self.stylesheets.gates = gates
            for eyes in self._logo_eyes.values():
                eyes.gates = gates

    def settings(self) -> dict[str, Any]:
        """What a worker process needs to build the same checker (no session, no overrides: those are resolved
        per page by the process that fetches)."""
        return {
            "pack": AUTO if self.auto else self.base_pack,
            "reporter": self.reporter,
            "original": self.original,
            "timeout": self.timeout,
            "max_bytes": self.max_bytes,
            "check_timeout": self.check_timeout,
            "user_agent": self.user_agent,
            "fail_on": self.fail_on,
            "severity": self.severity,
            "disabled": self.disabled,
            "skip_unlicensed": self.skip_unlicensed,
            "redact_params": self.redactor.extra,
            "render": self.render,
            "logo_references": self.logo_references,
            "logo_references_by_pack": self.logo_references_by_pack,
            "page_css": self.page_css,
        }

    def wants_logo_pixels(self) -> bool:
        """Whether some page of this run may have its images compared with reference logos (the extra installed,
        a reference known or an original to take one from, a pack with a ``logo`` rule)."""
        packs = self._auto_packs if self.auto else [self.pack]
        return any(self._pixel_eyes(pack) is not None for pack in packs)

    def _pixel_eyes(self, pack: Pack) -> LogoEyes | None:
        """``pack``'s LogoEyes when its pages' images are to be compared with references: the pack has a ``logo``
        rule, and a reference (or an original to take one from) and the extra are there."""
        if not any(rule.check == "logo" for rule in pack.rules):
            return None
        eyes = self.logo_eyes(pack)
        return eyes if eyes.wanted() else None

    def logo_eyes(self, pack: Pack) -> LogoEyes:
        """The means to recognise ``pack``'s logo by its pixels in this run (made once per pack)."""
        with self._logo_eyes_lock:
            eyes = self._logo_eyes.get(pack.id)
            if eyes is None:
                references = [
                    *pack.logo_references,
                    *self.logo_references_by_pack.get(pack.id, ()),
                    *(() if self.auto else self.logo_references),
                ]
                eyes = self._logo_eyes[pack.id] = LogoEyes(
                    list(dict.fromkeys(references)),
                    timeout=self.timeout,
                    user_agent=self.user_agent,
                    session=self.session,
                    gates=self.image_gates,
                    original_logo=(
                        functools.partial(
                            original_logo_url,
                            self.original,
                            pack,
                            timeout=self.timeout,
                            max_bytes=self.max_bytes,
                            user_agent=self.user_agent,
                        )
                        if self.original
                        else None
                    ),
                )
            return eyes

    def page_rules(self, location: str | None) -> PageRules | None:
        """The rule settings an override gives the page at ``location`` (URL or path), if any."""
        if self.overrides is None or not location:
            return None
        return self.overrides(location)

    def pack_for(self, severity: Mapping[str, str] | None = None, disabled: Collection[str] | None = None) -> Pack:
        """The pack as this page sees it: the run's severities and disabled rules, or a page's own (an override
        for its URL pattern). Cached: a run has few distinct settings."""
        severity = self.severity if severity is None else severity
        disabled = self.disabled if disabled is None else frozenset(disabled)
        key = (tuple(sorted(severity.items())), frozenset(disabled))
        pack = self._packs.get(key)
        if pack is None:
            pack = self._packs[key] = adjust_pack(self.base_pack, severity, disabled)
        return pack

    # -----------------------------------------------------------------------------------------------------------
    @_redacted
    def check_target(
        self,
        target: str,
        *,
        stdin: IO[bytes] | None = None,
        url: str | None = None,
        reporter: Reporter | None = None,
        original: str | None = None,
        rules: PageRules | None = None,
        skip_unlicensed: bool | None = None,
    ) -> Report:
        """Check a URL, a path to a saved HTML file, or ``-`` (read from ``stdin``). ``url`` is a file's public
        URL (a built site's ``--base-url``); ``reporter``, ``original`` and ``rules`` are the page's own settings
        (a config file's ``[[target]]``), over the run's; ``skip_unlicensed`` too (a built site's pages)."""
        if target == "-":
            started = time.monotonic()
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(self.max_bytes + 1)
            if len(data) > self.max_bytes:
                return error_report(
                    target, f"input is larger than the {self.max_bytes:,}-byte limit", self.pack, started=started
                )
            own = _Own(reporter, original, rules, skip_unlicensed)
            if self.render is not None:
                return self._rendered(target, url, own, started, data=data)
            return self._check(data, url, target, None, started, own, local=True)
        if target.lower().startswith(("http://", "https://")):
            return self.check_url(
                target, reporter=reporter, original=original, rules=rules, skip_unlicensed=skip_unlicensed
            )
        if "://" in target:
            scheme = target.split("://", 1)[0]
            return error_report(
                target, f"unsupported URL scheme '{scheme}' (use http, https, a file path or -)", self.pack
            )
        return self.check_file(
            target, url=url, reporter=reporter, original=original, rules=rules, skip_unlicensed=skip_unlicensed
        )

    @_redacted
    def check_file(
        self,
        path: str | Path,
        *,
        url: str | None = None,
        reporter: Reporter | None = None,
        original: str | None = None,
        rules: PageRules | None = None,
        skip_unlicensed: bool | None = None,
    ) -> Report:
        started = time.monotonic()
        try:
            text, encoding = read_file(path, max_bytes=self.max_bytes)
        except FetchError as exc:
            return error_report(str(path), exc.reason, self.pack, url=url, started=started)
        if self.render is not None:
            own = _Own(reporter, original, rules, skip_unlicensed)
            return self._rendered(str(path), url, own, started, data=Path(path).read_bytes(), path=Path(path))
        report = self._check(text, url, str(path), None, started, _Own(reporter, original, rules, skip_unlicensed))
        return replace(report, encoding=encoding)

    @_redacted
    def check_url(
        self,
        url: str,
        *,
        reporter: Reporter | None = None,
        original: str | None = None,
        rules: PageRules | None = None,
        skip_unlicensed: bool | None = None,
    ) -> Report:
        started = time.monotonic()
        if self.render is not None:
            return self._rendered(url, url, _Own(reporter, original, rules, skip_unlicensed), started)
        try:
            fetched = fetch(
                url,
                timeout=self.timeout,
                max_bytes=self.max_bytes,
                user_agent=self.user_agent,
                session=self.session,
                decode=False,
            )
        except FetchError as exc:
            return error_report(
                url,
                exc.reason,
                self.pack,
                url=exc.final_url or url,
                http_status=exc.status,
                original=original or self.original,
                started=started,
            )
        own = _Own(reporter, original, rules, skip_unlicensed)
        body, charset = fetched.body, fetched.charset
        return self._check(body, fetched.url, url, fetched.status, started, own, charset, fetch_stylesheets=True)

    def _rendered(
        self,
        target: str,
        url: str | None,
        own: _Own,
        started: float,
        data: bytes | None = None,
        path: Path | None = None,
    ) -> Report:
        """``--render``: a URL, or ``data`` (a file at ``path``, or standard input) served to the browser."""
        from .render.check import check_rendered
        from .render.session import LocalDocument

        local = None
        if data is not None:
            local = LocalDocument(data, path.name, path.parent) if path else LocalDocument(data, "stdin.html", None)
        return check_rendered(self, target, url=url, local=local, own=own, started=started)

    def close(self) -> None:
        """Stop what the run started (the browser of ``--render``, the threads fetching images)."""
        with self._logo_eyes_lock:
            eyes, self._logo_eyes = list(self._logo_eyes.values()), {}
        for each in eyes:
            each.close()
        self.stylesheets.close()
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None

    def _check(
        self,
        html: str | bytes,
        url: str | None,
        target: str,
        http_status: int | None,
        started: float,
        own: _Own,
        charset: str | None = None,
        local: bool = False,
        fetch_stylesheets: bool = False,
    ) -> Report:
        reporter = own.reporter
        if reporter is None and own.original:
            reporter = self.reporter_for(None, own.original)
        return self.check_html(
            html,
            url,
            target=target,
            http_status=http_status,
            started=started,
            reporter=reporter,
            original=own.original,
            charset=charset,
            local=local,
            severity=own.rules.severity if own.rules else None,
            disabled=own.rules.disabled if own.rules else None,
            skip_unlicensed=own.skip_unlicensed,
            fetch_stylesheets=fetch_stylesheets,
        )

    @_redacted
    def check_html(
        self,
        html: str | bytes,
        url: str | None = None,
        *,
        target: str | None = None,
        http_status: int | None = None,
        started: float | None = None,
        reporter: Reporter | None = None,
        original: str | None = None,
        charset: str | None = None,
        local: bool = False,
        severity: Mapping[str, str] | None = None,
        disabled: Collection[str] | None = None,
        skip_unlicensed: bool | None = None,
        original_text: OriginalText | None = None,
        page_css: bool | None = None,
        shots: Mapping[str, bytes] | None = None,
        fetch_stylesheets: bool = False,
    ) -> Report:
        """Check a page's HTML (``url`` is where it came from, used to resolve relative links).

        ``reporter`` (from :meth:`reporter_for`) and ``original`` override the run's for this page only, as an
        audit's per-row columns do. ``charset`` is the HTTP header's, for ``html`` given as bytes; ``local`` says
        such bytes come from a file or stdin (a browser's ``file:`` reading: valid UTF-8 is UTF-8). ``severity``
        and ``disabled`` replace the run's rule settings for this page (see :meth:`pack_for`). ``shots``: PNG
        screenshots of the page's images by their SHOT_MARK number (``--render``), compared with the reference
        logos instead of the images' files. ``fetch_stylesheets``: fetch the stylesheets the page links on its own
        site (``url``'s), within what is left of ``timeout`` since ``started`` (as ``check_url`` and audits do;
        HTML given with its address is otherwise judged by its ``<style>`` elements alone). A page whose parsing
        and checks run past ``check_timeout`` seconds is an error report."""
        started = time.monotonic() if started is None else started
        target = target if target is not None else (url or "<html>")
        original = original or self.original
        pack = self.pack_for(severity, disabled)

        def not_checked(reason: str) -> Report:
            return error_report(
                target,
                reason,
                pack,
                url=url,
                http_status=http_status,
                reporter=reporter,
                original=original,
                started=started,
            )

        try:
            with PageDeadline(self.check_timeout) as deadline:
                try:
                    css = self.page_css if page_css is None else page_css
                    linked = None
                    if css and fetch_stylesheets and url and url.startswith(("http://", "https://")):
                        linked = self.stylesheets.for_page(deadline.paused, until=started + self.timeout)
                    page = Page.parse(html, url, charset=charset, local=local, page_css=css, linked_css=linked)
                except Exception as exc:  # noqa: BLE001 - malformed input must never become a traceback
                    reason = str(exc) if isinstance(exc, PageError) else f"the page could not be read ({_named(exc)})"
                    return not_checked(reason)
                chosen_how = None
                if self.auto:
                    chosen, chosen_how = self._choose_pack(page, severity, disabled)
                    if chosen is None:
                        return error_report(
                            target,
                            chosen_how,
                            self.base_pack,
                            url=url,
                            http_status=http_status,
                            original=original,
                            started=started,
                        )
                    pack = chosen
                skip = self.skip_unlicensed if skip_unlicensed is None else skip_unlicensed
                if skip and not licensor_shown(page, pack):
                    return Report(
                        target=target,
                        url=url,
                        http_status=http_status,
                        status=Status.SKIP,
                        error=None,
                        ruleset=pack.id,
                        reporter=None,
                        reporter_source=None,
                        original=original,
                        title=page.headline or page.title,
                        elapsed_ms=_ms(started),
                        checked_at=utc_now(),
                        encoding=page.encoding,
                    )
                if reporter is None:
                    with deadline.paused():  # the original's byline, read once per run
                        reporter = self.reporter_for()
                reporter = reporter or detect_or_none(page, pack)
                if original_text is None and original and reads_original(pack):
                    with deadline.paused():
                        original_text = self.originals.text(original)
                logo_pixels = None
                eyes = self._pixel_eyes(pack)
                if eyes is not None:
                    with deadline.paused():  # images fetched under the run's timeout, like the page
                        logo_pixels = eyes.look(page, shots)
                results = run_rules(page, pack, reporter, original, original_text, logo_pixels)
        except CheckTimeout:
            return not_checked(f"checks took longer than {self.check_timeout:g} s (--check-timeout)")
        return Report(
            target=target,
            url=url,
            http_status=http_status,
            status=page_status(results, self.fail_on),
            error=None,
            ruleset=pack.id,
            ruleset_chosen=chosen_how,
            reporter=reporter.name,
            reporter_source=reporter.source.value,
            rules=results,
            original=original,
            title=page.headline or page.title,
            elapsed_ms=_ms(started),
            checked_at=utc_now(),
            encoding=page.encoding,
        )

    # -----------------------------------------------------------------------------------------------------------
    def _choose_pack(
        self, page: Page, severity: Mapping[str, str] | None, disabled: Collection[str] | None
    ) -> tuple[Pack | None, str]:
        """``--rules auto``: the pack whose licensor the page shows the most signs of, a specific licensor before a
        generic licence or tool; a pixel or a canonical link (markup made for that licensor) weighs twice a name or a
        logo. Returns the pack (None if no licensor shows) and why, in words."""
        ranked = rank_licensors(page, self._auto_packs)
        if not ranked:
            return None, (
                "no licensor recognised: the page shows none of the shipped packs' names, logos, pixels or "
                "canonical links (choose one with --rules PACK)"
            )
        best, signs = ranked[0]
        how = f"auto: {best.id}, from {'; '.join(signs)}"
        others = [candidate.id for candidate, _ in ranked[1:]]
        if others:
            how += f" (also signs of {', '.join(others)})"
        adjusted = adjust_pack(
            best,
            severity if severity is not None else self.severity,
            disabled if disabled is not None else self.disabled,
        )
        return adjusted, how

    def resolve_reporter(self, page: Page, pack: Pack | None = None) -> Reporter:
        """``--reporter`` if given; else the byline of ``--original``; else the reporter detected on the page."""
        return self.reporter_for() or detect_or_none(page, pack or self.pack)

    def reporter_for(self, reporter: str | None = None, original: str | None = None) -> Reporter | None:
        """The reporter for a page checked with these per-page settings, when it does not depend on the page:
        ``reporter`` (else the run's ``--reporter``) as given, else the byline of ``original`` (else the run's
        ``--original``), fetched once per run. None means "detect it on the page"."""
        name = reporter.strip() if reporter and reporter.strip() else self.reporter
        if name:
            return Reporter(name, ReporterSource.GIVEN)
        original = original or self.original
        return self.originals.reporter(original) if original else None

    def original_text_for(self, original: str | None = None) -> OriginalText | None:
        """The original article's text for a page of this run, when its pack compares with it (read once per run
        and cached), so that whoever checks the page need not read it again; None when there is nothing to read
        or the pack is only known per page (``--rules auto``)."""
        original = original or self.original
        if not original or self.auto or not reads_original(self.pack):
            return None
        return self.originals.text(original)
