"""Make the HTML report's screenshot for the documentation: ``python docs/gen/screenshot.py``.

It renders the report of the bundled ``fixtures/audit/sample-results.jsonl`` and photographs it in headless Chromium
(Debian's ``chromium``, driven by Playwright, as the browser tests do: see ``tests/browser.py``), the first page row
opened, into ``docs/assets/report.png``. Commit the PNG; the tests check it is there and small.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "fixtures" / "audit" / "sample-results.jsonl"
OUT = ROOT / "docs" / "assets" / "report.png"
WIDTH, HEIGHT = 1280, 1400  # a laptop's width; down to the first page rows and the evidence of the opened one


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else OUT
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import screenshot

    path = screenshot([str(RESULTS)], str(out), width=WIDTH, max_height=HEIGHT)
    print(f"{path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1:])
