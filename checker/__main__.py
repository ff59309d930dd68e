"""``python -m checker`` runs the ``repcheck`` command."""

from .cli import main

main()
