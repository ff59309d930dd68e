"""Whether two fingerprints show the same logo, and how sure: the score is the correlation of their views.

Two views match when their trimmed boxes have nearly the same shape (aspect ratios within
:data:`MAX_ASPECT_RATIO` of each other) and either

- their score — a quarter the correlation of their grey images, three quarters that of their details (the images
  less a blurred copy: strokes and letters, which tell one wordmark from another) — is at least
  :data:`MIN_SCORE` and their 64-bit DCT hashes differ in at most :data:`MAX_HASH_DISTANCE` bits; or
- their hashes nearly agree (:data:`CLOSE_HASH_DISTANCE`) and their grey images still correlate at
  :data:`MIN_CLOSE_CORRELATION`: a small GIF or JPEG whose details are lost to its palette or its compression.

The thresholds were chosen by measuring, with ``benchmarks/logo.py``: the most variants matched with no
distractor matched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .fingerprint import Fingerprint, View

MIN_SCORE = 0.80
MAX_HASH_DISTANCE = 8
CLOSE_HASH_DISTANCE = 4
MIN_CLOSE_CORRELATION = 0.60
MAX_ASPECT_RATIO = 1.25
DETAIL_WEIGHT = 0.75


@dataclass(frozen=True)
class Match:
    """The best pairing of a candidate with a reference: which reference, the score, and whether it matches."""

    reference: int  # index in the references compared with
    score: float  # the score of the best pair of views (the worst, when every pair must match), -1..1
    hash_distance: int  # bits of 64
    matches: bool


def view_score(a: View, b: View) -> tuple[float, int, bool]:
    """Score, hash distance and verdict of two views."""
    ratio = max(a.aspect, b.aspect) / max(min(a.aspect, b.aspect), 1e-6)
    correlation = float((a.pixels * b.pixels).sum())
    score = (1 - DETAIL_WEIGHT) * correlation + DETAIL_WEIGHT * float((a.detail * b.detail).sum())
    distance = (a.dct_hash ^ b.dct_hash).bit_count()
    alike = (score >= MIN_SCORE and distance <= MAX_HASH_DISTANCE) or (
        distance <= CLOSE_HASH_DISTANCE and correlation >= MIN_CLOSE_CORRELATION
    )
    return score, distance, ratio <= MAX_ASPECT_RATIO and alike


def compare(candidate: Fingerprint, reference: Fingerprint, index: int = 0) -> Match:
    """How well ``candidate`` matches ``reference``.

    Both transparent: each background against the same background, and every pair where something is visible
    must match (the score is the lowest): a logo whose words vanish on dark must still match on white. Otherwise
    (the page's copy is flattened already, on an unknown colour): its one view against each of the reference's,
    the best pair decides.
    """
    if len(candidate.views) > 1 and len(reference.views) > 1:
        pairs = [(a, b) for a in candidate.views for b in reference.views if a.background == b.background]
        seen = [view_score(a, b) for a, b in pairs if not (a.blank or b.blank)]
        if seen:
            score, distance = min(s for s, _, _ in seen), max(d for _, d, _ in seen)
            return Match(index, score, distance, all(m for _, _, m in seen))
    best: Match | None = None
    for a in candidate.views:
        for b in reference.views:
            if a.blank or b.blank:
                continue
            score, distance, matches = view_score(a, b)
            found = Match(index, score, distance, matches)
            if best is None or (found.matches, found.score) > (best.matches, best.score):
                best = found
    return best or Match(index, 0.0, 64, False)


def best_match(candidate: Fingerprint, references: Sequence[Fingerprint]) -> Match | None:
    """The best of ``candidate`` against each reference (None when there are none)."""
    results = [compare(candidate, ref, i) for i, ref in enumerate(references)]
    return max(results, key=lambda m: (m.matches, m.score), default=None)
