"""``--screenshots DIR``: pictures of what a rendered page's verdicts rest on.

People would rather look than read. With ``--render --screenshots DIR``, each page gets a folder in ``DIR`` (named
after its address, :func:`page_folder`) holding a PNG crop of the element each passing rule rests on (the logo,
the byline, the credit line: ``logo.png``, ``byline.png``...) and, when the page fails, ``page.png``, the whole page
as the desktop viewport shows it (at most :data:`WHOLE_PAGE_MAX_HEIGHT` px tall). The crops are taken in the same
browser tab the page was judged in, once the checks have run, at the desktop viewport; the rule's JSON evidence
names the file (``screenshot``) and the element's box on the page (``box``: x, y, width, height in CSS px), and
the HTML report shows the pictures beside the rules.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..defaults import VIEWPORTS

WHOLE_PAGE_MAX_HEIGHT = 8000  # px: a failing page's picture stops there (a long page makes a PNG of megabytes)
PHOTO_TIMEOUT_MS = 2000  # for one element's picture at most
WHOLE_PAGE = "page.png"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_BOX_JS = """(el) => {
  const r = el.getBoundingClientRect();
  const s = document.scrollingElement || document.documentElement;
  return [r.left + s.scrollLeft, r.top + s.scrollTop, r.width, r.height].map(Math.round);
}"""


@dataclass(frozen=True)
class Photo:
    """One element's picture and its box on the page (x, y, width, height, CSS px, desktop viewport)."""

    png: bytes
    box: tuple[int, int, int, int]


@dataclass
class Photos:
    """What :func:`take_photos` could take: pictures by the CSS path asked for, and the whole page."""

    elements: dict[str, Photo] = field(default_factory=dict)
    whole: bytes | None = None


def page_folder(target: str) -> str:
    """The folder name of a page's pictures: its host and path made safe for any file system, and a short hash
    of the whole target, so that two pages never share one."""
    parts = urlsplit(target)
    readable = _UNSAFE.sub("-", f"{parts.netloc}{parts.path}" if parts.netloc else Path(target).name).strip("-.")
    digest = hashlib.sha256(target.encode("utf-8", "replace")).hexdigest()[:10]
    return f"{readable[:80] or 'page'}-{digest}"


def photo_name(rule_id: str) -> str:
    """The file name of the picture a rule's verdict rests on."""
    return f"{_UNSAFE.sub('-', rule_id).strip('-.') or 'rule'}.png"


async def take_photos(context: Any, elements: Sequence[str], whole: bool, deadline: float) -> Photos:
    """Pictures from the one page of browser ``context`` (which is closed after): of the first element each CSS
    path of ``elements`` finds, and with ``whole`` of the page, until ``deadline`` (``time.monotonic()``)."""
    from playwright.async_api import Error as PlaywrightError

    photos = Photos()
    try:
        if not context.pages:
            return photos
        page = context.pages[0]
        width, height = next(iter(VIEWPORTS.values()))
        with contextlib.suppress(PlaywrightError):
            await page.set_viewport_size({"width": width, "height": height})
        for path in dict.fromkeys(elements):
            left = _ms_left(deadline)
            if left <= 1:
                break
            with contextlib.suppress(PlaywrightError):
                locator = page.locator(f"css={path}").first
                png = await locator.screenshot(
                    type="png", timeout=min(PHOTO_TIMEOUT_MS, left), animations="disabled", caret="initial"
                )
                box = await locator.evaluate(_BOX_JS, timeout=min(PHOTO_TIMEOUT_MS, _ms_left(deadline)))
                photos.elements[path] = Photo(png, (int(box[0]), int(box[1]), int(box[2]), int(box[3])))
        if whole and _ms_left(deadline) > 1:
            with contextlib.suppress(PlaywrightError):
                tall = await page.evaluate("() => (document.scrollingElement || document.documentElement).scrollHeight")
                photos.whole = await page.screenshot(
                    type="png",
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": max(1, min(int(tall), WHOLE_PAGE_MAX_HEIGHT))},
                    timeout=_ms_left(deadline),
                    animations="disabled",
                )
    finally:
        with contextlib.suppress(PlaywrightError):
            await context.close()
    return photos


def _ms_left(deadline: float) -> float:
    return max(0.0, (deadline - time.monotonic()) * 1000)
