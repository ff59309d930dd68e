"""repcheck: check republished news pages against a licensor's republication terms."""

from __future__ import annotations

__version__ = "0.1.0"
