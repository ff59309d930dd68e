"""``canonical``: the page's ``<link rel="canonical">`` points to the original article.

Passes when :attr:`Page.canonical` is the original article (``--original`` / an audit's ``original`` column,
compared with :func:`checker.urls.same_article`), or — with ``accept_licensor_domain`` — any page on the
licensor's domains. With ``syndication_source``, ``<meta name="syndication-source">`` must point there too
(ProPublica's republish HTML sets both).

Fails when the page has no canonical link, or it points elsewhere (the failure names where: this page itself,
the republisher's own site, another site). Without the original article's URL and without accepting the
licensor's domain, the rule is skipped with how to enable it.

Example::

    [[rules]]
    id = "canonical"
    check = "canonical"
    title = "Canonical link to ProPublica"
    description = "The page's canonical link points to the original story on propublica.org."

    [rules.params]
    accept_licensor_domain = true
    domains = ["propublica.org"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..report import Evidence, Status, Verdict
from ..urls import domain_of, same_article
from .common import domains_param, targets
from .spec import CheckSpec, Context, Param, ParamType

if TYPE_CHECKING:
    from ..pack import Rule
    from ..page import Page

WHERE_CANONICAL = 'head > link[rel="canonical"]'
WHERE_SOURCE = 'head > meta[name="syndication-source"]'


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    settings = SPEC.settings(rule)
    accept_domain = settings["accept_licensor_domain"]
    want = targets(rule, context, "original-or-licensor" if accept_domain else "original")
    # any_link_if_unknown is a link param: a canonical to "any other site" proves nothing
    looked_for = f'<link rel="canonical"> pointing to {want.describe()}'
    if settings["syndication_source"]:
        looked_for += f' and <meta name="syndication-source"> pointing to {want.describe()}'
    if not (want.original or (accept_domain and want.domains)):
        return Verdict(Status.SKIP, want.skip_message("the canonical link"), Evidence(looked_for=looked_for))

    canonical = page.canonical
    if not canonical:
        return Verdict(Status.FAIL, 'the page has no <link rel="canonical">', Evidence(looked_for=looked_for))
    why = want.why(canonical)
    if why is None:
        return Verdict(
            Status.FAIL,
            _wrong(page, canonical, want.describe(), "canonical link"),
            Evidence(looked_for=looked_for, also=(f"{WHERE_CANONICAL}: {canonical}",)),
        )
    if settings["syndication_source"]:
        sources = page.meta_values("syndication-source")
        good = next((s for s in sources if want.why(s)), None)
        if good is None:
            if sources:
                message = _wrong(page, sources[0], want.describe(), "syndication-source meta tag")
            else:
                message = f'the canonical link points to {why}, but the page has no <meta name="syndication-source">'
            return Verdict(
                Status.FAIL,
                message,
                Evidence(looked_for=looked_for, also=tuple(f"{WHERE_SOURCE}: {s}" for s in sources[:3])),
            )
        return Verdict(
            Status.PASS,
            f"the canonical link and the syndication-source meta tag point to {why}",
            Evidence(where=WHERE_CANONICAL, snippet=canonical, also=(f"{WHERE_SOURCE}: {good}",)),
        )
    return Verdict(
        Status.PASS, f"the canonical link points to {why}", Evidence(where=WHERE_CANONICAL, snippet=canonical)
    )


def _wrong(page: Page, url: str, wanted: str, what: str) -> str:
    """A failure naming where ``url`` points instead: this page itself, the republisher's site, elsewhere. The
    page's own address is its URL, or for a saved file its ``og:url``."""
    own = page.url or next(iter(page.meta_values("og:url")), None)
    if own and same_article(url, own):
        return f"the {what} points to this page itself ({url}), not to {wanted}"
    if own and domain_of(url) == domain_of(own):
        return f"the {what} points to the republisher's own site ({url}), not to {wanted}"
    return f"the {what} points to {url}, not to {wanted}"


SPEC = CheckSpec(
    name="canonical",
    run=run,
    params=(
        Param(
            "accept_licensor_domain",
            ParamType.BOOL,
            "a canonical to any page on the licensor's domains counts, not only the original article",
            default=False,
        ),
        domains_param("the licensor's domains (default: the pack's homepage's, else the original article's)"),
        Param(
            "syndication_source",
            ParamType.BOOL,
            '<meta name="syndication-source"> must point to the same targets too',
            default=False,
        ),
    ),
    summary='<link rel="canonical"> (and optionally the syndication-source meta tag) points to the original article',
)
