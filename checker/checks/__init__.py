"""Checks are code, rules are data: each module here implements one kind of check that packs refer to by name.

A check is a pure function ``run(page, rule, context) -> Verdict``: it reads the page model, never fetches,
never re-parses, never prints. ``params`` declares the parameters a pack may set for it, with their types; the
pack loader validates them before any page is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..report import Verdict

if TYPE_CHECKING:
    from ..pack import Pack, Rule
    from ..page import Page


@dataclass(frozen=True)
class Reporter:
    """The reporter whose byline the page must show, and where that name came from.

    ``source`` is ``given`` (``--reporter``), ``original`` (read from the original article's byline),
    ``detected`` (found on the page itself), ``metadata`` (the page shows no byline; its ``<meta>`` / JSON-LD
    author is the name looked for) or ``none``. ``error`` says why no name could be had when one was asked
    for (the original article could not be fetched, or shows no byline).
    """

    name: str | None
    source: str
    where: str | None = None
    error: str | None = None
    attached: bool = True  # for a detected reporter: the name is attached to the licensor's name on the page


@dataclass(frozen=True)
class OriginalText:
    """What a check may know of the original article's text: its headline and its story paragraphs (the visible
    blocks from :attr:`Page.body_start` to :attr:`Page.body_end`, captions left out), as plain strings. ``error``
    says why there is none (the original could not be fetched or read)."""

    url: str
    headline: str | None = None
    paragraphs: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class Context:
    """What a check may know besides the page: the pack, the reporter, and the original article's URL (or path)
    when the run was given one (``--original``, or an audit row's ``original``), and then, when a rule of the pack
    needs it, the original's text (read once per run)."""

    pack: Pack
    reporter: Reporter
    original: str | None = None
    original_text: OriginalText | None = None


@dataclass(frozen=True)
class CheckSpec:
    name: str
    run: Callable[[Page, Rule, Context], Verdict]
    params: dict[str, str]  # param name -> type: string, string-list, regex-list, bool, int, number, choice:a|b|c
    summary: str
    reads_original: bool = False  # compares with the original article's text: the engine reads it for this check


def licensor_shown(page: Page, pack: Pack) -> bool:
    """Whether the article shows any sign of the licensor (see :func:`licensor_signs`)."""
    return bool(licensor_signs(page, pack, first=True))


# How much each kind of sign says about whose story a page carries: markup made for one licensor (its pixel, a
# canonical link to its site) says more than its name or logo, which other stories may show too.
SIGN_WEIGHTS = {"name": 1, "image": 1, "pixel": 2, "canonical": 2}


def licensor_signs(page: Page, pack: Pack, *, first: bool = False) -> list[str]:
    """What on the page shows the licensor, in words (see :func:`licensor_sign_kinds`)."""
    return [text for _, text in licensor_sign_kinds(page, pack, first=first)]


def licensor_sign_kinds(page: Page, pack: Pack, *, first: bool = False) -> list[tuple[str, str]]:
    """What on the page shows the licensor, cheapest first, as (kind, words): its name in the article's text, an
    image naming it, the pack's tracking pixel in the markup, a canonical link to its site. ``first``: stop at the
    first sign. A licensor whose name never shows (INN's Republication Tracker) is known by its pixel."""
    import re

    from ..folding import alias_pattern, fold
    from ..urls import domain_of, on_domain

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
        re.compile(p, re.IGNORECASE)
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
    names = alias_pattern(pack.names)
    if any(names.search(fold(" ".join(image.labels))) for image in page.images):
        signs.append(f"an image naming {pack.name}")
        if first:
            return signs
    pixels = [
        re.compile(p, re.IGNORECASE)
        for rule in pack.rules
        if rule.check == "pixel"
        for p in rule.params.get("patterns", ())
    ]
    if pixels and any(p.search(resource.url) for resource in page.resources for p in pixels):
        signs.append(f"{pack.name}'s tracking pixel")
        if first:
            return signs
    domain = domain_of(pack.homepage)
    if domain and on_domain(page.canonical, [domain]):
        signs.append(f"a canonical link to {domain}")
    return signs


def _registry() -> dict[str, CheckSpec]:
    from . import (
        affiliation,
        byline,
        canonical,
        credit,
        licence,
        link,
        logo,
        phrase,
        pixel,
        unaltered,
    )

    specs = (
        logo.SPEC,
        byline.SPEC,
        affiliation.SPEC,
        phrase.SPEC,
        credit.SPEC,
        link.SPEC,
        canonical.SPEC,
        pixel.SPEC,
        licence.SPEC,
        unaltered.SPEC,
    )
    return {spec.name: spec for spec in specs}


CHECKS: dict[str, CheckSpec] = _registry()
