"""One browser, many pages: load a page in headless Chromium, let its scripts run, scroll it, and read back the
document as each viewport shows it (see ``visibility.js``).

A :class:`Renderer` starts Playwright and the browser on its first page and keeps them for the run (a crashed
browser is started again for the next page); each page gets a fresh browser context, closed after it. Everything a
page may do — navigation, scripts, lazy loading, the read-back — fits in one deadline: the run's ``--timeout``. A
page that does not load or settle in time is a :class:`RenderError` with the reason, never a hang. A Renderer
belongs to the thread that made it (Playwright's sync API).
"""

from __future__ import annotations

import contextlib
import mimetypes
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..fetch import USER_AGENT
from .browser import launch_args, require

#: The viewports every rendered page is judged in: (name, width, height).
VIEWPORTS = (("desktop", 1280, 900), ("phone", 390, 844))
#: Where a file or standard input is served from inside the browser (requests to it never leave the process).
LOCAL_ORIGIN = "http://file.repcheck.invalid"
#: Resource types ``--render-block`` accepts (Playwright's), and ``third-party``: any host but the page's own.
BLOCKABLE = ("document", "stylesheet", "image", "media", "font", "script", "xhr", "fetch", "websocket", "other")
THIRD_PARTY = "third-party"
SCROLL_STEPS = 30  # screens scrolled at most, for lazy content
SCROLL_PAUSE_MS = 60  # between two screens
QUIET_MS = 250  # the page has settled when no resource arrived for this long...
SETTLE_CAP_MS = 1500  # ...or after this long at most


def _script(name: str) -> str:
    return files(__package__ or "checker.render").joinpath(name).read_text(encoding="utf-8")


SCROLL_JS = _script("scroll.js")
VISIBILITY_JS = _script("visibility.js")


class RenderError(Exception):
    """A page the browser could not load or read back in time; ``reason`` is one line."""

    def __init__(self, reason: str, url: str | None = None, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.url = url
        self.status = status


@dataclass(frozen=True)
class View:
    """The document as one viewport shows it, hidden elements marked."""

    name: str
    width: int
    height: int
    html: str
    charset: str | None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.width}×{self.height})"


@dataclass(frozen=True)
class Rendered:
    """A page as the browser showed it: the final URL, the HTTP status, one :class:`View` per viewport."""

    url: str
    status: int | None
    views: tuple[View, ...]


@dataclass(frozen=True)
class RenderOptions:
    """How pages are rendered: which browser (None: found, see :mod:`checker.render.browser`) and which resource
    types are not loaded (``font``, ``media``, ``image``, ..., ``third-party``)."""

    browser: str | None = None
    block: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class LocalDocument:
    """A file or standard input, served to the browser at :data:`LOCAL_ORIGIN`: ``body`` as ``name``, and other
    files of ``folder`` (a saved page's images, scripts and JSON) beside it."""

    body: bytes
    name: str
    folder: Path | None

    @property
    def url(self) -> str:
        return f"{LOCAL_ORIGIN}/{self.name}"


