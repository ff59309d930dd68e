"""Does repcheck decode an undeclared page with the encoding Chromium uses? Every real-world page with no charset.

For each page of the corpus that declares no encoding (no byte order mark, no ``<meta charset>`` or XML
declaration that repcheck's prescan finds), serves its bytes over loopback HTTP as ``Content-Type: text/html``
(no charset), asks headless Chromium for ``document.characterSet`` and compares it with the encoding repcheck
chooses for the same bytes fetched the same way. Prints the counts and every disagreement; exits 1 on any,
2 when Chromium or Playwright is missing.

    python benchmarks/encodings.py --corpus ../shared/realworld

One Chromium, one page, JavaScript and images off; requests to anywhere but the loopback server are answered
"204 No Content" at once, so a page's styles cost nothing and its redirects go nowhere (a script could send the
window elsewhere before it is asked, hence no JavaScript). Chromium is ``$REPCHECK_CHROMIUM``, else ``chromium``
on the PATH.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import os
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from checker.encoding import choose_encoding, declared_encoding

# No host but the loopback server resolves (nothing leaves the machine, whatever the router misses), and images
# are not even asked for.
_OFFLINE = ("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--blink-settings=imagesEnabled=false")


class _Pages(http.server.BaseHTTPRequestHandler):
    """Serves ``/N`` as the Nth body, ``Content-Type: text/html`` and nothing more."""

    bodies: list[bytes] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        try:
            body = self.bodies[int(self.path.strip("/"))]
        except (ValueError, IndexError):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
        pass


@contextmanager
def serving(bodies: list[bytes]) -> Iterator[str]:
    """A loopback HTTP server for ``bodies``; yields its base URL."""
    handler = type("Pages", (_Pages,), {"bodies": bodies})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.handle_error = lambda request, address: None  # type: ignore[method-assign]  # Chromium hung up early
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str | None:
    configured = os.environ.get("REPCHECK_CHROMIUM")
    return configured if configured else shutil.which("chromium") or shutil.which("chromium-browser")


def undeclared_pages(corpus: Path) -> tuple[int, list[tuple[str, bytes]]]:
    """How many pages the corpus has, and those that declare no encoding, as (name, bytes)."""
    names = sorted(p for p in corpus.rglob("*") if p.name.endswith((".html", ".htm", ".html.gz")) and p.is_file())
    pages = []
    for path in names:
        body = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
        if declared_encoding(body) is None:
            pages.append((str(path.relative_to(corpus)), body))
    return len(names), pages


def nothing(route: Any) -> None:
    """Answer "204 No Content" to a request for anything but a corpus page: a ``<meta http-equiv=refresh>`` then
    leaves the page where it is (a 204 navigation does not replace the document)."""
    route.fulfill(status=204, body="")


def character_set(page: Any, url: str) -> str:
    """``document.characterSet`` of ``url`` loaded in ``page``; if the load is cut short (a meta refresh while
    it loads), that of the document as it stands; "none (REASON)" when there is none to ask."""
    from playwright.sync_api import Error

    with suppress(Error):
        page.goto(url, wait_until="domcontentloaded")
    try:
        return str(page.evaluate("document.characterSet")) if page.url == url else f"none (left for {page.url})"
    except Error as exc:
        return f"none ({str(exc).splitlines()[0]})"


def character_sets(base: str, count: int, chromium: str) -> list[str]:
    """``document.characterSet`` of pages ``/0`` .. ``/count-1`` of ``base``, in one headless Chromium."""
    from playwright.sync_api import sync_playwright

    args = ["--disable-gpu", "--no-first-run", "--no-default-browser-check", *_OFFLINE]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run its sandbox as root
    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=args)
        try:
            page = browser.new_page(java_script_enabled=False)
            page.route(lambda url: not url.startswith(base), nothing)
            for i in range(count):
                found.append(character_set(page, f"{base}{i}"))
        finally:
            browser.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of pages (.html, .htm, .html.gz)")
    args = parser.parse_args(argv)
    chromium = chromium_path()
    if chromium is None:
        print("no Chromium (apt-get install chromium, or set REPCHECK_CHROMIUM)", file=sys.stderr)
        return 2
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print("Playwright for Python is missing (pip install '.[test]')", file=sys.stderr)
        return 2
    started = time.monotonic()
    total, pages = undeclared_pages(args.corpus)
    bodies = [body for _, body in pages]
    with serving(bodies) as base:
        browser_says = character_sets(base, len(bodies), chromium)
    ours = [choose_encoding(body)[0] for body in bodies]
    disagree = [(name, b, o) for (name, _), b, o in zip(pages, browser_says, ours, strict=True) if b != o]
    print(
        f"{total} pages, {len(pages)} declare no encoding; repcheck agrees with Chromium on "
        f"{len(pages) - len(disagree)} of {len(pages)} ({time.monotonic() - started:.0f} s)"
    )
    for name, browser_said, we_chose in disagree:
        print(f"  {name}: Chromium {browser_said}, repcheck {we_chose}")
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
