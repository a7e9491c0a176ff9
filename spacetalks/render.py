"""Turn rows into output: one renderer per format, in one registry.

A command hands over a Listing: rows that are already plain dicts (the JSON shape),
the fields they can have, and the columns a table shows by default. Every format
reads the same rows. Text meant for people (table, plain, tsv, markdown) has
control characters made visible, so a dataset cannot drive the terminal; json and
jsonl keep every value exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import TextIO

import msgspec


class Format(StrEnum):
    """Output formats, for ``--format``."""

    table = "table"
    plain = "plain"
    tsv = "tsv"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


Row = Mapping[str, object]


class Listing(msgspec.Struct, frozen=True):
    """What a command produces: rows, the fields they have, and the default columns."""

    rows: Sequence[Row]
    fields: tuple[str, ...]
    """Every field a row may have, in display order; ``--fields`` chooses among these."""
    columns: tuple[str, ...]
    """The fields a table, plain, tsv, csv or markdown shows when ``--fields`` is not given."""
    title: str = ""
    single: bool = False
    """One record (a profile): JSON gives an object, plain gives ``field<TAB>value`` lines."""
    layout: str | None = None
    """The name of the terminal layout for a single record ("person", "event", "topic")."""


class OutputOptions(msgspec.Struct, frozen=True):
    fields: tuple[str, ...] | None = None
    header: bool = True
    color: bool = False
    csv_raw: bool = False


class UnknownFieldError(ValueError):
    def __init__(self, unknown: Sequence[str], valid: Sequence[str]) -> None:
        super().__init__(
            f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"valid fields: {', '.join(valid)}"
        )
        self.unknown = tuple(unknown)
        self.valid = tuple(valid)


def parse_fields(text: str, listing: Listing) -> tuple[str, ...]:
    """Read ``--fields a,b,c``; every name must be a field of the listing."""
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [name for name in chosen if name not in listing.fields]
    if unknown or not chosen:
        raise UnknownFieldError(unknown or [text], listing.fields)
    return chosen


# Control characters (C0, DEL, C1) and the Unicode format characters that reorder or
# hide text; shown as escapes instead.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_FLAT_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_FLAT_UNSAFE = re.compile(r"\\|" + _UNSAFE.pattern)


def _escape_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep_newlines: bool = False) -> str:
    """Text with control and format characters shown as escapes (``\\x1b``)."""

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if keep_newlines and char == "\n":
            return char
        return _escape_char(char)

    return _UNSAFE.sub(replace, text)


def flat_visible(text: str) -> str:
    """Text for one tab-separated cell: tabs, newlines and backslashes escaped too."""
    return _FLAT_UNSAFE.sub(
        lambda match: _FLAT_ESCAPES.get(match.group()) or _escape_char(match.group()), text
    )


def cell_text(value: object) -> str:
    """A value as the text of one cell: lists joined by ', ', absent as empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(item) for item in value)
    if isinstance(value, Mapping):
        return _mapping_text(value)
    return str(value)


def span_text(start: object, end: object) -> str:
    """A role's span: "2018-05-24 to 2022-07-15", "since 2025-02-06", "until 2019"."""
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"since {start}"
    return f"until {end}" if end else ""


def role_text(role: Mapping[str, object]) -> str:
    span = span_text(role.get("from"), role.get("to"))
    text = f"{role['title']}, {role['organization_name']}"
    return f"{text} ({span})" if span else text


def _mapping_text(value: Mapping[str, object]) -> str:
    """The short text of a nested record, by its shape."""
    if "alternatives" in value and "field" in value:
        alternatives = value["alternatives"]
        assert isinstance(alternatives, list)
        shown = " / ".join(cell_text(item.get("value")) for item in alternatives)
        return f"{value['field']}: {shown}"
    if "organization_name" in value and "title" in value:
        return role_text(value)
    if "roles" in value and "name" in value:
        roles = value["roles"]
        assert isinstance(roles, list)
        held = "; ".join(f"{role['title']}, {role['organization_name']}" for role in roles)
        return f"{value['name']} ({held})" if held else cell_text(value["name"])
    if "date" in value and ("title" in value or "text" in value):
        return f"{cell_text(value['date'])} {cell_text(value.get('title') or value.get('text'))}"
    for key in ("name", "title", "text", "id"):
        if key in value:
            return cell_text(value[key])
    return "; ".join(f"{key}={cell_text(item)}" for key, item in value.items())


def chosen_columns(listing: Listing, options: OutputOptions) -> tuple[str, ...]:
    return options.fields or listing.columns


def flat_rows(listing: Listing, options: OutputOptions) -> tuple[tuple[str, ...], list[list[str]]]:
    """The header and the cells of each row, for the tabular formats."""
    columns = chosen_columns(listing, options)
    return columns, [[cell_text(row.get(column)) for column in columns] for row in listing.rows]


