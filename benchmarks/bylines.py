"""Byline accuracy of repcheck on real news pages with labelled authors, side by side with trafilatura.

    pip install '.[bench]' lxml_html_clean     # trafilatura (its justext needs lxml_html_clean with lxml >= 5.2)
    PYTHONPATH=. python benchmarks/bylines.py [--corpus ../shared/realworld] [--limit N] [--misses N] [--json FILE]

Pages: every row of the corpus's ``byline_index.jsonl`` graded A or B whose label names at least one author after
normalisation, sorted by file. A label may name several authors ("Von X und Y", a JSON list, "X and Y", "X, Y"):
it is split on ``, ; | / & ·`` and the words and/und/et/y/e. Names are compared in normalised form: folded
(``checker.folding.fold``: case, diacritics, apostrophes, spaces), a leading By/Von/Par/Por/Di and
Dr./Prof./Mr./Mrs./Ms. removed, dots read as spaces. A page is scored right when any name of the answer equals
any labelled name.

The numbers, each as right/total and percent:

- detection, repcheck: with no reporter given, ``detect_reporter(page, dcnf pack).name`` is a labelled author.
  When a page shows no byline at all, detection falls back to the author its metadata names (reporter source
  "metadata"); how many right answers came that way is printed under the table.
- detection, trafilatura: ``trafilatura.metadata.extract_metadata(html).author`` (names joined by "; ") names a
  labelled author. Same pages, same normalisation.
- verification: with the labelled author given (``Reporter(name, "given")``; the first labelled name that is a
  person's), the ``byline`` rule passes.
- rejection: with another page's author given (the first person's name found from the page N/2 places later in
  the sorted list onwards, skipping names that share a word with this page's labels or occur anywhere in this
  page's HTML), the ``byline`` rule fails. Every wrong name that passed is listed with its evidence.
- rejection of story names (stricter, ours): with a person-like name taken from a sentence of the story itself
  (two capitalised words inside a paragraph of 40+ words, sharing no word with the labels) given as the reporter,
  the ``byline`` rule fails: the name *is* on the page, but not as its byline. Every one that passed is listed.
- on-page rejection (issue 14): with a name the page shows but not as its byline given as the reporter, the
  ``byline`` rule fails. Up to four names a page: the story name above, and one from each of a photo caption or
  credit, a tag list and the site chrome (menus, sidebars, footers, related stories), found without repcheck's
  page model (``onpage_names``). Printed per kind; every one that did not fail is listed with where it was shown.
- CPU per page (``time.process_time``, informational): ``Page.parse`` + ``detect_reporter`` against
  ``extract_metadata``, on the same decoded text, interleaved page by page.

Every number is printed on all scored pages and on the pages left after exclusions (the headline numbers).
Exclusions are computed from the page and its label alone, before scoring, and listed with their reason:

- "label is an organisation, not a person": no labelled name is a person's: each one contains a news-agency,
  newsroom or organisation word (``ORG_WORDS``: "dpa/lno", "Redaktion", "FOCUS online", "SWR Fernsehen"), or an
  outlet word of a script without spaces ("朝日新聞デジタル"), or has several words and starts with a definite
  article ("The Associated Press", "Le Figaro et AFP") or holds a number, handle or domain;
- "label names an outlet, a company or a category (read by a person)": the few labels in ``REVIEWED``, each
  listed with what it names;
- "label is a single word, not a person's full name": the same, where the labelled names are single words
  (first names, user names, domains, one-word outlets). A name in a script without case and without spaces
  (Chinese, Japanese, Korean: "松岡大地", "구현모") is a full name and is scored.
- "author only in metadata or not shown": no labelled person's name is in the page's visible text (all text
  outside script/style/template/noscript/head and hidden elements: ``hidden``, inline ``display:none`` or
  ``visibility:hidden``, visually-hidden classes), but one is somewhere in its HTML;
- "label not found anywhere in the page (label wrong or page different)": not even in the HTML.

A page that raises counts as wrong for the measure that raised and is listed under "errors".
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from byline_labels import (
    REVIEWED,
    REVIEWED_REASON,
    key,
    matches,
    name_regex,
    names_of,
    not_a_person,
)
from onpage_names import KINDS, onpage_names
from plain_reading import exclusion, shown_only_in_chrome, source_text, visible_text

from checker.encoding import decode_html
from checker.engine import run_rules
from checker.pack import Pack, load_pack
from checker.page import Page
from checker.reporter import Reporter, detect_reporter

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"
PACK = "dcnf"
RULE = "byline"

# ----------------------------------------------------------------------------------------------------------------
# One page.


@dataclass
class OnPage:
    """A name shown on the page but not as its byline, given as the reporter: where it was, and the verdict."""

    kind: str  # onpage_names.KINDS, or "story" (a sentence of the story)
    name: str
    where: str
    status: str
    message: str


@dataclass
class Result:
    """What happened on one page (``--json`` writes these). Statuses are the ``byline`` rule's: pass, fail, error;
    ``rejection`` is "no wrong name" when no other page's author fitted."""

    file: str
    grade: str
    label: str
    labels: list[str]
    given: str  # the name given for verification
    wrong: str | None = None  # the name given for rejection
    detected: str | None = None
    detected_source: str | None = None  # "detected" (a byline on the page) or "metadata" (no byline shown)
    detected_ok: bool = False
    trafilatura: str | None = None
    trafilatura_ok: bool = False
    verification: str = "error"
    verification_message: str = ""
    rejection: str = "error"
    rejection_message: str = ""
    rejection_snippet: str | None = None
    story_name: str | None = None  # a name from a sentence of the story, given for the stricter rejection
    story_rejection: str = "error"
    story_rejection_message: str = ""
    onpage: list[OnPage] = field(default_factory=list)  # names shown on the page, not as its byline, given
    excluded: str | None = None
    chrome_only: str | None = None  # a verification miss whose author is shown only in site chrome: where
    cpu_repcheck: float = 0.0
    cpu_trafilatura: float = 0.0
    errors: list[str] = field(default_factory=list)


