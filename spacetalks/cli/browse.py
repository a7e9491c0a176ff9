"""``spacetalks browse``: the interactive explorer, when the ``tui`` extra is installed.

Textual is imported here only, and only once the command runs: no other command and
no start-up pays for it, and without it every other command works as before.
"""

from __future__ import annotations

import os
import sys

import typer

from spacetalks.cli.filters import with_event_filters
from spacetalks.cli.program import ColorMode, app, keep_collecting, load_from, settings_of
from spacetalks.errors import EXIT_NOT_FOUND, EXIT_USAGE, SpacetalksError
from spacetalks.output.destination import dataset_paths
from spacetalks.query.typed_filters import EventFilters, event_criteria

TUI_MISSING = "browse needs the tui extra: pip install 'spacetalks[tui]'"
NOT_A_TERMINAL = (
    "browse is interactive: it needs a terminal on standard input, output and error "
    "(for a pipe or a file, use timeline or export)"
)


@app.command()
@with_event_filters
def browse(ctx: typer.Context, *, filters: EventFilters) -> None:
    """Explore the timeline interactively: events, people, organizations, evidence.

    Example: spacetalks browse --since 2018 --person Bakanov

    Takes every timeline filter (and f changes them while browsing). Arrows or j/k
    move, Enter opens, Esc goes back, / searches, w shows the evidence, e exports,
    y copies a citation, o opens a source, ? lists every key, q quits. Needs the tui
    extra (pip install 'spacetalks[tui]') and a terminal.
    """
    try:
        from spacetalks.browse.app import BrowseApp  # noqa: PLC0415 (Textual, ~140 ms: browse only)
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] != "textual":
            raise
        raise SpacetalksError(TUI_MISSING, EXIT_NOT_FOUND) from None
    if not on_a_terminal():
        raise SpacetalksError(NOT_A_TERMINAL, EXIT_USAGE)
    settings = settings_of(ctx)
    dataset = load_from(settings)
    criteria = event_criteria(dataset, filters)
    colour_as_told(settings.color)
    keep_collecting()
    BrowseApp(dataset, filters, criteria, dataset_paths(settings.data_paths)).run()


def on_a_terminal() -> bool:
    """Whether a person can use the explorer: standard input and output are a terminal,
    and so is standard error, where Textual draws the screen."""
    return all(stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr))


def colour_as_told(color: ColorMode) -> None:
    """--color never and always for Textual, which reads only NO_COLOR (set: no colour)."""
    if color is ColorMode.never:
        os.environ["NO_COLOR"] = "1"
    elif color is ColorMode.always:
        os.environ.pop("NO_COLOR", None)
