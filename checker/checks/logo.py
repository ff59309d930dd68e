"""``logo``: the licensor's logo is shown with the article.

An image counts when a reader sees it in the article region (not hidden, not in site chrome, not drawn at 1×1 or
zero size) and it names the licensor: its alt / title / aria-label (or an inline SVG's ``<title>``) names one of
``names``, or its file name does (``dcnf-logo.png``, ``DCNF_logo_2017.png``, ``daily-caller-news-foundation.svg``).
Images are ``img`` (``src``, ``srcset`` and lazy-loading attributes), ``picture/source``, ``amp-img``, inline
``svg`` and ``role="img"`` elements with a background image.

Fails saying what was found instead: a logo drawn at 1×1 or zero size, one outside the article (site header,
sidebar) or hidden, or the logo of a look-alike organisation (``not_names``: "the image with text "The Daily
Caller" is not the Daily Caller News Foundation logo").

Example::

    [[rules]]
    id = "logo"
    check = "logo"
    severity = "info"
    title = "The Conversation's logo (preferred)"
    description = "An image in the article names The Conversation: its alt text, its title or its file name."

    [rules.params]
    file_patterns = ['(?:^|[-_])tc[-_]logo']
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ..defaults import LOGO_MIN_DRAWN_PX
from ..folding import alias_pattern, fold
from ..report import Evidence, Status, Verdict
from ..user_regex import compile_user_regex
from .common import LICENSOR_NAMES
from .spec import CheckSpec, Context, Param, ParamType

if TYPE_CHECKING:
    from ..logo_match.looking import PageLogos, Sighting
    from ..pack import Rule
    from ..page import Image, Page

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _file_name(url: str) -> str:
    if url.startswith("data:"):
        return ""
    path = urlsplit(url).path if "//" in url or url.startswith("/") else url.split("?")[0]
    return unquote(path.rsplit("/", 1)[-1])


class LogoMatcher:
    """Decides whether an image names one of ``names``, by its labels or its file name."""

    def __init__(self, names: list[str] | tuple[str, ...], file_patterns: list[str] | tuple[str, ...] = ()) -> None:
        self.names = tuple(names)
        self.label_re = alias_pattern(names)
        condensed = {_NON_ALNUM.sub("", fold(n)) for n in names}
        self.long_names = [c for c in condensed if len(c) >= 8]
        self.short_names = [c for c in condensed if 0 < len(c) < 8]
        self.file_res = [compile_user_regex(p, ignore_case=True) for p in file_patterns]
        self.telltales = {max(re.split(r"[\W_]+", fold(n)), key=len) for n in names if n.strip()}

    def why(self, image: Image) -> str | None:
        """What identifies ``image`` as the logo ('alt "…"', 'file name dcnf-logo.png'), or None."""
        if not self.file_res:
            # Cheap test first: one telling word of a name must be there ("foundation", "dcnf").
            low = " ".join(image.labels + image.urls).lower()
            if not any(word in low for word in self.telltales):
                return None
        for label in image.labels:
            if self.label_re.search(fold(label)):
                return f'{"title" if image.kind == "svg" else "text"} "{label.strip()[:100]}"'
        for url in image.urls:
            name = _file_name(url)
            if not name:
                continue
            stem = name.rsplit(".", 1)[0].lower()
            flat = _NON_ALNUM.sub("", stem)
            tokens = [t for t in _NON_ALNUM.split(stem) if t]
            if (
                any(c in flat for c in self.long_names)
                or any(t.startswith(c) or t.endswith(c) for t in tokens for c in self.short_names)
                or any(r.search(name) for r in self.file_res)
            ):
                return f"file name {name}"
        return None


@lru_cache(maxsize=64)
def _matcher(names: tuple[str, ...], file_patterns: tuple[str, ...]) -> LogoMatcher:
    return LogoMatcher(names, file_patterns)


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    settings = SPEC.settings(rule)
    names = settings["names"] or list(context.pack.names)
    matcher = _matcher(tuple(names), tuple(settings["file_patterns"]))
    looked_for = (
        f"an image in the article whose alt/title/aria-label or file name names {' or '.join(repr(n) for n in names)}"
    )
    pixels = context.logo_pixels
    if pixels is not None and pixels.references:
        verdict = _by_pixels(page, matcher, pixels, context)
        if verdict is not None:
            return _with_unread(verdict, pixels.unread)
    verdict = _by_name(page, matcher, rule, context, looked_for)
    return _with_unread(verdict, pixels.unread) if pixels is not None else verdict


def _with_unread(verdict: Verdict, unread: tuple[str, ...]) -> Verdict:
    """The verdict, with a warning when a reference logo could not be read (a bad path, a URL that failed)."""
    if not unread:
        return verdict
    warning = f"warning: {unread[0]}" + (f" (and {len(unread) - 1} more)" if len(unread) > 1 else "")
    return replace(verdict, message=f"{verdict.message}; {warning}")


def _by_name(page: Page, matcher: LogoMatcher, rule: Rule, context: Context, looked_for: str) -> Verdict:
    """The verdict by the images' names (alt, title, file name), as without references."""
    tiny: list[tuple[Image, str]] = []
    for image in page.images:
        why = matcher.why(image)
        if why is None:
            continue
        if image.tiny:
            tiny.append((image, why))
            continue
        return Verdict(
            Status.PASS,
            f"logo shown in the article ({why})",
            Evidence(where=image.where, snippet=image.describe()),
        )
    elsewhere = _elsewhere(page, matcher)
    message = _why_missing(page, matcher, tiny, elsewhere, rule, context)
    return Verdict(Status.FAIL, message, Evidence(looked_for=looked_for, also=tuple(elsewhere)))


