"""The Rich table renderer: where a listing meets Rich.

Rich is imported only when a table is drawn (it costs about 35 ms, which piped
output never pays). Every cell is a ``rich.text.Text`` built from escaped text,
never markup.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal, TextIO

import msgspec

from spacetalks.cells import ROW_MARK, OutputOptions, visible
from spacetalks.palette import COLUMN_STYLES, MARK_STYLE, STATUS_STYLES, kind_style
from spacetalks.safe_text import CELL_LIMIT, DOCUMENT_LIMIT, readable, shortened

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.table import Table
    from rich.text import Text


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
    console.on_broken_pipe = _reader_went_away  # type: ignore[method-assign]
    return console


def _reader_went_away() -> None:
    """Rich's own answer to a closed pipe is exit 1; the command line's is a quiet exit 0
    (``| head``), so the error goes up to it."""
    raise BrokenPipeError


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
        style = kind_style(text)
    elif column == "status":
        style = STATUS_STYLES.get(text, "")
    cell = Text(visible(shortened(text, CELL_LIMIT), keep_newlines=True), style=style)
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
        grid.add_row(mark, Text(visible(shortened(note, DOCUMENT_LIMIT))))
    return grid


def table_renderable(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    options: OutputOptions,
    marks: Mapping[tuple[int, str], str] | None = None,
    row_marks: bool | None = None,
) -> Table:
    from rich.table import Table  # Rich: only drawn output pays for it
    from rich.text import Text

    table = Table(
        title=Text(visible(shortened(title, CELL_LIMIT))) if title else None,
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
    if row_marks is None:
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
    """A table, and the footnotes of its marked cells under it.

    A table of more than CHUNK_ROWS rows is drawn a chunk at a time (see
    _draw_in_chunks), so that time and memory grow linearly with the rows.
    """
    console = make_console(stream, options.color, options.width)
    if len(rows) <= CHUNK_ROWS:
        # One print, so a reader that goes away early (| head) meets one write, not two.
        console.print(table_with_notes(title, columns, rows, options, marks, notes))
        return
    _draw_in_chunks(console, title, columns, rows, options, marks or {})
    below = footnotes(notes)
    if below is not None:
        console.print(below)


CHUNK_ROWS = 1_000
"""Rows of a table Rich lays out at once; a longer table is drawn in chunks."""


def _draw_in_chunks(
    console: Console,
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    options: OutputOptions,
    marks: Mapping[tuple[int, str], str],
) -> None:
    """A long table as Rich would draw it whole, a chunk of rows at a time.

    Rich measures every cell of a table before drawing it and holds every line it
    draws, so a 100,000-row table took a minute and a gigabyte. Here the column widths
    are worked out once, from a table of the header and, for each column, the widest
    line and the longest word of any of its cells (the only measures Rich's layout
    reads); each chunk is then a table with those widths, the first with the title and
    header, and the borders between chunks left out, so the lines are the same.
    """
    from rich.segment import Segments  # Rich: only drawn output pays for it

    row_marks = any(column == ROW_MARK for _, column in marks)
    by_chunk: dict[int, dict[tuple[int, str], str]] = {}
    for (index, column), mark in marks.items():
        by_chunk.setdefault(index // CHUNK_ROWS, {})[(index % CHUNK_ROWS, column)] = mark
    widths = _column_widths(console, title, columns, rows, options, marks, row_marks)
    last_start = (len(rows) - 1) // CHUNK_ROWS * CHUNK_ROWS
    for start in range(0, len(rows), CHUNK_ROWS):
        first = start == 0
        chunk_options = options if first else msgspec.structs.replace(options, header=False)
        table = table_renderable(
            title if first else "",
            columns,
            rows[start : start + CHUNK_ROWS],
            chunk_options,
            by_chunk.get(start // CHUNK_ROWS, {}),
            row_marks,
        )
        for index, drawn in enumerate(table.columns):
            drawn.width = max(0, widths[index] - table._get_padding_width(index))
        lines = console.render_lines(table, console.options, pad=False, new_lines=True)
        kept = lines[(0 if first else 1) : (None if start == last_start else -1)]
        console.print(Segments(segment for line in kept for segment in line), end="")
        del lines, kept, table  # a chunk at a time in memory


def _column_widths(
    console: Console,
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    options: OutputOptions,
    marks: Mapping[tuple[int, str], str],
    row_marks: bool,
) -> list[int]:
    """The widths, padding included, Rich would give the columns of the whole table."""
    from rich.cells import cell_len  # Rich: only drawn output pays for it

    widest: list[str] = [""] * len(columns)
    longest_word: list[str] = [""] * len(columns)
    for index, cells in enumerate(rows):
        for position, (column, cell) in enumerate(zip(columns, cells, strict=True)):
            mark = marks.get((index, column), "")
            shown = visible(shortened(cell, CELL_LIMIT), keep_newlines=True)
            shown = f"{shown} {mark}" if mark else shown
            line = max(shown.split("\n"), key=cell_len)
            if cell_len(line) > cell_len(widest[position]):
                widest[position] = line
            word = max(shown.split(), key=cell_len, default="")
            if cell_len(word) > cell_len(longest_word[position]):
                longest_word[position] = word
    row_mark = max(
        (mark for (_, column), mark in marks.items() if column == ROW_MARK),
        key=cell_len,
        default="",
    )
    probe_marks = {(0, ROW_MARK): row_mark} if row_marks else {}
    probe = table_renderable(
        title, columns, [widest, longest_word], options, probe_marks, row_marks
    )
    # As Table.__rich_console__ does: the borders' width first, then the columns'.
    inner = console.options.update_width(console.options.max_width - probe._extra_width)
    return probe._calculate_column_widths(console, inner)


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


class Flow:
    """Items laid out in lines as wide as the console, wrapped between items and never
    inside one (a legend: "◆ meeting  ▲ launch ..."); an item wider than a line is
    folded on its own."""

    def __init__(self, items: Sequence[Text], separator: str = "  ") -> None:
        self.items = items
        self.separator = separator

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        from rich.text import Text  # Rich: only drawn output pays for it

        width = options.max_width
        line = Text()
        for item in self.items:
            if line and line.cell_len + len(self.separator) + item.cell_len > width:
                yield line
                line = Text()
            if line:
                line.append(self.separator)
            line.append_text(item)
        if line:
            yield line


class OneLine:
    """A line of text cut to the console's width, ending in an ellipsis its encoding can
    carry (``…``, or ``...`` in ASCII) where it is cut."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width = options.max_width
        if self.text.cell_len <= width:
            yield self.text
            return
        ellipsis = readable("…", console.encoding)
        cut = self.text.copy()
        cut.truncate(max(width - len(ellipsis), 0))
        cut.append(ellipsis)
        yield cut
