"""repcheck: check republished news pages against a licensor's republication terms.

The library API::

    from checker import check_url, check_html, load_pack

    report = check_url("https://partner.example/story", reporter="Nick Pope")
    report.status            # Status.PASS / FAIL / ERROR
    for rule in report.rules:
        print(rule.id, rule.status, rule.message)

The command line (``repcheck``) is a thin layer over these functions.
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pack import Pack
    from .report import Report


def check_html(
    html: str | bytes,
    url: str | None = None,
    *,
    pack: Pack | str = "dcnf",
    reporter: str | None = None,
    original: str | None = None,
    **options: object,
) -> Report:
    """Check one page's HTML against ``pack``. ``original`` is the URL (or file) of the licensor's article, whose
    byline names the reporter when ``reporter`` is not given. Other options: ``timeout``, ``max_bytes``,
    ``user_agent`` (used to fetch the original)."""
    from .engine import Checker

    return Checker(pack, reporter=reporter, original=original, **options).check_html(html, url)  # type: ignore[arg-type]


def check_url(
    url: str,
    *,
    pack: Pack | str = "dcnf",
    reporter: str | None = None,
    original: str | None = None,
    **options: object,
) -> Report:
    """Fetch ``url`` and check it against ``pack``. Options: ``timeout`` (seconds, one deadline for the whole
    fetch), ``max_bytes``, ``user_agent``, ``session``. Never raises for a bad page: the report says ``error``."""
    from .engine import Checker

    return Checker(pack, reporter=reporter, original=original, **options).check_url(url)  # type: ignore[arg-type]


def load_pack(name_or_path: str = "dcnf") -> Pack:
    """Load and validate a rule pack: a shipped pack's name or a path to a pack file."""
    from .pack import load_pack as _load

    return _load(name_or_path)


__all__ = ["__version__", "check_html", "check_url", "load_pack"]
