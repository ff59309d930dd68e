"""``unaltered``: the republished story is the original's text, edited no more than the terms allow ("no edits
except to reflect relative changes in time, location and editorial style").

Compares the page's story (the visible blocks from :attr:`Page.body_start` to :attr:`Page.body_end`, captions
left out) with the original article's (``--original``, read once per run; see
:class:`~checker.checks.OriginalText`), word by word and in order, with :class:`difflib.SequenceMatcher`.

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

Params:

- ``threshold`` (number, 0 to 1, default 0.95);
- ``headline``: "ignore" (not compared), "allowed" (default: compared, a change is reported but does not fail)
  or "forbidden" (a changed headline fails);
- ``allow_cuts`` (bool, default false): whole paragraphs may be cut ("which includes cuts"); cut paragraphs
  are listed but do not fail and do not count in the share.

Without an original article on this run the rule is ``skip``; an original that cannot be read, or shows no story
text, is ``error``. Only the first 5,000 words of each text are compared.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from ..folding import fold
from ..pack import Rule
from ..page import BYLINE, CAPTION, Page
from ..report import Evidence, Status, Verdict
from . import CheckSpec, Context
from .link import bad_choice

if TYPE_CHECKING:
    from ..page import Block, HtmlElement

HEADLINES = ("ignore", "allowed", "forbidden")
MAX_WORDS = 5000  # words compared from each text, to bound the time SequenceMatcher takes
SMALL_EDIT = 3  # words of a paragraph that may change (a relative change of time or place) before it is "changed"
MISSING = 0.5  # a paragraph with less than this share of its words kept is "missing"
ITEMS = 5  # paragraphs quoted in the evidence

_WORD = re.compile(r"[^\W_]+(?:['.,][^\W_]+)*")


def story_blocks(page: Page) -> list[Block]:
    """The blocks of the page's story: from its first long paragraph on, captions and bylines left out,
    and only those in the element that holds most (3 in 4) of the long paragraphs, so that a long dek in the
    article's header ("A Louisiana nonprofit hospital filed…") or a date line is not taken for the story."""
    span = [
        b
        for b in page.blocks[page.body_start : page.body_end + 1]
        if CAPTION not in b.marks and BYLINE not in b.marks and b.text.strip()
    ]
    long = [b for b in span if b.words >= 25]
    if len(long) < 2:
        return span
    for container in long[-1].element.iterancestors():
        if sum(1 for b in long if _within(b.element, container)) >= 0.75 * len(long):
            # the story's last, short paragraphs too ("…by the end of March."), when they are in its element
            return [
                b
                for b in page.blocks[page.body_start :]
                if CAPTION not in b.marks and BYLINE not in b.marks and b.text.strip() and _within(b.element, container)
            ]
    return span


def _within(element: HtmlElement, container: HtmlElement) -> bool:
    return element is container or any(a is container for a in element.iterancestors())


def words(text: str) -> list[str]:
    """The words of ``text`` with editorial style removed (see the module's docstring)."""
    return [w.replace(",", "") for w in _WORD.findall(fold(text))]


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


