"""How do many archive files get searched, without losing work? A discover run: the archive files shared out by an
engine (a local process pool, or Spark: :mod:`.spark`), each file's findings written to the output as one block
when the file is done, then its counts to the progress file ``OUTPUT.done``; progress and a summary on stderr.

``resume``: the archive files already in ``OUTPUT.done`` are not searched again, and any finding of a file that
was not finished (a run killed while writing it) is dropped from the output first. The unit of resumption is the
archive file.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from ..errors import ExitCode, ReportWriteError
from .archive import ArchiveResult, ScanOptions, scan_archive
from .index import OriginalsIndex

__all__ = ["RunSummary", "discover", "done_path", "write_audit_csv"]

DONE_SUFFIX = ".done"
AUDIT_COLUMNS = ("url", "original", "reporter")

# What a worker process of the local engine scans with: set once per process by its initialiser.
_worker: tuple[OriginalsIndex, ScanOptions] | None = None


def done_path(output: str) -> str:
    """The progress file beside ``output``: one line of counts per archive file finished."""
    return output + DONE_SUFFIX


@dataclass
class RunSummary:
    """What a run found and read, over every archive file (those of an earlier run resumed included)."""

    archives: int = 0
    records: int = 0
    pages: int = 0
    copies: int = 0
    uncredited: int = 0
    failed: int = 0  # copies whose report fails (or could not be checked)
    broken: int = 0
    truncated: int = 0
    unreadable: list[str] = field(default_factory=list)  # archive files that could not be opened, with why
    seconds: float = 0.0

    def add(self, result: ArchiveResult) -> None:
        self.archives += 1
        self.records += result.records
        self.pages += result.pages
        self.copies += len(result.found)
        self.uncredited += sum(1 for line in result.found if line["uncredited"])
        self.failed += sum(1 for line in result.found if line["report"]["status"] in ("fail", "error"))
        self.broken += result.broken
        self.truncated += result.truncated
        if result.error:
            self.unreadable.append(result.error)

    def line(self) -> str:
        rate = self.records / self.seconds if self.seconds else 0.0
        text = (
            f"repcheck discover: {self.archives:,} archive {_plural(self.archives, 'file')}, {self.records:,} records "
            f"({self.pages:,} HTML pages), {self.copies:,} copies found ({self.uncredited:,} uncredited, "
            f"{self.failed:,} failing), {rate:,.0f} records/s"
        )
        if self.broken or self.truncated:
            text += (
                f"; {self.broken:,} broken {_plural(self.broken, 'record')} skipped, "
                f"{self.truncated:,} {_plural(self.truncated, 'file')} cut short"
            )
        if self.unreadable:
            count = len(self.unreadable)
            text += f"; {count:,} {_plural(count, 'file')} unreadable (first: {self.unreadable[0]})"
        return text

    def exit_code(self) -> ExitCode:
        """1 when a copy fails the pack; else 3 when some archive or record could not be read; else 0."""
        if self.failed:
            return ExitCode.FAIL
        if self.broken or self.truncated or self.unreadable:
            return ExitCode.ERROR
        return ExitCode.PASS


Engine = Callable[[Sequence[str], OriginalsIndex, ScanOptions], Iterator[ArchiveResult]]


def discover(
    archives: Sequence[str],
    index: OriginalsIndex,
    options: ScanOptions,
    output: str,
    *,
    engine: Engine,
    resume: bool = False,
    progress: IO[str] | None = None,
) -> RunSummary:
    """Search ``archives`` with ``engine``, writing findings to ``output`` and counts to its progress file."""
    summary = RunSummary()
    done = _resume(output, summary) if resume else _fresh(output)
    todo = [path for path in dict.fromkeys(archives) if path not in done]
    started = time.monotonic()
    earlier = summary.seconds
    try:
        with (
            open(output, "a", encoding="utf-8", newline="\n") as found,
            open(done_path(output), "a", encoding="utf-8", newline="\n") as counts,
        ):
            for result in engine(todo, index, options):
                _write(found, (json.dumps(line, ensure_ascii=False, sort_keys=True) for line in result.found))
                _write(counts, [json.dumps(result.counts(), sort_keys=True)])
                summary.add(result)
                summary.seconds = earlier + time.monotonic() - started
                if progress is not None:
                    _progress(progress, summary, len(done) + len(todo))
    except OSError as exc:
        raise ReportWriteError(f"cannot write {output}: {exc.strerror or exc}") from None
    return summary


def _write(handle: IO[str], lines: Iterable[str]) -> None:
    for line in lines:
        handle.write(line + "\n")
    handle.flush()


def _progress(stream: IO[str], summary: RunSummary, total: int) -> None:
    rate = summary.records / summary.seconds if summary.seconds else 0.0
    stream.write(
        f"\rfiles {summary.archives:,}/{total:,}  records {summary.records:,}  copies {summary.copies:,}  "
        f"{rate:,.0f} records/s"
    )
    stream.write("\n" if summary.archives >= total else "")
    stream.flush()


def _fresh(output: str) -> set[str]:
    for path in (output, done_path(output)):
        try:
            with open(path, "w", encoding="utf-8"):
                pass
        except OSError as exc:
            raise ReportWriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    return set()


def _resume(output: str, summary: RunSummary) -> set[str]:
    """The archive files an earlier run finished (their counts added to ``summary``); the output keeps only
    their findings."""
    done: set[str] = set()
    try:
        with open(done_path(output), encoding="utf-8") as handle:
            for line in handle:
                try:
                    data = json.loads(line)
                    result = ArchiveResult(**{k: v for k, v in data.items() if k != "copies"})
                except (ValueError, TypeError):
                    continue  # a line cut short by the end of the earlier run: its file is searched again
                done.add(result.archive)
                summary.add(result)
                summary.copies += data.get("copies", 0)
                summary.seconds += result.seconds
    except FileNotFoundError:
        return done
    except OSError as exc:
        raise ReportWriteError(f"--resume cannot read {done_path(output)}: {exc.strerror or exc}") from None
    kept = [line for line in _lines(output) if line.get("archive") in done]
    summary.uncredited += sum(1 for line in kept if line.get("uncredited"))
    summary.failed += sum(1 for line in kept if (line.get("report") or {}).get("status") in ("fail", "error"))
    temporary = output + ".resume"
    with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
        _write(handle, (json.dumps(line, ensure_ascii=False, sort_keys=True) for line in kept))
    os.replace(temporary, output)
    return done


def _lines(path: str) -> Iterator[dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                try:
                    data = json.loads(line)
                except ValueError:
                    continue
                if isinstance(data, dict):
                    yield data
    except FileNotFoundError:
        return


def write_audit_csv(output: str, path: str) -> int:
    """A CSV of the copies in ``output`` (url, original, reporter) that ``repcheck audit`` reads, to check the
    live pages again. Returns the rows written."""
    rows = 0
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(AUDIT_COLUMNS)
            seen: set[tuple[str, str]] = set()
            for line in _lines(output):
                key = (line.get("url") or "", line.get("original") or "")
                if not key[0] or key in seen:
                    continue
                seen.add(key)
                writer.writerow([*key, (line.get("report") or {}).get("reporter") or ""])
                rows += 1
    except OSError as exc:
        raise ReportWriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    return rows


# -- the local engine: a process pool ------------------------------------------------------------------------------
def local_engine(jobs: int) -> Engine:
    """Archive files scanned ``jobs`` at a time, each by a worker process holding the index (one, in this
    process, for ``jobs`` 1); results as each file is done. On Ctrl-C (or any error) the workers are ended at
    once: the file each was scanning is scanned again by ``--resume``."""

    def run(archives: Sequence[str], index: OriginalsIndex, options: ScanOptions) -> Iterator[ArchiveResult]:
        if jobs <= 1 or len(archives) <= 1:
            for path in archives:
                yield scan_archive(path, index, options)
            return
        pool = multiprocessing.Pool(min(jobs, len(archives)), initializer=_start, initargs=(index, options))
        try:
            yield from pool.imap_unordered(_scan, archives)
        finally:
            pool.terminate()
            pool.join()

    return run


def _start(index: OriginalsIndex, options: ScanOptions) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the workers
    _worker = (index, options)


def _scan(path: str) -> ArchiveResult:
    assert _worker is not None, "the worker was started without its index"
    return scan_archive(path, *_worker)


def progress_stream(quiet: bool) -> IO[str] | None:
    """Standard error for the progress line, when it is a terminal and the run is not quiet."""
    return sys.stderr if not quiet and sys.stderr.isatty() else None


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"
