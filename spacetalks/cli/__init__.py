"""The command line: parse arguments, ask one query, hand its rows to one renderer.

Each command lives in a module that registers it on the Typer app when imported.
A run imports only the module of the command it names (start-up is a CLI's speed);
help, completion and an unknown command get them all; ``load_commands()`` gives
the app with every command.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

COMMAND_MODULES = {
    "timeline": "timeline",
    "who": "explore",
    "people": "explore",
    "orgs": "explore",
    "topics": "explore",
    "show": "explore",
    "quotes": "explore",
    "sources": "explore",
    "search": "explore",
    "between": "explore",
    "why": "why",
    "export": "export",
    "cite": "interchange",
    "import": "interchange",
    "validate": "dataset",
    "stats": "dataset",
    "cache": "dataset",
}
"""Each command, and the module under spacetalks.cli that defines it."""


def load_commands(command: str | None = None) -> typer.Typer:
    """The app with one command's module imported, or every module (in help order)."""
    from spacetalks.cli.program import app

    wanted = [COMMAND_MODULES[command]] if command in COMMAND_MODULES else COMMAND_MODULES.values()
    for module in dict.fromkeys(wanted):
        import_module(f"spacetalks.cli.{module}")
    return app


def main() -> None:
    """The console script."""
    from spacetalks.cli.program import main as run

    run()


__all__ = ["COMMAND_MODULES", "load_commands", "main"]
