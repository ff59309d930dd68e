"""What repcheck computes from an image to recognise it: decoded, flattened, trimmed, grey, at a fixed size.

The steps, each undoing one way a republisher's copy differs from the licensor's file:

1. decode (Pillow: PNG, JPEG, WebP, GIF, BMP, ICO...; SVG rasterised by resvg), first frame only;
2. flatten transparency onto white and onto a dark grey: a transparent logo is seen on either, so it gets one
   *view* per background (an opaque image has one view);
3. trim uniform margins, repeatedly (a white box padded with dark is trimmed twice), so padding of any size and
   colour does not matter;
4. grey, resized to a grid of about :data:`GRID` × :data:`GRID` pixels shaped like the content (a wordmark five
   times wider than tall gets a grid about 143 × 29: its letters keep their detail), centred and scaled to unit
   length, so brightness, contrast, scale and recompression noise matter little. Grids come in shapes a factor
   :data:`SHAPE_STEP` apart; two images are compared on the grid of the reference's shape, which the other
   computes when first asked (:meth:`Fingerprint.views_for`).

A view carries two measures that :mod:`.compare` combines: the normalised pixels (for correlation) and a 64-bit
DCT hash of them (a perceptual hash, as pHash computes it).
"""

from __future__ import annotations

import functools
import gzip
import io
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..defaults import LOGO_MAX_PIXELS

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image as PILImage

GRID = 64  # side of the normalised grey image the views compare, for a square image (as many pixels otherwise)
SHAPE_STEP = 1.3  # grids' aspect ratios are powers of this: the shape of any two images' a match allows differ by 1
MAX_GRID_ASPECT = 6.0  # the grid of a wider (or taller) image stops widening here
WORK_SIDE = 256  # decoded images are first reduced to fit this box: trimming and resizing stay cheap
DRAFT_SIDE = 128  # a JPEG is decoded at the smallest scale (1/2, 1/4, 1/8) that keeps both sides at least this
BACKGROUNDS = {"white": (255, 255, 255), "dark": (34, 34, 34)}
GRID_SOFTENING = 0.8  # radius of the Gaussian blur applied on the grid
DETAIL_BLUR = 4  # radius of the blur whose difference with the image keeps its strokes and letters
BLANK_NORM = 40.0  # a view whose grey pixels vary less than this (in total) shows nothing
HARD_ALPHA_CUT = 4  # what a GIF encoder keeps opaque: any pixel a shape touches (Pillow keeps alpha above ~0)
MARGIN_TOLERANCE = 40  # a margin pixel differs from the margin colour by at most this much in every channel
_OPAQUE_MODES = ("RGB", "L", "CMYK", "YCbCr", "I", "I;16", "F")  # modes with no transparency of their own
_RESAMPLED_AS_IS = ("RGB", "RGBA", "L", "LA", "RGBa", "La")  # modes Pillow resizes without converting them
_SVG_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]", re.S | re.I)


class LogoImageError(Exception):
    """An image that cannot be fingerprinted, with a one-line reason ("not an image", "blank image")."""


def available() -> bool:
    """Whether the optional extra ``logo`` (Pillow, numpy, resvg-py) is installed."""
    try:
        import numpy  # noqa: F401
        import PIL.Image  # noqa: F401
        import resvg_py  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True, eq=False)
