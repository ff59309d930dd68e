"""What several checks share: what a link may point to on one run (:class:`Targets`, from a rule's ``to`` /
``link_to``, ``domains`` and ``any_link_if_unknown``; used by ``link``, ``credit`` and ``canonical``), how a link is
quoted in a message (also ``licence``), and the params more than one check declares.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..folding import snippet
from ..urls import domain_of, is_web_url, on_domain, same_article
from .spec import Param, ParamType

if TYPE_CHECKING:
    from ..pack import Rule
    from ..page import Link
    from .spec import Context

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


def domains_param(help_text: str) -> Param:
    """The ``domains`` param of a check that judges links or canonicals."""
    return Param("domains", ParamType.STRING_LIST, help_text, default=[])


LICENSOR_NAMES = Param("names", ParamType.STRING_LIST, "the licensor's names (default: the pack's name and aliases)")
ANY_LINK_IF_UNKNOWN = Param(
    "any_link_if_unknown",
    ParamType.BOOL,
    "when neither the original nor the licensor's domains are known, a link to any other site counts",
    default=False,
)
