"""Which Chromium renders pages, and whether Playwright is there to drive it.

The browser is the system's Chromium (Debian's ``chromium`` package): ``--browser PATH``, else
``$REPCHECK_BROWSER``, else ``chromium`` / ``chromium-browser`` on the PATH. Playwright's own browser download is
never used. Without either, :func:`require` raises a :class:`RenderUnavailable` (exit code 2) that says how to
install what is missing.
"""

from __future__ import annotations

import os
import shutil

from ..errors import UsageProblem

BROWSER_ENV = "REPCHECK_BROWSER"
BROWSER_NAMES = ("chromium", "chromium-browser")
INSTALL_BROWSER = "install Chromium (apt-get install chromium) or name one with --browser PATH / $REPCHECK_BROWSER"
INSTALL_PLAYWRIGHT = "pip install 'repcheck[render]' (Playwright for Python; no `playwright install` needed)"


class RenderUnavailable(UsageProblem):
    """``--render`` was asked for, but there is no browser or no Playwright to drive it."""


def find_browser(given: str | None = None) -> str:
    """The Chromium executable to use: ``given``, else ``$REPCHECK_BROWSER``, else one on the PATH."""
    named = given or os.environ.get(BROWSER_ENV)
    if named:
        found = named if os.path.isfile(named) and os.access(named, os.X_OK) else shutil.which(named)
        if not found:
            source = "--browser" if given else f"${BROWSER_ENV}"
            raise RenderUnavailable(f"--render: {source} {named} is not an executable browser ({INSTALL_BROWSER})")
        return found
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise RenderUnavailable(f"--render needs Chromium, and none is on the PATH: {INSTALL_BROWSER}")


def require(given: str | None = None) -> str:
    """The browser to use, after making sure Playwright can drive it; else :class:`RenderUnavailable`."""
    browser = find_browser(given)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise RenderUnavailable(f"--render needs Playwright for Python: {INSTALL_PLAYWRIGHT}") from None
    return browser


def launch_args() -> list[str]:
    """Chromium's command-line switches for a headless checker."""
    args = [
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--mute-audio",
        "--disable-dev-shm-usage",  # /dev/shm is small in containers; tabs crash when it fills
        # one renderer process per tab, not one per site and frame: the memory of an audit's --jobs tabs stays
        # bounded (repcheck loads pages to read them, never to log into them: site isolation buys it nothing)
        "--disable-features=IsolateOrigins,site-per-process",
        "--renderer-process-limit=8",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run its sandbox as root
    return args
