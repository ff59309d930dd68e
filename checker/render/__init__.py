"""``--render``: pages judged as headless Chromium shows them, through Playwright, in a desktop and a phone
viewport; the same page model and checks as the static check (see :mod:`checker.render.check`)."""

from __future__ import annotations

from .browser import RenderUnavailable, find_browser, require
from .session import BLOCKABLE, THIRD_PARTY, VIEWPORTS, Renderer, RenderError, RenderOptions

__all__ = [
    "BLOCKABLE",
    "THIRD_PARTY",
    "VIEWPORTS",
    "RenderError",
    "RenderOptions",
    "RenderUnavailable",
    "Renderer",
    "find_browser",
    "require",
]
