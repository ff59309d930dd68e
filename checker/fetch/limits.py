"""Limits: how long, how large and how many redirects may one fetch take (decompressing in bounded steps)?"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from .. import __version__

USER_AGENT = f"repcheck/{__version__} (+https://pypi.org/project/repcheck/; republication compliance checker)"
MAX_REDIRECTS = 10
READ_SIZE = 65_536  # most bytes taken from the socket per read (a read returns what has arrived)
INFLATE_STEP = 65_536  # most bytes one decompression step may produce


class Inflater:
    """Undo a gzip or deflate Content-Encoding in bounded steps.

    No step produces more than ``INFLATE_STEP`` bytes, so a small compressed body cannot
    expand far past the size cap before the cap is checked.
    """

    def __init__(self, coding: str):
        self.gzip = coding in ("gzip", "x-gzip")
        # For deflate, whether the stream is zlib-wrapped or raw is known from its first two bytes.
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS) if self.gzip else None
        self._head = b""
        self._members = 0  # complete gzip members seen
        self.finished = False  # True once the compressed stream has ended; later bytes are ignored

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Yield the decompressed pieces of ``data``. Raises ``zlib.error`` on corrupt data."""
        if self._z is None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            zlib_wrapped = data[0] & 0x0F == 8 and int.from_bytes(data[:2], "big") % 31 == 0
            self._z = zlib.decompressobj(zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS)
        while not self.finished:
            try:
                piece = self._z.decompress(data, INFLATE_STEP)
            except zlib.error:
                if self._members:  # bytes after a complete gzip member are ignored, as browsers do
                    self.finished = True
                    return
                raise
            if piece:
                yield piece
            if self._z.eof:
                data = self._z.unused_data
                if not self.gzip:
                    self.finished = True
                    return
                self._members += 1  # another gzip member may follow
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
            else:
                data = self._z.unconsumed_tail
                if not data and len(piece) < INFLATE_STEP:
                    return  # everything given has been decompressed
