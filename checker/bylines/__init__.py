"""Bylines: where does a person's name appear on the page, and would a reader read it as the article's byline?

Shared by the ``byline`` and ``affiliation`` checks and by reporter detection. Works only on the page model's
blocks (visible text of the article region); never on metadata, except that metadata names are *candidates* that
must then be found in a visible byline position.

- :mod:`.names`: the person's name in a byline fragment (cleaning);
- :mod:`.hits`: every occurrence of a name, classified (:class:`HitKind`: marked, by, line, bio, signoff,
  caption, sentence);
- :mod:`.detect`: names in byline positions when no reporter is given, and the authors metadata declares;
- :mod:`.markup`: what an element's markup says its text is (byline, caption, topic), for the page walker;
- :mod:`.beside`: the byline lines just outside the article region, for the page model.

None of these imports the page model at run time (it is only named in annotations), so the page package can
import :mod:`.markup` and :mod:`.beside` without a cycle.
"""

from .detect import BylineCandidate, candidates, metadata_authors
from .hits import BYLINE_KINDS, HitKind, NameHit, classify, find_name, literal_hits, name_hits, near_end, near_top
from .names import clean_name, opens_with_by

__all__ = [
    "BYLINE_KINDS",
    "BylineCandidate",
    "HitKind",
    "NameHit",
    "candidates",
    "classify",
    "clean_name",
    "find_name",
    "literal_hits",
    "metadata_authors",
    "name_hits",
    "near_end",
    "near_top",
    "opens_with_by",
]
