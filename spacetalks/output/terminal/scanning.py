"""Scanning rows: how a listing of records is drawn for people to scan, one line a
record where the width allows (see docs/output.md).

The same rows serve every listing of events: ``timeline``, and the event lists inside
``who``, ``topics TOPIC`` and ``between``. A listing can be drawn in several variants,
the most generous first (status as a word, kind as a word, place, the handle), each
column giving way as its policy says (see contract.Column) until the main column (a
title) gets the room; ScanningTable chooses among them at the width it is drawn at.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import msgspec

from spacetalks.answers.contract import Column, Listing, Row, value_of
from spacetalks.output.cells import (
    ROW_MARK,
    OutputOptions,
    cell_text,
    date_for_people,
    evidence_marks,
)
from spacetalks.output.safe_link import link_target
from spacetalks.output.terminal.palette import kind_look
from spacetalks.output.terminal.table import (
    FittedTable,
    TableColumn,
    TableVariant,
    choose_variant,
    footnotes,
    left_out,
    table_cells,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console, ConsoleOptions, RenderableType


GLYPH_HEADING = "kind"
"""The heading of a column of kinds drawn as glyphs (the legend: ``timeline --help``).
Beside a column still to give way (the handle) the glyphs go unheaded: the heading's
three more columns are the title's, which would otherwise wrap (at 120 columns, a
third of the timeline's rows)."""
OVERDUE = "overdue"
"""The status a table for people shows for a plan whose date has passed with no report
(the row's ``overdue``): "scheduled, overdue", or "overdue: " before a title."""


def status_for_people(row: Row, folded: bool = False) -> str:
    """A row's status as a table for people shows it: as recorded, with ``overdue``
    beside it where the plan's date has passed with no report ("scheduled, overdue");
    folded before a title, ``overdue`` alone. Machine formats keep the status as
    recorded and the ``overdue`` field."""
    status = cell_text(value_of(row, "status"))
    if getattr(row, "overdue", False) is not True:
        return status
    return OVERDUE if folded or not status else f"{status}, {OVERDUE}"


def chosen_columns(listing: Listing, options: OutputOptions) -> tuple[str, ...]:
    return options.fields or listing.columns


def table_view(
    listing: Listing, options: OutputOptions
) -> tuple[list[TableColumn], list[list[str]], list[list[str | None]] | None]:
    """A listing as a table for people shows it: its columns with their policies (see
    contract.Column), each cell as people read it (a name for an id, a date as people
    write it), and the URL each cell links to, if any column links."""
    columns = [TableColumn(name, listing.column(name)) for name in chosen_columns(listing, options)]
    rows = [
        [cell_for_people(row, column.name, column.policy) for column in columns]
        for row in listing.rows
    ]
    return columns, rows, _links(listing, columns)


def _links(listing: Listing, columns: Sequence[TableColumn]) -> list[list[str | None]] | None:
    if not any(column.policy.link for column in columns):
        return None
    return [[_link(row, column.policy.link) for column in columns] for row in listing.rows]


def table_variants(listing: Listing, options: OutputOptions, encoding: str) -> list[TableVariant]:
    """The ways a listing's table can be drawn, the most generous first: with the columns
    the reader chose (--fields), just those; else the default columns, and then, step by
    step in the order of their ``gives_way``, each column giving way as its ``compact``
    says (a place left out, a date without its time of day, a kind as its glyph, a
    status folded into the title, the handle left out). The table drawn is the first
    that gives its main column the room (see table.choose_variant)."""
    if options.fields is not None:
        columns, rows, links = table_view(listing, options)
        marks, notes = evidence_marks(listing.rows, [column.name for column in columns])
        return [TableVariant(columns, rows, marks, notes, links)]
    base = [TableColumn(name, listing.column(name)) for name in listing.drawn or listing.columns]
    base = [column for column in base if not _all_quiet(listing.rows, column)]
    steps = sorted(
        {column.policy.gives_way for column in base if column.policy.compact is not None}
    )
    if not any(column.policy.main for column in base):
        steps = []
    glyphs = _carries("▲", encoding)
    variants = []
    for count in range(len(steps) + 1):
        variant = _variant(listing, base, frozenset(steps[:count]), glyphs)
        giving = [column for column in base if column.policy.gives_way in steps[count : count + 1]]
        share = max((column.policy.keep_share for column in giving), default=0.0)
        lines = [column.policy.keep_lines for column in giving]
        most = min((count for count in lines if count is not None), default=None)
        variants.append(variant._replace(main_share=share, main_lines=most))
    return variants


