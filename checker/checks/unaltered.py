"""``unaltered``: the republished story is the original's text, edited no more than the terms allow ("no edits
except to reflect relative changes in time, location and editorial style").

Compares the page's story (the visible blocks from :attr:`Page.body_start` to :attr:`Page.body_end`, captions
left out) with the original article's (``--original``, read once per run; see
:class:`~checker.reporter.OriginalText`), word by word and in order, with :class:`difflib.SequenceMatcher`.

Words are compared after removing what is only editorial style: case, diacritics, curly or straight quotes and
apostrophes, dashes and hyphens of every width (and spaces around them), non-breaking and other spaces,
ellipses, punctuation and its spacing ("Jan." / "Jan", serial commas), thousands separators ("1,000" / "1000").
Numbers written as words are not the same as digits.

What fails:

- fewer than ``threshold`` (default 0.95) of the original's words kept, in order;
- a paragraph of the original missing (less than half of its words kept), unless ``allow_cuts``;
- a paragraph of the original changed: more than 3 of its words not kept (room for a relative change of time or
  place: "on Tuesday" for "last week"), or any word inside a quotation not kept (a quote is never restyled);
- with ``headline = "forbidden"``, a headline that differs from the original's (after the same normalising).

Text the republisher adds (an editor's note, "Additional reporting by …") does not lower the share; added
paragraphs are counted in the message.

With ``allow_cuts`` (terms "which include cuts"), cut paragraphs are listed but do not fail and do not count in
the share.

Without an original article on this run the rule is ``skip``; an original that cannot be read, or shows no story
text, is ``error``. Only the first 5,000 words of each text are compared.

Example::

    [[rules]]
    id = "unaltered"
    check = "unaltered"
    title = "Text unedited (compared with the original)"
    description = "The story's words are the original article's, in order (needs --original)."

    [rules.params]
    threshold = 0.95
    headline = "ignore"
    allow_cuts = false
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from ..folding import fold
from ..report import Evidence, Status, Verdict
from ..reporter import story_blocks
from .spec import CheckSpec, Context, Param, ParamType

if TYPE_CHECKING:
    from ..pack import Rule
    from ..page import Block, Page
    from ..reporter import OriginalText

__all__ = ["SPEC", "run", "story_blocks", "words"]  # story_blocks: the page's story, as the original's is read

HEADLINES = ("ignore", "allowed", "forbidden")
MAX_WORDS = 5000  # words compared from each text, to bound the time SequenceMatcher takes
SMALL_EDIT = 3  # words of a paragraph that may change (a relative change of time or place) before it is "changed"
MISSING = 0.5  # a paragraph with less than this share of its words kept is "missing"
ITEMS = 5  # paragraphs quoted in the evidence

_WORD = re.compile(r"[^\W_]+(?:['.,][^\W_]+)*")
# A comma between two letters or digits (a thousands separator): the only comma a word keeps. The comma first, so
# that the search for it is a fast literal search.
_INNER_COMMA = re.compile(r",(?<=[^\W_],)(?=[^\W_])")


def words(text: str) -> list[str]:
    """The words of ``text`` with editorial style removed (see the module's docstring)."""
    return _WORD.findall(_INNER_COMMA.sub("", fold(text)))  # = [w.replace(",", "") for w in _WORD.findall(...)]


def _quoted_words(text: str) -> list[tuple[str, bool]]:
    """Each word of ``text`` and whether it sits inside double quotation marks."""
    folded = fold(text)
    out = []
    for match in _WORD.finditer(folded):
        inside = folded.count('"', 0, match.start()) % 2 == 1
        out.append((match.group().replace(",", ""), inside))
    return out


def _brief(text: str, limit: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:limit]) + ("…" if len(parts) > limit else "")


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class OriginalWords:
    """The original's words (the first :data:`MAX_WORDS`), each with its paragraph and whether it is quoted."""

    words: list[str]
    para: list[int]  # the paragraph of each word
    quoted: list[bool]  # whether each word sits inside a quotation
    para_size: list[int]  # the words of each paragraph
    truncated: bool

    @classmethod
    def of(cls, original: OriginalText) -> OriginalWords:
        found: list[str] = []
        para: list[int] = []
        quoted: list[bool] = []
        para_size: list[int] = []
        for index, paragraph in enumerate(original.paragraphs):
            pairs = _quoted_words(paragraph)
            para_size.append(len(pairs))
            for word, inside in pairs:
                found.append(word)
                para.append(index)
                quoted.append(inside)
        return cls(found[:MAX_WORDS], para, quoted, para_size, len(found) > MAX_WORDS)