class Renderer:
    """Renders pages in one browser, started on first use. Not thread-safe: one per thread."""

    def __init__(self, options: RenderOptions, user_agent: str | None = None) -> None:
        self.options = options
        self.user_agent = user_agent or USER_AGENT
        self._playwright: Any = None
        self._browser: Any = None

    def browser(self) -> Any:
        if self._browser is not None and self._browser.is_connected():
            return self._browser
        executable = require(self.options.browser)
        from playwright.sync_api import sync_playwright

        if self._playwright is None:
            self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=executable, args=launch_args())
        return self._browser

    def close(self) -> None:
        for thing, stop in ((self._browser, "close"), (self._playwright, "stop")):
            if thing is not None:
                with contextlib.suppress(Exception):  # a browser already gone is closed
                    getattr(thing, stop)()
        self._browser = self._playwright = None

    def render(self, url: str | None, timeout: float, local: LocalDocument | None = None) -> Rendered:
        """Load ``url`` (or ``local``), and read it back in every viewport, all within ``timeout`` seconds."""
        from playwright.sync_api import Error as PlaywrightError

        deadline = time.monotonic() + timeout
        address = local.url if local else str(url)
        try:
            browser = self.browser()
        except PlaywrightError as exc:
            raise RenderError(f"the browser could not start: {_first_line(exc)}", address) from None
        name, width, height = VIEWPORTS[0]
        context = browser.new_context(
            viewport={"width": width, "height": height}, user_agent=self.user_agent, service_workers="block"
        )
        try:
            return self._read(context, address, local, deadline)
        except PlaywrightError as exc:
            if "Timeout" in type(exc).__name__ or "Timeout " in str(exc):
                raise RenderError(
                    f"the page did not load and settle within {timeout:g} s (--timeout)", address
                ) from None
            raise RenderError(f"the browser could not load the page: {_first_line(exc)}", address) from None
        finally:
            with contextlib.suppress(PlaywrightError):
                context.close()

    def _read(
        self, context: Any, address: str, local: LocalDocument | None, deadline: float, timeout: float
    ) -> Rendered:
        if local is not None or self.options.block:
            context.route("**/*", _Router(local, self.options.block, urlsplit(address).netloc))
        page = context.new_page()
        response = page.goto(address, wait_until="load", timeout=_ms_left(deadline))
        status = response.status if response is not None else None
        final = page.url
        if status is not None and status >= 400:
            raise RenderError(f"HTTP {status} {response.status_text}".rstrip(), final, status)
        kind = (response.headers.get("content-type", "") if response is not None else "").split(";")[0].strip()
        if kind and kind not in ("text/html", "application/xhtml+xml"):
            raise RenderError(f"not an HTML page (Content-Type: {kind})", final, status)
        arg = {"steps": SCROLL_STEPS, "pause": SCROLL_PAUSE_MS, "quiet": QUIET_MS, "cap": SETTLE_CAP_MS}
        page.wait_for_function(SCROLL_JS, arg=arg, timeout=_ms_left(deadline))
        views = []
        for index, (name, width, height) in enumerate(VIEWPORTS):
            if index:
                page.set_viewport_size({"width": width, "height": height})
                settle = {**arg, "steps": 0}
                page.wait_for_function(SCROLL_JS, arg=settle, timeout=_ms_left(deadline))
            label = f"{name} ({width}×{height})"
            read = page.wait_for_function(VISIBILITY_JS, arg=label, timeout=_ms_left(deadline)).json_value()
            views.append(View(name, width, height, read["html"], read.get("charset")))
        return Rendered(final, status, tuple(views))


class _Router:
    """Answers the browser's requests: a local document's files from its folder (nothing outside it), and
    ``--render-block``'s resource types (and third-party hosts) refused."""

    def __init__(self, local: LocalDocument | None, block: frozenset[str], host: str) -> None:
        self.local = local
        self.block = block
        self.host = host

    def __call__(self, route: Any) -> None:
        request = route.request
        parts = urlsplit(request.url)
        if request.resource_type in self.block or (
            THIRD_PARTY in self.block and parts.netloc != self.host and parts.scheme in ("http", "https")
        ):
            route.abort("blockedbyclient")
            return
        if self.local is not None and request.url.startswith(LOCAL_ORIGIN + "/"):
            name = unquote(parts.path.lstrip("/"))
            if name == self.local.name:  # the page itself: HTML, and UTF-8 when it reads as UTF-8 (as a file does)
                route.fulfill(status=200, body=self.local.body, content_type=_local_type(self.local.body))
                return
            body = self._local_file(name)
            if body is None:
                route.fulfill(status=404, body=b"not found")
            else:
                kind = mimetypes.guess_type(parts.path)[0] or "application/octet-stream"
                route.fulfill(status=200, body=body, content_type=kind)
            return
        route.fallback()

    def _local_file(self, name: str) -> bytes | None:
        if self.local is None or self.local.folder is None:
            return None
        folder = self.local.folder.resolve()
        path = (folder / name).resolve()
        if folder not in path.parents or not path.is_file():
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None


def _local_type(body: bytes) -> str:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "text/html"
    return "text/html; charset=utf-8"


def _ms_left(deadline: float) -> float:
    """Milliseconds to the deadline, at least 1 (Playwright reads 0 as no timeout at all)."""
    return max(1.0, (deadline - time.monotonic()) * 1000)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__