def _carries(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _all_quiet(rows: Sequence[Row], column: TableColumn) -> bool:
    quiet = column.policy.quiet
    return quiet is not None and all(cell_text(value_of(row, column.name)) == quiet for row in rows)


def _variant(
    listing: Listing, base: Sequence[TableColumn], given: frozenset[int], glyphs: bool
) -> TableVariant:
    """The table with the columns of these ``gives_way`` steps given way."""

    def gives(column: TableColumn) -> bool:
        return column.policy.gives_way in given

    folded = [column for column in base if gives(column) and column.policy.compact == "fold"]
    still_to_go = any(column.policy.compact == "drop" and not gives(column) for column in base)
    glyph_heading = "" if still_to_go else GLYPH_HEADING
    columns = [
        # Headed as the kind it is; the glyphs are the chart's (legend: timeline --help).
        column._replace(policy=msgspec.structs.replace(column.policy, label=glyph_heading))
        if gives(column) and column.policy.compact == "glyph"
        else column
        for column in base
        if not (gives(column) and column.policy.compact in ("drop", "fold"))
    ]
    rows = []
    for row in listing.rows:
        cells = []
        for column in columns:
            policy = column.policy
            text = cell_for_people(row, column.name, policy, compact=gives(column))
            if policy.quiet is not None and text == policy.quiet:
                text = ""
            if gives(column) and policy.compact == "glyph" and text:
                look = kind_look(text)
                text = look.glyph if glyphs else look.ascii
            if policy.main and folded:
                said = [
                    status_for_people(row, folded=True)
                    if fold.name == "status"
                    else cell_text(value_of(row, fold.name))
                    for fold in folded
                ]
                prefix = [
                    word
                    for word, fold in zip(said, folded, strict=True)
                    if word and word != fold.policy.quiet
                ]
                text = ": ".join([*prefix, text])
            cells.append(text)
        rows.append(cells)
    marks, notes = evidence_marks(listing.rows, [column.name for column in columns])
    omitted = tuple(column for column in base if gives(column) and column.policy.compact == "drop")
    return TableVariant(columns, rows, marks, notes, _links(listing, columns), omitted)


def _link(row: Row, field: str | None) -> str | None:
    value = value_of(row, field) if field else None
    return link_target(value) if isinstance(value, str) else None


def cell_for_people(row: Row, name: str, policy: Column, compact: bool = False) -> str:
    """One cell of a table for people: what the column shows (a name for an id), a date
    as people write it (compact: without its time of day)."""
    if name == "status":
        return status_for_people(row)
    value = value_of(row, policy.shows) if policy.shows else None
    text = cell_text(value if value not in (None, (), []) else value_of(row, name))
    if policy.date and compact and policy.compact == "day":
        text = text.split("T", 1)[0]
    if policy.quoted and text:
        return f"\u201c{text}\u201d"
    return date_for_people(text) if policy.date else text


class ScanningTable:
    """A listing drawn for scanning inside a record's layout (who's events, a topic's
    timeline) or a picture (export svg and html --table): the first of its variants
    that gives its main column the room at the width it is drawn at (see
    choose_variant), its footnotes, and the columns it left out."""

    def __init__(
        self,
        listing: Listing,
        more: RenderableType | None = None,
        title_justify: Literal["left", "center"] = "left",
    ) -> None:
        self.listing = listing
        self.more = more
        self.title_justify = title_justify

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        variants = table_variants(self.listing, OutputOptions(), console.encoding)
        chosen = choose_variant(variants, options.max_width)
        row_marks = any(column == ROW_MARK for _, column in chosen.marks)
        columns, cells = table_cells(
            chosen.columns, chosen.rows, chosen.marks, row_marks, chosen.links
        )
        yield FittedTable(
            self.listing.title, columns, cells, title_justify=self.title_justify, hint=None
        )
        if self.more is not None:
            yield self.more
        notes = footnotes(chosen.notes)
        if notes is not None:
            yield notes
        if chosen.omitted:
            yield left_out(chosen.omitted, hint=None)
