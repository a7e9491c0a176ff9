"""The command line: parse arguments, ask one query, hand its rows to one renderer.

``app`` holds the global options and the output machinery; each command module
registers its commands on it when imported here, in the order help lists them.
"""

# isort: off
from spacetalks.cli import timeline as _timeline  # noqa: F401  (registers commands)
from spacetalks.cli import explore as _explore  # noqa: F401  (registers commands)
from spacetalks.cli import export as _export  # noqa: F401  (registers commands)

# isort: on
from spacetalks.cli.program import app, main

__all__ = ["app", "main"]
