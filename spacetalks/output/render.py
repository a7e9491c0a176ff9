"""Turn a command's answer into output: one renderer per format, in one registry.

A command hands over a Listing (typed rows, the fields they have, the columns a
table shows by default) or one Document (see spacetalks.answers.contract). Every format
reads the same rows. Dataset text follows spacetalks.output.safe_text's one rule: text
meant for people (table, plain, tsv, csv, markdown) shows control, format and
separator characters as escapes, so a dataset cannot drive the terminal; json and
jsonl write them as ``\\uXXXX`` escapes and keep every value exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any, TextIO, TypeVar, cast

import msgspec

from spacetalks.answers.contract import (
    Document,
    EvidenceLine,
    Listing,
    Output,
    Row,
    WhyDocument,
    column_values,
    field_names,
    value_of,
)
from spacetalks.output.cells import (
    ADVANCE_STANCE,
    OutputOptions,
    cell_text,
)
from spacetalks.output.safe_text import flat_visible_all, json_safe, markdown_cell, readable


class Format(StrEnum):
    """Output formats, for ``--format``."""

    table = "table"
    plain = "plain"
    tsv = "tsv"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


class UnknownFieldError(ValueError):
    def __init__(self, unknown: Sequence[str], valid: Sequence[str]) -> None:
        super().__init__(
            f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"valid fields: {', '.join(valid)} (--fields help says what each holds)"
        )
        self.unknown = tuple(unknown)
        self.valid = tuple(valid)


def evidence_lines(why: WhyDocument) -> Listing:
    """``why`` flat: one row per (field, value, source), saying whether the source is
    cited for the field or only for the record; a field with no source, one row."""
    rows = []
    for evidence in why.fields:
        values = [("shown", evidence.value, evidence.sources)]
        values += [
            (
                ADVANCE_STANCE if other.reported_before_event else "alternative",
                other.value,
                other.sources,
            )
            for other in evidence.alternatives
        ]
        for stance, value, sources in values:
            rows += [
                EvidenceLine(
                    field=evidence.field,
                    value=value,
                    stance=stance,
                    cited_for=source.cited_for if source else "",
                    publisher=source.publisher if source else "",
                    title=source.title if source else "",
                    date=source.date if source else None,
                    url=source.url if source else None,
                    via=source.via if source else None,
                    source=source.id if source else "",
                )
                for source in (sources or [None])
            ]
    return Listing(rows, field_names(EvidenceLine), why.COLUMNS, title=why.heading)


FLAT_VIEWS: dict[type[Document], Callable[[Any], Listing]] = {WhyDocument: evidence_lines}
"""Documents whose flat form is rows of their parts rather than ``field<TAB>value`` lines."""


def as_listing(output: Output) -> Listing:
    """A listing as it is; a document as its flat view, or a listing of its one record."""
    if isinstance(output, Listing):
        return output
    flat_view = FLAT_VIEWS.get(type(output))
    if flat_view is not None:
        return flat_view(output)
    return Listing([output], field_names(type(output)), output.COLUMNS, title=output.heading)


def has_flat_view(output: Output) -> bool:
    """True for a document whose ``--fields`` choose columns of its flat view (why's
    evidence lines) rather than keys of its one JSON object."""
    return isinstance(output, Document) and type(output) in FLAT_VIEWS


def _field_lines(output: Output) -> bool:
    """True for a document written as ``field<TAB>value`` lines."""
    return isinstance(output, Document) and type(output) not in FLAT_VIEWS


def parse_fields(text: str, output: Output) -> tuple[str, ...]:
    """Read ``--fields a,b,c`` (every name a field of the output), or ``all``."""
    valid = as_listing(output).fields
    if text.strip().casefold() == "all":
        return valid
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [name for name in chosen if name not in valid]
    if unknown or not chosen:
        raise UnknownFieldError(unknown or [text], valid)
    return chosen


EVIDENCE_COLUMNS = ("disputed", "claimed_by")
"""Last in the piped default columns of rows that carry evidence: the names of the
fields the sources disagree on, and the side whose claim alone the record is (each
empty when none), so that a fact piped on is never stripped of its doubt."""


def piped_columns(listing: Listing, options: OutputOptions) -> tuple[str, ...]:
    """The columns of plain, tsv, csv and markdown: the chosen fields, else the default
    columns led by the record's ``id`` where its rows have one (the key a script joins
    on, as gh and kubectl always show it) and ended by EVIDENCE_COLUMNS where its rows
    have them."""
    if options.fields:
        return options.fields
    columns = listing.columns
    if "id" in listing.fields:
        columns = ("id", *(column for column in columns if column != "id"))
    evidence = [
        column for column in EVIDENCE_COLUMNS if column in listing.fields and column not in columns
    ]
    return (*columns, *evidence)


LIST_SEPARATOR = ", "
"""Between the items of a list in one cell of plain, tsv, csv and markdown. A comma
inside an item gets a backslash before it (a backslash of the text is already doubled),
so the items can be told apart: split at each comma no backslash escapes."""


Escape = Callable[[list[str]], list[str]]
"""Escapes the texts of many cells for a format, all at once (see flat_visible_all)."""


def markdown_cells(texts: list[str]) -> list[str]:
    return list(map(markdown_cell, texts))


def piped_column(values: Sequence[object], escape: Escape) -> list[str]:
    """The cells of one column of plain, tsv, csv or markdown, escaped for the format
    (every text of the column at once); a list's items joined by LIST_SEPARATOR with
    their own commas escaped."""
    if set(map(type, values)) <= {str}:  # most columns
        return escape(cast(list[str], list(values)))
    listed = [value if isinstance(value, list | tuple) else None for value in values]
    escaped = iter(
        escape(
            [
                cell_text(item)
                for value, items in zip(values, listed, strict=True)
                for item in (items if items is not None else (value,))
            ]
        )
    )
    return [
        next(escaped)
        if items is None
        else LIST_SEPARATOR.join([next(escaped).replace(",", "\\,") for _ in items])
        if items
        else ""
        for items in listed
    ]


def flat_rows(
    listing: Listing, options: OutputOptions, escape: Escape
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The header and the cells of each row, for the line-based formats and markdown,
    made a column at a time."""
    columns = piped_columns(listing, options)
    if not columns:
        return columns, [() for _ in listing.rows]
    by_column = [piped_column(column_values(listing.rows, column), escape) for column in columns]
    return columns, list(zip(*by_column, strict=True))


