"""Which of a page's images show the reference logo? The engine asks :class:`LogoEyes` once per page, before the
checks run; the ``logo`` check only reads the answer (:class:`PageLogos`) from its context.

References (files, or URLs fetched once per run) and the page's images are fetched by the fetch layer
(:func:`checker.fetch.fetch_resource`: the run's timeout, user agent and session, redirects, a size cap of
:data:`~checker.defaults.LOGO_MAX_IMAGE_BYTES`), at most :data:`~checker.defaults.LOGO_MAX_IMAGES` per page,
concurrently but never more than :data:`~checker.defaults.DEFAULT_PER_HOST` at once per host (an audit's
``--per-host``, counted over its worker processes: :mod:`checker.fetch.host_gates`).

With ``--render``, the images' boxes as the browser drew them (PNG screenshots, see :mod:`checker.render.session`)
are compared instead of their files: the same comparison, without a fetch.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_to_bytes, urlsplit

from ..defaults import DEFAULT_PER_HOST, LOGO_MAX_IMAGE_BYTES, LOGO_MAX_IMAGES, LOGO_MIN_DRAWN_PX
from ..fetch import FetchError, fetch_resource
from ..fetch.host_gates import Gates, HostGates
from ..page.walk import shot_of
from ..urls import absolute
from .compare import best_match
from .fingerprint import Fingerprint, LogoImageError, available, fingerprint_bytes

if TYPE_CHECKING:
    from ..page import Image, Page


@dataclass(frozen=True)
class Sighting:
    """One image of the page compared with the references: its URL, size in pixels, score and verdict."""

    url: str
    width: int
    height: int
    score: float
    matches: bool
    reference: str  # the reference it was closest to

    def describe(self) -> str:
        return f"{self.url[:160]}, {self.width}×{self.height} px, score {self.score:.2f}"


@dataclass(frozen=True)
class PageLogos:
    """What the page's images showed: sightings by image URL, and images that could not be compared (why)."""

    references: tuple[str, ...]
    sightings: dict[str, Sighting] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    unread: tuple[str, ...] = ()  # references that could not be read, and why: the page is judged without them

    def of(self, image: Image) -> Sighting | None:
        number = shot_of(image.element)
        if number is not None and f"{SHOT_KEY}{number}" in self.sightings:
            return self.sightings[f"{SHOT_KEY}{number}"]
        return next((self.sightings[u] for u in image.urls if u in self.sightings), None)


SHOT_KEY = "shot:"  # a screenshot's key among a page's sightings: SHOT_KEY and its number
SEEN_IMAGES = 2048  # image URLs whose comparison a run remembers (then it starts afresh)
IMAGE_THREADS = 8  # images fetched and compared at once, over all the pages a process checks


