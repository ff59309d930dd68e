"""What the audit tests share: the fixture pages, served, and `repcheck audit` run in-process."""

from __future__ import annotations

import json
import tomllib
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from server import LoopbackServer

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
MANIFEST: list[dict[str, Any]] = tomllib.loads((FIXTURES / "manifest.toml").read_text(encoding="utf-8"))["page"]
PASSING = FIXTURES / "wordpress" / "compliant-classic.html"


def fixture_page(name: str = "wordpress/compliant-house-author-body-byline.html") -> bytes:
    return (FIXTURES / name).read_bytes()


def run_audit(
    args: list[str], tmp_path: Path, urls: list[str] | None = None, *, processes: int = 0, stdin: str | None = None
) -> tuple[int, list[dict[str, Any]], str]:
    """Run `repcheck audit` in-process; return the exit code, the JSON reports written, and stderr."""
    out = tmp_path / "out.jsonl"
    extra: list[str] = []
    if urls is not None:
        listing = tmp_path / "urls.txt"
        listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
        extra.append(str(listing))
    result = CliRunner().invoke(
        main,
        ["audit", *extra, *args, "-o", str(out), "--processes", str(processes), "--timeout", "5"],
        input=stdin,
        catch_exceptions=False,
    )
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    return result.exit_code, [json.loads(line) for line in lines], result.stderr


def send_page(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    """Answer a request with ``body`` as a UTF-8 HTML page (from a handler that holds the page first)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def serve_fixtures(srv: LoopbackServer) -> list[dict[str, Any]]:
    """Every DCNF fixture page, served (the pages of other packs are checked with their own pack elsewhere)."""
    rows = []
    for entry in MANIFEST:
        if entry.get("pack", "dcnf") != "dcnf":
            continue
        url = srv.add("/" + entry["file"], fixture_page(entry["file"]))
        rows.append({**entry, "url": url})
    return rows
