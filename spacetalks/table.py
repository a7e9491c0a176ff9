"""The Rich table renderer: where a listing meets Rich.

Rich is imported only when a table is drawn (it costs about 35 ms, which piped
output never pays). Every cell is a ``rich.text.Text`` built from escaped text,
never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from spacetalks.cells import OutputOptions, visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

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
    from rich.console import Console  # Rich: only drawn output pays for it

    return Console(
        file=stream,
        color_system="auto" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
    )


def _cell(column: str, text: str) -> Text:
    from rich.text import Text  # Rich: only drawn output pays for it

    style = COLUMN_STYLES.get(column, "")
    if column == "kind":
        style = KIND_STYLES.get(text, "")
    elif column == "status":
        style = STATUS_STYLES.get(text, "")
    return Text(visible(text, keep_newlines=True), style=style)


def table_renderable(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], options: OutputOptions
) -> Table:
    from rich.table import Table  # Rich: only drawn output pays for it
    from rich.text import Text

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