def run(page: Page, rule: Rule, context: Context) -> Verdict:
    params = rule.params
    threshold = params.get("threshold", 0.95)
    if not 0 <= threshold <= 1:
        return bad_choice(rule, "threshold", threshold, ("a number from 0 to 1",))
    headline_mode = params.get("headline", "allowed")  # choices are checked when the pack loads
    allow_cuts = params.get("allow_cuts", False)

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

    # The original's words, each with its paragraph and whether it is quoted.
    orig_words: list[str] = []
    orig_para: list[int] = []
    orig_quoted: list[bool] = []
    para_size: list[int] = []
    for index, paragraph in enumerate(original.paragraphs):
        pairs = _quoted_words(paragraph)
        para_size.append(len(pairs))
        for word, inside in pairs:
            orig_words.append(word)
            orig_para.append(index)
            orig_quoted.append(inside)
    if not orig_words:
        return Verdict(
            Status.ERROR,
            f"the original article {original.url} shows no story text to compare with",
            Evidence(looked_for=looked_for),
        )
    truncated = len(orig_words) > MAX_WORDS
    orig_words = orig_words[:MAX_WORDS]

    blocks = story_blocks(page)
    page_words: list[str] = []
    page_block: list[int] = []
    block_size: list[int] = []
    for index, block in enumerate(blocks):
        found = words(block.text)
        block_size.append(len(found))
        page_words.extend(found)
        page_block.extend([index] * len(found))
    truncated = truncated or len(page_words) > MAX_WORDS
    page_words = page_words[:MAX_WORDS]

    kept = [False] * len(orig_words)
    block_kept = [0] * len(blocks)
    matcher = SequenceMatcher(None, orig_words, page_words, autojunk=False)
    for i, j, n in matcher.get_matching_blocks():
        for k in range(n):
            kept[i + k] = True
            block_kept[page_block[j + k]] += 1

    para_kept = [0] * len(para_size)
    lost_words: dict[int, list[str]] = {}
    lost_quote: set[int] = set()
    for k, word in enumerate(orig_words):
        p = orig_para[k]
        if kept[k]:
            para_kept[p] += 1
        else:
            lost_words.setdefault(p, []).append(word)
            if orig_quoted[k]:
                lost_quote.add(p)
    compared = len(orig_words)
    last = orig_para[compared - 1]
    missing: list[int] = []
    changed: list[int] = []
    for p, size in enumerate(para_size):
        if not size or p > last:  # empty, or beyond the words compared
            continue
        if para_kept[p] < size * MISSING:
            missing.append(p)
        elif size - para_kept[p] > SMALL_EDIT or p in lost_quote:
            changed.append(p)
    added = sum(1 for b, size in enumerate(block_size) if size and block_kept[b] < size * MISSING)

    total = compared
    matched = sum(kept)
    if allow_cuts and missing:
        cut = set(missing)
        total = sum(1 for k in range(compared) if orig_para[k] not in cut)
        matched = sum(1 for k in range(compared) if kept[k] and orig_para[k] not in cut)
    share = matched / total if total else 1.0

    headline_note = None
    headline_changed = False
    if (
        headline_mode != "ignore"
        and original.headline
        and (page.headline is None or words(page.headline) != words(original.headline))
    ):
        headline_changed = True
        shown = f'"{page.headline}"' if page.headline else "no headline"
        headline_note = f'the headline was changed: the page shows {shown}, the original "{original.headline}"'

    also: list[str] = []
    for p in missing:
        also.append(f'{"cut" if allow_cuts else "missing"}: "{_brief(original.paragraphs[p])}"')
    for p in changed:
        lost = lost_words.get(p, [])
        also.append(
            f'changed: "{_brief(original.paragraphs[p])}" ({len(lost)} of its {para_size[p]} words not '
            f"kept: {' '.join(lost[:8])}{'…' if len(lost) > 8 else ''})"
        )
    also = also[:ITEMS]
    if headline_note:
        also.insert(0, headline_note)

    counted = f"{_pct(share)} of the original's {total:,} words kept, in order"
    extras = []
    if added:
        extras.append(f"{_plural(added, 'paragraph')} added by the republisher")
    if allow_cuts and missing:
        extras.append(f"{_plural(len(missing), 'paragraph')} cut (cuts are allowed)")
    if truncated:
        extras.append(f"the first {MAX_WORDS:,} words of each text compared")
    tail = "".join(f"; {e}" for e in extras)

    problems = []
    if missing and not allow_cuts:
        problems.append(f"{_plural(len(missing), 'paragraph')} of the original missing")
    if changed:
        problems.append(f"{_plural(len(changed), 'paragraph')} changed")
    if share < threshold:
        problems.append(f"less than {_pct(threshold)} of the original kept")
    if headline_changed and headline_mode == "forbidden":
        problems.insert(0, "the headline changed")

    if not blocks:
        return Verdict(
            Status.FAIL,
            f"the page shows no story text; the original has {compared:,} words",
            Evidence(looked_for=looked_for, also=tuple(also)),
        )
    if problems:
        return Verdict(
            Status.FAIL,
            f"the text was edited: {', '.join(problems)} ({counted}){tail}",
            Evidence(looked_for=looked_for, also=tuple(also)),
        )
    note = f"; {headline_note} (allowed by the terms)" if headline_note else ""
    return Verdict(
        Status.PASS,
        f"the text is the original's: {counted}{tail}{note}",
        Evidence(where=blocks[0].where, snippet=counted, also=tuple(also)),
    )


SPEC = CheckSpec(
    name="unaltered",
    run=run,
    params={
        "threshold": "number",
        "headline": "choice:" + "|".join(HEADLINES),
        "allow_cuts": "bool",
    },
    summary="the story's text is the original's, in order, with only style edits (needs the original article)",
    reads_original=True,
)
