"""``python -m spacetalks`` runs the command-line tool."""

from spacetalks.cli import main

main()
