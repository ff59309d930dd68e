"""Recognising a licensor's logo by its pixels: decode an image, reduce it to a fingerprint, compare fingerprints.

Needs the optional extra ``logo`` (Pillow, numpy, resvg-py): ``pip install 'repcheck[logo]'``. Importing this
package never fails without it; :func:`available` says whether the extra is there.
"""

from __future__ import annotations

from .compare import Match, best_match, compare
from .fingerprint import Fingerprint, LogoImageError, available, fingerprint_bytes, fingerprint_image

__all__ = [
    "Fingerprint",
    "LogoImageError",
    "Match",
    "available",
    "best_match",
    "compare",
    "fingerprint_bytes",
    "fingerprint_image",
]
