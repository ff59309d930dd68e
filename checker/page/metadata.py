"""Head metadata: what does the page say about itself (title, ``<meta>``, OpenGraph, canonical URL, JSON-LD)?"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from ..folding import squash
from .parts import text_of

if TYPE_CHECKING:
    from .parts import HtmlElement


class Metadata:
    """Title, ``<meta>`` contents by lower-cased name, canonical URL and JSON-LD sources, gathered as the
    elements go by (the head's, then those met in the one pass over the body)."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self.title: str | None = None
        self.meta: dict[str, list[str]] = {}
        self.canonical: str | None = None
        self.jsonld: list[str] = []

    def take(self, el: HtmlElement) -> None:
        tag = el.tag
        if tag == "meta":
            key = el.get("name") or el.get("property") or el.get("itemprop")
            content = el.get("content")
            if key and content:
                self.meta.setdefault(key.strip().lower(), []).append(content.strip())
        elif tag == "script":
            kind = el.get("type")  # read the script's text (maybe a large bundle) only for JSON-LD
            if kind and kind.strip().lower() == "application/ld+json" and el.text:
                self.jsonld.append(el.text)
        elif tag == "link":
            href = el.get("href")
            if self.canonical is None and href and "canonical" in (el.get("rel") or "").lower().split():
                try:
                    self.canonical = urljoin(self.url or "", href.strip())
                except ValueError:  # "http://[::1": a canonical nobody can follow is no canonical
                    self.canonical = None
        elif tag == "title" and self.title is None:
            self.title = squash(text_of(el)) or None


METADATA_TAGS = ("title", "meta", "link", "script")


def jsonld_objects(sources: tuple[str, ...]) -> list[dict[str, Any]]:
    """The JSON-LD objects of ``sources`` that name an author or creator, ``@graph`` flattened. Unreadable blocks
    are skipped."""
    out: list[dict[str, Any]] = []

    def collect(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                collect(item)
        elif isinstance(node, dict):
            out.append(node)
            if "@graph" in node:
                collect(node["@graph"])

    for source in sources:
        if '"author"' not in source and '"creator"' not in source:
            continue  # only authors are read from JSON-LD: skip parsing the rest
        try:
            collect(json.loads(source))
        except ValueError:
            continue
    return out
