"""Pages saved to disk: what does this file (gzip or not, under the size cap) hold, as a browser would read it?"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import BinaryIO

from ..defaults import DEFAULT_MAX_BYTES
from ..encoding import decode_html
from ..sniff import not_html_reason
from ..targets import url_without_scheme
from .limits import READ_SIZE, Inflater
from .outcome import FetchError, too_large


def read_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Read a saved HTML file and decode it with :func:`decode_html` as a browser opens a file (valid UTF-8 is
    UTF-8); return ``(text, encoding)``, the encoding's WHATWG name.

    A gzip file (name ending in ``.gz``, or starting with the gzip magic bytes) is
    decompressed; ``max_bytes`` applies to the decompressed size. Raises
    :class:`FetchError` (never ``OSError``) with ``url`` set to the path: also for bytes that are not a page
    (:mod:`checker.sniff`: "not an HTML page: looks like PDF"), and a missing file whose name is a URL without its
    scheme says so ("file not found — did you mean https://partner.example/story?").
    """
    name = os.fspath(path)
    try:
        if Path(name).is_dir():
            raise FetchError(f"not a file: {name}", url=name)
        with open(name, "rb") as handle:
            is_gzip = name.endswith(".gz") or handle.read(2) == b"\x1f\x8b"
            handle.seek(0)
            body = read_gzip(handle, max_bytes) if is_gzip else handle.read(max_bytes + 1)
    except zlib.error:
        raise FetchError(f"could not decompress {name} (invalid gzip data)", url=name) from None
    except (OSError, ValueError) as exc:
        meant = url_without_scheme(name) if isinstance(exc, FileNotFoundError) else None
        reason = f"file not found — did you mean {meant}?" if meant else file_problem(exc, name)
        raise FetchError(reason, url=name) from None
    if len(body) > max_bytes:
        raise FetchError(too_large("file", max_bytes), url=name)
    binary = not_html_reason(body)
    if binary:
        raise FetchError(binary, url=name)
    return decode_html(body, local=True)


def file_problem(exc: OSError | ValueError, name: str) -> str:
    """Why a file could not be read, in one line (a ValueError is a name ``open`` refuses, such as one with NUL)."""
    if isinstance(exc, FileNotFoundError):
        return f"file not found: {name}"
    if isinstance(exc, IsADirectoryError):
        return f"not a file: {name}"
    if isinstance(exc, PermissionError):
        return f"cannot read {name}: permission denied"
    if isinstance(exc, ValueError):
        return f"invalid file name: {name!r}"
    return f"cannot read {name}: {(exc.strerror or str(exc)).lower()}"


def read_gzip(handle: BinaryIO, max_bytes: int) -> bytes:
    """Decompress a gzip file, stopping as soon as more than ``max_bytes`` have come out."""
    inflater = Inflater("gzip")
    parts: list[bytes] = []
    size = 0
    while size <= max_bytes and not inflater.finished:
        chunk = handle.read(READ_SIZE)
        if not chunk:
            break
        for piece in inflater.feed(chunk):
            parts.append(piece)
            size += len(piece)
            if size > max_bytes:
                break
    return b"".join(parts)
