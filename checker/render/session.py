"""One browser, many pages: load a page in headless Chromium, let its scripts run, scroll it, and read back the
document as each viewport shows it (see ``visibility.js``).

A :class:`Renderer` starts Playwright and the browser on its first page and keeps them for the run (a crashed
browser is started again for the next page); each page gets a fresh browser context, closed after it. Everything a
page may do — navigation, scripts, lazy loading, the read-back — fits in one deadline: the run's ``--timeout``. A
page that does not load or settle in time is a :class:`RenderError` with the reason, never a hang. A Renderer
may be used from any number of threads at once: each page is a tab in the one browser.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import mimetypes
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..defaults import VIEWPORTS as DEFAULT_VIEWPORTS
from ..fetch import USER_AGENT
from .browser import launch_args, require
from .photos import Photos, take_photos

#: The viewports every rendered page is judged in: (name, width, height).
VIEWPORTS = tuple((name, width, height) for name, (width, height) in DEFAULT_VIEWPORTS.items())
#: Where a file or standard input is served from inside the browser (requests to it never leave the process).
LOCAL_ORIGIN = "http://file.repcheck.invalid"
#: Resource types ``--render-block`` accepts (Playwright's), and ``third-party``: any host but the page's own.
BLOCKABLE = ("document", "stylesheet", "image", "media", "font", "script", "xhr", "fetch", "websocket", "other")
THIRD_PARTY = "third-party"
SCROLL_STEPS = 30  # screens scrolled at most, for lazy content...
SCROLL_BUDGET_MS = 1000  # ...in this long at most
SCROLL_PAUSE_MS = 20  # between two screens (a frame: what IntersectionObserver needs)
QUIET_MS = 120  # the page has settled when no resource arrived for this long...
SETTLE_CAP_MS = 800  # ...or after this long at most (and a quarter of both after the change of viewport)
CLOSE_GRACE = 10.0  # seconds past a page's deadline for the browser to give up on it and close its tab


def _script(name: str) -> str:
    return files(__package__ or "checker.render").joinpath(name).read_text(encoding="utf-8")


SCROLL_JS = _script("scroll.js")
VISIBILITY_JS = _script("visibility.js")
SHOTS_JS = _script("shots.js")
SHOT_TIMEOUT_MS = 2000  # for one element's screenshot at most


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
    shots: dict[str, bytes] = field(default_factory=dict)  # PNG screenshots of image boxes, by number (SHOT_MARK)
    tab: Any = field(default=None, compare=False, repr=False)  # the page, still open, when kept (Renderer.render)


@dataclass(frozen=True)
class RenderOptions:
    """How pages are rendered: which browser (None: found, see :mod:`checker.render.browser`) and which resource
    types are not loaded (``font``, ``media``, ``image``, ..., ``third-party``)."""

    browser: str | None = None
    block: frozenset[str] = field(default_factory=frozenset)
    screenshots: str | None = None  # --screenshots DIR: crops of what each passing rule rests on, failing pages whole


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
    """Renders pages in one browser, started on first use, from any number of threads at once: each call is a tab
    (its own browser context) in the browser, which runs on this renderer's own thread and event loop
    (Playwright's async API). So ``repcheck audit --jobs N`` has N tabs open at most, in one browser."""

    def __init__(self, options: RenderOptions, user_agent: str | None = None) -> None:
        self.options = options
        self.user_agent = user_agent or USER_AGENT
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._playwright: Any = None
        self._browser: Any = None
        self._starting: asyncio.Lock | None = None

    def _event_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="repcheck-render", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    async def _browser_now(self) -> Any:
        if self._starting is None:
            self._starting = asyncio.Lock()
        async with self._starting:
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            executable = require(self.options.browser)
            if self._playwright is None:
                from playwright.async_api import async_playwright

                self._playwright = await async_playwright().start()
            self._browser = await self._playwright.chromium.launch(executable_path=executable, args=launch_args())
            return self._browser

    def close(self) -> None:
        """Close the browser and stop the renderer's thread (a later page starts them again)."""
        with self._lock:
            loop, thread, self._loop, self._thread = self._loop, self._thread, None, None
        if loop is None or thread is None:
            return
        with contextlib.suppress(Exception):  # a browser already gone is closed
            asyncio.run_coroutine_threadsafe(self._shut(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        if not thread.is_alive():
            loop.close()

    async def _shut(self) -> None:
        browser, playwright, self._browser, self._playwright, self._starting = (
            self._browser,
            self._playwright,
            None,
            None,
            None,
        )
        for thing, stop in ((browser, "close"), (playwright, "stop")):
            if thing is not None:
                with contextlib.suppress(Exception):
                    await getattr(thing, stop)()

    def render(
        self, url: str | None, timeout: float, local: LocalDocument | None = None, shots: int = 0, keep: bool = False
    ) -> Rendered:
        """Load ``url`` (or ``local``), and read it back in every viewport, all within ``timeout`` seconds; with
        ``shots``, take screenshots of that many image boxes at most, as the first viewport shows them (for
        comparing logos by their pixels). ``keep``: leave the page open (``Rendered.tab``) for
        :meth:`photograph`, which closes it. Raises :class:`RenderError`."""
        future = asyncio.run_coroutine_threadsafe(self._render(url, timeout, local, shots, keep), self._event_loop())
        try:
            return future.result(timeout=timeout + CLOSE_GRACE)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise RenderError(f"the page did not load and settle within {timeout:g} s (--timeout)", url) from None

    def photograph(self, rendered: Rendered, elements: Sequence[str], whole: bool, timeout: float) -> Photos:
        """Screenshots of a kept page (``render(keep=True)``) at the first viewport: of the first element each CSS
        path of ``elements`` finds, and with ``whole`` of the whole page, within ``timeout`` seconds; then the page
        is closed. What cannot be taken in time (an element gone, or not drawn) is left out."""
        if rendered.tab is None:
            return Photos()
        future = asyncio.run_coroutine_threadsafe(
            take_photos(rendered.tab, elements, whole, time.monotonic() + timeout), self._event_loop()
        )
        try:
            return future.result(timeout=timeout + CLOSE_GRACE)
        except (concurrent.futures.TimeoutError, RuntimeError):
            future.cancel()
            return Photos()

    async def _render(
        self, url: str | None, timeout: float, local: LocalDocument | None, shots: int, keep: bool = False
    ) -> Rendered:
        from playwright.async_api import Error as PlaywrightError

        deadline = time.monotonic() + timeout
        address = local.url if local else str(url)
        try:
            browser = await self._browser_now()
        except PlaywrightError as exc:
            raise RenderError(f"the browser could not start: {_first_line(exc)}", address) from None
        name, width, height = VIEWPORTS[0]
        try:
            context = await browser.new_context(
                viewport={"width": width, "height": height}, user_agent=self.user_agent, service_workers="block"
            )
        except PlaywrightError as exc:  # the browser crashed: the next page starts another
            raise RenderError(f"the browser could not open a page: {_first_line(exc)}", address) from None
        kept = False
        try:
            rendered = await self._read(context, address, local, deadline, shots)
            if keep:
                rendered, kept = replace(rendered, tab=context), True
            return rendered
        except PlaywrightError as exc:
            if "Timeout" in type(exc).__name__ or "Timeout " in str(exc):
                raise RenderError(
                    f"the page did not load and settle within {timeout:g} s (--timeout)", address
                ) from None
            raise RenderError(f"the browser could not load the page: {_first_line(exc)}", address) from None
        finally:
            if not kept:
                with contextlib.suppress(PlaywrightError):
                    await context.close()

    async def _read(
        self, context: Any, address: str, local: LocalDocument | None, deadline: float, shots: int
    ) -> Rendered:
        if local is not None or self.options.block:
            await context.route("**/*", _Router(local, self.options.block, urlsplit(address).netloc))
        page = await context.new_page()
        response = await page.goto(address, wait_until="load", timeout=_ms_left(deadline))
        status = response.status if response is not None else None
        final = page.url
        if response is not None and status is not None and status >= 400:
            raise RenderError(f"HTTP {status} {response.status_text}".rstrip(), final, status)
        kind = (response.headers.get("content-type", "") if response is not None else "").split(";")[0].strip()
        if kind and kind not in ("text/html", "application/xhtml+xml"):
            raise RenderError(f"not an HTML page (Content-Type: {kind})", final, status)
        arg = {
            "steps": SCROLL_STEPS,
            "budget": SCROLL_BUDGET_MS,
            "pause": SCROLL_PAUSE_MS,
            "quiet": QUIET_MS,
            "cap": SETTLE_CAP_MS,
        }
        await page.wait_for_function(SCROLL_JS, arg=arg, timeout=_ms_left(deadline))
        taken = await _screenshots(page, shots, deadline) if shots else {}
        views = []
        for index, (name, width, height) in enumerate(VIEWPORTS):
            if index:
                await page.set_viewport_size({"width": width, "height": height})
                settle = {**arg, "steps": 0, "quiet": QUIET_MS // 4, "cap": SETTLE_CAP_MS // 4}
                await page.wait_for_function(SCROLL_JS, arg=settle, timeout=_ms_left(deadline))
            label = f"{name} ({width}×{height})"
            handle = await page.wait_for_function(VISIBILITY_JS, arg=label, timeout=_ms_left(deadline))
            read = await handle.json_value()
            views.append(View(name, width, height, read["html"], read.get("charset")))
        return Rendered(final, status, tuple(views), taken)


async def _screenshots(page: Any, limit: int, deadline: float) -> dict[str, bytes]:
    """Mark the page's images (shots.js) and take a screenshot of each one's box; one that cannot be taken in
    time (moved, detached, off the page) is left out: its image is then fetched by its URL, if it has one."""
    from playwright.async_api import Error as PlaywrightError

    from ..page.chrome import BACKGROUND_MARK, SHOT_MARK, SHOT_TOKEN

    arg = {"mark": SHOT_MARK, "background": BACKGROUND_MARK, "token": SHOT_TOKEN, "limit": limit}
    count = await page.evaluate(SHOTS_JS, arg)
    taken: dict[str, bytes] = {}
    for number in range(int(count)):
        left = _ms_left(deadline) - 1000  # the read-back still needs its time
        if left <= 0:
            break
        element = page.locator(f'[{SHOT_MARK}="{SHOT_TOKEN}:{number}"]').first
        with contextlib.suppress(PlaywrightError):
            taken[str(number)] = await element.screenshot(
                type="png", timeout=min(SHOT_TIMEOUT_MS, left), animations="disabled"
            )
    return taken


class _Router:
    """Answers the browser's requests: a local document's files from its folder (nothing outside it), and
    ``--render-block``'s resource types (and third-party hosts) refused."""

    def __init__(self, local: LocalDocument | None, block: frozenset[str], host: str) -> None:
        self.local = local
        self.block = block
        self.host = host

    async def __call__(self, route: Any) -> None:
        request = route.request
        parts = urlsplit(request.url)
        if request.resource_type in self.block or (
            THIRD_PARTY in self.block and parts.netloc != self.host and parts.scheme in ("http", "https")
        ):
            await route.abort("blockedbyclient")
            return
        if self.local is not None and request.url.startswith(LOCAL_ORIGIN + "/"):
            name = unquote(parts.path.lstrip("/"))
            if name == self.local.name:  # the page itself: HTML, and UTF-8 when it reads as UTF-8 (as a file does)
                await route.fulfill(status=200, body=self.local.body, content_type=_local_type(self.local.body))
                return
            body = self._local_file(name)
            if body is None:
                await route.fulfill(status=404, body=b"not found")
            else:
                kind = mimetypes.guess_type(parts.path)[0] or "application/octet-stream"
                await route.fulfill(status=200, body=body, content_type=kind)
            return
        await route.fallback()

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
