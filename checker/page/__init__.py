"""The page model: what would a reader of this article see, and where? Built once per page; every check reads it.

- :mod:`.model`: :class:`Page` and :meth:`Page.parse`, which ties the steps below together;
- :mod:`.parts`: what the model is made of (:class:`Block`, :class:`Image`, :class:`Link`, :class:`Resource`,
  :class:`Hidden`) and element helpers (:func:`text_of`, :func:`css_path`);
- :mod:`.metadata`: title, ``<meta>``, canonical URL, JSON-LD;
- :mod:`.region`: which elements hold the article, its headline and its story;
- :mod:`.walk`: the walk of the region into visual lines and images;
- :mod:`.chrome`: what no reader sees and what is site chrome.

The marks a block carries (:data:`BYLINE`, :data:`CAPTION`, :data:`HEADING`, :data:`TOPIC`) come from
:mod:`checker.bylines.markup`.
"""

from ..bylines.markup import BYLINE, CAPTION, HEADING, TOPIC
from .model import Page
from .parts import Block, Hidden, HtmlElement, Image, Link, PageError, Resource, css_path, text_of

parse = Page.parse

__all__ = [
    "BYLINE",
    "CAPTION",
    "HEADING",
    "TOPIC",
    "Block",
    "Hidden",
    "HtmlElement",
    "Image",
    "Link",
    "Page",
    "PageError",
    "Resource",
    "css_path",
    "parse",
    "text_of",
]