def _write_tab_separated(
    listing: Listing, options: OutputOptions, stream: TextIO, header: bool
) -> None:
    columns, rows = flat_rows(listing, options, flat_visible_all)
    lines = ["\t".join(columns)] if header else []
    lines += ["\t".join(cells) for cells in rows]
    if lines:
        stream.write("\n".join(lines) + "\n")


def render_plain(output: Output, options: OutputOptions, stream: TextIO) -> None:
    """One record a line, tab-separated, no header, nothing cut short.

    A single record (a profile) is written as ``field<TAB>value`` lines instead, as
    ``gh`` does for one item.
    """
    listing = as_listing(output)
    if _field_lines(output):
        columns, rows = flat_rows(listing, options, flat_visible_all)
        lines = [f"{column}\t{cell}" for column, cell in zip(columns, rows[0], strict=True)]
        stream.write("\n".join(lines) + "\n")
        return
    _write_tab_separated(listing, options, stream, header=False)


def render_tsv(output: Output, options: OutputOptions, stream: TextIO) -> None:
    """Tab-separated values with a header row; tabs and newlines in cells escaped."""
    _write_tab_separated(as_listing(output), options, stream, header=options.header)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """OWASP's defence against CSV injection: a leading apostrophe on formula-like cells."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def render_csv(output: Output, options: OutputOptions, stream: TextIO) -> None:
    """RFC 4180 CSV (CRLF line ends) with a header row; cells escaped as in tsv (one record
    a line); formula-like cells neutralised unless csv_raw."""
    columns, rows = flat_rows(as_listing(output), options, flat_visible_all)
    import csv  # noqa: PLC0415 (about 1 ms: only --format csv)

    writer = csv.writer(stream, lineterminator="\r\n")
    if options.header:
        writer.writerow(columns)
    for cells in rows:
        writer.writerow(cells if options.csv_raw else [spreadsheet_safe(cell) for cell in cells])


def render_markdown(output: Output, options: OutputOptions, stream: TextIO) -> None:
    """A GitHub-flavoured Markdown table."""
    columns, rows = flat_rows(as_listing(output), options, markdown_cells)
    lines = []
    if options.header:
        lines.append("| " + " | ".join(markdown_cell(column) for column in columns) + " |")
        lines.append("|" + "|".join("---" for _ in columns) + "|")
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    stream.write("\n".join(lines) + "\n")


def json_rows(listing: Listing, options: OutputOptions) -> list[object]:
    """The rows as JSON objects: every key a row has, or exactly the chosen fields."""
    if options.fields is None:
        return list(listing.rows)
    return [{name: value_of(row, name) for name in options.fields} for row in listing.rows]


def _stream_is_utf8(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding in {"utf-8", "utf8"}


def _json_lines(values: Sequence[object], stream: TextIO) -> str:
    """Compact JSON text, one value a line, each line ended; non-ASCII escaped when the
    stream cannot carry UTF-8. msgspec encodes every line in one call (at 14,762 rows
    about three times faster than a call a row), and json_safe reads the whole text at
    once: it never touches a line feed, so that is the same as line by line."""
    if _stream_is_utf8(stream):
        return json_safe(msgspec.json.Encoder().encode_lines(values).decode("utf-8"))
    import json  # noqa: PLC0415 (about 2 ms: only a stream that cannot carry UTF-8)

    return json_safe(
        "".join(
            json.dumps(msgspec.to_builtins(value), ensure_ascii=True, separators=(",", ":")) + "\n"
            for value in values
        )
    )


def render_json(output: Output, options: OutputOptions, stream: TextIO) -> None:
    """One JSON array of objects; one object for a single record."""
    if isinstance(output, Document) and options.fields is None:
        value: object = output
    else:
        rows = json_rows(as_listing(output), options)
        value = rows[0] if _field_lines(output) else rows
    if _stream_is_utf8(stream):
        text = msgspec.json.format(msgspec.json.encode(value), indent=2).decode("utf-8")
    else:
        import json  # noqa: PLC0415 (about 2 ms: only a stream that cannot carry UTF-8)

        text = json.dumps(msgspec.to_builtins(value), ensure_ascii=True, indent=2)
    stream.write(json_safe(text) + "\n")


def render_jsonl(output: Output, options: OutputOptions, stream: TextIO) -> None:
    """One JSON object a line (a document: itself, on one line)."""
    rows = (
        [output]
        if isinstance(output, Document) and options.fields is None
        else json_rows(as_listing(output), options)
    )
    if rows:
        stream.write(_json_lines(rows, stream))


RowT = TypeVar("RowT", bound=Row)


def _readable_builtins(value: object, encoding: str) -> object:
    if isinstance(value, str):
        return readable(value, encoding)
    if isinstance(value, list | tuple):  # to_builtins keeps a struct's tuples as tuples
        return [_readable_builtins(item, encoding) for item in value]
    if isinstance(value, dict):
        return {key: _readable_builtins(item, encoding) for key, item in value.items()}
    return value


def _readable_row(row: RowT, encoding: str) -> RowT:
    return msgspec.convert(_readable_builtins(msgspec.to_builtins(row), encoding), type(row))


def in_encoding(output: Output, encoding: str) -> Output:
    """The output with its text as an output in this encoding can carry it (see
    safe_text.readable), for a view laid out before it is written: ``…`` becomes ``...``
    before Rich measures it, so the columns stay aligned. Unchanged for UTF-8."""
    if encoding.lower().replace("_", "-") in {"utf-8", "utf8"}:
        return output
    if isinstance(output, Listing):
        return msgspec.structs.replace(
            output,
            rows=[_readable_row(row, encoding) for row in output.rows],
            title=readable(output.title, encoding),
        )
    return _readable_row(output, encoding)


def render_table(output: Output, options: OutputOptions, stream: TextIO) -> None:
    """A Rich table, coloured on a terminal; a single record in its own layout."""
    # The terminal renderers (about 8 ms to import, before Rich): only a drawn view.
    from spacetalks.output.terminal.layouts import draw_document  # noqa: PLC0415
    from spacetalks.output.terminal.scanning import table_variants  # noqa: PLC0415
    from spacetalks.output.terminal.table import draw_listing  # noqa: PLC0415

    output = in_encoding(output, getattr(stream, "encoding", None) or "utf-8")
    if isinstance(output, Document) and options.fields is None:
        draw_document(output, options, stream)
        return
    listing = as_listing(output)
    variants = table_variants(listing, options, getattr(stream, "encoding", None) or "utf-8")
    draw_listing(listing.title, variants, options, stream)


Renderer = Callable[[Output, OutputOptions, TextIO], None]

RENDERERS: dict[Format, Renderer] = {
    Format.table: render_table,
    Format.plain: render_plain,
    Format.tsv: render_tsv,
    Format.csv: render_csv,
    Format.json: render_json,
    Format.jsonl: render_jsonl,
    Format.markdown: render_markdown,
}


def render(output: Output, output_format: Format, options: OutputOptions, stream: TextIO) -> None:
    RENDERERS[output_format](output, options, stream)
