"""``canonical``: the page's ``<link rel="canonical">`` points to the original article.

Passes when :attr:`Page.canonical` is the original article (``--original`` / an audit's ``original`` column,
compared with :func:`checker.urls.same_article`), or — with ``accept_licensor_domain`` — any page on the
licensor's domains. With ``syndication_source``, ``<meta name="syndication-source">`` must point there too
(ProPublica's republish HTML sets both).

Params: ``accept_licensor_domain`` (bool), ``domains`` (default: the domain of the pack's ``homepage``, else the
original's), ``syndication_source`` (bool). Without the original article's URL and without accepting the
licensor's domain, the rule is skipped with how to enable it. A canonical pointing to the republisher's own page
is a failure that names it.
"""

from __future__ import annotations

from ..pack import Rule
from ..page import Page
from ..report import Evidence, Status, Verdict
from ..urls import domain_of, same_article
from . import CheckSpec, Context
from .link import targets

WHERE_CANONICAL = 'head > link[rel="canonical"]'
WHERE_SOURCE = 'head > meta[name="syndication-source"]'


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    accept_domain = bool(rule.params.get("accept_licensor_domain", False))
    want = targets(rule, context, "original-or-licensor" if accept_domain else "original")
    # any_link_if_unknown is a link param: a canonical to "any other site" proves nothing
    looked_for = f'<link rel="canonical"> pointing to {want.describe()}'
    if rule.params.get("syndication_source"):
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
    if rule.params.get("syndication_source"):
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
    params={"accept_licensor_domain": "bool", "domains": "string-list", "syndication_source": "bool"},
    summary='<link rel="canonical"> (and optionally the syndication-source meta tag) points to the original article',
)
