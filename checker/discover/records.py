"""What records does a WARC file hold, and which of them cannot be read?

warcio parses a record well, but on a damaged file it prints zlib's complaint and stops, or reads a record cut
short as if it were whole, and says nothing a caller can count. So the file is cut into records here — one gzip
member a record (as Common Crawl and the Internet Archive write ``.warc.gz``), or, uncompressed, a ``WARC/1.x``
header block and its ``Content-Length`` of bytes — and warcio parses each record's bytes alone. A member that does
not decompress, or a header block that is not a WARC record's, is a broken record: counted, and reading goes on at
the next record start the file holds. A file that ends inside a record was cut short.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

__all__ = ["Chunk", "split_records"]

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
_READ = 1 << 16
_MAX_HEADER = 1 << 16  # a WARC header block longer than this is no header block


@dataclass(frozen=True)
class Chunk:
    """One record's bytes (decompressed) and where it starts in the file; or, with ``problem``, why the bytes
    from ``offset`` on are no record: ``"broken"`` (reading goes on after it) or ``"truncated"`` (the file ends)."""

    offset: int
    data: bytes = b""
    problem: str | None = None


def split_records(stream: IO[bytes]) -> Iterator[Chunk]:
    """The records of ``stream``, a WARC file gzipped per record or not compressed at all."""
    start = stream.read(len(GZIP_MAGIC))
    stream.seek(0)
    return _members(stream) if start == GZIP_MAGIC else _plain(stream)


def _members(stream: IO[bytes]) -> Iterator[Chunk]:
    offset = 0
    pending = stream.read(_READ)  # the file's bytes from ``offset`` on, read but not yet used
    while pending:
        if len(pending) < len(GZIP_MAGIC):
            more = stream.read(_READ)
            if more:
                pending += more
                continue
        if not pending.startswith(GZIP_MAGIC):  # bytes that start no member: broken up to the next one
            found = _find(stream, pending, offset, GZIP_MAGIC, skip=1)
            yield Chunk(offset, problem="broken" if found is not None else "truncated")
            if found is None:
                return
            offset, pending = found
            continue
        member = zlib.decompressobj(wbits=31)
        parts: list[bytes] = []
        used = 0
        try:
            while not member.eof:
                if not pending:
                    yield Chunk(offset, problem="truncated")
                    return
                parts.append(member.decompress(pending))
                used += len(pending) - len(member.unused_data)
                pending = member.unused_data if member.eof else stream.read(_READ)
        except zlib.error:
            found = _find(stream, b"", offset + 1, GZIP_MAGIC)
            yield Chunk(offset, problem="broken" if found is not None else "truncated")
            if found is None:
                return
            offset, pending = found
            continue
        yield Chunk(offset, b"".join(parts))
        offset += used
        if not pending:
            pending = stream.read(_READ)


def _plain(stream: IO[bytes]) -> Iterator[Chunk]:
    offset = 0
    while True:
        stream.seek(offset)
        head = stream.read(_MAX_HEADER)
        skipped = len(head) - len(head.lstrip(b"\r\n"))
        head = head[skipped:]
        offset += skipped
        if not head:
            return
        end = head.find(b"\r\n\r\n")
        length = _content_length(head[:end]) if head.startswith(WARC_MAGIC) and end != -1 else None
        if length is None:
            found = _find(stream, b"", offset + 1, b"\n" + WARC_MAGIC)
            yield Chunk(offset, problem="broken" if found is not None else ("truncated" if end == -1 else "broken"))
            if found is None:
                return
            offset = found[0] + 1
            continue
        size = end + 4 + length
        stream.seek(offset)
        data = stream.read(size)
        if len(data) < size:
            yield Chunk(offset, problem="truncated")
            return
        yield Chunk(offset, data)
        offset += size


def _content_length(header: bytes) -> int | None:
    for line in header.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            try:
                return int(value.strip())
            except ValueError:
                return None
    return None


def _find(stream: IO[bytes], data: bytes, offset: int, marker: bytes, skip: int = 0) -> tuple[int, bytes] | None:
    """The next ``marker`` at or after ``offset`` (``data`` being the bytes already read from there; ``skip``
    of them passed over first): its offset and the bytes read from it, or None at the end of the file."""
    position = offset
    at = data.find(marker, skip)
    while at == -1:
        stream.seek(position + len(data))
        more = stream.read(_READ)
        if not more:
            return None
        keep = max(len(data) - len(marker), 0)
        position += keep
        data = data[keep:] + more
        at = data.find(marker)
    stream.seek(position + len(data))
    return position + at, data[at:]