@dataclass
class Labelled:
    """One scored row of ``byline_index.jsonl``: ``label`` as written, ``labels`` the names in it."""

    file: str
    url: str | None
    grade: str
    label: str
    labels: list[str]

    @property
    def person(self) -> str:
        """The name to give for verification: the first labelled name that is a person's (else the first)."""
        return next((n for n in self.labels if not_a_person(n) is None), self.labels[0])


def load_index(root: Path, limit: int | None) -> list[Labelled]:
    rows: list[Labelled] = []
    with open(root / "byline_index.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            grade = (row.get("gold_quality") or "")[:1]
            labels = names_of(row.get("author_raw"))
            if grade in ("A", "B") and labels:
                raw = row["author_raw"]
                label = "; ".join(raw) if isinstance(raw, list) else raw
                rows.append(Labelled(row["file"], row.get("url") or None, grade, " ".join(label.split()), labels))
    rows.sort(key=lambda r: r.file)
    return rows[:limit]


def read_page(root: Path, name: str) -> str:
    data = (root / name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    return decode_html(data, local=True)[0]  # a saved page, read as a browser opens a file


def wrong_name(rows: list[Labelled], i: int, source: str) -> str | None:
    """Another page's author for page ``i``: from N/2 places later on, the first person's name that shares no
    word with this page's labels and does not occur in its HTML."""
    own = {w for n in rows[i].labels for w in key(n).split()}
    n = len(rows)
    for step in range(n // 2, n // 2 + n):
        candidate = rows[(i + step) % n].person
        if (
            not_a_person(candidate) is None
            and own.isdisjoint(key(candidate).split())
            and not name_regex(candidate, middle=True).search(source)
        ):
            return candidate
    return None


def byline_verdict(text: str, url: str | None, pack: Pack, name: str) -> tuple[str, str, str | None]:
    """(status, message, evidence snippet) of the ``byline`` rule with ``name`` given, on a fresh page model."""
    page = Page.parse(text, url)
    for result in run_rules(page, pack, Reporter(name, "given")):
        if result.id == RULE:
            return str(result.status), result.message, result.evidence.snippet if result.evidence else None
    raise LookupError(f"the {pack.id} pack has no rule {RULE!r}")


_STORY_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{2,12} [A-Z][a-z]{2,15})(?= [a-z])")


def story_name(text: str, url: str | None, labels: list[str]) -> str | None:
    """A person-like name inside a sentence of the story (not sharing a word with the labelled authors)."""
    label_words = {w for label in labels for w in key(label).split()}
    for block in Page.parse(text, url).blocks:
        if block.words < 40:
            continue
        for match in _STORY_NAME.finditer(block.text):
            if not label_words & set(key(match.group(1)).split()):
                return match.group(1)
    return None


def score_page(root: Path, rows: list[Labelled], i: int, pack: Pack, extract_metadata: Callable[..., Any]) -> Result:
    """Exclusion, detection by repcheck and by trafilatura, verification and rejection on page ``i``."""
    row = rows[i]
    result = Result(row.file, row.grade, row.label, row.labels, row.person)

    def fail(stage: str, exc: BaseException) -> None:
        result.errors.append(f"{stage}: {type(exc).__name__}: {exc}")

    try:
        text = read_page(root, row.file)
        source = source_text(text)
        visible = visible_text(text)
        result.excluded = REVIEWED_REASON if row.file in REVIEWED else exclusion(row.labels, visible, source)
    except Exception as exc:  # noqa: BLE001 - one unreadable page must not stop the run
        fail("read", exc)
        return result
    try:
        t0 = time.process_time()
        page = Page.parse(text, row.url)
        reporter = detect_reporter(page, pack)
        result.cpu_repcheck = time.process_time() - t0
        result.detected = reporter.name
        result.detected_source = reporter.source
        result.detected_ok = matches(names_of(reporter.name), row.labels)
    except Exception as exc:  # noqa: BLE001
        fail("detection", exc)
    try:
        t0 = time.process_time()
        result.trafilatura = extract_metadata(text, default_url=row.url).author
        result.cpu_trafilatura = time.process_time() - t0
        result.trafilatura_ok = matches(names_of(result.trafilatura), row.labels)
    except Exception as exc:  # noqa: BLE001
        fail("trafilatura", exc)
    try:
        result.verification, result.verification_message, _ = byline_verdict(text, row.url, pack, row.person)
        if result.verification != "pass" and result.excluded is None:
            result.chrome_only = shown_only_in_chrome(row.labels, text)
    except Exception as exc:  # noqa: BLE001
        fail("verification", exc)
    try:
        result.wrong = wrong_name(rows, i, source)
        if result.wrong is None:
            result.rejection = "no wrong name"
        else:
            result.rejection, result.rejection_message, result.rejection_snippet = byline_verdict(
                text, row.url, pack, result.wrong
            )
    except Exception as exc:  # noqa: BLE001
        fail("rejection", exc)
    try:
        _names_on_the_page(result, text, row, pack, visible)
    except Exception as exc:  # noqa: BLE001
        fail("on-page rejection", exc)
    for stage, status, message in (
        ("verification", result.verification, result.verification_message),
        ("rejection", result.rejection, result.rejection_message),
    ):
        if status == "error" and message:
            result.errors.append(f"{stage}: {message}")
    return result


def _names_on_the_page(result: Result, text: str, row: Labelled, pack: Pack, visible: str) -> None:
    """The rejection of names shown on the page but not as its byline: a name from a sentence of the story
    (``story_name``), and one per place of :data:`onpage_names.KINDS` (captions, tag lists, site chrome)."""
    result.story_name = story_name(text, row.url, row.labels)
    if result.story_name is not None:
        result.story_rejection, result.story_rejection_message, _ = byline_verdict(
            text, row.url, pack, result.story_name
        )
        where = "a sentence of the story"
        result.onpage.append(
            OnPage("story", result.story_name, where, result.story_rejection, result.story_rejection_message)
        )
    for kind, (name, where) in onpage_names(text, row.labels, visible).items():
        status, message, _ = byline_verdict(text, row.url, pack, name)
        result.onpage.append(OnPage(kind, name, where, status, message))


# ----------------------------------------------------------------------------------------------------------------
# The report.


def _rate(hits: int, total: int) -> str:
    return f"{hits:>4}/{total:<4} {hits / total:6.1%}" if total else "   -/0"


def _short(value: str | None, width: int = 40) -> str:
    if value is None:
        return "-"
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


def _reason_kinds(message: str) -> list[str]:
    """The reasons in a failing ``byline`` message, without names and places: 'no byline names "X": the byline
    names 'Y' instead; the name appears outside the article (in aside#secondary)' -> ["the byline names … instead",
    "the name appears outside the article"]."""
    head, _, reasons = message.partition(": ")
    if not reasons:
        return [re.sub(r'"[^"]*"', "…", head)]
    quoted = r"""(?:'[^']*'|"[^"]*")"""  # repr() of a name: single quotes, or double when it holds one
    return [re.sub(rf"{quoted}(?:, {quoted})*", "…", reason.split(" (")[0]) for reason in reasons.split("; ")]


def report(results: list[Result], corpus: str, misses: int) -> None:
    kept = [r for r in results if r.excluded is None]
    grades = Counter(r.grade for r in results)
    print(f"byline benchmark — {len(results)} A/B pages (A {grades['A']}, B {grades['B']}) from {corpus}")
    print(f"{'':24}{'all pages':<22}after exclusions ({len(kept)})")
    measures = (
        ("detection   repcheck", lambda r: r.detected_ok, lambda r: True),
        ("detection   trafilatura", lambda r: r.trafilatura_ok, lambda r: True),
        ("verification", lambda r: r.verification == "pass", lambda r: True),
        ("rejection", lambda r: r.rejection == "fail", lambda r: r.wrong is not None),
        ("rejection, story names", lambda r: r.story_rejection == "fail", lambda r: r.story_name is not None),
    )
    for label, right, counted in measures:
        cells = []
        for group in (results, kept):
            pages = [r for r in group if counted(r)]
            cells.append(_rate(sum(bool(right(r)) for r in pages), len(pages)))
        print(f"{label:<24}{cells[0]:<22}{cells[1]}")
    from_metadata = [r for r in kept if r.detected_ok and r.detected_source == "metadata"]
    visible_only = _rate(sum(r.detected_ok for r in kept) - len(from_metadata), len(kept)).strip()
    print(
        f"  (detection: {len(from_metadata)} of the right answers after exclusions come from metadata on pages that "
        f"show no byline; from visible bylines alone: {visible_only})"
    )
    chrome = [r for r in kept if r.chrome_only]
    if chrome:
        rest = [r for r in kept if not r.chrome_only]
        print(
            f"  (verification: {len(chrome)} of the misses are pages that show the author only in site chrome — a "
            f"header, footer, sidebar, menu or comments — or as a photo credit, where the rule says a byline is not; "
            f"without them: {_rate(sum(r.verification == 'pass' for r in rest), len(rest)).strip()}. Listed below.)"
        )
    for group, label in ((results, "all pages"), (kept, "after exclusions")):
        given = [o for r in group for o in r.onpage]
        rates = {
            kind: _rate(sum(o.status == "fail" for o in given if o.kind == kind), sum(o.kind == kind for o in given))
            for kind in ("story", *KINDS)
        }
        by_kind = "; ".join(f"{kind} {rate.strip()}" for kind, rate in rates.items())
        print(
            f"on-page rejection, {label}: {_rate(sum(o.status == 'fail' for o in given), len(given)).strip()} of the "
            f"names shown on {len({r.file for r in group if r.onpage})} pages but not as their byline ({by_kind})"
        )
    no_wrong = sum(r.wrong is None for r in results)
    if no_wrong:
        print(f"  (rejection: no other page's author fitted on {no_wrong} pages)")

    timed = [r for r in results if r.cpu_repcheck and r.cpu_trafilatura]
    if timed:
        ours = sum(r.cpu_repcheck for r in timed) / len(timed) * 1000
        theirs = sum(r.cpu_trafilatura for r in timed) / len(timed) * 1000
        print(
            f"CPU per page ({len(timed)} pages): repcheck parse + detect_reporter {ours:.1f} ms, "
            f"trafilatura extract_metadata {theirs:.1f} ms ({theirs / ours:.1f}x ours)"
        )

    errors = [(r.file, e) for r in results for e in r.errors]
    print(f"errors: {len(errors)}" + (f" on {len({f for f, _ in errors})} pages" if errors else ""))
    for file, message in errors[:5]:
        print(f"  - {file}: {_short(message, 160)}")

    excluded = [r for r in results if r.excluded is not None]
    counts = Counter(r.excluded for r in excluded)
    print(f"\nexcluded: {len(excluded)} pages (" + "; ".join(f"{n} {why}" for why, n in counts.most_common()) + ")")
    for r in excluded:
        detail = f": {REVIEWED[r.file]}" if r.excluded == REVIEWED_REASON else ""
        print(f"  - {r.file}  label {_short(r.label)!r}  {r.excluded}{detail}")

    onpage_passed = [(r, o) for r in results for o in r.onpage if o.status != "fail"]
    print(f"\nnames shown on the page, not as its byline, that did not fail: {len(onpage_passed)}")
    for r, o in onpage_passed:
        print(f"  - {r.file}  given {o.name!r} ({o.kind}: {o.where}), {o.status}: {_short(o.message, 110)}")

    story_passed = [r for r in results if r.story_name is not None and r.story_rejection == "pass"]
    print(f"\nstory names that passed as bylines: {len(story_passed)}")
    for r in story_passed:
        print(f"  - {r.file}  given {r.story_name!r}: {_short(r.story_rejection_message, 100)}")
    passed = [r for r in results if r.rejection == "pass"]
    print(f"\nwrong names that passed (rejection failures): {len(passed)}")
    for r in passed:
        print(f"  - {r.file}  given {r.wrong!r} (label {_short(r.label)!r}): {_short(r.rejection_message, 100)}")
        print(f"      evidence: {_short(r.rejection_snippet, 140)}")

    missed = [r for r in kept if not r.detected_ok]
    nothing = sum(r.detected is None for r in missed)
    print(
        f"\ndetection misses after exclusions: {len(missed)} (repcheck found no one on {nothing}, another name on "
        f"{len(missed) - nothing}; trafilatura right on {sum(r.trafilatura_ok for r in missed)})"
        + (f", first {misses}:" if misses < len(missed) else ":")
    )
    print("  file | label | repcheck | trafilatura")
    for r in missed[:misses]:
        print(f"  - {r.file} | {_short(r.label)} | {_short(r.detected)} | {_short(r.trafilatura)}")

    unverified = [r for r in kept if r.verification != "pass"]
    print(
        f"\nverification misses after exclusions: {len(unverified)}"
        + (f", first {misses}:" if misses < len(unverified) else ":")
    )
    kinds = Counter(kind for r in unverified for kind in set(_reason_kinds(r.verification_message)))
    print("  by repcheck's reason (a page may give several): " + "; ".join(f"{n} {k}" for k, n in kinds.most_common()))
    print("  file | given | repcheck's message")
    for r in unverified[:misses]:
        print(f"  - {r.file} | {r.given} | {_short(r.verification_message, 150)}")
    chrome = [r for r in unverified if r.chrome_only]
    print(
        "\nof which the author is shown only in site chrome or as a photo credit (read without repcheck): "
        f"{len(chrome)}"
    )
    for r in chrome:
        print(f"  - {r.file} | {r.given} | {r.chrome_only}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, help="score only the first N labelled pages (sorted by file)")
    parser.add_argument("--misses", type=int, default=40, help="detection / verification misses to list (default 40)")
    parser.add_argument("--json", type=Path, help="write the per-page results to this file")
    args = parser.parse_args()
    if not (args.corpus / "byline_index.jsonl").is_file():
        print(f"no byline_index.jsonl in {args.corpus}", file=sys.stderr)
        return 2
    try:
        from trafilatura.metadata import extract_metadata
    except ImportError as exc:
        print(f"trafilatura is needed: pip install '.[bench]' lxml_html_clean ({exc})", file=sys.stderr)
        return 2
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)

    pack = load_pack(PACK)
    rows = load_index(args.corpus, args.limit)
    results = [score_page(args.corpus, rows, i, pack, extract_metadata) for i in range(len(rows))]
    report(results, os.path.relpath(args.corpus), args.misses)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nper-page results: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
