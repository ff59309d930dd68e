"""checker/logo_match: a logo recognised by its pixels through the ways a republisher's copy differs, and other
images refused. Every image is drawn here by tests/logo_images.py with Pillow."""

from __future__ import annotations

import random

import pytest
from click.testing import CliRunner
from logo_extra import require_logo_extra

require_logo_extra()

from logo_images import Logo, distractor, draw, encode, flatten, logos, photo, svg  # noqa: E402

from checker.cli import main  # noqa: E402
from checker.logo_match import LogoImageError, best_match, compare, fingerprint_bytes  # noqa: E402

LOGOS = logos(8, seed=3)
REFERENCE = LOGOS[0]


def _copy(logo: Logo, scale: float, fmt: str, background: str = "transparent", pad: int = 0, q: int = 85) -> bytes:
    if fmt == "SVG":
        colour = {"white": "rgb(255,255,255)", "dark": "rgb(24,24,28)"}.get(background)
        return svg(logo, scale, colour, pad)
    image = draw(logo)
    if background != "transparent":
        image = flatten(image, (255, 255, 255) if background == "white" else (24, 24, 28)).convert("RGBA")
    if pad:
        from PIL import Image

        padded = Image.new("RGBA", (image.width + 2 * pad, image.height + 2 * pad), image.getpixel((0, 0)))
        padded.paste(image, (pad, pad))
        image = padded
    image = image.resize((round(image.width * scale), round(image.height * scale)))
    return encode(image, fmt, q)


@pytest.fixture(scope="module")
def reference() -> object:
    return fingerprint_bytes(encode(draw(REFERENCE), "PNG"))


COPIES = {
    "png-same": (1.0, "PNG", "transparent", 0, 85),
    "jpeg-q30-quarter": (0.25, "JPEG", "white", 0, 30),
    "jpeg-q30-4x": (4.0, "JPEG", "white", 0, 30),
    "webp-on-dark": (1.5, "WEBP", "dark", 0, 60),
    "gif-half": (0.5, "GIF", "transparent", 0, 85),
    "png-padded-half-on-white": (1.0, "PNG", "white", 60, 85),
    "svg-on-white": (0.7, "SVG", "white", 0, 85),
    "svg-padded-transparent": (2.0, "SVG", "transparent", 40, 85),
}


@pytest.mark.parametrize("case", COPIES, ids=list(COPIES))
def test_a_copy_of_the_reference_matches(case: str, reference: object) -> None:
    copy = fingerprint_bytes(_copy(REFERENCE, *COPIES[case]))
    found = compare(copy, reference)  # type: ignore[arg-type]
    assert found.matches, f"{case}: score {found.score:.3f}"


def test_other_logos_photos_and_crops_do_not_match(reference: object) -> None:
    rng = random.Random(5)
    others = LOGOS[1:]
    wrong = []
    for kind in ("wordmark", "photo", "crop", "other") * 10:
        data = distractor(kind, rng, others, ["Quill", "Beacon News", "Granite Times"])
        try:
            found = best_match(fingerprint_bytes(data), [reference])  # type: ignore[list-item]
        except LogoImageError:
            continue  # refused as no image at all: not a match either
        if found is not None and found.matches:
            wrong.append((kind, round(found.score, 3)))
    assert wrong == []


def test_a_logo_on_a_page_is_found_among_several_references() -> None:
    references = [fingerprint_bytes(encode(draw(logo), "PNG")) for logo in LOGOS[:4]]
    found = best_match(fingerprint_bytes(_copy(LOGOS[2], 0.6, "JPEG", "white", 10, 60)), references)
    assert found is not None and found.matches and found.reference == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<html><body>not found</body></html>", "not an image"),
        (b"\x89PNG\r\n\x1a\n truncated", "not an image"),
        (
            encode(flatten(draw(Logo("", "none", (255, 255, 255), ink=(255, 255, 255))), (255, 255, 255)), "PNG"),
            "blank",
        ),
    ],
    ids=["html", "truncated-png", "one-colour"],
)
def test_what_cannot_be_fingerprinted_says_why(data: bytes, reason: str) -> None:
    with pytest.raises(LogoImageError, match=reason):
        fingerprint_bytes(data)


def test_fingerprint_command_prints_what_repcheck_computes_and_compares(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "ref.png").write_bytes(encode(draw(REFERENCE), "PNG"))
    (folder / "IMG_2231.jpg").write_bytes(_copy(REFERENCE, 0.5, "JPEG", "white", 20, 30))
    (folder / "photo.jpg").write_bytes(encode(photo(random.Random(2)), "JPEG"))
    runner = CliRunner()
    same = runner.invoke(
        main, ["logo", "fingerprint", str(folder / "IMG_2231.jpg"), "--against", str(folder / "ref.png")]
    )
    assert same.exit_code == 0, same.output
    assert "format JPEG" in same.output and "hash " in same.output and "matches" in same.output
    other = runner.invoke(
        main, ["logo", "fingerprint", str(folder / "photo.jpg"), "--against", str(folder / "ref.png")]
    )
    assert other.exit_code == 1 and "does not match" in other.output
    bad = runner.invoke(main, ["logo", "fingerprint", str(folder / "missing.png")])
    assert bad.exit_code == 3 and "cannot read it" in bad.output and "Traceback" not in bad.output


def test_a_small_transparent_gif_matches_despite_its_halo() -> None:
    # A GIF keeps 1-bit transparency: the antialiased edge of a logo shrunk to a third turns into a halo of opaque
    # pixels around its thin strokes. Meridian at 36% was missed so in benchmarks/logo.py (seed 11) until the
    # reference was also degraded that way (Fingerprint.degraded_like) and the grids softened.
    from PIL import Image

    for logo in logos(6, seed=11):
        image = draw(logo)
        image = image.resize((round(image.width * 0.36), round(image.height * 0.36)), Image.Resampling.LANCZOS)
        found = compare(fingerprint_bytes(encode(image, "GIF")), fingerprint_bytes(encode(draw(logo), "PNG")))
        assert found.matches, (logo.text, found)
