"""The command line: parse arguments, ask one query, hand its rows to one renderer.

Each command lives in a module that registers it on the Typer app when imported;
the app's lazy group (spacetalks.cli.program) imports only the module of the command
a run names. ``load_commands()`` gives the app with every command.
"""

from __future__ import annotations

from spacetalks.cli.program import COMMAND_MODULES, app, load_commands, main

__all__ = ["COMMAND_MODULES", "app", "load_commands", "main"]