class LogoEyes:
    """One run's reference logos (read once, on first use) and the means to compare a page's images with them."""

    def __init__(
        self,
        references: Sequence[str],
        *,
        timeout: float,
        user_agent: str | None = None,
        session: Any = None,
        gates: Gates | None = None,
        original_logo: Callable[[], str | None] | None = None,
    ) -> None:
        self.sources = tuple(references)
        self.timeout = timeout
        self.user_agent = user_agent
        self.session = session
        self.original_logo = original_logo  # the licensor's logo found on the original's page, when no reference
        self._lock = threading.Lock()
        self._loaded: tuple[tuple[str, Fingerprint], ...] | None = None
        self.problems: list[str] = []
        self.gates = gates if gates is not None else HostGates(DEFAULT_PER_HOST)
        self._cache_lock = threading.Lock()
        self._seen: dict[str, Sighting | str] = {}  # by image URL: a site shows its logo URL on every page
        self._seen_bytes: dict[bytes, Sighting] = {}  # by a digest of the image's bytes
        # Kept for the run: a pool's threads, each with its own keep-alive session (a session and a thread per
        # image cost more CPU than comparing the image).
        self._pool: ThreadPoolExecutor | None = None
        self._sessions = threading.local()

    def wanted(self) -> bool:
        return available() and (bool(self.sources) or self.original_logo is not None)

    def references(self) -> tuple[tuple[str, Fingerprint], ...]:
        """The references' fingerprints, read once per run; one that cannot be read is left out (see problems)."""
        with self._lock:
            if self._loaded is None:
                sources = list(self.sources)
                if not sources and self.original_logo is not None:
                    found = self.original_logo()
                    sources = [found] if found else []
                loaded = []
                for source in sources:
                    try:
                        loaded.append((source, fingerprint_bytes(self._read(source))))
                    except (FetchError, LogoImageError, OSError) as exc:
                        self.problems.append(f"logo reference {source}: {_reason(exc)}")
                self._loaded = tuple(loaded)
            return self._loaded

    def look(self, page: Page, shots: Mapping[str, bytes] | None = None) -> PageLogos | None:
        """Compare the article's images with the references; None when there are no references.

        ``shots`` (``--render``): PNG screenshots of image boxes by their number; an image that has one is judged
        by it (its pixels as drawn, a CSS background or an inline SVG included), the others by their files.
        The images most like a logo go first (see :func:`_likeliness`); once one matches and is drawn large
        enough to pass, the rest are not fetched: the ``logo`` rule passes on one match, and no other image could
        change that. A page without the logo has all its images (up to :data:`LOGO_MAX_IMAGES`) compared.
        """
        references = self.references()
        if not references:
            return PageLogos((), unread=tuple(self.problems)) if self.problems else None
        wanted: dict[str, tuple[str, Image, bytes | None]] = {}  # key -> (label, image, screenshot)
        for image in page.images:
            number = shot_of(image.element)
            if shots and number is not None and number in shots:
                label = next((u for u in image.urls if not u.startswith("data:")), None) or f"<{image.kind}>"
                wanted.setdefault(f"{SHOT_KEY}{number}", (f"{label} (as drawn)", image, shots[number]))
            else:
                for raw in image.urls:
                    url = raw if raw.startswith("data:") else absolute(raw, page.url)
                    if url.startswith(("http://", "https://", "data:")):
                        wanted.setdefault(url, (raw, image, None))
                        break
            if len(wanted) >= LOGO_MAX_IMAGES:
                break
        logos = PageLogos(tuple(source for source, _ in references), unread=tuple(self.problems))
        waves: dict[int, list[str]] = {}
        for key, (_label, image, _shot) in wanted.items():
            waves.setdefault(_likeliness(key, image), []).append(key)

        def judge(key: str) -> Sighting | str:
            label, _image, shot = wanted[key]
            if shot is None:
                return self._judge_url(key)
            try:
                return self._judge_bytes(label, shot)
            except LogoImageError as exc:
                return _reason(exc)

        for rank in sorted(waves):
            keys = waves[rank]
            for key, outcome in zip(keys, self._workers().map(judge, keys), strict=True):
                label, image, shot = wanted[key]
                seen_as = key if shot is not None else label
                if isinstance(outcome, Sighting):
                    logos.sightings[seen_as] = outcome
                else:
                    logos.problems[seen_as] = outcome
            if any(_passes(wanted[k][1], logos.of(wanted[k][1])) for k in keys):
                break
        return logos

    def close(self) -> None:
        """End the run's image-fetching threads (and their connections)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _workers(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=IMAGE_THREADS, thread_name_prefix="repcheck-logo")
            return self._pool

    def _session(self) -> Any:
        """The session given to the run, else this thread's own (kept: its connections are reused)."""
        if self.session is not None:
            return self.session
        session = getattr(self._sessions, "session", None)
        if session is None:
            import requests

            session = self._sessions.session = requests.Session()
        return session

    def _judge_url(self, url: str) -> Sighting | str:
        """The image at ``url`` compared (or why it could not be), fetched once per run."""
        with self._cache_lock:
            known = self._seen.get(url)
        if known is not None:
            return known
        try:
            found: Sighting | str = self._judge_bytes(url, self._read(url))
        except (FetchError, LogoImageError, OSError) as exc:
            found = _reason(exc)
        self._remember(self._seen, url, found)
        return found

    def _judge_bytes(self, url: str, data: bytes) -> Sighting:
        """The image ``data`` compared, once per run for the same bytes (a site that uploads its copy of the logo
        again for each story serves one file under many names)."""
        digest = hashlib.blake2b(data, digest_size=16).digest()
        with self._cache_lock:
            known = self._seen_bytes.get(digest)
        if known is None:
            known = self._sighting(url, fingerprint_bytes(data))
            self._remember(self._seen_bytes, digest, known)
        return replace(known, url=url)

    def _remember(self, cache: dict[Any, Any], key: Any, value: Any) -> None:
        """Keep ``value`` in one of the run's caches, which starts afresh past SEEN_IMAGES entries."""
        with self._cache_lock:
            if len(cache) >= SEEN_IMAGES:
                cache.clear()
            cache[key] = value

    def _sighting(self, url: str, found: Fingerprint) -> Sighting:
        references = self.references()
        match = best_match(found, [fp for _, fp in references])
        assert match is not None
        source = references[match.reference][0]
        return Sighting(url, found.width, found.height, match.score, match.matches, source)

    def _read(self, source: str) -> bytes:
        if source.startswith("data:"):
            return _data_url(source)
        if not source.startswith(("http://", "https://")):
            path = Path(source)
            if path.stat().st_size > LOGO_MAX_IMAGE_BYTES:
                raise LogoImageError(f"larger than {LOGO_MAX_IMAGE_BYTES:,} bytes")
            return path.read_bytes()
        with self.gates.gate(urlsplit(source).netloc):
            resource = fetch_resource(
                source,
                timeout=self.timeout,
                max_bytes=LOGO_MAX_IMAGE_BYTES,
                user_agent=self.user_agent,
                session=self._session(),
                headers={"Accept": "image/*,*/*;q=0.5"},
            )
        return resource.body


