"""Odd pages never make a check raise; a rule skipped for want of the original fails nothing."""

from __future__ import annotations

from typing import Any

import pytest
from ledger import COUNTER_RE, CREDIT, ORIGINAL, PAGE_URL, PATTERNS, PIXEL, check, html, pack

from checker.engine import Checker
from checker.report import Status


@pytest.mark.parametrize(
    "odd",
    [
        "<html><body><div></div></body></html>",
        "<html><body><p>Just one line.</p></body></html>",
        "<p>fragment <a href='javascript:void(0)'>x</a> <a href='http://[bad'>y</a></p>",
        (
            "<html><head><link rel='canonical' href='not a url'></head><body><img src='//x'>"
            "<p><a href='https://[::1/x'>Republished from The Conversation</a></p></body></html>"
        ),
    ],
)
@pytest.mark.parametrize(
    ("check_name", "params"),
    [
        ("credit", {"patterns": PATTERNS, "position": "top", "link_to": "original-or-licensor"}),
        ("credit", {"patterns": PATTERNS, "position": "end"}),
        ("link", {}),
        ("canonical", {"accept_licensor_domain": True, "syndication_source": True}),
        ("pixel", {"patterns": COUNTER_RE}),
    ],
)
def test_odd_pages(odd: str, check_name: str, params: dict[str, Any]) -> None:
    for url, original in ((None, None), (PAGE_URL, ORIGINAL)):
        verdict = check(odd, check_name, params, url=url, original=original)
        assert verdict.status in (Status.PASS, Status.FAIL, Status.SKIP)


def test_a_skipped_rule_neither_fails_nor_errors_the_page() -> None:
    the_pack = pack(
        {"id": "credit", "check": "credit", "params": {"patterns": PATTERNS}},
        {"id": "canonical", "check": "canonical"},
        {"id": "link-original", "check": "link", "params": {"to": "original"}},
        {"id": "counter", "check": "pixel", "params": {"patterns": COUNTER_RE}},
    )
    report = Checker(the_pack).check_html(html(top=CREDIT, end=PIXEL), PAGE_URL)
    got = {r.id: r.status for r in report.rules}
    assert got == {
        "credit": Status.PASS,
        "canonical": Status.SKIP,
        "link-original": Status.SKIP,
        "counter": Status.PASS,
    }
    assert report.status is Status.PASS
    with_original = Checker(the_pack, original=ORIGINAL).check_html(html(top=CREDIT, end=PIXEL), PAGE_URL)
    assert {r.id: r.status for r in with_original.rules}["link-original"] is Status.PASS
