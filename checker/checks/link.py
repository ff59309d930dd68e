"""``link``: the article links back to the original article, or to the licensor's site.

Passes when a link a reader sees in the article (:attr:`Page.links`: not hidden, not in site chrome) points to
the original article (``--original`` / an audit's ``original`` column, compared with :func:`checker.urls.same_article`:
http/https, ``www.``, trailing slash, fragments and tracking parameters do not matter) or to a page on the licensor's
domains. Fails when there is no such link, saying where a link to them sits out of the reader's sight (hidden, in
the site's header, footer or sidebar).

Without what ``to`` needs (``to = "original"`` and the run has no original article URL), the rule is skipped
with a message saying how to give it.

Example::

    [[rules]]
    id = "link"
    check = "link"
    title = "Link back to The Conversation"
    description = "A visible link in the article to theconversation.com or to the original article."

    [rules.params]
    to = "original-or-licensor"
    domains = ["theconversation.com"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..report import Evidence, Status, Verdict
from ..urls import absolute
from .common import ANY_LINK_IF_UNKNOWN, MODES, Targets, describe_link, domains_param, targets
from .spec import CheckSpec, Context, Param, ParamType

if TYPE_CHECKING:
    from ..pack import Rule
    from ..page import Page


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    want = targets(rule, context, SPEC.settings(rule)["to"])
    looked_for = f"a visible link in the article to {want.describe()}"
    if not want.known:
        return Verdict(
            Status.SKIP, want.skip_message("the link to the original article"), Evidence(looked_for=looked_for)
        )
    for link in page.links:
        why = want.why(link.href, page.url)
        if why:
            return Verdict(
                Status.PASS,
                f"the article links to {why}",
                Evidence(where=link.where, snippet=describe_link(link)),
            )
    elsewhere = _elsewhere(page, want)
    if elsewhere:
        message = f"no visible link in the article to {want.describe()}; there is one {elsewhere[0].split(': ', 1)[0]}"
    else:
        message = f"no link in the article to {want.describe()}"
    return Verdict(Status.FAIL, message, Evidence(looked_for=looked_for, also=tuple(elsewhere)))


def _elsewhere(page: Page, want: Targets) -> list[str]:
    """Links to the targets that a reader of the article does not see: hidden, in site chrome, outside."""
    if not (want.original or want.domains):
        return []  # "any other site" would list every link of the site's chrome
    shown = {link.element for link in page.links}
    found = []
    root: Any = page.root  # an lxml element
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or a in shown:
            continue
        href = absolute(href, page.url)
        if want.why(href, page.url):
            found.append(f"{page.locate(a)}: {href}")
            if len(found) == 5:
                break
    return found


SPEC = CheckSpec(
    name="link",
    run=run,
    params=(
        Param(
            "to",
            ParamType.CHOICE,
            "what the link must point to: the original article, the licensor's site, or either",
            default="original-or-licensor",
            choices=MODES,
        ),
        domains_param("the licensor's domains (default: the pack's homepage's, else the original article's)"),
        ANY_LINK_IF_UNKNOWN,
    ),
    summary="the article links to the original article or to the licensor's site (a visible link)",
)
