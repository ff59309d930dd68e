"""The licensor's own logo on the original article's page (``--original``): the reference when a run has none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..fetch import FetchError, fetch, read_file
from ..urls import absolute

if TYPE_CHECKING:
    from ..pack import Pack


def original_logo_url(
    original: str, pack: Pack, *, timeout: float, max_bytes: int, user_agent: str | None = None
) -> str | None:
    """The URL (or data: URL) of the first image on ``original``'s page — in its article, then in its header and
    the rest — whose alt/title/file name names the licensor; None when there is none or the page cannot be read."""
    from ..checks.logo import LogoMatcher
    from ..page import Page, PageError

    try:
        if original.startswith(("http://", "https://")):
            fetched = fetch(original, timeout=timeout, max_bytes=max_bytes, user_agent=user_agent, decode=False)
            page = Page.parse(fetched.body, fetched.url, charset=fetched.charset)
        else:
            text, _ = read_file(original, max_bytes=max_bytes)
            page = Page.parse(text, None)
    except (FetchError, PageError):
        return None
    matcher = LogoMatcher(pack.names)
    for image in [*page.images, *page.other_images()]:
        if image.tiny or not matcher.why(image):
            continue
        for url in image.urls:
            found = url if url.startswith("data:") else absolute(url, page.url)
            if found.startswith(("http://", "https://", "data:")):
                return found
    return None