class View:
    """The image as seen on one background: trimmed, grey, on the grid of one shape, zero mean and unit length."""

    background: str
    aspect: float  # width / height of the trimmed box
    shape: int  # the grid's shape: its aspect ratio is SHAPE_STEP ** shape
    pixels: np.ndarray  # the grey image on the grid (float32), centred, unit length
    detail: np.ndarray  # the same less a blurred copy (strokes, letters), unit length
    dct_hash: int  # 64 bits
    blank: bool = False  # nothing to see on this background (dark ink on dark): no evidence either way

    @property
    def hash_hex(self) -> str:
        return f"{self.dct_hash:016x}"


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """What repcheck knows of one image: its decoded size and format, and its trimmed content on each background
    it may be on, from which views on a grid of any shape are made (and kept) when a comparison asks for them."""

    width: int
    height: int
    format: str
    trimmed: tuple[int, int]  # size of the content once margins are trimmed (on the first background)
    contents: tuple[tuple[str, PILImage.Image], ...]  # (background, trimmed content flattened on it)
    hard_alpha: bool = False  # all-or-nothing transparency (a GIF's) at its own size: see degraded_like
    original: PILImage.Image | None = field(default=None, repr=False)  # decoded, kept when its edges are soft
    work_scale: float = 1.0  # the size trimmed was measured at, as a share of the original's
    _views: dict[int, tuple[View, ...]] = field(default_factory=dict, repr=False)

    @property
    def aspect(self) -> float:
        return self.trimmed[0] / self.trimmed[1]

    @property
    def shape(self) -> int:
        """The grid shape of this image's own aspect ratio."""
        return grid_shape(self.aspect)

    @property
    def views(self) -> tuple[View, ...]:
        """The views on the grid of the image's own shape."""
        return self.views_for(self.shape)

    def views_for(self, shape: int) -> tuple[View, ...]:
        """One view per background on the grid of ``shape`` (made once, then kept)."""
        found = self._views.get(shape)
        if found is None:
            found = self._views[shape] = tuple(_view(name, content, shape) for name, content in self.contents)
        return found

    def degraded_like(self, copy: Fingerprint) -> Fingerprint | None:
        """This image (a reference with soft, anti-aliased edges) made as ``copy`` was: drawn at its size with an
        all-or-nothing transparency, as saving it as a GIF does. Such a file keeps no coverage: every pixel a
        letter touches turns opaque, so a small copy's strokes are bolder than the reference's by a pixel a side,
        which no comparison at a common size undoes. None when this image has no soft edges to lose."""
        if self.original is None or not copy.hard_alpha:
            return None
        from PIL import Image

        factor = (copy.trimmed[0] + copy.trimmed[1]) / (self.trimmed[0] + self.trimmed[1]) * self.work_scale
        size = (max(1, round(self.original.width * factor)), max(1, round(self.original.height * factor)))
        drawn = self.original.convert("RGBA").resize(size, Image.Resampling.LANCZOS)
        drawn.putalpha(drawn.getchannel("A").point(lambda v: 255 if v > HARD_ALPHA_CUT else 0))
        try:
            return fingerprint_image(drawn, self.format)
        except LogoImageError:
            return None

    def describe(self) -> list[str]:
        lines = [
            f"format {self.format}, {self.width}×{self.height} px, content {self.trimmed[0]}×{self.trimmed[1]} px",
        ]
        for view in self.views:
            seen = "nothing visible" if view.blank else f"hash {view.hash_hex}"
            lines.append(f"on {view.background}: aspect {view.aspect:.3f}, {seen}")
        return lines


def grid_shape(aspect: float) -> int:
    """The grid shape for an aspect ratio: the nearest power of SHAPE_STEP (clamped to MAX_GRID_ASPECT)."""
    limit = math.log(MAX_GRID_ASPECT) / math.log(SHAPE_STEP)
    return round(max(-limit, min(limit, math.log(max(aspect, 1e-6)) / math.log(SHAPE_STEP))))


def grid_size(shape: int) -> tuple[int, int]:
    """Width and height of the grid of ``shape``: about GRID² pixels, shaped SHAPE_STEP ** shape."""
    root = math.sqrt(SHAPE_STEP**shape)
    return max(8, round(GRID * root)), max(8, round(GRID / root))


def fingerprint_bytes(data: bytes) -> Fingerprint:
    """The fingerprint of an encoded image (any format Pillow reads, or SVG); :class:`LogoImageError` if none."""
    _require()
    svg = _svg_text(data)
    if svg is not None:
        return fingerprint_image(_rasterise(svg), "SVG")
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        fmt = image.format or "image"
        if image.width * image.height > LOGO_MAX_PIXELS:
            raise LogoImageError(f"image too large to compare ({image.width}×{image.height} px)")
        size = image.size  # as the file says, before a draft decodes it smaller
        image.draft("RGB", (DRAFT_SIDE, DRAFT_SIDE))  # JPEG decodes at a fraction of its size, much faster
        image.seek(0)
        image.load()
    except LogoImageError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, EOFError, SyntaxError) as exc:
        raise LogoImageError(f"not an image Pillow can read ({_first_line(exc)})") from None
    return fingerprint_image(image, fmt, size)


