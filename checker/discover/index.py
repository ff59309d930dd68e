"""Which of the licensor's originals does a page's text contain? The originals' index: each original's story text
(read with repcheck's page model, as the ``unaltered`` check reads an original), its reporter, and the sampled word
sequences (:mod:`.text`) that point back to it.

An index is saved as JSON Lines (one header line, then one original a line: url, headline, paragraphs, reporter)
so that it can be read by people and reused across runs (``--index FILE``); the lookup table is rebuilt from the
text when it is loaded, which takes a fraction of a second per thousand originals.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..errors import RepcheckError
from ..reporter import OriginalText, Reporter, ReporterSource
from .text import SAMPLE, SHINGLE, sample, text_words

__all__ = ["IndexFileError", "Original", "OriginalsIndex"]

FORMAT = "repcheck-originals-index"
VERSION = 1
MIN_SAMPLED_HITS = 2  # never fewer sampled sequences in common than this for a page to be compared in full
CANDIDATE_SHARE = 0.25  # of an original's sampled sequences found on a page: the page is compared word by word


class IndexFileError(RepcheckError):
    """The index file cannot be read or written: exit 2 with this one line."""


@dataclass(frozen=True)
class Original:
    """One of the licensor's articles: where it is published, its headline, its story paragraphs and the reporter
    its byline names (None when it shows none)."""

    url: str
    headline: str | None
    paragraphs: tuple[str, ...]
    reporter: str | None = None

    def text(self) -> OriginalText:
        """What the ``unaltered`` check knows of it."""
        return OriginalText(self.url, self.headline, self.paragraphs)

    def reporter_of(self) -> Reporter | None:
        """The reporter a copy must credit (from the original's byline), None to detect it on the copy."""
        return Reporter(self.reporter, ReporterSource.ORIGINAL, where=self.url) if self.reporter else None

    def to_dict(self) -> dict[str, object]:
        return {
            "url": self.url,
            "headline": self.headline,
            "paragraphs": list(self.paragraphs),
            "reporter": self.reporter,
        }


@dataclass
class OriginalsIndex:
    """The originals, and for each sampled word-sequence hash the originals that hold it."""

    originals: list[Original] = field(default_factory=list)
    sampled: list[int] = field(default_factory=list)  # by original: how many sequences it has in the sample
    postings: dict[int, list[int]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # why some originals are not in it, one line each

    @classmethod
    def of(cls, originals: Iterable[Original]) -> OriginalsIndex:
        index = cls()
        for original in originals:
            index.add(original)
        return index

    def add(self, original: Original) -> None:
        """Index ``original``; one without enough story words to be found (fewer than a sampled sequence's worth)
        is left out, with the reason in :attr:`skipped`."""
        hashes = sample(text_words(original.paragraphs))
        if not hashes:
            self.skipped.append(f"{original.url}: too little story text to be found ({SHINGLE * SAMPLE}+ words needed)")
            return
        number = len(self.originals)
        self.originals.append(original)
        self.sampled.append(len(hashes))
        for value in hashes:
            self.postings.setdefault(value, []).append(number)

    def candidates(self, hashes: Iterable[int]) -> list[int]:
        """The originals (by number) of which a page with these sampled hashes may carry a large share: at least
        :data:`CANDIDATE_SHARE` of their sampled sequences, and :data:`MIN_SAMPLED_HITS`. Half an original's text
        keeps about half its sequences; the margin is for sampling's chance and for edits inside paragraphs."""
        hits: dict[int, int] = {}
        postings = self.postings
        for value in hashes:
            for number in postings.get(value, ()):
                hits[number] = hits.get(number, 0) + 1
        return sorted(
            number
            for number, count in hits.items()
            if count >= MIN_SAMPLED_HITS and count >= CANDIDATE_SHARE * self.sampled[number]
        )

    def __len__(self) -> int:
        return len(self.originals)

    # -- the file ------------------------------------------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> None:
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                header = {"format": FORMAT, "version": VERSION, "shingle": SHINGLE, "sample": SAMPLE}
                handle.write(json.dumps(header) + "\n")
                for original in self.originals:
                    handle.write(json.dumps(original.to_dict(), ensure_ascii=False) + "\n")
        except OSError as exc:
            raise IndexFileError(f"cannot write the index {os.fspath(path)}: {exc.strerror or exc}") from None

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> OriginalsIndex:
        return cls.of(_read_index(os.fspath(path)))


def _read_index(name: str) -> Iterator[Original]:
    try:
        with open(name, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexFileError(f"cannot read the index {name}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        header = json.loads(lines[0]) if lines else {}
    except ValueError:
        header = {}
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise IndexFileError(f"{name} is not an originals index written by `repcheck discover --index`")
    if header.get("version") != VERSION:
        raise IndexFileError(f"{name}: index version {header.get('version')!r}, this repcheck reads {VERSION}")
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            yield Original(
                str(data["url"]),
                data.get("headline"),
                tuple(str(p) for p in data["paragraphs"]),
                data.get("reporter"),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise IndexFileError(f"{name}:{number}: not an original ({exc})") from None