@dataclass(frozen=True)
class Comparison:
    """What became of the original's words on the page."""

    compared: int  # the original's words compared
    share: float  # of them kept, in order (cut paragraphs left out when cuts are allowed)
    total: int  # the words the share counts
    missing: list[int]  # paragraphs of the original (mostly) not kept
    changed: list[int]  # paragraphs of the original changed beyond a small edit, or with a quote changed
    lost_words: dict[int, list[str]]  # by paragraph: its words not kept
    added: int  # paragraphs of the page that are not the original's
    truncated: bool


def compare(original: OriginalWords, blocks: list[Block], allow_cuts: bool) -> Comparison:
    """The original's words matched, in order, with the words of the page's story ``blocks``."""
    page_words: list[str] = []
    page_block: list[int] = []
    block_size: list[int] = []
    for index, block in enumerate(blocks):
        found = words(block.text)
        block_size.append(len(found))
        page_words.extend(found)
        page_block.extend([index] * len(found))
    truncated = original.truncated or len(page_words) > MAX_WORDS
    page_words = page_words[:MAX_WORDS]

    kept = [False] * len(original.words)
    block_kept = [0] * len(blocks)
    matcher = SequenceMatcher(None, original.words, page_words, autojunk=False)
    for i, j, n in matcher.get_matching_blocks():
        for k in range(n):
            kept[i + k] = True
            block_kept[page_block[j + k]] += 1

    missing, changed, lost_words = _paragraphs(original, kept)
    added = sum(1 for b, size in enumerate(block_size) if size and block_kept[b] < size * MISSING)
    compared = len(original.words)
    total, matched = compared, sum(kept)
    if allow_cuts and missing:
        cut = set(missing)
        total = sum(1 for k in range(compared) if original.para[k] not in cut)
        matched = sum(1 for k in range(compared) if kept[k] and original.para[k] not in cut)
    share = matched / total if total else 1.0
    return Comparison(compared, share, total, missing, changed, lost_words, added, truncated)


def _paragraphs(original: OriginalWords, kept: list[bool]) -> tuple[list[int], list[int], dict[int, list[str]]]:
    """The original's paragraphs missing and changed, and the words each lost."""
    para_kept = [0] * len(original.para_size)
    lost_words: dict[int, list[str]] = {}
    lost_quote: set[int] = set()
    for k, word in enumerate(original.words):
        p = original.para[k]
        if kept[k]:
            para_kept[p] += 1
        else:
            lost_words.setdefault(p, []).append(word)
            if original.quoted[k]:
                lost_quote.add(p)
    last = original.para[len(original.words) - 1]
    missing: list[int] = []
    changed: list[int] = []
    for p, size in enumerate(original.para_size):
        if not size or p > last:  # empty, or beyond the words compared
            continue
        if para_kept[p] < size * MISSING:
            missing.append(p)
        elif size - para_kept[p] > SMALL_EDIT or p in lost_quote:
            changed.append(p)
    return missing, changed, lost_words


