"""Memory an audit or a fetch holds: the pages between their fetch and their report stay within the audit's page
budget, and a fetched page is freed once its caller is done with it (the fetch's helper thread keeps no copy)."""

from __future__ import annotations

import gc
import weakref

import pytest
from audit_helpers import fixture_page
from server import LoopbackServer

from checker.audit import AuditOptions, Auditor, AuditTarget
from checker.engine import Checker
from checker.fetch import fetch
from checker.report import Report


@pytest.mark.slow
def test_an_audit_holds_no_more_page_bytes_than_its_budget(server: LoopbackServer) -> None:
    page = fixture_page()
    urls = [server.add(f"/story/{i}", page, delay=0.2) for i in range(8)]
    max_bytes = 4 * len(page)
    checker = Checker("dcnf", max_bytes=max_bytes)
    options = AuditOptions(jobs=8, per_host=8, processes=0, robots=False, page_budget=2 * max_bytes)
    auditor = Auditor(checker, options)
    reports: list[Report] = []
    auditor.run([AuditTarget(url) for url in urls], reports.append)
    assert sorted(r.target for r in reports) == sorted(urls)  # every page checked, none lost waiting
    # Two pages of the largest size allowed fill the budget: never more than two fetched at once, though eight
    # threads could fetch, and the bytes held (by the runner's own account) never passed the budget.
    assert server.peak_in_flight <= 2
    assert 0 < auditor.budget.peak <= options.page_budget and auditor.budget.held == 0


def test_a_fetched_page_is_freed_once_its_caller_drops_it(server: LoopbackServer) -> None:
    url = server.add("/story", fixture_page())
    fetched = fetch(url, decode=False)
    assert fetched.body == fixture_page()
    gone = weakref.ref(fetched)
    del fetched
    gc.collect()
    # The thread that ran the fetch waits for this thread's next one: it must not keep the page until then (an
    # audit's sixteen threads kept sixteen 10 MB pages so).
    assert gone() is None