def _write_tab_separated(
    listing: Listing, options: OutputOptions, stream: TextIO, header: bool
) -> None:
    columns, rows = flat_rows(listing, options)
    lines = ["\t".join(columns)] if header else []
    lines += ["\t".join(flat_visible(cell) for cell in cells) for cells in rows]
    if lines:
        stream.write("\n".join(lines) + "\n")


def render_plain(listing: Listing, options: OutputOptions, stream: TextIO) -> None:
    """One record a line, tab-separated, no header, nothing cut short.

    A single record (a profile) is written as ``field<TAB>value`` lines instead, as
    ``gh`` does for one item.
    """
    if listing.single:
        columns, rows = flat_rows(listing, options)
        lines = [
            f"{column}\t{flat_visible(cell)}" for column, cell in zip(columns, rows[0], strict=True)
        ]
        stream.write("\n".join(lines) + "\n")
        return
    _write_tab_separated(listing, options, stream, header=False)


def render_tsv(listing: Listing, options: OutputOptions, stream: TextIO) -> None:
    """Tab-separated values with a header row; tabs and newlines in cells escaped."""
    _write_tab_separated(listing, options, stream, header=options.header)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """OWASP's defence against CSV injection: a leading apostrophe on formula-like cells."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def render_csv(listing: Listing, options: OutputOptions, stream: TextIO) -> None:
    """RFC 4180 CSV (CRLF line ends) with a header row; formula-like cells neutralised
    unless csv_raw."""
    import csv

    columns, rows = flat_rows(listing, options)
    writer = csv.writer(stream, lineterminator="\r\n")
    if options.header:
        writer.writerow(columns)
    for cells in rows:
        writer.writerow(cells if options.csv_raw else [spreadsheet_safe(cell) for cell in cells])


def _markdown_cell(text: str) -> str:
    return visible(text).replace("\\", "\\\\").replace("|", "\\|") or " "


def render_markdown(listing: Listing, options: OutputOptions, stream: TextIO) -> None:
    """A GitHub-flavoured Markdown table."""
    columns, rows = flat_rows(listing, options)
    lines = []
    if options.header:
        lines.append("| " + " | ".join(_markdown_cell(column) for column in columns) + " |")
        lines.append("|" + "|".join("---" for _ in columns) + "|")
    lines += ["| " + " | ".join(_markdown_cell(cell) for cell in cells) + " |" for cells in rows]
    stream.write("\n".join(lines) + "\n")


def json_rows(listing: Listing, options: OutputOptions) -> list[Row]:
    """The rows as JSON objects: every key present, or exactly the chosen fields."""
    if options.fields is None:
        return list(listing.rows)
    return [{name: row.get(name) for name in options.fields} for row in listing.rows]


def _stream_is_utf8(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding in {"utf-8", "utf8"}


def _encode_json(value: object, stream: TextIO) -> str:
    """Compact JSON text; non-ASCII escaped when the stream cannot carry UTF-8."""
    if _stream_is_utf8(stream):
        return msgspec.json.encode(value).decode("utf-8")
    import json

    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def render_json(listing: Listing, options: OutputOptions, stream: TextIO) -> None:
    """One JSON array of objects."""
    rows = json_rows(listing, options)
    value: object = rows[0] if listing.single and rows else rows
    if _stream_is_utf8(stream):
        stream.write(msgspec.json.format(msgspec.json.encode(value), indent=2).decode("utf-8"))
        stream.write("\n")
        return
    import json

    stream.write(json.dumps(value, ensure_ascii=True, indent=2) + "\n")


def render_jsonl(listing: Listing, options: OutputOptions, stream: TextIO) -> None:
    """One JSON object a line."""
    rows = json_rows(listing, options)
    if not rows:
        return
    stream.write("\n".join(_encode_json(row, stream) for row in rows) + "\n")


def render_table(listing: Listing, options: OutputOptions, stream: TextIO) -> None:
    """A Rich table, coloured on a terminal (imported only when drawn)."""
    from spacetalks.table import draw_table

    if listing.single and listing.layout and options.fields is None:
        from spacetalks.layouts import draw_document

        draw_document(listing.layout, listing.rows[0], options, stream)
        return
    columns, rows = flat_rows(listing, options)
    draw_table(listing.title, columns, rows, options, stream)


Renderer = Callable[[Listing, OutputOptions, TextIO], None]

RENDERERS: dict[Format, Renderer] = {
    Format.table: render_table,
    Format.plain: render_plain,
    Format.tsv: render_tsv,
    Format.csv: render_csv,
    Format.json: render_json,
    Format.jsonl: render_jsonl,
    Format.markdown: render_markdown,
}


def render(listing: Listing, output_format: Format, options: OutputOptions, stream: TextIO) -> None:
    RENDERERS[output_format](listing, options, stream)