def _headline_change(page: Page, original: OriginalText, mode: str) -> str | None:
    """How the headline was changed, when it is compared (``headline`` not "ignore") and it was."""
    if (
        mode != "ignore"
        and original.headline
        and (page.headline is None or words(page.headline) != words(original.headline))
    ):
        shown = f'"{page.headline}"' if page.headline else "no headline"
        return f'the headline was changed: the page shows {shown}, the original "{original.headline}"'
    return None


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    settings = SPEC.settings(rule)
    threshold, headline_mode, allow_cuts = settings["threshold"], settings["headline"], settings["allow_cuts"]
    original = context.original_text
    if context.original is None:
        return Verdict(
            Status.SKIP,
            "the text was not compared: give --original URL (or an `original` column in an audit) to compare the text",
            Evidence(looked_for="the original article (--original) to compare with"),
        )
    looked_for = (
        f"the original's words ({context.original}), in order: at least {_pct(threshold)} kept, "
        f"no paragraph {'changed' if allow_cuts else 'cut or changed'}"
    )
    if headline_mode == "forbidden":
        looked_for += ", the headline unchanged"
    if original is None:
        return Verdict(
            Status.ERROR, f"the original article {context.original} was not read", Evidence(looked_for=looked_for)
        )
    if original.error:
        return Verdict(Status.ERROR, original.error, Evidence(looked_for=looked_for))
    theirs = OriginalWords.of(original)
    if not theirs.words:
        return Verdict(
            Status.ERROR,
            f"the original article {original.url} shows no story text to compare with",
            Evidence(looked_for=looked_for),
        )
    blocks = story_blocks(page)
    result = compare(theirs, blocks, allow_cuts)
    headline_note = _headline_change(page, original, headline_mode)
    also = _evidence(original, theirs, result, allow_cuts, headline_note)
    if not blocks:
        return Verdict(
            Status.FAIL,
            f"the page shows no story text; the original has {result.compared:,} words",
            Evidence(looked_for=looked_for, also=also),
        )
    counted = f"{_pct(result.share)} of the original's {result.total:,} words kept, in order"
    tail = "".join(f"; {e}" for e in _extras(result, allow_cuts))
    problems = _problems(
        result, threshold, allow_cuts, forbidden=headline_note is not None and headline_mode == "forbidden"
    )
    if problems:
        return Verdict(
            Status.FAIL,
            f"the text was edited: {', '.join(problems)} ({counted}){tail}",
            Evidence(looked_for=looked_for, also=also),
        )
    note = f"; {headline_note} (allowed by the terms)" if headline_note else ""
    return Verdict(
        Status.PASS,
        f"the text is the original's: {counted}{tail}{note}",
        Evidence(where=blocks[0].where, snippet=counted, also=also),
    )


def _evidence(
    original: OriginalText, theirs: OriginalWords, result: Comparison, allow_cuts: bool, headline_note: str | None
) -> tuple[str, ...]:
    """The headline change, then the paragraphs missing (or cut) and changed, quoted briefly."""
    also: list[str] = []
    for p in result.missing:
        also.append(f'{"cut" if allow_cuts else "missing"}: "{_brief(original.paragraphs[p])}"')
    for p in result.changed:
        lost = result.lost_words.get(p, [])
        also.append(
            f'changed: "{_brief(original.paragraphs[p])}" ({len(lost)} of its {theirs.para_size[p]} words not '
            f"kept: {' '.join(lost[:8])}{'…' if len(lost) > 8 else ''})"
        )
    also = also[:ITEMS]
    if headline_note:
        also.insert(0, headline_note)
    return tuple(also)


def _extras(result: Comparison, allow_cuts: bool) -> list[str]:
    """What the message adds after the share: paragraphs added, paragraphs cut, words left out of the comparison."""
    extras = []
    if result.added:
        extras.append(f"{_plural(result.added, 'paragraph')} added by the republisher")
    if allow_cuts and result.missing:
        extras.append(f"{_plural(len(result.missing), 'paragraph')} cut (cuts are allowed)")
    if result.truncated:
        extras.append(f"the first {MAX_WORDS:,} words of each text compared")
    return extras


def _problems(result: Comparison, threshold: float, allow_cuts: bool, *, forbidden: bool) -> list[str]:
    """Why the text fails, in words: ``forbidden`` when the headline changed and the rule forbids it."""
    problems = []
    if result.missing and not allow_cuts:
        problems.append(f"{_plural(len(result.missing), 'paragraph')} of the original missing")
    if result.changed:
        problems.append(f"{_plural(len(result.changed), 'paragraph')} changed")
    if result.share < threshold:
        problems.append(f"less than {_pct(threshold)} of the original kept")
    if forbidden:
        problems.insert(0, "the headline changed")
    return problems


SPEC = CheckSpec(
    name="unaltered",
    run=run,
    params=(
        Param(
            "threshold",
            ParamType.NUMBER,
            "the share of the original's words that must be kept, in order",
            default=0.95,
            minimum=0,
            maximum=1,
        ),
        Param(
            "headline",
            ParamType.CHOICE,
            "ignore: not compared; allowed: a change is reported but does not fail; forbidden: a change fails",
            default="allowed",
            choices=HEADLINES,
        ),
        Param(
            "allow_cuts",
            ParamType.BOOL,
            "whole paragraphs may be cut: they are listed, but do not fail and do not count in the share",
            default=False,
        ),
    ),
    summary="the story's text is the original's, in order, with only style edits (needs the original article)",
    reads_original=True,
)
