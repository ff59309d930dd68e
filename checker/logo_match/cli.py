"""``repcheck logo fingerprint IMAGE [--against REFERENCE]``: what repcheck computes from an image, so that a
licensor can check that a reference logo works before naming it in a pack."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ExitCode
from .compare import MIN_SCORE, compare
from .fingerprint import Fingerprint, LogoImageError, fingerprint_bytes


@click.group("logo")
def logo_command() -> None:
    """Logos recognised by their pixels (needs the extra: pip install 'repcheck[logo]')."""


@logo_command.command("fingerprint")
@click.argument("image", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--against",
    "references",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A reference image to compare IMAGE with (repeatable): prints the score and whether it matches.",
)
@click.pass_context
def fingerprint(ctx: click.Context, image: Path, references: tuple[Path, ...]) -> None:
    """Print what repcheck computes from IMAGE (a PNG, JPEG, WebP, GIF or SVG file): its size, the size of its
    content once margins are trimmed, and per background its shape and perceptual hash."""
    found = _fingerprint(image)
    if found is None:
        ctx.exit(ExitCode.ERROR)
    click.echo(f"{image}:")
    for line in found.describe():
        click.echo(f"  {line}")
    code = ExitCode.PASS
    for path in references:
        reference = _fingerprint(path)
        if reference is None:
            code = ExitCode.ERROR
            continue
        match = compare(found, reference)
        verdict = "matches" if match.matches else "does not match"
        click.echo(
            f"  {verdict} {path}: score {match.score:.3f} (a match needs {MIN_SCORE}), "
            f"hash distance {match.hash_distance}/64"
        )
        if not match.matches and code == ExitCode.PASS:
            code = ExitCode.FAIL
    ctx.exit(code)


def _fingerprint(path: Path) -> Fingerprint | None:
    try:
        return fingerprint_bytes(path.read_bytes())
    except OSError as exc:
        click.echo(f"error: {path}: cannot read it ({exc.strerror or exc})", err=True)
    except LogoImageError as exc:
        click.echo(f"error: {path}: {exc}", err=True)
    return None
