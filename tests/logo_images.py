"""Images made by code with Pillow for the logo tests and ``benchmarks/logo.py``: logos, their variants, distractors.

Nothing is downloaded or copied: every logo is an emblem (circle, square, triangle, ring, bars) beside or above a
wordmark drawn in DejaVu Sans Bold (Pillow's own default font when DejaVu is not installed), every photo a
gradient with noise and a few blurred shapes.
"""

from __future__ import annotations

import base64
import io
import random
from dataclasses import dataclass, replace
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

DESIGN = (400, 120)  # the drawing's coordinates; the master file is drawn at ZOOM times that, cropped to the logo
ZOOM = 2
EDGE = 6  # margin left around the logo in the master file, in pixels
FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "SVG")
WORDS = (
    "DCNF", "Harbor Post", "Lumen", "Orbit Wire", "Kestrel", "The Ledger", "Nova Daily", "Fjord Press",
    "Civic Eye", "Atlas News", "Quill", "Meridian", "Beacon", "Sparrow", "Tidewater", "Pioneer", "Granite",
    "Northstar", "Echo Media", "Vantage",
)  # fmt: skip
EMBLEMS = ("circle", "square", "triangle", "ring", "bars")
# Colours a reader can see on white and on dark alike (a logo drawn black on a dark page is no logo to anyone).
COLOURS = ((200, 30, 40), (20, 90, 200), (30, 150, 60), (230, 150, 20), (140, 60, 190), (0, 140, 150), (90, 100, 120))


@dataclass(frozen=True)
class Logo:
    """A logo as drawing instructions: Pillow draws it as a raster, :func:`svg` writes it as vector markup."""

    text: str
    emblem: str
    colour: tuple[int, int, int]
    ink: tuple[int, int, int] = (90, 100, 120)
    stacked: bool = False  # emblem above the words instead of beside them


def logos(count: int, seed: int = 1) -> list[Logo]:
    """``count`` distinct logos, the first one the DCNF stand-in."""
    rng = random.Random(seed)
    words = list(WORDS)
    rng.shuffle(words)
    words.remove("DCNF")
    words.insert(0, "DCNF")
    return [
        Logo(
            words[i % len(words)],
            EMBLEMS[i % len(EMBLEMS)],
            COLOURS[i % len(COLOURS)],
            ink=COLOURS[(i * 3 + 2) % len(COLOURS)],
            stacked=i % 4 == 3,
        )
        for i in range(count)
    ]


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def has_dejavu() -> bool:
    return isinstance(_font(40), ImageFont.FreeTypeFont) and "DejaVu" in (_font(40).getname()[0] or "")


def _layout(logo: Logo) -> tuple[tuple[int, int, int, int], tuple[int, int], int]:
    """Emblem box, text origin, font size, in the design's coordinates."""
    if logo.stacked:
        return (170, 6, 230, 60), (200, 90), 34
    return (12, 20, 92, 100), (110, 60), 44


def draw(logo: Logo) -> Image.Image:
    """The master, as a licensor ships it: the logo on a transparent background, cropped to it (bar a margin)."""
    return _canvas(logo).crop(_master_box(logo))


@lru_cache(maxsize=64)
def _master_box(logo: Logo) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = _canvas(logo).getchannel("A").getbbox() or (0, 0, 1, 1)
    return max(0, x0 - EDGE), max(0, y0 - EDGE), x1 + EDGE, y1 + EDGE