_LOGO_LIKE_FORMATS = (".svg", ".svgz", ".png", ".gif", ".webp")


def _likeliness(url: str, image: Image) -> int:
    """The order in which a page's images are compared: 0 for those that may pass and look like a logo file (SVG,
    PNG, GIF, WebP, or "logo" in the file name or text), 1 for other images that may pass (photos are JPEGs), 2 for
    those drawn too small to pass (compared last: they only explain a failure)."""
    if url.startswith(SHOT_KEY):
        url = next((u for u in image.urls if not u.startswith("data:")), "") or (".svg" if image.kind == "svg" else "")
    if image.tiny or min(image.width or LOGO_MIN_DRAWN_PX, image.height or LOGO_MIN_DRAWN_PX) < LOGO_MIN_DRAWN_PX:
        return 2
    path = urlsplit(url).path.lower() if not url.startswith("data:") else url[:40].lower()
    if path.endswith(_LOGO_LIKE_FORMATS) or "image/svg" in path or "image/png" in path or "image/gif" in path:
        return 0
    if "logo" in path.rsplit("/", 1)[-1] or any("logo" in label.lower() for label in image.labels):
        return 0
    return 1


def _passes(image: Image, seen: Sighting | None) -> bool:
    """Whether this sighting alone makes the ``logo`` rule pass: a match drawn at least LOGO_MIN_DRAWN_PX."""
    if seen is None or not seen.matches or image.tiny:
        return False
    return min(image.width or seen.width, image.height or seen.height) >= LOGO_MIN_DRAWN_PX


def _data_url(url: str) -> bytes:
    head, _, data = url.partition(",")
    try:
        raw = base64.b64decode(data, validate=False) if head.endswith(";base64") else unquote_to_bytes(data)
    except (binascii.Error, ValueError) as exc:
        raise LogoImageError("a data: URL that does not decode") from exc
    if len(raw) > LOGO_MAX_IMAGE_BYTES:
        raise LogoImageError(f"larger than {LOGO_MAX_IMAGE_BYTES:,} bytes")
    return raw


def _reason(exc: BaseException) -> str:
    if isinstance(exc, FetchError):
        return exc.reason
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read it ({exc.strerror})"
    return str(exc)
