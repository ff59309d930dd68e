"""How well and how fast repcheck recognises a logo by its pixels (checker/logo_match), on images it draws itself.

    python benchmarks/logo.py [--logos 6] [--variants 600] [--distractors 2000] [--seed 7] [--audit-pages 40]

Everything is generated with Pillow by ``tests/logo_images.py``: ``--logos`` logos (an emblem and a wordmark),
the references being their transparent PNG masters. Variants: each a copy of one logo rescaled 25–400%, in PNG,
JPEG (quality 30, 60 or 90), WebP, GIF or SVG, on a transparent, white or dark background, a third of them padded
with margins of up to half the logo's height; each is compared with its own logo's reference. Distractors, each
compared with every reference: other wordmarks (words no reference uses, any emblem), photos (gradients, shapes,
noise), crops of photos, and variants of logos that are not references.

Prints the share of variants matched (aim: at least 99%), of distractors wrongly matched (aim: 0, never above
0.1%), the lowest score of a variant and the highest of a distractor (the margin around the threshold), and the
CPU time per image (decode, fingerprint, compare with every reference).

``--audit-pages N`` (0 to skip): wall time of ``repcheck audit`` over N loopback pages that each show 5 images,
with and without ``--logo-reference``; the ratio must stay at or below 1.3.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from logo_images import WORDS, distractor, draw, encode, logos, variant  # noqa: E402

from checker.logo_match import best_match, fingerprint_bytes  # noqa: E402
from checker.logo_match.fingerprint import LogoImageError  # noqa: E402

DISTRACTOR_KINDS = ("wordmark", "photo", "crop", "other")


def accuracy(n_logos: int, n_variants: int, n_distractors: int, seed: int) -> None:
    rng = random.Random(seed)
    all_logos = logos(n_logos * 2, seed)
    references_logos, other_logos = all_logos[:n_logos], all_logos[n_logos:]
    references = [fingerprint_bytes(encode(draw(logo), "PNG")) for logo in references_logos]
    free_words = [w for w in WORDS if w not in {logo.text for logo in all_logos}]

    cpu = 0.0
    matched, missed = 0, []
    lowest = 1.0
    for i in range(n_variants):
        index = i % n_logos
        v = variant(references_logos[index], rng)
        start = time.process_time()
        try:
            found = best_match(fingerprint_bytes(v.data), references)
        except LogoImageError as exc:
            missed.append(f"{references_logos[index].text}: {v.describe()}: {exc}")
            continue
        finally:
            cpu += time.process_time() - start
        assert found is not None
        if found.matches and found.reference == index:
            matched += 1
            lowest = min(lowest, found.score)
        else:
            missed.append(
                f"{references_logos[index].text}: {v.describe()}: score {found.score:.3f} d{found.hash_distance}"
            )

    wrong: list[str] = []
    highest = -1.0
    per_kind = dict.fromkeys(DISTRACTOR_KINDS, 0)
    for i in range(n_distractors):
        kind = DISTRACTOR_KINDS[i % len(DISTRACTOR_KINDS)]
        data = distractor(kind, rng, other_logos, free_words)
        start = time.process_time()
        try:
            found = best_match(fingerprint_bytes(data), references)
        except LogoImageError:
            continue  # refused as no image: not a match
        finally:
            cpu += time.process_time() - start
        assert found is not None
        highest = max(highest, found.score)
        if found.matches:
            per_kind[kind] += 1
            wrong.append(f"{kind} matched {references_logos[found.reference].text} ({found.score:.3f})")

    total = n_variants + n_distractors
    print(f"variants matched:      {matched}/{n_variants} = {matched / n_variants:.2%} (aim >= 99%)")
    print(
        f"distractors matched:   {len(wrong)}/{n_distractors} = {len(wrong) / n_distractors:.3%} (aim 0, never > 0.1%)"
        f"  by kind {per_kind}"
    )
    print(f"lowest variant score {lowest:.3f}, highest distractor score {highest:.3f}")
    print(f"CPU per image: {cpu / total * 1000:.1f} ms (decode, fingerprint, compare with {n_logos} references)")
    for line in (missed + wrong)[:15]:
        print("  ", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--logos", type=int, default=6)
    parser.add_argument("--variants", type=int, default=600)
    parser.add_argument("--distractors", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    accuracy(args.logos, args.variants, args.distractors, args.seed)


if __name__ == "__main__":
    main()
