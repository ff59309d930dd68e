"""How do thousands of pages get checked fast, politely, without losing work?

:class:`Auditor` runs an audit: ``jobs`` worker threads take URLs from a :class:`~.scheduler.HostScheduler`
(per-host limit and delay), ask robots.txt, fetch (retrying refused connections, 429, 502, 503 and 504 with
exponential backoff or the server's ``Retry-After``), and hand each page to the CPU stage: parsing and rules,
run in a pool of worker processes (``processes``; 0 runs them in the fetching threads; by default one per CPU,
twice that when images are compared with reference logos, as a worker then waits for its page's images). Reports
come back to the caller's thread one by one, as they finish, through ``on_report`` — the caller writes each one
and forgets it, so memory does not grow with the list.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import random
import signal
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import requests

from ..defaults import (
    DEFAULT_DELAY,
    DEFAULT_JOBS,
    DEFAULT_MAX_WAIT,
    DEFAULT_PAGE_BUDGET,
    DEFAULT_PER_HOST,
    DEFAULT_RETRIES,
    LOGO_AUDIT_PROCESSES_PER_CPU,
)
from ..engine import Checker, PageRules, error_report
from ..fetch import USER_AGENT, FetchError, fetch, read_file
from ..fetch.host_gates import HostGates, SharedHostGates
from ..report import Report
from ..reporter import OriginalText, Reporter
from .budget import ByteBudget
from .orphans import process_start, watch_parent
from .robots import RobotsCache, product_token
from .scheduler import HostScheduler
from .sources import AuditTarget


def default_processes() -> int:
    """Worker processes for parsing and rules: one per CPU, none on a single-CPU machine."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cpus if cpus > 1 else 0


@dataclass(frozen=True)
class AuditOptions:
    jobs: int = DEFAULT_JOBS  # pages fetched at once, over all hosts
    per_host: int = DEFAULT_PER_HOST  # requests to one host at once
    delay: float = DEFAULT_DELAY  # seconds between the starts of two requests to one host
    processes: int | None = None  # None: default_processes()
    robots: bool = True
    retries: int = DEFAULT_RETRIES
    backoff: float = 1.0  # first retry's delay; doubled each time, with jitter
    max_wait: float = DEFAULT_MAX_WAIT
    page_budget: int = DEFAULT_PAGE_BUDGET  # bytes of pages held at once, from their fetch to their report


def _is_url(target: str) -> bool:
    return target.lower().startswith(("http://", "https://"))


def host_of(url: str) -> str:
    """The key per-host limits are kept by: scheme, host and port. A saved file is a host of its own."""
    if not _is_url(url):
        return "file:" + url
    try:
        parts = urlsplit(url.strip())
        return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}:{parts.port or ''}"
    except ValueError:
        return url


@dataclass
class _Task:
    target: AuditTarget
    attempt: int = 0


@dataclass(frozen=True)
class _Fetched:
    """A page on its way to the CPU stage: undecoded bytes travel to a worker process more cheaply than text,
    and decoding them there keeps that work off the fetching process."""

    body: bytes | str
    url: str | None  # None for a saved file
    status: int | None
    charset: str | None = None
    encoding: str | None = None  # what a saved file's bytes were decoded as, when ``body`` is already text


# ---- the CPU stage, in worker processes ----------------------------------------------------------------------
_WORKER_CHECKER: Checker | None = None
_WORKER_MODULES = ("checker.audit.runner",)  # imported once by the forkserver (a missing one is skipped)
_PIXEL_MODULES = ("numpy", "PIL.Image", "resvg_py")  # the logo extra, for runs that compare images


