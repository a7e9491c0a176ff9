"""The Rich table renderer: where a listing meets Rich.

Rich is imported only when a table is drawn (it costs about 35 ms, which piped
output never pays). Every cell is a ``rich.text.Text`` built from escaped text,
never markup.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple, TextIO

import msgspec

from spacetalks.answers.contract import Column
from spacetalks.output.cells import ROW_MARK, OutputOptions, visible
from spacetalks.output.safe_link import link_target
from spacetalks.output.safe_text import CELL_LIMIT, DOCUMENT_LIMIT, readable, shortened
from spacetalks.output.terminal.palette import (
    COLUMN_STYLES,
    KIND_BY_GLYPH,
    MARK_STYLE,
    STATUS_STYLES,
    kind_style,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.measure import Measurement
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text


def make_console(stream: TextIO, color: bool, width: int | None = None) -> Console:
    """A console that writes to the stream, the given number of columns wide (else the
    terminal's); in colour exactly when ``color`` says (the caller has weighed --color,
    NO_COLOR, FORCE_COLOR and the terminal), with no styling at all without it."""
    from rich.console import Console  # noqa: PLC0415 (Rich: drawn output only)

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


def _cell(column: TableColumn, text: str, mark: str = "", link: str | None = None) -> Text:
    from rich.style import Style  # noqa: PLC0415 (Rich: drawn output only)
    from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

    style = COLUMN_STYLES.get(column.name, "")
    if column.name == "kind":
        style = kind_style(KIND_BY_GLYPH.get(text, text))
    elif column.name == "status":  # "scheduled, overdue" reads as overdue
        style = STATUS_STYLES.get(text.rsplit(", ", 1)[-1], "")
    cell = Text(
        _shown_text(text),
        style=Style.parse(style) + Style(link=target) if (target := link_target(link)) else style,
        overflow="fold",
        no_wrap=column.policy.wrap != "words",
    )
    if mark:
        cell.append(f" {mark}", style=MARK_STYLE)
    return cell


def _shown_text(text: str) -> str:
    """A cell's text as drawn: escaped, and cut at CELL_LIMIT characters."""
    return visible(shortened(text, CELL_LIMIT), keep_newlines=True)


def footnotes(notes: Sequence[tuple[str, str]]) -> Table | None:
    """The footnotes under a table or chart, each after its mark; wrapped, never cut."""
    from rich.table import Table  # noqa: PLC0415 (Rich: drawn output only)
    from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

    if not notes:
        return None
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style=MARK_STYLE, no_wrap=True)
    grid.add_column(overflow="fold")
    for mark, note in notes:
        grid.add_row(mark, Text(visible(shortened(note, DOCUMENT_LIMIT))))
    return grid


class TableColumn(NamedTuple):
    """A column of a table for people: the field it shows and how it reads (see
    contract.Column)."""

    name: str
    policy: Column

    @property
    def heading(self) -> str:
        return self.name if self.policy.label is None else self.policy.label


MARK_COLUMN = TableColumn(ROW_MARK, Column(minimum=3, priority=0, wrap="never"))
"""The column of footnote marks of rows whose marked field is not shown."""
WORD_LIMIT = 24
"""A column is not widened past this to keep one long word (a URL in prose) whole."""


class Plan(NamedTuple):
    """Which columns a table shows at a width, and how wide each is (text only)."""

    kept: tuple[int, ...]
    widths: tuple[int, ...]
    dropped: tuple[int, ...]


def _overhead(count: int) -> int:
    """The space between the columns of a table of so many columns, drawn as gh and
    kubectl draw a listing (two spaces between columns, a rule under the header, no
    edge): ``x  y``."""
    return max(2 * count - 2, 0)


