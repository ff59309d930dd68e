"""Whether two fingerprints show the same logo, and how sure: the score is the correlation of their views.

Two views match when their trimmed boxes have nearly the same shape (aspect ratios within
:data:`MAX_ASPECT_RATIO` of each other) and either

- their score — a quarter the correlation of their grey images, three quarters that of their details (the images
  less a blurred copy: strokes and letters, which tell one wordmark from another) — is at least
  :data:`MIN_SCORE` and their 64-bit DCT hashes differ in at most :data:`MAX_HASH_DISTANCE` bits; or
- their score is at least :data:`SURE_SCORE` and their hashes differ in at most :data:`SURE_HASH_DISTANCE` bits
  (a hash bit flips when its frequency lies near the median, as in a logo with large flat areas); or
- their hashes nearly agree (:data:`CLOSE_HASH_DISTANCE`), their grey images still correlate at
  :data:`MIN_CLOSE_CORRELATION` and the score is at least :data:`MIN_CLOSE_SCORE`: a small GIF or JPEG whose
  details are lost to its palette or its compression.

The thresholds were chosen by measuring with ``benchmarks/logo.py``'s images: the most variants matched with no
distractor matched, on seeds 7, 11 and 23, then checked on seeds 5 and 31 (not used to choose them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .fingerprint import Fingerprint, View

MIN_SCORE = 0.72
MAX_HASH_DISTANCE = 10
CLOSE_HASH_DISTANCE = 4
MIN_CLOSE_CORRELATION = 0.80
MIN_CLOSE_SCORE = 0.50
SURE_SCORE = 0.95  # a score this high needs no agreement of the hashes beyond SURE_HASH_DISTANCE
SURE_HASH_DISTANCE = 18
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
    alike = (
        (score >= MIN_SCORE and distance <= MAX_HASH_DISTANCE)
        or (score >= SURE_SCORE and distance <= SURE_HASH_DISTANCE)
        or (distance <= CLOSE_HASH_DISTANCE and correlation >= MIN_CLOSE_CORRELATION and score >= MIN_CLOSE_SCORE)
    )
    return score, distance, ratio <= MAX_ASPECT_RATIO and alike


def compare(candidate: Fingerprint, reference: Fingerprint, index: int = 0) -> Match:
    """How well ``candidate`` matches ``reference``; a candidate with all-or-nothing transparency (a GIF) that
    does not is compared again with the reference degraded the same way (:meth:`Fingerprint.degraded_like`)."""
    found = _compare(candidate, reference, index)
    if not found.matches and candidate.hard_alpha:
        degraded = reference.degraded_like(candidate)
        if degraded is not None:
            again = _compare(candidate, degraded, index)
            if again.matches:
                return again
    return found


def _compare(candidate: Fingerprint, reference: Fingerprint, index: int) -> Match:
    """How well ``candidate`` matches ``reference``, on the grid of the reference's shape.

    Both transparent: each background against the same background, and every pair where something is visible
    must match (the score is the lowest): a logo whose words vanish on dark must still match on white. Otherwise
    (the page's copy is flattened already, on an unknown colour): its one view against each of the reference's,
    the best pair decides. Boxes of too different a shape do not match, and are not drawn on a grid to say so.
    """
    ratio = max(candidate.aspect, reference.aspect) / max(min(candidate.aspect, reference.aspect), 1e-6)
    if ratio > MAX_ASPECT_RATIO:
        return Match(index, 0.0, 64, False)
    mine, theirs = candidate.views_for(reference.shape), reference.views
    if len(mine) > 1 and len(theirs) > 1:
        pairs = [(a, b) for a in mine for b in theirs if a.background == b.background]
        seen = [view_score(a, b) for a, b in pairs if not (a.blank or b.blank)]
        if seen:
            score, distance = min(s for s, _, _ in seen), max(d for _, d, _ in seen)
            return Match(index, score, distance, all(m for _, _, m in seen))
    best: Match | None = None
    for a in mine:
        for b in theirs:
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
