"""Headless Chromium for the HTML report's tests and the documentation's screenshot.

Chromium is Debian's ``chromium`` package (``.ci/run`` installs it), found as ``$REPCHECK_CHROMIUM``,
``/usr/bin/chromium``, or ``chromium`` / ``chromium-browser`` on the PATH. It is driven with Playwright for Python
(``pip install playwright``; ``playwright install`` is not needed, and not wanted: the system's Chromium is used).

In tests::

    from browser import chromium_page
    with chromium_page() as page:      # skips the test, with the reason, when no Chromium or no Playwright
        page.goto(path.as_uri())

Set ``REPCHECK_REQUIRE_BROWSER=1`` (CI does) to fail those tests instead of skipping them.

From the command line (``docs/gen/screenshot.py`` makes the documentation's with it)::

    python tests/browser.py screenshot fixtures/audit/sample-results.jsonl report.png
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")


def find_chromium() -> str | None:
    """The Chromium to use: ``$REPCHECK_CHROMIUM`` when set, else Debian's, else one on the PATH."""
    configured = os.environ.get("REPCHECK_CHROMIUM")
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    for name in CANDIDATES:
        found = name if os.path.isabs(name) and os.access(name, os.X_OK) else shutil.which(name)
        if found:
            return found
    return None


def have_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if find_chromium() is None:
        if os.environ.get("REPCHECK_CHROMIUM"):
            return f"REPCHECK_CHROMIUM={os.environ['REPCHECK_CHROMIUM']} is not an executable file"
        return "no Chromium installed (apt-get install chromium, or set REPCHECK_CHROMIUM)"
    if not have_playwright():
        return "Playwright for Python is missing (pip install playwright; no `playwright install` needed)"
    return None


def _launch_args() -> list[str]:
    args = ["--disable-gpu", "--no-first-run", "--no-default-browser-check"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run its sandbox as root
    return args


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched Playwright ``Browser`` on the system's Chromium. Skips the calling test when unavailable, or
    fails it when ``$REPCHECK_REQUIRE_BROWSER`` is ``1`` (as CI sets it, so that the browser tests cannot go
    missing unseen)."""
    reason = unavailable()
    if reason is not None:
        import pytest

        if os.environ.get("REPCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"REPCHECK_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=_launch_args())
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def chromium_page(width: int = 1280, height: int = 900, scale: float = 1) -> Iterator[Any]:
    """A fresh page (its own context) of :func:`chromium`, of that viewport."""
    with chromium() as browser:
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
        try:
            yield context.new_page()
        finally:
            context.close()


def render(results: list[str], out_html: str | os.PathLike[str]) -> Path:
    """Write the HTML report of ``results`` (JSON Lines files) to ``out_html``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from checker.formats.html import build_report

    document, _ = build_report(results)
    path = Path(out_html)
    path.write_text(document, encoding="utf-8")
    return path


def screenshot(
    results: list[str], out_png: str, *, width: int = 1280, max_height: int = 1700, expand: bool = True
) -> Path:
    """A full-page screenshot of the report of ``results``, ``width`` pixels wide and at most ``max_height`` high,
    saved as ``out_png``, the first page row opened (``expand``). With Playwright when it is there, else with
    ``chromium --headless --screenshot``."""
    with tempfile.TemporaryDirectory() as tmp:
        page_path = render(results, Path(tmp) / "report.html")
        if have_playwright():
            from playwright.sync_api import sync_playwright

            chrome = find_chromium()
            if chrome is None:
                raise SystemExit(unavailable())
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chrome, args=_launch_args())
                page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
                page.goto(page_path.as_uri())
                page.wait_for_selector("#pages tbody tr")
                if expand:  # show what a row opens on: the rules' messages and evidence
                    page.click("#pages tbody tr.page-row .toggle")
                height = min(max_height, page.evaluate("document.documentElement.scrollHeight"))
                page.screenshot(path=out_png, clip={"x": 0, "y": 0, "width": width, "height": height}, full_page=True)
                browser.close()
        else:
            chrome = find_chromium()
            if chrome is None:
                raise SystemExit(unavailable())
            subprocess.run(
                [
                    chrome,
                    "--headless",
                    *_launch_args(),
                    "--hide-scrollbars",
                    f"--window-size={width},{max_height}",
                    f"--screenshot={os.path.abspath(out_png)}",
                    page_path.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
    return Path(out_png)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    shot = commands.add_parser("screenshot", help="Render the report of RESULTS and save a screenshot of it.")
    shot.add_argument("results", nargs="+", metavar="RESULTS.jsonl")
    shot.add_argument("out", metavar="OUT.png")
    shot.add_argument("--width", type=int, default=1280)
    shot.add_argument("--max-height", type=int, default=1700)
    html = commands.add_parser("html", help="Render the report of RESULTS to OUT.html.")
    html.add_argument("results", nargs="+", metavar="RESULTS.jsonl")
    html.add_argument("out", metavar="OUT.html")
    args = parser.parse_args(argv)
    if args.command == "screenshot":
        path = screenshot(args.results, args.out, width=args.width, max_height=args.max_height)
    else:
        path = render(args.results, args.out)
    print(f"{path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