def _worker_context(pixels: bool) -> Any:
    """The multiprocessing context of the workers: a forkserver that has already imported the checker (they start
    in milliseconds and share those pages; only the first audit of a process sets its preload), else spawn. Not
    fork: the fetching threads may hold locks at the moment of a fork."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload([*_WORKER_MODULES, *(_PIXEL_MODULES if pixels else ())])
    return context


def _init_worker(
    settings: dict[str, Any], image_gates: SharedHostGates | None, main_pid: int, main_started: str | None
) -> None:
    global _WORKER_CHECKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    watch_parent(main_pid, main_started)  # and if it is killed outright, the worker ends too
    _WORKER_CHECKER = Checker(**settings, image_gates=image_gates)


def _check_in_worker(
    fetched: _Fetched,
    target: str,
    reporter: Reporter | None,
    original: str | None,
    rules: PageRules | None,
    original_text: OriginalText | None,
) -> Report:
    assert _WORKER_CHECKER is not None
    return _check_fetched(_WORKER_CHECKER, fetched, target, reporter, original, rules, original_text)


def _check_fetched(
    checker: Checker,
    fetched: _Fetched,
    target: str,
    reporter: Reporter | None,
    original: str | None,
    rules: PageRules | None,
    original_text: OriginalText | None,
    started: float | None = None,
) -> Report:
    """Check a fetched page's body, in this process or a worker's: the same call either way."""
    report = checker.check_html(
        fetched.body,
        fetched.url,
        target=target,
        http_status=fetched.status,
        reporter=reporter,
        original=original,
        charset=fetched.charset,
        severity=rules.severity if rules else None,
        disabled=rules.disabled if rules else None,
        started=started,
        original_text=original_text,
        fetch_stylesheets=True,
    )
    return replace(report, encoding=fetched.encoding) if fetched.encoding else report


class Auditor:
    """One audit: a :class:`~checker.engine.Checker` for the rules, :class:`AuditOptions` for the pace."""

    def __init__(self, checker: Checker, options: AuditOptions = AuditOptions()) -> None:
        self.checker = checker
        self.options = options
        self.processes = default_processes() if options.processes is None else options.processes
        if checker.render is not None:
            self.processes = 0  # --render checks in the fetching threads: the browser does the heavy work
        self.pixels = checker.wants_logo_pixels()  # pages' images are fetched and compared with references
        if self.pixels and options.processes is None:
            self.processes *= LOGO_AUDIT_PROCESSES_PER_CPU
        # Every request to a host counts against --per-host: the pages (fetched here) and what the checks fetch
        # for them (linked stylesheets; images, with reference logos), in this process or in the workers.
        self._context: Any = None
        self._gates: HostGates | SharedHostGates
        if not self.processes:
            self._gates = HostGates(options.per_host)
            checker.use_image_gates(self._gates)
        else:
            self._context = _worker_context(self.pixels)
            self._gates = SharedHostGates(options.per_host, self._context)
        user_agent = checker.user_agent or USER_AGENT
        self.robots = (
            RobotsCache(
                user_agent=checker.user_agent, user_agent_token=product_token(user_agent), timeout=checker.timeout
            )
            if options.robots
            else None
        )
        self._local = threading.local()
        self._pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._stop = threading.Event()
        self._scheduler: HostScheduler[_Task] | None = None
        self.budget = ByteBudget(options.page_budget)  # its accounting: bytes of pages held now, and at most

    # -----------------------------------------------------------------------------------------------------------
    def run(
        self,
        targets: Iterable[AuditTarget],
        on_report: Callable[[Report], None],
        on_idle: Callable[[], None] | None = None,
    ) -> None:
        """Check every target; call ``on_report`` (in this thread) with each report as it is ready, and
        ``on_idle`` a few times a second while waiting. A KeyboardInterrupt stops the run: reports already made
        are still delivered before it propagates."""
        scheduler: HostScheduler[_Task] = HostScheduler(per_host=self.options.per_host, delay=self.options.delay)
        self._scheduler = scheduler
        count = 0
        for target in targets:
            scheduler.put(host_of(target.url), _Task(target))
            count += 1
        if not count:
            return
        results: queue.Queue[Report] = queue.Queue(maxsize=max(4, self.options.jobs * 2))
        workers = [
            threading.Thread(target=self._work, args=(scheduler, results), name=f"repcheck-audit-{i}", daemon=True)
            for i in range(min(self.options.jobs, count))
        ]
        if self.processes:
            self._start_pool()
        for worker in workers:
            worker.start()
        delivered = 0
        try:
            while delivered < count:
                try:
                    report = results.get(timeout=0.25)
                except queue.Empty:
                    if on_idle is not None:
                        on_idle()
                    if not any(w.is_alive() for w in workers) and results.empty():
                        break  # every worker ended (they only end when the work is done or stopped)
                    continue
                delivered += 1
                on_report(report)
        except BaseException:
            self._stop.set()
            scheduler.close()
            while True:  # what is already checked is not lost
                try:
                    on_report(results.get_nowait())
                except queue.Empty:
                    break
            raise
        finally:
            self._stop.set()
            scheduler.close()
            self.budget.close()
            self._stop_pool()
            self.checker.close()  # --render's browser

    # -----------------------------------------------------------------------------------------------------------
    def _work(self, scheduler: HostScheduler[_Task], results: queue.Queue[Report]) -> None:
        while (taken := scheduler.take()) is not None:
            host, task = taken
            # The page's bytes count against the audit's budget from the fetch to its report (see budget.py).
            with self.budget.hold(self.checker.max_bytes) as hold:
                if self._stop.is_set():
                    return  # stopped while this page waited for room: not fetched now, for nothing
                retry_wait: float | None = None
                try:
                    outcome = self._fetch_stage(task)
                    if isinstance(outcome, float):
                        retry_wait = outcome
                except BaseException as exc:  # noqa: BLE001 - a worker never dies with a page in its hands
                    outcome = self._error(task, f"internal error while fetching: {type(exc).__name__}: {exc}")
                finally:
                    if retry_wait is not None:
                        task.attempt += 1
                        scheduler.release(host, retry=task, wait=retry_wait)
                    else:
                        scheduler.release(host)
                if retry_wait is not None:
                    continue
                try:
                    if isinstance(outcome, tuple):
                        hold.resize(len(outcome[0].body))  # what the page weighs, not what it might have
                        report = self._cpu_stage(task, *outcome)
                    else:
                        assert isinstance(outcome, Report)
                        report = outcome
                except BaseException as exc:  # noqa: BLE001
                    report = self._error(task, f"internal error while checking: {type(exc).__name__}: {exc}")
                del outcome  # its bytes are given back: not held while this thread waits for the next page
            if self._stop.is_set():
                return
            results.put(self.checker.redactor.report(report))  # its own error reports too
            scheduler.done()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _fetch_stage(self, task: _Task) -> Report | float | tuple[_Fetched, Reporter | None, float]:
        """robots.txt, then the page. Returns an error report, a delay before a retry, or the fetched page with
        the reporter it is checked against (None: detect it on the page) and when the fetch started."""
        target = task.target
        started = time.monotonic()
        session = self._session()
        if not _is_url(target.url):
            return self._read_saved(task, started)
        if self.robots is not None:
            robots = self.robots.get(target.url, session)
            if robots.crawl_delay and self._scheduler is not None:
                self._scheduler.set_delay(host_of(target.url), robots.crawl_delay)
            if robots.failure is not None and robots.failure.transient:
                return self._failed(task, robots.failure, started, robots.unreachable, about_page=False)
            if robots.unreachable is not None:
                return self._error(
                    task, f"not checked: {robots.unreachable} (--ignore-robots to check anyway)", started=started
                )
            if not robots.allows(target.url, self.robots.token):
                return self._error(
                    task, "not checked: robots.txt disallows it (--ignore-robots to check anyway)", started=started
                )
        checker = self.checker
        if checker.render is not None:  # --render: the browser loads it (this thread's tab), the checks run here
            return checker.check_url(target.url, **self._own(target))
        try:
            with self._gates.gate(urlsplit(target.url).netloc):
                fetched = fetch(
                    target.url,
                    timeout=checker.timeout,
                    max_bytes=checker.max_bytes,
                    user_agent=checker.user_agent,
                    session=session,
                    decode=False,
                )
        except FetchError as exc:
            return self._failed(task, exc, started)
        reporter = checker.reporter_for(target.reporter, target.original)
        return _Fetched(fetched.body, fetched.url, fetched.status, fetched.charset), reporter, started

    def _read_saved(self, task: _Task, started: float) -> Report | tuple[_Fetched, Reporter | None, float]:
        """A listed saved page (a path, not a URL), read as `repcheck check FILE` reads it."""
        target = task.target
        if "://" in target.url:
            scheme = target.url.split("://", 1)[0]
            return self._error(
                task, f"unsupported URL scheme '{scheme}' (use http, https or a file path)", started=started
            )
        if self.checker.render is not None:
            return self.checker.check_file(target.url, **self._own(target))
        try:
            text, encoding = read_file(target.url, max_bytes=self.checker.max_bytes)
        except FetchError as exc:
            return self._error(task, exc.reason, started=started)
        reporter = self.checker.reporter_for(target.reporter, target.original)
        return _Fetched(text, None, None, encoding=encoding), reporter, started

    def _own(self, target: AuditTarget) -> dict[str, Any]:
        """A row's own settings, as :meth:`Checker.check_url` takes them (``--render``)."""
        reporter = self.checker.reporter_for(target.reporter, target.original)
        return {"reporter": reporter, "original": target.original, "rules": self.checker.page_rules(target.url)}

    def _failed(
        self, task: _Task, exc: FetchError, started: float, reason: str | None = None, *, about_page: bool = True
    ) -> Report | float:
        """After a failed fetch (of the page, or of its site's robots.txt): the delay before trying again
        (transient trouble, retries left), else the error report, with how many attempts were made."""
        reason = reason or exc.reason
        page_exc = exc if about_page else None
        if exc.transient and task.attempt < self.options.retries and not self._stop.is_set():
            wait = exc.retry_after
            if wait is None:
                return min(self.options.backoff * (2**task.attempt) * random.uniform(0.75, 1.25), self.options.max_wait)
            if wait <= self.options.max_wait:
                return float(wait)
            return self._error(
                task,
                f"{reason} (the server asked to wait {wait:g} s, more than the {self.options.max_wait:g} s allowed)",
                page_exc,
                started=started,
            )
        if exc.transient and task.attempt:
            reason += f" (after {task.attempt + 1} attempts)"
        return self._error(task, reason, page_exc, started=started)

    def _cpu_stage(self, task: _Task, fetched: _Fetched, reporter: Reporter | None, started: float) -> Report:
        target = task.target
        original = target.original or self.checker.original
        rules = self.checker.page_rules(fetched.url or target.url)
        # Read here (once per run, cached with its byline), not again in each worker process.
        original_text = self.checker.original_text_for(original)
        if not self.processes:
            return _check_fetched(self.checker, fetched, target.url, reporter, original, rules, original_text, started)
        for attempt in range(2):
            pool = self._start_pool()
            try:
                report = pool.submit(
                    _check_in_worker, fetched, target.url, reporter, original, rules, original_text
                ).result()
                break
            except BrokenProcessPool:
                self._restart_pool(pool)
                if attempt:
                    return self._error(
                        task,
                        "the process checking this page died (out of memory, or a crash in the HTML parser)",
                        started=started,
                    )
        return replace(report, elapsed_ms=int((time.monotonic() - started) * 1000))

    def _error(
        self, task: _Task, reason: str, exc: FetchError | None = None, *, started: float | None = None
    ) -> Report:
        target = task.target
        return error_report(
            target.url,
            reason,
            self.checker.pack,
            url=(exc.final_url if exc and exc.final_url else target.url) if _is_url(target.url) else None,
            http_status=exc.status if exc else None,
            original=target.original or self.checker.original,
            started=started,
        )

    # -----------------------------------------------------------------------------------------------------------
    def _start_pool(self) -> ProcessPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                assert isinstance(self._gates, SharedHostGates)  # a pool means worker processes
                self._pool = ProcessPoolExecutor(
                    max_workers=self.processes,
                    initializer=_init_worker,
                    initargs=(self.checker.settings(), self._gates, os.getpid(), process_start(os.getpid())),
                    mp_context=self._context,
                )
            return self._pool

    def _restart_pool(self, broken: ProcessPoolExecutor) -> None:
        with self._pool_lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=True, cancel_futures=True)

    def _stop_pool(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            # Waiting costs at most the pages being checked right now; not waiting trips CPython at exit (the
            # executor's wake-up pipe is closed under its manager thread: "Bad file descriptor").
            pool.shutdown(wait=True, cancel_futures=True)