def plan_columns(
    columns: Sequence[TableColumn],
    natural: Sequence[int],
    longest: Sequence[int],
    width: int,
    may_drop: bool,
    marked: Sequence[int] | None = None,
) -> Plan:
    """The width policy of every table: each column gets at least its minimum (a
    ``words`` column at least its longest word, up to WORD_LIMIT, so words stay whole);
    when even the minimums do not fit, the columns of the highest priority number are
    left out (the rightmost first among equals) unless the reader chose the columns.
    Where the room left allows, a column then widens to its longest word with a footnote
    mark beside it (``marked``), the more important columns first, so that a mark stays
    on its word's line; the rest is shared among the columns whose text is wider than
    their width, in proportion to what each lacks."""
    minimum = []
    for column, wide, word in zip(columns, natural, longest, strict=True):
        policy = column.policy
        if policy.wrap == "never":
            minimum.append(wide)
        elif policy.wrap == "shorten":
            minimum.append(min(wide, policy.minimum))
        else:
            minimum.append(min(wide, max(policy.minimum, min(word, WORD_LIMIT))))
    kept = list(range(len(columns)))
    dropped: list[int] = []
    while (
        may_drop and len(kept) > 1 and sum(minimum[i] for i in kept) + _overhead(len(kept)) > width
    ):
        droppable = [i for i in kept if columns[i].policy.priority > 1]
        if not droppable:
            break
        last = max(droppable, key=lambda i: (columns[i].policy.priority, i))
        kept.remove(last)
        dropped.insert(0, last)
    widths = {i: minimum[i] for i in kept}
    room = width - _overhead(len(kept)) - sum(widths.values())
    if room < 0:  # the reader's columns, or one column alone: Rich squeezes them
        return Plan(tuple(kept), tuple(max(1, widths[i]) for i in kept), tuple(dropped))
    with_marks = marked or longest
    for i in sorted(kept, key=lambda i: (columns[i].policy.priority, i)):
        wanted = min(with_marks[i], natural[i], WORD_LIMIT) - widths[i]
        if with_marks[i] > longest[i] and 0 < wanted <= room:
            widths[i] += wanted
            room -= wanted
    for i in kept:  # the main column (a title) gets the room first
        if columns[i].policy.main and room > 0:
            given = min(natural[i] - widths[i], room)
            widths[i] += max(given, 0)
            room -= max(given, 0)
    while room > 0:  # like water: an equal share each, the more important first
        lacking = sorted(
            (i for i in kept if natural[i] > widths[i]),
            key=lambda i: (columns[i].policy.priority, i),
        )
        if not lacking:
            break
        share = max(1, room // len(lacking))
        for i in lacking:
            given = min(natural[i] - widths[i], share, room)
            widths[i] += given
            room -= given
    return Plan(tuple(kept), tuple(widths[i] for i in kept), tuple(dropped))


def measure(
    cells: Iterable[Sequence[str]], headings: Sequence[str]
) -> tuple[list[int], list[int], list[int]]:
    """Each column's widest line, its longest word, and its longest word with a footnote
    mark that ends a cell counted as part of the word before it (``2025-07-31 [2]``),
    its heading included; from each cell's plain text (see plain_cells)."""
    from rich.cells import cell_len  # noqa: PLC0415 (Rich: drawn output only)

    natural = [cell_len(heading) for heading in headings]
    longest = [max((cell_len(word) for word in heading.split()), default=0) for heading in headings]
    marked = list(longest)
    for row in cells:
        for index, plain in enumerate(row):
            size = len if _one_cell_each(plain) else cell_len
            natural[index] = max(natural[index], *map(size, plain.split("\n")))
            words = plain.split()
            word = max(map(size, words), default=0)
            longest[index] = max(longest[index], word)
            if len(words) > 1 and FOOTNOTE_MARK.fullmatch(words[-1]):
                word = max(word, size(words[-2]) + 1 + size(words[-1]))
            marked[index] = max(marked[index], word)
    return natural, longest, marked


def _one_cell_each(text: str) -> bool:
    """True when every character of the text (newlines aside) is printable ASCII, one
    cell wide on a terminal as Rich's cell_len counts it: its width is its length,
    found at C speed rather than word by word."""
    return text.isascii() and text.replace("\n", "").isprintable()


FOOTNOTE_MARK = re.compile(r"\[\d+\]")
"""A footnote mark as a cell ends with it (cells.evidence_marks numbers them)."""


class FittedTable:
    """A table laid out by the width policy (plan_columns) at the width it is drawn at:
    on a terminal, in a panel, in a picture. Under it, one dim line names the columns
    left out and how to choose columns."""

    def __init__(
        self,
        title: str,
        columns: Sequence[TableColumn],
        rows: Sequence[Sequence[Text]],
        *,
        header: bool = True,
        may_drop: bool = True,
        title_justify: Literal["left", "center"] = "center",
        hint: str | None = "--fields",
    ) -> None:
        self.hint = hint
        self.title = title
        self.columns = columns
        self.rows = rows
        self.header = header
        self.may_drop = may_drop
        self.title_justify = title_justify
        self._measures: tuple[list[int], list[int], list[int]] | None = None

    def measures(self) -> tuple[list[int], list[int], list[int]]:
        """The rows' measures (see measure), taken once: Rich asks for the table's
        measurement and then draws it, and both read them."""
        if self._measures is None:
            self._measures = measure(
                ([cell.plain for cell in row] for row in self.rows),
                [column.heading for column in self.columns],
            )
        return self._measures

    def plan(self, width: int) -> Plan:
        natural, longest, marked = self.measures()
        return plan_columns(self.columns, natural, longest, width, self.may_drop, marked)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement  # noqa: PLC0415 (Rich: drawn output only)

        natural, _, _ = self.measures()
        widest = sum(natural) + _overhead(len(natural))
        narrowest = self.plan(options.max_width)
        least = sum(narrowest.widths) + _overhead(len(narrowest.kept))
        return Measurement(min(least, widest), widest).with_maximum(options.max_width)

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        plan = self.plan(options.max_width)
        yield laid_out(self.title, self.columns, self.rows, plan, self.header, self.title_justify)
        if plan.dropped:
            yield left_out([self.columns[index] for index in plan.dropped], self.hint)


def laid_out(
    title: str,
    columns: Sequence[TableColumn],
    rows: Sequence[Sequence[Text]],
    plan: Plan,
    header: bool = True,
    title_justify: Literal["left", "center"] = "center",
) -> Table:
    """A Rich table of the plan's columns at the plan's widths."""
    from rich.box import SIMPLE_HEAD  # noqa: PLC0415 (Rich: drawn output only)
    from rich.table import Table  # noqa: PLC0415 (Rich: drawn output only)
    from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

    table = Table(
        title=Text(visible(shortened(title, CELL_LIMIT))) if title else None,
        title_justify=title_justify,
        title_style="bold" if title_justify == "left" else None,
        show_header=header,
        header_style="bold",
        box=SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        expand=False,
    )
    for index, width in zip(plan.kept, plan.widths, strict=True):
        column = columns[index]
        table.add_column(column.heading, width=width, overflow="fold")
    for row in rows:
        table.add_row(*(_fitted(row[index]) for index in plan.kept))
    return table


def _fitted(cell: Text) -> RenderableType:
    """A cell as its column's wrap rule draws it (a ``shorten`` cell is cut to one line)."""
    return OneLine(cell) if cell.no_wrap and cell.overflow == "ellipsis" else cell


def left_out(columns: Sequence[TableColumn], hint: str | None = "--fields") -> Text:
    """The line under a table that names the columns left out to fit, and how to choose
    columns where the reader can (a listing's --fields)."""
    from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

    names = ", ".join(column.name for column in columns)
    said = f"Not shown at this width: {names}"
    return Text(said if hint is None else f"{said} (see {hint})", style="dim")


def table_renderable(
    title: str,
    columns: Sequence[TableColumn],
    rows: Sequence[Sequence[str]],
    options: OutputOptions,
    marks: Mapping[tuple[int, str], str] | None = None,
    row_marks: bool | None = None,
    links: Sequence[Sequence[str | None]] | None = None,
) -> FittedTable:
    """A listing's table: a cell a string, styled by its column, with its footnote mark;
    columns left out at a narrow width unless the reader chose them (--fields)."""
    marks = marks or {}
    if row_marks is None:
        row_marks = any(column == ROW_MARK for _, column in marks)
    shown, cells = table_cells(columns, rows, marks, row_marks, links)
    return FittedTable(title, shown, cells, header=options.header, may_drop=options.fields is None)


def table_cells(
    columns: Sequence[TableColumn],
    rows: Sequence[Sequence[str]],
    marks: Mapping[tuple[int, str], str],
    row_marks: bool,
    links: Sequence[Sequence[str | None]] | None,
) -> tuple[list[TableColumn], list[list[Text]]]:
    """The columns (with the marks' own column where rows are marked) and each cell as
    drawn: styled by its column, with its footnote mark and its link."""
    shown = [*columns, MARK_COLUMN] if row_marks else list(columns)
    cells = [
        [
            _shortening(
                _cell(
                    column,
                    cell,
                    marks.get((index, column.name), ""),
                    links[index][position] if links and position < len(columns) else None,
                ),
                column,
            )
            for position, (column, cell) in enumerate(
                zip(shown, [*texts, ""] if row_marks else texts, strict=True)
            )
        ]
        for index, texts in enumerate(rows)
    ]
    return shown, cells


def plain_cells(
    columns: Sequence[TableColumn],
    rows: Sequence[Sequence[str]],
    marks: Mapping[tuple[int, str], str],
    row_marks: bool,
) -> Iterator[list[str]]:
    """Each row's cells as table_cells draws them, as plain text (escaped, cut, with its
    footnote mark): all the width policy measures (see measure), without building a
    styled Rich cell for each, which cost most of the time of choosing a listing's
    variant."""
    shown = [*columns, MARK_COLUMN] if row_marks else list(columns)
    for index, texts in enumerate(rows):
        cells = []
        for column, text in zip(shown, [*texts, ""] if row_marks else texts, strict=True):
            mark = marks.get((index, column.name), "")
            cells.append(f"{_shown_text(text)} {mark}" if mark else _shown_text(text))
        yield cells


def _shortening(cell: Text, column: TableColumn) -> Text:
    if column.policy.wrap == "shorten":
        cell.overflow = "ellipsis"
    return cell


class TableVariant(NamedTuple):
    """One way of drawing a listing's table: its columns, each cell's text, the footnote
    marks of its cells and their notes, and the URL each cell links to (if any)."""

    columns: Sequence[TableColumn]
    rows: Sequence[Sequence[str]]
    marks: Mapping[tuple[int, str], str]
    notes: Sequence[tuple[str, str]]
    links: Sequence[Sequence[str | None]] | None
    omitted: tuple[TableColumn, ...] = ()
    """The columns it leaves out to give its main column the room."""
    main_share: float = 0.0
    """The share of the width its main column needs for this variant to be drawn rather
    than the next, more compact one (its longest text, where that needs less)."""
    main_lines: float | None = None
    """The most lines a row its main column's text may take, on average, for this
    variant to be drawn rather than the next (None: not counted)."""


def choose_variant(variants: Sequence[TableVariant], width: int) -> TableVariant:
    """The first variant (the most generous) that fits without leaving a column out,
    draws whole every column that could give way, and gives its main column the room:
    its longest text on one line, or its ``main_share`` of the width; else the last (the
    most compact), every row measured."""
    for variant in variants[:-1]:
        shown = list(variant.columns)
        main = next((i for i, column in enumerate(shown) if column.policy.main), None)
        if main is None:
            return variant
        natural, longest, marked = _measure_variant(variant)
        plan = plan_columns(shown, natural, longest, width, True, marked)
        if plan.dropped or main not in plan.kept:
            continue
        widths = dict(zip(plan.kept, plan.widths, strict=True))
        wanted = min(natural[main], int(width * variant.main_share))
        # A column that could give way is drawn whole, or gives way: it never wraps.
        whole = all(
            widths[i] >= natural[i] for i in plan.kept if shown[i].policy.compact is not None
        )
        if widths[main] >= wanted and whole and _few_lines(variant, main, widths[main]):
            return variant
    return variants[-1]


def _few_lines(variant: TableVariant, main: int, width: int) -> bool:
    """True when the variant's main column, wrapped between words at this width, takes
    at most its ``main_lines`` a row on average (always, where it sets none)."""
    if variant.main_lines is None or not variant.rows:
        return True
    name = variant.columns[main].name
    lines = 0
    for index, row in enumerate(variant.rows):
        mark = variant.marks.get((index, name))
        text = f"{row[main]} {mark}" if mark else row[main]
        lines += max(1, len(textwrap.wrap(text, max(width, 1))))
    return lines <= variant.main_lines * len(variant.rows)


def _measure_variant(variant: TableVariant) -> tuple[list[int], list[int], list[int]]:
    """A variant's measures (see measure), from its cells' plain text a row at a time."""
    return measure(
        plain_cells(variant.columns, variant.rows, variant.marks, False),
        [column.heading for column in variant.columns],
    )


def draw_listing(
    title: str, variants: Sequence[TableVariant], options: OutputOptions, stream: TextIO
) -> None:
    """A listing's table, in the first of its variants that gives its main column the
    room at the console's width (see choose_variant), with its footnotes."""
    console = make_console(stream, options.color, options.width)
    chosen = choose_variant(variants, console.width)
    draw_table(
        title,
        chosen.columns,
        chosen.rows,
        options,
        stream,
        chosen.marks,
        chosen.notes,
        chosen.links,
    )
    if chosen.omitted:  # under the footnotes: the rows stay together
        console.print(left_out(chosen.omitted))


def draw_table(
    title: str,
    columns: Sequence[TableColumn],
    rows: Sequence[Sequence[str]],
    options: OutputOptions,
    stream: TextIO,
    marks: Mapping[tuple[int, str], str] | None = None,
    notes: Sequence[tuple[str, str]] = (),
    links: Sequence[Sequence[str | None]] | None = None,
) -> None:
    """A table, and the footnotes of its marked cells under it.

    A table of more than CHUNK_ROWS rows is drawn a chunk at a time (see
    _draw_in_chunks), so that time and memory grow linearly with the rows.
    """
    console = make_console(stream, options.color, options.width)
    if len(rows) <= CHUNK_ROWS:
        # One print, so a reader that goes away early (| head) meets one write, not two.
        console.print(table_with_notes(title, columns, rows, options, marks, notes, links))
        return
    _draw_in_chunks(console, title, columns, rows, options, marks or {}, links)
    below = footnotes(notes)
    if below is not None:
        console.print(below)


CHUNK_ROWS = 1_000
"""Rows of a table Rich lays out at once; a longer table is drawn in chunks."""


def _draw_in_chunks(
    console: Console,
    title: str,
    columns: Sequence[TableColumn],
    rows: Sequence[Sequence[str]],
    options: OutputOptions,
    marks: Mapping[tuple[int, str], str],
    links: Sequence[Sequence[str | None]] | None,
) -> None:
    """A long table as it would be drawn whole, a chunk of rows at a time.

    Rich measures every cell of a table before drawing it and holds every line it
    draws, so a 100,000-row table took a minute and a gigabyte. Here the plan of the
    columns is worked out once, from every cell's widest line and longest word (the
    only measures the plan reads), a chunk at a time; each chunk is then laid out with
    that plan, the first with the title and header, and the borders between chunks left
    out, so the lines are the same.
    """
    from rich.segment import Segments  # noqa: PLC0415 (Rich: drawn output only)

    row_marks = any(column == ROW_MARK for _, column in marks)
    by_chunk: dict[int, dict[tuple[int, str], str]] = {}
    for (index, column), mark in marks.items():
        by_chunk.setdefault(index // CHUNK_ROWS, {})[(index % CHUNK_ROWS, column)] = mark

    def chunk(start: int, header: bool) -> FittedTable:
        chunk_options = msgspec.structs.replace(options, header=header)
        return table_renderable(
            title if start == 0 else "",
            columns,
            rows[start : start + CHUNK_ROWS],
            chunk_options,
            by_chunk.get(start // CHUNK_ROWS, {}),
            row_marks,
            links[start : start + CHUNK_ROWS] if links else None,
        )

    first = chunk(0, options.header)
    natural, longest, marked = measure(
        plain_cells(columns, rows, marks, row_marks), [column.heading for column in first.columns]
    )
    plan = plan_columns(first.columns, natural, longest, console.width, first.may_drop, marked)
    for start in range(0, len(rows), CHUNK_ROWS):
        part = first if start == 0 else chunk(start, False)
        table = laid_out(part.title, part.columns, part.rows, plan, part.header)
        lines = console.render_lines(table, console.options, pad=False, new_lines=True)
        # Drawn without an outer edge, a chunk has no border to leave out: every line
        # is a row's (the first chunk's title and header are the table's).
        console.print(Segments(segment for line in lines for segment in line), end="")
        del lines, table, part  # a chunk at a time in memory
    if plan.dropped:
        console.print(left_out([first.columns[index] for index in plan.dropped]))


def table_with_notes(
    title: str,
    columns: Sequence[TableColumn],
    rows: Sequence[Sequence[str]],
    options: OutputOptions,
    marks: Mapping[tuple[int, str], str] | None = None,
    notes: Sequence[tuple[str, str]] = (),
    links: Sequence[Sequence[str | None]] | None = None,
) -> RenderableType:
    """A table and, under it, the footnotes of its marked cells."""
    from rich.console import Group  # noqa: PLC0415 (Rich: drawn output only)

    table = table_renderable(title, columns, rows, options, marks, links=links)
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
        from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

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
        cut.truncate(max(width - len(ellipsis), 0), overflow="crop")
        cut.append(ellipsis)
        yield cut


class TitledPanel:
    """A panel around a record's facts whose title, when wider than the panel can be,
    ends in an ellipsis the output's encoding can carry (Rich would cut it silently)."""

    def __init__(self, title: Text, *parts: RenderableType) -> None:
        self.title = title
        self.parts = parts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Panel]:
        from rich.console import Group  # noqa: PLC0415 (Rich: drawn output only)
        from rich.panel import Panel  # noqa: PLC0415 (Rich: drawn output only)

        title = self.title.copy()
        room = options.max_width - 6  # the corners, a border's run and a space each side
        if title.cell_len > room:
            ellipsis = readable("…", console.encoding)
            title.truncate(max(room - len(ellipsis), 1), overflow="crop")
            title.append(ellipsis)
        yield Panel(Group(*self.parts), title=title, expand=False)
