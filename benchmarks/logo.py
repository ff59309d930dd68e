"""How well and how fast repcheck recognises a logo by its pixels (checker/logo_match), on images it draws itself.

    python benchmarks/logo.py [--logos 6] [--variants 600] [--distractors 2000] [--seed 7] [--audit-pages 200]
                              [--hosts 4] [--rounds 2] [--latency 0]

Everything is generated with Pillow by ``tests/logo_images.py``: ``--logos`` logos (an emblem and a wordmark),
the references being their transparent PNG masters. Variants: each a copy of one logo rescaled 25–400%, in PNG,
JPEG (quality 30, 60 or 90), WebP, GIF or SVG, on a transparent, white or dark background, a third of them padded
with margins of up to half the logo's height; each is compared with its own logo's reference. Distractors, each
compared with every reference: other wordmarks (words no reference uses, any emblem), photos (gradients, shapes,
noise), crops of photos, and variants of logos that are not references.

Prints the share of variants matched (aim: at least 99%), of distractors wrongly matched (aim: 0, never above
0.1%), the lowest score of a variant and the highest of a distractor (the margin around the threshold), and the
CPU time per image (decode, fingerprint, compare with every reference).

``--audit-pages N`` (default 200, 0 to skip): wall time of ``repcheck audit`` over N loopback pages (the fixture
fixtures/logo-pixels/matching-unnamed.html) that each show 5 images, on ``--hosts`` loopback hosts, with and
without ``--logo-reference``, best of ``--rounds``, for four mixes of images (:data:`MIXES`): each site's own
copy of the logo on all its pages and 4 photos per page (as partners publish); that copy uploaded again for each
story (same bytes, new name); a copy of the logo made for each page alone (the worst case for a page that
passes); photos only (a page that fails: every image compared), with the time of fetching those images alone
beside it (what any audit that looks at them must spend more). The aim is a ratio at or below 1.3.
``--latency S`` makes the server answer every request S seconds late, as a network would: without it, loopback
costs no waiting and the audit measures CPU only.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from logo_images import WORDS, distractor, draw, encode, logos, photo, variant  # noqa: E402

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


MIXES = {
    # name: what each page's 5 images are
    "site logo": "each site's own copy of the logo (one file per host, on all its pages) and 4 photos of its own",
    "uploaded again": "the site's copy of the logo uploaded again for each story (same bytes, a name of its own) and "
    "4 photos of its own",
    "logo per page": "a copy of the logo made for this page alone (worst case) and 4 photos of its own",
    "no logo": "5 photos of its own: the page fails, every image is compared",
}


def audit_speed(pages: int, hosts: int, rounds: int, seed: int, latency: float = 0.0) -> None:
    """Wall time of ``repcheck audit`` over ``pages`` loopback pages showing 5 images each, with and without
    ``--logo-reference``, for each mix of images in :data:`MIXES`; best of ``rounds``, the two alternating."""
    import subprocess
    import tempfile

    from loopback_server import Server

    rng = random.Random(seed)
    logo = logos(1, seed)[0]
    fixture = (ROOT / "fixtures" / "logo-pixels" / "matching-unnamed.html").read_text(encoding="utf-8")
    routes: dict[str, bytes] = {}
    site_logos = [variant(logo, rng).data for _ in range(hosts)]
    photo_paths: list[tuple[int, str]] = []  # (host, path) of the "no logo" pages' images
    for mix_index, mix in enumerate(MIXES):
        for i in range(pages):
            names = [f"/img/{mix_index}/{i}-{k}.{'png' if k == 0 and mix != 'no logo' else 'jpg'}" for k in range(5)]
            if mix == "site logo":
                names[0] = f"/img/site-logo-{i % hosts}.png"
                routes[names[0]] = site_logos[i % hosts]
            elif mix == "uploaded again":
                routes[names[0]] = site_logos[i % hosts]
            elif mix == "logo per page":
                routes[names[0]] = variant(logo, rng).data
            for name in names[1:] if mix != "no logo" else names:
                routes[name] = encode(photo(rng, (rng.randrange(300, 900), rng.randrange(200, 600))), "JPEG", 80)
            images = "".join(f'<p><img src="{name}" alt="" width="240" height="160"></p>' for name in names)
            page = fixture.replace('<figure class="wp-block-image">', images + "<figure>")
            if mix == "no logo":
                page = page.replace("IMG_2231.png", "/img/missing.png")
                photo_paths.extend((i % hosts, name) for name in names)
            routes[f"/story/{mix_index}/{i}.html"] = page.encode()
    server = Server(hosts, routes, latency=latency).start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            reference = Path(folder) / "reference.png"
            reference.write_bytes(encode(draw(logo), "PNG"))
            for mix_index, (mix, what) in enumerate(MIXES.items()):
                urls = Path(folder) / "urls.txt"
                urls.write_text(
                    "".join(f"{server.bases[i % hosts]}/story/{mix_index}/{i}.html\n" for i in range(pages))
                )
                base = [sys.executable, "-m", "checker", "audit", str(urls), "-q", "--reporter", "Nick Pope"]
                runs = {"without": base, "with": [*base, "--logo-reference", str(reference)]}
                best = dict.fromkeys(runs, float("inf"))
                passed: dict[str, int] = {}
                for _ in range(rounds):
                    for name, command in runs.items():
                        out = Path(folder) / "out.jsonl"
                        start = time.perf_counter()
                        subprocess.run([*command, "-o", str(out)], check=False, cwd=ROOT)
                        best[name] = min(best[name], time.perf_counter() - start)
                        lines = out.read_text(encoding="utf-8").splitlines()
                        passed[name] = sum('"id": "logo", "status": "pass"' in line for line in lines)
                ratio = best["with"] / best["without"]
                print(
                    f"audit, {mix} ({what}): {best['without']:.2f} s without references, {best['with']:.2f} s with "
                    f"(logo passed {passed['without']} / {passed['with']} of {pages}): ratio {ratio:.2f} (aim <= 1.3)"
                )
                if mix == "no logo":
                    floor = _fetch_time([f"{server.bases[host]}{path}" for host, path in photo_paths])
                    print(
                        f"  the same pages' {len(photo_paths)} images fetched alone, nothing compared (one process, "
                        f"8 at once, 2 per host): {floor:.2f} s, {floor / best['without']:.2f}x the audit without "
                        "references"
                    )
    finally:
        server.stop()


def _fetch_time(urls: list[str]) -> float:
    """Seconds to fetch ``urls`` (once each) with kept-alive sessions, 8 at once and at most 2 per host."""
    import threading
    from concurrent.futures import ThreadPoolExecutor
    from urllib.parse import urlsplit

    import requests

    local = threading.local()
    gates = {urlsplit(u).netloc: threading.Semaphore(2) for u in urls}

    def get(url: str) -> int:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        with gates[urlsplit(url).netloc]:
            return len(session.get(url, timeout=30).content)

    start = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        sum(pool.map(get, urls))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--logos", type=int, default=6)
    parser.add_argument("--variants", type=int, default=600)
    parser.add_argument("--distractors", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--audit-pages", type=int, default=200, help="0: skip the audit measurement")
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds the server waits before each answer")
    args = parser.parse_args()
    if args.variants or args.distractors:
        accuracy(args.logos, args.variants, args.distractors, args.seed)
    if args.audit_pages:
        audit_speed(args.audit_pages, args.hosts, args.rounds, args.seed, args.latency)


if __name__ == "__main__":
    main()
