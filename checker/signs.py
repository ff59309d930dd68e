"""Signs of the licensor on a page: does this page carry the licensor's story at all?

The engine asks before checking a page it may skip (``--skip-unlicensed``) and when it chooses a pack per page
(``--rules auto``); the ``byline`` check asks before it takes a byline found on the page for a licensor's reporter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .folding import alias_pattern, fold
from .urls import domain_of, on_domain
from .user_regex import compile_user_regex

if TYPE_CHECKING:
    from .pack import Pack
    from .page import Page

# How much each kind of sign says about whose story a page carries: markup made for one licensor (its pixel, a
# canonical link to its site) says more than its name or logo, which other stories may show too.
SIGN_WEIGHTS = {"name": 1, "image": 1, "pixel": 2, "canonical": 2}


def licensor_shown(page: Page, pack: Pack) -> bool:
    """Whether the article shows any sign of the licensor (see :func:`licensor_signs`)."""
    return bool(licensor_signs(page, pack, first=True))


def licensor_signs(page: Page, pack: Pack, *, first: bool = False) -> list[str]:
    """What on the page shows the licensor, in words (see :func:`licensor_sign_kinds`)."""
    return [text for _, text in licensor_sign_kinds(page, pack, first=first)]


def licensor_sign_kinds(page: Page, pack: Pack, *, first: bool = False) -> list[tuple[str, str]]:
    """What on the page shows the licensor, cheapest first, as (kind, words): its name in the article's text, an
    image naming it, the pack's tracking pixel in the markup, a canonical link to its site. ``first``: stop at the
    first sign. A licensor whose name never shows (INN's Republication Tracker) is known by its pixel."""
    signs: list[tuple[str, str]] = []
    if page.names_any(pack.names):
        signs.append(("name", f"{pack.name} named in the article"))
        if first:
            return signs
    names = alias_pattern(pack.names)
    if any(names.search(fold(" ".join(image.labels))) for image in page.images):
        signs.append(("image", f"an image naming {pack.name}"))
        if first:
            return signs
    pixels = [
        compile_user_regex(p, ignore_case=True)
        for rule in pack.rules
        if rule.check == "pixel"
        for p in rule.params.get("patterns", ())
    ]
    if pixels and any(p.search(resource.url) for resource in page.resources for p in pixels):
        signs.append(("pixel", f"{pack.name}'s tracking pixel"))
        if first:
            return signs
    domain = domain_of(pack.homepage)
    if domain and on_domain(page.canonical, [domain]):
        signs.append(("canonical", f"a canonical link to {domain}"))
    return signs


def rank_licensors(page: Page, packs: list[Pack]) -> list[tuple[Pack, list[str]]]:
    """The packs whose licensor ``page`` shows signs of, with those signs in words, best first: a specific
    licensor before a generic licence or tool, then by the weight of the signs (:data:`SIGN_WEIGHTS`), then in the
    order given."""
    scored = []
    for position, candidate in enumerate(packs):
        kinds = licensor_sign_kinds(page, candidate)
        if kinds:
            weight = sum(SIGN_WEIGHTS[kind] for kind, _ in kinds)
            scored.append((candidate.generic, -weight, position, candidate, [text for _, text in kinds]))
    scored.sort(key=lambda item: item[:3])
    return [(candidate, signs) for _, _, _, candidate, signs in scored]
