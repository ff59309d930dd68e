"""How does a discover run use a Spark cluster? The archive files are partitioned across the executors (one file
a task), the originals' index is broadcast to them once, each task runs :func:`~.archive.scan_archive` — the
same function the local engine runs — and writes its file's findings itself, to ``--parts`` (default
``OUTPUT.parts/``; any path or URL fsspec opens, so that executors on other machines write to shared storage);
the driver merges the parts into the output.

PySpark is optional (``pip install 'repcheck[spark]'``). ``master`` is Spark's (``local[*]``, ``spark://host:7077``,
``yarn``...); under ``spark-submit`` the session it set up is used as it is::

    spark-submit --master yarn "$(python -c 'import checker.discover.submit as s; print(s.__file__)')" \\
        discover s3://bucket/crawl/*.warc.gz --originals originals.jsonl -o found.jsonl --engine spark
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import UsageProblem
from .archive import ArchiveResult, ScanOptions, is_url, scan_archive
from .index import OriginalsIndex
from .run import Engine

__all__ = ["spark_engine"]

PARTS_SUFFIX = ".parts"


def spark_engine(master: str, output: str, parts: str | None = None) -> Engine:
    """The Spark engine for a run writing ``output``; the executors write to ``parts`` (default: beside the
    output; on a cluster, a folder every executor and the driver reach: ``s3://bucket/run/parts``). Parts that a
    killed run finished (their counts written) are taken as they are, so a Spark run resumes per archive file."""

    def run(archives: Sequence[str], index: OriginalsIndex, options: ScanOptions) -> Iterator[ArchiveResult]:
        folder = (parts or output + PARTS_SUFFIX).rstrip("/")
        _makedirs(folder)
        todo = []
        for path in archives:
            finished = _finished(folder, path)
            if finished is None:
                todo.append(path)
            else:
                yield finished
        if todo:
            context = _session(master).sparkContext
            shared = context.broadcast(index)
            tasks = context.parallelize(todo, numSlices=len(todo))
            for path in tasks.map(lambda path: _scan_to_part(path, shared.value, options, folder)).collect():
                finished = _finished(folder, path)
                if finished is None:
                    raise UsageProblem(
                        f"--engine spark: the executors wrote no result for {path} in {folder} (--parts)"
                    )
                yield finished
            shared.unpersist()
            if "PYSPARK_GATEWAY_PORT" not in os.environ:  # a session of our own: its JVM ends with the run
                context.stop()
        _remove_dir(folder)

    return run


def _session(master: str) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageProblem(
            "--engine spark needs PySpark: pip install 'repcheck[spark]' (and a Java runtime, 17 or later)"
        ) from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors run this Python, with repcheck in it
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("repcheck discover")
    if master and "PYSPARK_GATEWAY_PORT" not in os.environ:  # under spark-submit, its --master rules
        builder = builder.master(master)
    try:
        return builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - Spark raises many kinds (Java missing, master unreachable)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UsageProblem(f"--engine spark: Spark could not start ({first})") from None


def _part_path(parts: str, archive: str, kind: str) -> str:
    return f"{parts}/{hashlib.sha1(archive.encode()).hexdigest()}.{kind}"


def _scan_to_part(path: str, index: OriginalsIndex, options: ScanOptions, parts: str) -> str:
    """On an executor: scan one archive file, write its findings, then its counts (the mark of a finished part)."""
    result = scan_archive(path, index, options)
    _write_text(
        _part_path(parts, path, "jsonl"), "".join(json.dumps(line, sort_keys=True) + "\n" for line in result.found)
    )
    _write_text(_part_path(parts, path, "counts.json"), json.dumps(result.counts()))
    return path


def _finished(parts: str, archive: str) -> ArchiveResult | None:
    """The result of a part an executor finished, None when there is none (yet)."""
    try:
        counts = json.loads(_read_text(_part_path(parts, archive, "counts.json")))
        found = _read_text(_part_path(parts, archive, "jsonl"))
    except (OSError, ValueError):
        return None
    result = ArchiveResult(**{k: v for k, v in counts.items() if k != "copies"})
    result.found = [json.loads(line) for line in found.splitlines() if line.strip()]
    return result


def _write_text(path: str, text: str) -> None:
    if is_url(path):
        import fsspec

        with fsspec.open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.replace(temporary, path)  # a retried task's part replaces, never mixes with, the first attempt's


def _read_text(path: str) -> str:
    if is_url(path):
        import fsspec

        with fsspec.open(path, "r", encoding="utf-8") as handle:
            return handle.read()
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _makedirs(path: str) -> None:
    if is_url(path):
        import fsspec

        filesystem, root = fsspec.core.url_to_fs(path)
        filesystem.makedirs(root, exist_ok=True)
    else:
        os.makedirs(path, exist_ok=True)


def _remove_dir(path: str) -> None:
    if is_url(path):
        import fsspec

        filesystem, root = fsspec.core.url_to_fs(path)
        filesystem.rm(root, recursive=True)
        return
    for name in os.listdir(path):
        os.remove(os.path.join(path, name))
    os.rmdir(path)
