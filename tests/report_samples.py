"""Sample results for the HTML report's tests: the fixture results file, reports built from it, hostile pages,
and synthetic audits of any size."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from checker.formats.html import (
    HtmlFormatter,
)
from checker.report import Evidence, Report, RuleResult, Severity, Status
from checker.summary import Summary

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "audit" / "sample-results.jsonl"
WHEN = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)

EVIL_TITLE = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
EVIL_SNIPPET = '<img src=x onerror="window.__pwned=2"></script><script>window.__pwned=1</script>\u2028<!--'


# ------------------------------------------------------------------------------------------------ helpers


def lines(path: Path = SAMPLE) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n") if line.strip()]  # not splitlines(): U+2028 in a string


def to_report(data: dict[str, Any]) -> Report:
    """A Report from a line of a results file (the inverse of Report.to_dict)."""
    rules = tuple(
        RuleResult(
            r["id"],
            Status(r["status"]),
            Severity(r["severity"]),
            r["title"],
            r["message"],
            Evidence(
                r["evidence"]["where"],
                r["evidence"]["snippet"],
                r["evidence"]["looked_for"],
                tuple(r["evidence"]["also"]),
            )
            if r["evidence"]
            else None,
            r["baselined"],
        )
        for r in data["rules"]
    )
    return Report(
        data["target"],
        data["url"],
        data["http_status"],
        Status(data["status"]),
        data["error"],
        data["ruleset"],
        data["reporter"],
        data["reporter_source"],
        rules,
        data["original"],
        data["title"],
        data["elapsed_ms"],
        data.get("checked_at"),
    )


def evil_line(base: dict[str, Any]) -> dict[str, Any]:
    """A page whose title, snippet, message, original and URL carry markup and script."""
    data = json.loads(json.dumps(base))
    data["url"] = data["target"] = "https://evil.example/2026/11/<script>window.__pwned=3</script>/?a=1&b=<b>"
    data["title"] = EVIL_TITLE
    data["original"] = "javascript:window.__pwned=4"
    data["status"] = "fail"
    data["rules"][0].update(
        status="fail",
        message="logo missing " + EVIL_TITLE,
        evidence={"where": "div > <script>", "snippet": EVIL_SNIPPET, "looked_for": "</script>", "also": [EVIL_TITLE]},
    )
    return data


def write_lines(path: Path, data: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in data), encoding="utf-8")
    return path


def data_json(document: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', document, re.DOTALL)
    assert match, "no data element"
    return json.loads(match.group(1))


def stat(document: str, key: str) -> int:
    match = re.search(rf'data-stat="{key}">([\d,]+)<', document)
    assert match, key
    return int(match.group(1).replace(",", ""))


def summary_of(reports: list[Report]) -> Summary:
    summary = Summary()
    for report in reports:
        summary.add(report)
    return summary


def formatted(reports: list[Report], **kwargs: Any) -> str:
    fmt = HtmlFormatter(generated=WHEN, **kwargs)
    assert fmt.start() == ""
    for report in reports:
        assert fmt.page(report) == ""
    return fmt.end(summary_of(reports))


HOSTS = [
    "graniteledger.example",
    "libertyhillreport.example",
    "prairiesentinel.example",
    "cumberlandcourier.example",
    "lakeshoredailywire.example",
    "harbordispatch.example",
    "tricountyrecord.example",
    "northforkdispatch.example",
]
REPORTERS = [
    "Nick Pope",
    "Owen Brightwater",
    "Hailey Sandoval",
    "Max Keating",
    "Will Kessler",
    "Ryan Pickrell",
    "John Hugh DeMastri",
    "Renee Castaneda",
    "Jason O'Hara",
    "Ava Lindqvist",
    "Jon Ekberg",
    "Mara Quist",
]
NOTICE = (
    "All content created by the Daily Caller News Foundation, an independent and nonpartisan newswire "
    "service, is available without charge to any legitimate news pub\u2026"
)


def synthetic(n: int) -> Iterator[dict[str, Any]]:
    """``n`` results lines like a real audit's: 8 partner sites, 4 rules, most pages passing, each page with its
    own URL, post id, dates and CSS paths."""
    for i in range(n):
        host = HOSTS[i % len(HOSTS)]
        reporter = REPORTERS[(i * 7) % len(REPORTERS)]
        post = 40000 + i * 13
        slug = f"story-number-{i}-about-the-{['grid', 'budget', 'schools', 'border', 'courts'][i % 5]}-and-more"
        day = f"November {1 + i % 28}, 2026"
        article = f"article#post-{post} > div.inside-article > div.entry-content:nth-of-type(2)"
        rules = []
        logo_fail = i % 9 == 0
        byline_fail = i % 23 == 0
        rules.append(
            {
                "id": "logo",
                "status": "fail" if logo_fail else "pass",
                "severity": "error",
                "title": "DCNF logo shown with the article",
                "message": "no Daily Caller News Foundation logo in the article"
                if logo_fail
                else 'logo shown in the article (text "Daily Caller News Foundation logo")',
                "evidence": {
                    "where": None,
                    "snippet": None,
                    "looked_for": "an image in the article whose "
                    "alt/title/aria-label or file name names 'Daily Caller News Foundation' or 'DCNF'",
                    "also": [],
                }
                if logo_fail
                else {
                    "where": f"{article} > figure.wp-block-image > img.wp-image-{20000 + i % 50}",
                    "snippet": f'<img "Daily Caller News Foundation logo" https://{host}/wp-content/uploads/'
                    f"2019/04/DCNF_logo_2017.png>",
                    "looked_for": None,
                    "also": [],
                },
                "baselined": False,
            }
        )
        rules.append(
            {
                "id": "byline",
                "status": "fail" if byline_fail else "pass",
                "severity": "error",
                "title": "Reporter's byline shown",
                "message": f'no byline names "{reporter}"'
                if byline_fail
                else f'byline names "{reporter}" (in the byline element)',
                "evidence": {
                    "where": f"article#post-{post} > header.entry-header > div.entry-meta",
                    "snippet": f"{day} by {reporter}",
                    "looked_for": None,
                    "also": [],
                },
                "baselined": False,
            }
        )
        rules.append(
            {
                "id": "affiliation",
                "status": "fail" if byline_fail or i % 17 == 0 else "pass",
                "severity": "error",
                "title": "Reporter's DCNF affiliation shown with the byline",
                "message": f'"Daily Caller News Foundation" attached to "{reporter}" (on a line stacked with '
                "the byline)",
                "evidence": {
                    "where": f"{article} > p:nth-of-type(1)",
                    "snippet": "Daily Caller News Foundation",
                    "looked_for": None,
                    "also": [],
                },
                "baselined": False,
            }
        )
        rules.append(
            {
                "id": "notice",
                "status": "fail" if i % 31 == 0 else "pass",
                "severity": "info",
                "title": "DCNF licensing notice kept",
                "message": "the DCNF licensing notice is shown in the article",
                "evidence": {
                    "where": f"{article} > p:nth-of-type({8 + i % 5})",
                    "snippet": NOTICE,
                    "looked_for": None,
                    "also": [],
                },
                "baselined": False,
            }
        )
        url = f"https://{host}/2026/{1 + i % 12:02d}/{slug}/"
        error = "timed out after 20 s" if i % 97 == 0 else None
        if error:
            rules = [dict(r, status="error", message=f"not checked: {error}", evidence=None) for r in rules]
        failed = any(r["status"] == "fail" and r["severity"] == "error" for r in rules)
        yield {
            "target": url,
            "url": url,
            "http_status": None if error else 200,
            "status": "error" if error else ("fail" if failed else "pass"),
            "error": error,
            "ruleset": "dcnf",
            "reporter": reporter,
            "reporter_source": "given",
            "original": f"https://dailycallernewsfoundation.org/2026/11/{(i * 31) % 900}/story/",
            "title": None if error else f"Story {i % 3000}: Grid Operator Warns Of Winter Shortfall",
            "elapsed_ms": 240,
            "checked_at": "2026-11-27T14:00:00Z",
            "rules": rules,
        }
