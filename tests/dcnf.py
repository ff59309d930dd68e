"""The Prairie Sentinel's republication of a DCNF story, and the DCNF rules run on it: what the tests of the logo,
byline and affiliation checks and of the engine share.

Every case starts from a compliant article (DCNF logo at the top of the story, "By Nick Pope" with "Daily Caller
News Foundation" stacked under it) and changes one thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pages
import pytest

from checker.engine import Checker
from checker.report import Report, RuleResult

LOGO = '<img src="/uploads/2023/04/partner-logo.png" alt="Daily Caller News Foundation logo" width="220" height="60">'
BYLINE = "<p>By Nick Pope</p><p>Daily Caller News Foundation</p>"
NOTICE = (
    "<p><em>All content created by the Daily Caller News Foundation, an independent and nonpartisan newswire service, "
    "is available without charge to any legitimate news publisher that can provide a large audience. All republished "
    "articles must include our logo, our reporter&#8217;s byline and their DCNF affiliation.</em></p>"
)
DC_LOGO = '<img src="/uploads/daily-caller-logo.png" alt="The Daily Caller" width="220" height="60">'


def article_page(*, logo: str = LOGO, byline: str = BYLINE, **slots: str) -> str:
    """The DCNF story as the Prairie Sentinel republished it: DCNF's logo at the top of the story, the reporter's
    byline with DCNF stacked under it; ``slots`` as :func:`pages.article_page`'s."""
    return pages.article_page(top=logo, byline=byline, **slots)


@dataclass
class Case:
    id: str
    page: dict[str, str]  # article_page() slots this case changes
    status: str
    phrase: str  # a phrase the rule's message must contain
    reporter: str | None = "Nick Pope"
    also: list[str] = field(default_factory=list)


def rule(report: Report, rule_id: str) -> RuleResult:
    [result] = [r for r in report.rules if r.id == rule_id]
    return result


def cases(rows: list[Case]) -> pytest.MarkDecorator:
    """A test over a table of cases, each with its id."""
    return pytest.mark.parametrize("case", rows, ids=[c.id for c in rows])


def check_rule(case: Case, rule_id: str) -> RuleResult:
    result = rule(Checker("dcnf", reporter=case.reporter).check_html(article_page(**case.page)), rule_id)
    assert (result.status, case.phrase in result.message) == (case.status, True), result.message
    return result


SENTENCE = (
    "<p>The rule drew criticism from trade groups, said Nick Pope, a spokesman for the Plumbing Manufacturers "
    "Association, who added that members would ask the courts to block it before it takes effect.</p>"
)