def fingerprint_image(image: PILImage.Image, fmt: str = "image", size: tuple[int, int] | None = None) -> Fingerprint:
    """The fingerprint of a decoded image: the seam for pixels that come from elsewhere (a rendered screenshot).
    ``size``: the image's size in its file, when it was decoded smaller."""
    _require()
    from PIL import Image

    width, height = image.size
    if width < 1 or height < 1:
        raise LogoImageError("empty image")
    file_size = size or (width, height)
    original = image
    opaque = image.mode in _OPAQUE_MODES and "transparency" not in image.info  # a photo, a JPEG: one view
    if image.mode not in _RESAMPLED_AS_IS:  # a palette, CMYK...: converted first, as Pillow cannot resize them
        image = image.convert("RGB" if opaque else "RGBA")
    if max(image.size) > WORK_SIDE:
        # Reduced before any other conversion: converting the full size costs more than all the rest.
        image = image.copy() if image is original else image
        image.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.BOX)
    work_size = image.size
    if opaque:
        transparent, soft_edges, flats = False, False, [("white", image.convert("RGB"))]
    else:
        transparent, soft_edges, flats = _flattened(image)
    # One box for every view, found on the first background where something shows: the views of one logo keep
    # the same shape even where a background hides part of it (dark ink on dark).
    box = next((b for b in (_trimmed(flat) for _, flat in flats) if b is not None), None)
    if box is None:
        raise LogoImageError("blank image (one colour, nothing to recognise)")
    contents = tuple((name, flat.crop(box)) for name, flat in flats)
    trimmed = (box[2] - box[0], box[3] - box[1])
    return Fingerprint(
        file_size[0],
        file_size[1],
        fmt,
        trimmed,
        contents,
        hard_alpha=transparent and not soft_edges and (width, height) == work_size,
        original=original if soft_edges else None,
        work_scale=work_size[0] / width,
    )


def _flattened(image: PILImage.Image) -> tuple[bool, bool, list[tuple[str, PILImage.Image]]]:
    """An image that may be transparent flattened onto each background it may be seen on: whether it is
    transparent, whether its edges are soft (anti-aliased), and the flattened images."""
    from PIL import Image

    rgba = image.convert("RGBA")
    # First the box where the image is (nearly) opaque: a transparent logo's extent, or an SVG drawn inside
    # see-through letterbox strips (its viewBox and its size disagree in shape).
    solid = rgba.getchannel("A").point(lambda v: 255 if v > 200 else 0).getbbox()
    if solid is None:
        raise LogoImageError("blank image (fully transparent)")
    rgba = rgba.crop(solid)
    alpha = rgba.getchannel("A")
    # Transparent when a real share of it is: a rasterised SVG's rounding leaves a see-through edge of 1 px.
    histogram = alpha.histogram()
    see_through = sum(histogram[:250]) / (alpha.width * alpha.height)
    backgrounds = list(BACKGROUNDS.items()) if see_through >= 0.02 else [("white", BACKGROUNDS["white"])]
    transparent = see_through >= 0.02
    soft_edges = transparent and any(histogram[1:255])
    flats = []
    for name, colour in backgrounds:
        flat = Image.new("RGB", rgba.size, colour)
        flat.paste(rgba, mask=alpha)
        flats.append((name, flat))
    return transparent, soft_edges, flats


def _view(background: str, content: PILImage.Image, shape: int) -> View:
    import numpy as np
    from PIL import ImageFilter

    size = grid_size(shape)
    grey = content.convert("L").resize(size, _resampling(content, size))
    # Softened a little: a small copy's edges fall a fraction of a pixel away from the reference's, and its
    # compression or palette leaves speckle; unsoftened, both read as different detail.
    grey = grey.filter(ImageFilter.GaussianBlur(GRID_SOFTENING))
    pixels = np.asarray(grey, dtype=np.float32)
    blurred = np.asarray(grey.filter(ImageFilter.BoxBlur(DETAIL_BLUR)), dtype=np.float32)
    centred, blank = _unit(pixels - pixels.mean())
    detail, _ = _unit(pixels - blurred)
    aspect = content.width / content.height
    return View(background, aspect, shape, centred, detail, _dct_hash(centred), blank)


def _unit(values: np.ndarray) -> tuple[np.ndarray, bool]:
    """``values`` scaled to unit length, and whether they were (nearly) all zero: nothing to see."""
    import numpy as np

    norm = float(np.linalg.norm(values))
    return (np.zeros_like(values), True) if norm < BLANK_NORM else (values / norm, False)


def _resampling(content: PILImage.Image, size: tuple[int, int]) -> Any:
    from PIL import Image

    shrunk = content.width >= size[0] and content.height >= size[1]
    return Image.Resampling.BOX if shrunk else Image.Resampling.BILINEAR


