"""``--render``, ``--browser``, ``--render-block`` and ``--screenshots`` as the run's :class:`RenderOptions`, checked
before any page."""

from __future__ import annotations

from ..errors import UsageProblem
from .browser import require
from .session import BLOCKABLE, THIRD_PARTY, RenderOptions


def render_options(
    render: bool, browser: str | None, block: str, screenshots: str | None = None
) -> RenderOptions | None:
    """The run's render options (None without ``--render``). Raises :class:`~checker.render.RenderUnavailable`
    (exit code 2, with how to install) when there is no browser or no Playwright, and :class:`UsageProblem` for
    an unknown resource type or ``--screenshots`` without ``--render``."""
    types = frozenset(part.strip().lower() for part in block.split(",") if part.strip())
    unknown = sorted(types - {*BLOCKABLE, THIRD_PARTY})
    if unknown:
        raise UsageProblem(
            f"--render-block {unknown[0]}: not a resource type (types: {', '.join((*BLOCKABLE, THIRD_PARTY))})"
        )
    if not render:
        if types:
            raise UsageProblem("--render-block is only used with --render")
        if screenshots:
            raise UsageProblem("--screenshots needs --render: screenshots are taken in the browser")
        return None
    return RenderOptions(browser=require(browser), block=types, screenshots=screenshots or None)