def _by_pixels(page: Page, matcher: LogoMatcher, pixels: PageLogos, context: Context) -> Verdict | None:
    """The verdict when the page's images were compared with reference logos: an image that looks like one passes
    whatever its name; one named as the logo that looks like none passes with a warning; a look-alike drawn too
    small fails. None: nothing was learnt from the pixels, the names decide as without references."""
    small: list[tuple[Image, Sighting]] = []
    for image in page.images:
        seen = pixels.of(image)
        if seen is None or not seen.matches:
            continue
        drawn = (image.width or seen.width, image.height or seen.height)
        if image.tiny or min(drawn) < LOGO_MIN_DRAWN_PX:
            small.append((image, seen))
            continue
        return Verdict(
            Status.PASS,
            f"logo shown in the article (matches the reference logo: {seen.describe()})",
            Evidence(where=image.where, snippet=image.describe(), also=(f"reference: {seen.reference}",)),
        )
    for image in page.images:
        why = matcher.why(image)
        seen = pixels.of(image)
        if why is None or image.tiny or seen is None:
            continue
        warning = f"warning: named as the logo but does not look like the reference (score {seen.score:.2f})"
        return Verdict(
            Status.PASS,
            f"logo shown in the article ({why}); {warning}",
            Evidence(where=image.where, snippet=image.describe(), also=(warning, f"reference: {seen.reference}")),
        )
    if small:
        image, seen = small[0]
        width, height = (image.width or seen.width), (image.height or seen.height)
        return Verdict(
            Status.FAIL,
            f"no visible {context.pack.name} logo: the image that matches the reference logo is drawn at "
            f"{width:g}×{height:g} px, smaller than {LOGO_MIN_DRAWN_PX} px",
            Evidence(where=image.where, snippet=image.describe()),
        )
    return None


def _elsewhere(page: Page, matcher: LogoMatcher) -> list[str]:
    """Logos that are on the page but not shown with the article: hidden, or outside it.

    Looked for only on pages whose article names the licensor (a republication): elsewhere it costs time for
    nothing.
    """
    if not matcher.file_res and not page.names_any(matcher.names):
        return []
    found = []
    for image in page.other_images():
        if matcher.why(image):
            found.append(f"{page.locate(image.element)}: {image.describe()} at {image.where}")
    return found[:5]


def _why_missing(
    page: Page, matcher: LogoMatcher, tiny: list[tuple[Image, str]], elsewhere: list[str], rule: Rule, context: Context
) -> str:
    name = context.pack.name
    if tiny:
        _, how = tiny[0]
        return f"no visible {name} logo: the only one in the article is drawn at 1×1 or zero size ({how})"
    if elsewhere:
        return f"no {name} logo shown with the article; there is one {elsewhere[0].split(': <', 1)[0]}"
    not_names = SPEC.settings(rule)["not_names"] or list(context.pack.not_aliases)
    if not_names:
        other = _matcher(tuple(not_names), ())
        for image in page.images:
            why = other.why(image)
            if why and not image.tiny:
                return f"no {name} logo in the article; the image with {why} is not the {name} logo"
    return f"no {name} logo in the article"


SPEC = CheckSpec(
    name="logo",
    run=run,
    params=(
        LICENSOR_NAMES,
        Param(
            "file_patterns",
            ParamType.REGEX_LIST,
            "regular expressions tried on the image's file name, in addition to the names",
            default=[],
        ),
        Param(
            "not_names",
            ParamType.STRING_LIST,
            "look-alike organisations, to explain a failure (default: the pack's not_aliases)",
        ),
    ),
    summary="the licensor's logo is shown with the article (an image naming the licensor, visible, not 1×1)",
)