def _trimmed(image: PILImage.Image) -> tuple[int, int, int, int] | None:
    """The box left once uniform margins are cut, repeatedly (padding inside padding); None if nothing is left.

    An image whose four edges each hold a pixel unlike the margin colour has nothing to trim (a photo): that is
    seen on its border alone. Otherwise Pillow's own operations do the per-pixel work (difference from the margin
    colour, its largest channel, a threshold, the bounding box)."""
    import numpy as np
    from PIL import Image, ImageChops

    left, top = 0, 0
    part = image
    for _ in range(3):
        pixels = np.asarray(part)
        edges = [pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]]
        margin = _margin_colour(edges)
        if all(_has_ink(edge, margin) for edge in edges):
            break
        difference = ImageChops.difference(part, Image.new("RGB", part.size, margin))
        red, green, blue = difference.split()
        ink = ImageChops.lighter(ImageChops.lighter(red, green), blue).point(_INK_LUT)
        box = ink.getbbox()
        if box is None:
            return None
        if box == (0, 0, part.width, part.height):
            break
        left, top = left + box[0], top + box[1]
        part = part.crop(box)
    return left, top, left + part.width, top + part.height


_INK_LUT = [255 if v > MARGIN_TOLERANCE else 0 for v in range(256)]  # differs from the margin colour


def _has_ink(edge: np.ndarray, margin: tuple[int, int, int]) -> bool:
    """Whether a line of pixels holds one that differs from the margin colour (by more than the tolerance)."""
    import numpy as np

    return bool((np.abs(edge.astype(np.int16) - np.array(margin, dtype=np.int16)).max(axis=1) > MARGIN_TOLERANCE).any())


def _margin_colour(edges: list[np.ndarray]) -> tuple[int, int, int]:
    """The colour most common along the image's border (its padding, when it has one)."""
    import numpy as np

    border = np.concatenate(edges).astype(np.int32)
    quantised = (border // 16) @ np.array([256, 16, 1])
    counts = np.bincount(quantised, minlength=4096)
    common = border[quantised == counts.argmax()]
    r, g, b = (int(v) for v in np.median(common, axis=0))
    return r, g, b


@functools.lru_cache(maxsize=64)
def _dct_matrix(n: int) -> np.ndarray:
    """The first 8 rows of the DCT-II matrix of size ``n``."""
    import numpy as np

    k = np.arange(n)
    return np.cos(np.pi * (2 * k[None, :] + 1) * k[:8, None] / (2 * n)).astype(np.float32)


def _dct_hash(pixels: np.ndarray) -> int:
    """pHash: the 8×8 lowest frequencies of the image's DCT (DC left out), each above or below their median."""
    import numpy as np

    rows, cols = pixels.shape
    freq = (_dct_matrix(rows) @ pixels @ _dct_matrix(cols).T).flatten()[1:]
    bits = freq > np.median(freq)
    return int(sum(1 << i for i, bit in enumerate(bits) if bit))


def _svg_text(data: bytes) -> str | None:
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data[:5_000_000])
        except (OSError, EOFError):
            return None
    if not _SVG_START.match(data[:4096].lstrip(b"\xef\xbb\xbf")):
        return None
    return data.decode("utf-8", "replace")


def _rasterise(svg: str) -> PILImage.Image:
    import resvg_py
    from PIL import Image

    try:
        png = resvg_py.svg_to_bytes(svg_string=svg, width=WORK_SIDE)  # the width it would be reduced to anyway
    except (ValueError, RuntimeError) as exc:
        raise LogoImageError(f"SVG that cannot be drawn ({_first_line(exc)})") from None
    image = Image.open(io.BytesIO(bytes(png)))
    image.load()
    return _without_rounding_edge(image)


def _without_rounding_edge(image: PILImage.Image) -> PILImage.Image:
    """Drops a last row or column that is partly see-through where the one before it is opaque: drawing an SVG at
    a size its own does not divide leaves such an edge, which would hide an opaque background from trimming."""
    import numpy as np

    alpha = np.asarray(image.getchannel("A"))
    right, bottom = alpha.shape[1], alpha.shape[0]
    if bottom > 2 and alpha[-1].min() < 255 and alpha[-2].min() == 255:
        bottom -= 1
    if right > 2 and alpha[:, -1].min() < 255 and alpha[:bottom, -2].min() == 255:
        right -= 1
    return image.crop((0, 0, right, bottom)) if (right, bottom) != image.size else image


def _require() -> None:
    if not available():
        raise LogoImageError("comparing logos by their pixels needs the extra: pip install 'repcheck[logo]'")


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:160]
