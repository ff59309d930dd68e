"""``link``: the article links back to the original article, or to the licensor's site.

Passes when a link a reader sees in the article (:attr:`Page.links`: not hidden, not in site chrome) points to
the original article (``--original`` / an audit's ``original`` column, compared with :func:`checker.urls.same_article`:
http/https, ``www.``, trailing slash, fragments and tracking parameters do not matter) or to a page on the licensor's
domains.

Params: ``to`` ("original" | "licensor" | "original-or-licensor", default "original-or-licensor"); ``domains``
(the licensor's domains; default: the domain of the pack's ``homepage``, else the original article's domain);
``any_link_if_unknown`` (bool: when neither the original nor the licensor's domains are known, a link to any
other site counts, instead of skipping the rule).

Without what ``to`` needs (``to = "original"`` and the run has no original article URL), the rule is skipped
with a message saying how to give it. The helpers here (:func:`targets`) are shared with ``credit`` and
``canonical``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..folding import snippet
from ..pack import Rule
from ..page import Link, Page
from ..report import Evidence, Status, Verdict
from ..urls import domain_of, is_web_url, on_domain, same_article
from . import CheckSpec, Context

MODES = ("original", "licensor", "original-or-licensor")
HOWTO = "give --original URL, or an `original` column in an audit"


@dataclass(frozen=True)
class Targets:
    """What a link (or canonical) may point to, for one rule on one run."""

    mode: str
    original: str | None  # the original article's URL, when the run has one
    domains: tuple[str, ...]  # the licensor's domains
    any_link: bool  # neither is known and the rule accepts any link to another site
    given: str | None  # context.original as given (maybe a file path)

    @property
    def known(self) -> bool:
        """Whether links can be judged at all."""
        if self.any_link:
            return True
        if self.mode == "original":
            return self.original is not None
        if self.mode == "licensor":
            return bool(self.domains)
        return self.original is not None or bool(self.domains)

    def describe(self) -> str:
        """What is looked for: "the original article (https://…) or a page on theconversation.com"."""
        parts = []
        if self.mode != "licensor":
            parts.append(f"the original article ({self.original})" if self.original else "the original article")
        if self.mode != "original" and self.domains:
            parts.append("a page on " + " or ".join(self.domains))
        if self.any_link and not (self.original or self.domains):
            return "any other site (the original article and the licensor's site are not known for this run)"
        return " or ".join(parts) or "the original article"

    def why(self, href: str, page_url: str | None = None) -> str | None:
        """Why ``href`` is an accepted target ("the original article", "theconversation.com"), or None."""
        if not is_web_url(href):
            return None
        if self.mode != "licensor" and self.original and same_article(href, self.original):
            return "the original article"
        if self.mode != "original" and self.domains and on_domain(href, self.domains):
            return domain_of(href)
        if self.any_link and not (self.original or self.domains):
            own = domain_of(page_url) if page_url else ""
            if not own or not on_domain(href, [own]):
                return f"{domain_of(href)} (any other site counts: the original is not known)"
        return None

    def skip_message(self, what: str) -> str:
        """Why ``what`` cannot be checked on this run, and how to enable it."""
        if self.given and not is_web_url(self.given):
            reason = f"the original article was given as a file ({self.given}), not as a URL to compare links with"
        else:
            reason = "the run has no original article URL"
        return f"{what} cannot be checked: {reason} ({HOWTO})"


def targets(rule: Rule, context: Context, mode: str) -> Targets:
    """The targets ``rule`` accepts on this run, from its params, the pack and the run's original article."""
    original = context.original if is_web_url(context.original) else None
    domains = [d for d in rule.params.get("domains", []) if d.strip()]
    if not domains and context.pack.homepage:
        domains = [domain_of(context.pack.homepage)]
    if not domains and original:
        domains = [domain_of(original)]  # the licensor's site is where the original was published
    return Targets(
        mode=mode,
        original=original,
        domains=tuple(d for d in (domain_of(x) for x in domains) if d),
        any_link=bool(rule.params.get("any_link_if_unknown", False)),
        given=context.original,
    )


def describe_link(link: Link) -> str:
    text = f'"{snippet(link.text, width=80)}" ' if link.text else ""
    return f"{text}→ {link.href}"


def bad_choice(rule: Rule, param: str, value: object, choices: tuple[str, ...]) -> Verdict:
    """The verdict for a param value out of range (the pack loader checks types and choices, not ranges)."""
    wanted = ", ".join(choices)
    return Verdict(
        Status.ERROR,
        f'rule "{rule.id}": param "{param}" must be one of {wanted} (got {value!r})',
        Evidence(looked_for=f'a valid "{param}" ({wanted})'),
    )


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    mode = rule.params.get("to", "original-or-licensor")  # choices are checked when the pack loads
    want = targets(rule, context, mode)
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
    from ..urls import absolute

    if not (want.original or want.domains):
        return []  # "any other site" would list every link of the site's chrome
    shown = {link.element for link in page.links}
    found = []
    for a in page.root.iter("a"):
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
    params={"to": "choice:" + "|".join(MODES), "domains": "string-list", "any_link_if_unknown": "bool"},
    summary="the article links to the original article or to the licensor's site (a visible link)",
)
