"""The Rich table renderer: where a listing meets Rich.

Rich is imported only when a table is drawn (it costs about 35 ms, which piped
output never pays). Every cell is a ``rich.text.Text`` built from escaped text,
never markup.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal, TextIO

from spacetalks.cells import ROW_MARK, OutputOptions, visible

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
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
MARK_STYLE = "bold yellow"
"""The style of a footnote mark on a disputed or one-side cell, and of its footnote's mark."""


def make_console(stream: TextIO, color: bool, width: int | None = None) -> Console:
    """A console that writes to the stream, the given number of columns wide (else the
    terminal's); in colour exactly when ``color`` says (the caller has weighed --color,
    NO_COLOR, FORCE_COLOR and the terminal), with no styling at all without it."""
    from rich.console import Console  # Rich: only drawn output pays for it

    console = Console(
        file=stream,
        color_system=color_system(os.environ) if color else None,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
    )
    if console.width < NARROWEST:
        console.width = fallback_width(stream)
    return console


NARROWEST = 20
"""Fewer columns than this (``COLUMNS=0``, ``COLUMNS=1``) draw nothing readable."""
FALLBACK_WIDTH = 80


def fallback_width(stream: TextIO) -> int:
    """The width to draw at when the one asked for is too narrow: the terminal's own
    width where the stream is a terminal at least NARROWEST wide, else 80 columns."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return FALLBACK_WIDTH
    return columns if columns >= NARROWEST else FALLBACK_WIDTH


def color_system(environ: Mapping[str, str]) -> Literal["truecolor", "256", "standard"]:
    """The colours the terminal can show, as its COLORTERM and TERM say; the 16 standard
    colours where they say nothing (a pipe into ``less -R``)."""
    if environ.get("COLORTERM", "").strip().lower() in {"truecolor", "24bit"}:
        return "truecolor"
    if environ.get("TERM", "").strip().lower().endswith("256color"):
        return "256"
    return "standard"


def _cell(column: str, text: str, mark: str = "") -> Text:
    from rich.text import Text  # Rich: only drawn output pays for it

    style = COLUMN_STYLES.get(column, "")
    if column == "kind":
        style = KIND_STYLES.get(text, "")
    elif column == "status":
        style = STATUS_STYLES.get(text, "")
    cell = Text(visible(text, keep_newlines=True), style=style)
    if mark:
        cell.append(f" {mark}", style=MARK_STYLE)
    return cell


def footnotes(notes: Sequence[tuple[str, str]]) -> Table | None:
    """The footnotes under a table or chart, each after its mark; wrapped, never cut."""
    from rich.table import Table  # Rich: only drawn output pays for it
    from rich.text import Text

    if not notes:
        return None
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style=MARK_STYLE, no_wrap=True)
    grid.add_column(overflow="fold")
    for mark, note in notes:
        grid.add_row(mark, Text(visible(note)))
    return grid


def table_renderable(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    options: OutputOptions,
    marks: Mapping[tuple[int, str], str] | None = None,
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
    marks = marks or {}
    row_marks = any(column == ROW_MARK for _, column in marks)
    if row_marks:
        table.add_column(ROW_MARK, no_wrap=True)
    for index, cells in enumerate(rows):
        row = [
            _cell(column, cell, marks.get((index, column), ""))
            for column, cell in zip(columns, cells, strict=True)
        ]
        if row_marks:
            row.append(_cell(ROW_MARK, "", marks.get((index, ROW_MARK), "")))
        table.add_row(*row)
    return table


def draw_table(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    options: OutputOptions,
    stream: TextIO,
    marks: Mapping[tuple[int, str], str] | None = None,
    notes: Sequence[tuple[str, str]] = (),
) -> None:
    """A table, and the footnotes of its marked cells under it."""
    # One print, so a reader that goes away early (| head) meets one write, not two.
    make_console(stream, options.color, options.width).print(
        table_with_notes(title, columns, rows, options, marks, notes)
    )


def table_with_notes(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    options: OutputOptions,
    marks: Mapping[tuple[int, str], str] | None = None,
    notes: Sequence[tuple[str, str]] = (),
) -> RenderableType:
    """A table and, under it, the footnotes of its marked cells."""
    from rich.console import Group  # Rich: only drawn output pays for it

    table = table_renderable(title, columns, rows, options, marks)
    below = footnotes(notes)
    return table if below is None else Group(table, below)