def _canvas(logo: Logo) -> Image.Image:
    image = Image.new("RGBA", (DESIGN[0] * ZOOM, DESIGN[1] * ZOOM), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    box, origin, size = _layout(logo)
    box = tuple(v * ZOOM for v in box)  # type: ignore[assignment]
    origin, size = (origin[0] * ZOOM, origin[1] * ZOOM), size * ZOOM
    x0, y0, x1, y1 = box
    if logo.emblem == "circle":
        pen.ellipse(box, fill=logo.colour)
    elif logo.emblem == "square":
        pen.rectangle(box, fill=logo.colour)
    elif logo.emblem == "triangle":
        pen.polygon([(x0, y1), ((x0 + x1) // 2, y0), (x1, y1)], fill=logo.colour)
    elif logo.emblem == "ring":
        pen.ellipse(box, outline=logo.colour, width=12 * ZOOM)
    else:
        for i in range(3):
            left = x0 + i * (x1 - x0) // 3
            pen.rectangle((left, y0, left + (x1 - x0) // 5, y1), fill=logo.colour)
    anchor = "mm" if logo.stacked else "lm"
    pen.text(origin, logo.text, font=_font(size), fill=logo.ink, anchor=anchor)
    return image


def svg(logo: Logo, scale: float = 1.0, background: str | None = None, pad: float = 0) -> bytes:
    """The logo as SVG markup (vector shapes and a ``<text>`` in DejaVu Sans Bold), ``scale`` times the master's
    size, with ``pad`` pixels of the master's around it."""
    mx0, my0, mx1, my1 = (v / ZOOM for v in _master_box(logo))
    w, h = mx1 - mx0, my1 - my0
    pad = pad / ZOOM
    box, origin, size = _layout(logo)
    x0, y0, x1, y1 = box
    fill = "rgb({},{},{})".format(*logo.colour)
    if logo.emblem == "circle":
        cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
        shape = f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" fill="{fill}"/>'
    elif logo.emblem == "square":
        shape = f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="{fill}"/>'
    elif logo.emblem == "triangle":
        shape = f'<polygon points="{x0},{y1} {(x0 + x1) / 2},{y0} {x1},{y1}" fill="{fill}"/>'
    elif logo.emblem == "ring":
        shape = (
            f'<ellipse cx="{(x0 + x1) / 2}" cy="{(y0 + y1) / 2}" rx="{(x1 - x0) / 2 - 6}" ry="{(y1 - y0) / 2 - 6}" '
            f'fill="none" stroke="{fill}" stroke-width="12"/>'
        )
    else:
        step, bar = (x1 - x0) // 3, (x1 - x0) // 5
        shape = "".join(
            f'<rect x="{x0 + i * step}" y="{y0}" width="{bar}" height="{y1 - y0}" fill="{fill}"/>' for i in range(3)
        )
    ink = "rgb({},{},{})".format(*logo.ink)
    anchor = "middle" if logo.stacked else "start"
    if has_dejavu():
        text = (
            f'<text x="{origin[0]}" y="{origin[1]}" font-family="DejaVu Sans" font-weight="bold" font-size="{size}" '
            f'fill="{ink}" text-anchor="{anchor}" dominant-baseline="central">{logo.text}</text>'
        )
    else:  # no DejaVu for the SVG renderer: the wordmark as an embedded raster, as many exported logos are
        words = _b64png(_canvas(replace(logo, emblem="none")))
        text = f'<image x="0" y="0" width="{DESIGN[0]}" height="{DESIGN[1]}" href="data:image/png;base64,{words}"/>'
    x, y, vw, vh = mx0 - pad, my0 - pad, w + 2 * pad, h + 2 * pad
    back = f'<rect x="{x}" y="{y}" width="{vw}" height="{vh}" fill="{background}"/>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{vw * ZOOM * scale:.0f}" height="{vh * ZOOM * scale:.0f}" '
        f'viewBox="{x} {y} {vw} {vh}">{back if background else ""}{shape}{text}</svg>'
    ).encode()


def _b64png(image: Image.Image) -> str:
    return base64.b64encode(encode(image, "PNG")).decode()


def encode(image: Image.Image, fmt: str, quality: int = 85) -> bytes:
    """``image`` in ``fmt`` (JPEG flattened onto white when transparent; GIF with a palette, as converters do)."""
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode == "RGBA":
            image = flatten(image, (255, 255, 255))
        image.convert("RGB").save(out, "JPEG", quality=quality)
    elif fmt == "GIF":
        image.save(out, "GIF")
    else:
        image.save(out, fmt, **({"quality": quality} if fmt == "WEBP" else {}))
    return out.getvalue()


def flatten(image: Image.Image, colour: tuple[int, int, int]) -> Image.Image:
    back = Image.new("RGB", image.size, colour)
    back.paste(image, mask=image.getchannel("A") if image.mode == "RGBA" else None)
    return back


@dataclass(frozen=True)
class Variant:
    """One way a republisher's copy of a logo can differ from the licensor's file, and its encoded bytes."""

    scale: float
    fmt: str
    background: str  # "transparent", "white" or "dark"
    pad: float  # margin on each side, as a share of the logo's size (up to 0.5)
    quality: int
    data: bytes

    def describe(self) -> str:
        return f"{self.fmt} q{self.quality} ×{self.scale:.2f} on {self.background}, padded {self.pad:.0%}"


BACKGROUND_COLOURS = {"white": (255, 255, 255), "dark": (24, 24, 28)}


def variant(logo: Logo, rng: random.Random) -> Variant:
    """A random republisher's copy: rescaled 25–400%, on white/dark/transparent, padded, in any format."""
    scale = 2 ** rng.uniform(-2, 2)
    fmt = rng.choice(FORMATS)
    background = rng.choice(("transparent", "white", "dark"))
    if fmt == "JPEG" and background == "transparent":
        background = "white"
    pad = rng.choice((0.0, 0.0, rng.uniform(0, 0.5)))
    quality = rng.choice((30, 60, 90)) if fmt in ("JPEG", "WEBP") else 100
    if fmt == "SVG":
        colour = None if background == "transparent" else "rgb({},{},{})".format(*BACKGROUND_COLOURS[background])
        data = svg(logo, scale, colour, int(pad * draw(logo).height))
        return Variant(scale, fmt, background, pad, quality, data)
    image = draw(logo)
    if background != "transparent":
        image = flatten(image, BACKGROUND_COLOURS[background]).convert("RGBA")
    if pad:
        margin = int(pad * image.height)
        fill = (0, 0, 0, 0) if background == "transparent" else (*BACKGROUND_COLOURS[background], 255)
        padded = Image.new("RGBA", (image.width + 2 * margin, image.height + 2 * margin), fill)
        padded.paste(image, (margin, margin))
        image = padded
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    image = image.resize(size, Image.Resampling.LANCZOS)
    return Variant(scale, fmt, background, pad, quality, encode(image, fmt, quality))


def photo(rng: random.Random, size: tuple[int, int] = (480, 320)) -> Image.Image:
    """A 'photo': a two-colour gradient, a few soft blobs and rectangles, and noise."""
    w, h = size
    a = [rng.randrange(256) for _ in range(3)]
    b = [rng.randrange(256) for _ in range(3)]
    gradient = Image.linear_gradient("L").resize(size).rotate(rng.uniform(0, 360), expand=False)
    image = Image.composite(Image.new("RGB", size, tuple(a)), Image.new("RGB", size, tuple(b)), gradient)
    pen = ImageDraw.Draw(image)
    for _ in range(rng.randrange(2, 7)):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.randrange(10, max(11, h // 2))
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            pen.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            pen.rectangle((x - r, y - r // 2, x + r, y + r // 2), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 4)))
    noise = Image.effect_noise(size, rng.uniform(10, 60)).convert("RGB")
    return Image.blend(image, noise, rng.uniform(0.05, 0.3))


def distractor(kind: str, rng: random.Random, others: list[Logo], words: list[str]) -> bytes:
    """An image that is not the reference: ``wordmark`` (one of ``words`` with any emblem), ``photo``, ``crop`` (of
    a photo) or ``other`` (a variant of one of ``others``)."""
    if kind == "wordmark":
        text = rng.choice(words) + rng.choice(("", " News", " Media", " Times", " Now"))
        colour, ink = rng.sample(COLOURS, 2)
        logo = Logo(text, rng.choice(EMBLEMS), colour, ink=ink, stacked=rng.random() < 0.3)
        return variant(logo, rng).data
    if kind == "photo":
        size = (rng.randrange(200, 900), rng.randrange(150, 700))
        return encode(photo(rng, size), rng.choice(("JPEG", "PNG", "WEBP")), rng.choice((30, 75, 90)))
    if kind == "crop":
        image = photo(rng, (800, 600))
        w, h = rng.randrange(60, 500), rng.randrange(30, 300)
        x, y = rng.randrange(800 - w), rng.randrange(600 - h)
        return encode(image.crop((x, y, x + w, y + h)), rng.choice(("JPEG", "PNG")), 60)
    return variant(rng.choice(others), rng).data
