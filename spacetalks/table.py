"""The Rich table renderer: the only place a listing meets Rich.

Imported only when a table is drawn, so piped output never pays for Rich.
Every cell is a ``rich.text.Text`` built from escaped text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from spacetalks.render import OutputOptions, visible

KIND_STYLES = {
    "meeting": "bold cyan",
    "visit": "cyan",
    "launch": "green",
    "docking": "blue",
    "undocking": "blue",
    "landing": "magenta",
    "abort": "bold red",
    "scrub": "red",
    "appointment": "yellow",
    "agreement": "bright_green",
    "contract": "bright_green",
    "announcement": "bright_white",
    "statement": "bright_white",
    "milestone": "bright_blue",
    "plan": "dim",
}
STATUS_STYLES = {
    "scheduled": "italic",
    "planned": "italic dim",
    "scrubbed": "red",
    "cancelled": "red strike",
}
COLUMN_STYLES = {"date": "bold", "id": "dim", "gap": "dim"}


def make_console(stream: TextIO, color: bool) -> Console:
    """A console that writes to the stream; no styling at all without colour."""
    return Console(
        file=stream,
        color_system="auto" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
    )


def _cell(column: str, text: str) -> Text:
    style = COLUMN_STYLES.get(column, "")
    if column == "kind":
        style = KIND_STYLES.get(text, "")
    elif column == "status":
        style = STATUS_STYLES.get(text, "")
    return Text(visible(text, keep_newlines=True), style=style)


def table_renderable(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], options: OutputOptions
) -> Table:
    table = Table(
        title=Text(visible(title)) if title else None,
        show_header=options.header,
        header_style="bold",
        expand=False,
    )
    for column in columns:
        table.add_column(
            column,
            overflow="fold",
            no_wrap=column in {"date", "kind", "status", "id"},
        )
    for cells in rows:
        table.add_row(*(_cell(column, cell) for column, cell in zip(columns, cells, strict=True)))
    return table


def draw_table(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    options: OutputOptions,
    stream: TextIO,
) -> None:
    make_console(stream, options.color).print(table_renderable(title, columns, rows, options))
