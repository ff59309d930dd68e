"""What does `repcheck check` check? Targets as given — URLs, files, ``-`` — and folders (a built site) or globs,
expanded into the HTML files they hold, each with the public URL it will have when ``--base-url`` is given."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
_GLOB_CHARS = frozenset("*?[")
# A host name with a dot (labels of letters, digits and hyphens; a top-level label of letters), maybe a port.
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?", re.IGNORECASE)
# Endings that make "name.ending" a file name rather than a host: those of pages and lists people check.
_FILE_ENDINGS = frozenset(
    ("html", "htm", "xhtml", "shtml", "gz", "txt", "csv", "tsv", "json", "xml", "php", "asp", "aspx", "jsp", "md")
)


@dataclass(frozen=True)
class CheckTarget:
    target: str  # a URL, a file path or "-"
    url: str | None = None  # the public URL of a file (--base-url)
    from_folder: bool = False  # found by walking a folder or a glob: a site's page, maybe not a republished story


def is_url(target: str) -> bool:
    return target.lower().startswith(("http://", "https://"))


def url_without_scheme(target: str) -> str | None:
    """The URL a file name that does not exist was probably meant to be (``partner.example/story`` →
    ``https://partner.example/story``), or None: only when its first segment is a host name (a dot in it, and no
    file ending such as ``.html``), so that a missing ``story.html`` stays a missing file."""
    host = target.split("/", 1)[0]
    if "://" in target or "\\" in target or not _HOST.fullmatch(host):
        return None
    if host.rsplit(":", 1)[0].rsplit(".", 1)[1].lower() in _FILE_ENDINGS:
        return None
    return "https://" + target


def expand(targets: Iterable[str], *, base_url: str | None = None) -> Iterator[CheckTarget]:
    """Each target as given, folders and globs expanded to their HTML files (sorted; hidden folders skipped).
    A glob or folder that matches nothing yields nothing here; the caller says so."""
    for target in targets:
        if target == "-" or is_url(target) or "://" in target:
            yield CheckTarget(target)
        elif os.path.isdir(target):
            for path in _html_files(Path(target)):
                yield CheckTarget(str(path), public_url(path, Path(target), base_url), from_folder=True)
        elif _GLOB_CHARS & set(target) and not os.path.exists(target):
            names = sorted(glob.glob(target, recursive=True))
            if not names and url_without_scheme(target):  # "partner.example/story?id=7": a URL, not a glob
                yield CheckTarget(target)
            for name in names:
                if os.path.isfile(name) and name.lower().endswith(HTML_SUFFIXES):
                    root = Path(target.split("*", 1)[0].split("?", 1)[0].split("[", 1)[0] or ".")
                    root = root if root.is_dir() else root.parent
                    yield CheckTarget(name, public_url(Path(name), root, base_url), from_folder=True)
        else:
            yield CheckTarget(target, public_url(Path(target), Path("."), base_url) if base_url else None)


def _html_files(root: Path) -> Iterator[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder) / name for name in files if name.lower().endswith(HTML_SUFFIXES))
    yield from sorted(found)


def public_url(path: Path, root: Path, base_url: str | None) -> str | None:
    """Where a built page will be served: ``base_url`` + its path under ``root``; ``index.html`` is its folder's
    URL (``2024/story/index.html`` → ``https://partner.example/2024/story/``)."""
    if not base_url:
        return None
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        relative = Path(path.name)
    parts = list(relative.parts)
    if parts and parts[-1].endswith(".gz"):
        parts[-1] = parts[-1][:-3]
    if parts and parts[-1].lower() in ("index.html", "index.htm"):
        parts[-1] = ""
    return base_url.rstrip("/") + "/" + "/".join(quote(part) for part in parts)
