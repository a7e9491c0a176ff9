"""``export sqlite``: the dataset (or the chosen events) as a SQLite database that
Datasette and sqlite-utils open as it is.

The tables are those of the data package (spacetalks.interchange.datapackage_tables):
one per array of a dataset file keyed by ``id``, one per list inside a record keyed by
its parent's key and its index, and link tables with a ``position``. Each has its
primary key and its foreign keys (to its parent, and from each reference to the table
it names); the events and quotes have an FTS5 index (``events_fts``, ``quotes_fts``,
external content, as sqlite-utils' ``enable-fts`` makes it, so Datasette offers a
search box); ``_columns`` describes every column and ``_tables`` every table, and
``_meta`` holds the dataset's ``meta``. No I/O here: the database is built in memory
and returned as bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import msgspec

from spacetalks.dataset.model import Dataset, Event
from spacetalks.interchange.datapackage_tables import TableLayout, table_layouts, tables_from_file
from spacetalks.interchange.datapackage_write import selected_file
from spacetalks.store.full_text import TOKENIZER

if TYPE_CHECKING:
    import sqlite3

FULL_TEXT = {"events": ("title", "summary", "place"), "quotes": ("text", "context")}
"""The tables with an FTS5 index, and the columns it holds."""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _unique_names(layouts: Sequence[TableLayout]) -> tuple[list[str], list[str | None]]:
    """Each table's name in the database, and its parent's: a name two lists share (should
    two record types hold lists of one name) is prefixed with its parent's."""
    names: list[str] = []
    parents: list[str | None] = []
    counts: dict[str, int] = {}
    for layout in layouts:
        counts[layout.name] = counts.get(layout.name, 0) + 1
    latest: dict[str, str] = {}
    for layout in layouts:
        parent = latest.get(layout.parent) if layout.parent is not None else None
        if counts[layout.name] == 1:
            name = layout.name
        elif layout.parent is not None and layout.name.startswith(f"{layout.parent}_"):
            name = f"{parent}{layout.name.removeprefix(layout.parent)}"  # its parent's, renamed
        else:
            name = f"{parent}_{layout.name}"
        latest[layout.name] = name
        names.append(name)
        parents.append(parent)
    return names, parents


def _create(
    layout: TableLayout, name: str, parent: TableLayout | None, parent_name: str | None
) -> str:
    columns = [
        f"{_quoted(column.name)} {'INTEGER' if column.integer else 'TEXT'}"
        + (" NOT NULL" if column.required else "")
        for column in layout.columns
    ]
    constraints = [f"PRIMARY KEY ({', '.join(map(_quoted, layout.key))})"]
    if parent is not None and parent_name is not None:
        constraints.append(
            f"FOREIGN KEY ({', '.join(map(_quoted, layout.parent_key))}) "
            f"REFERENCES {_quoted(parent_name)} ({', '.join(map(_quoted, parent.key))})"
        )
    constraints += [
        f"FOREIGN KEY ({_quoted(column.name)}) REFERENCES {_quoted(column.references)} (id)"
        for column in layout.columns
        if column.references
    ]
    return f"CREATE TABLE {_quoted(name)} (\n  " + ",\n  ".join(columns + constraints) + "\n)"


def sqlite_database(dataset: Dataset, events: Sequence[Event]) -> bytes:
    """The database of the dataset with only these events (and the quotes of no event or
    of one of them), as the bytes of a SQLite file."""
    import sqlite3  # noqa: PLC0415 (about 4 ms: only this export needs it)

    content = selected_file(dataset, events)
    layouts = table_layouts()
    names, parent_names = _unique_names(layouts)
    by_name = dict(zip(names, layouts, strict=True))
    tables = tables_from_file(content)
    connection = sqlite3.connect(":memory:")
    try:
        with connection:
            _schema(connection, layouts, names, parent_names, by_name)
            _rows(connection, layouts, names, tables)
            _full_text(connection)
            connection.execute(
                "INSERT INTO _meta (name, value) VALUES ('meta', ?)",
                (msgspec.json.encode(content.meta).decode() if content.meta else None,),
            )
        connection.execute("VACUUM")
        return connection.serialize()
    finally:
        connection.close()


def _schema(
    connection: sqlite3.Connection,
    layouts: Sequence[TableLayout],
    names: Sequence[str],
    parent_names: Sequence[str | None],
    by_name: dict[str, TableLayout],
) -> None:
    connection.execute("CREATE TABLE _tables (name TEXT PRIMARY KEY, description TEXT NOT NULL)")
    connection.execute(
        "CREATE TABLE _columns (table_name TEXT NOT NULL REFERENCES _tables (name),"
        " name TEXT NOT NULL, type TEXT NOT NULL, description TEXT NOT NULL,"
        " PRIMARY KEY (table_name, name))"
    )
    connection.execute("CREATE TABLE _meta (name TEXT PRIMARY KEY, value TEXT)")
    for layout, name, parent_name in zip(layouts, names, parent_names, strict=True):
        parent = by_name.get(parent_name) if parent_name is not None else None
        connection.execute(_create(layout, name, parent, parent_name))
        connection.execute("INSERT INTO _tables VALUES (?, ?)", (name, layout.description))
        connection.executemany(
            "INSERT INTO _columns VALUES (?, ?, ?, ?)",
            (
                (name, column.name, "integer" if column.integer else "text", column.description)
                for column in layout.columns
            ),
        )


def _rows(
    connection: sqlite3.Connection,
    layouts: Sequence[TableLayout],
    names: Sequence[str],
    tables: dict[str, list[dict[str, str]]],
) -> None:
    """Each row into the table whose columns it has (two layouts may share a name in
    ``tables``), once."""
    done: set[str] = set()
    for layout_name in dict.fromkeys(layout.name for layout in layouts):
        if layout_name in done:
            continue
        done.add(layout_name)
        candidates = [
            (layout, name)
            for layout, name in zip(layouts, names, strict=True)
            if layout.name == layout_name
        ]
        written: set[tuple[tuple[str, str], ...]] = set()
        for row in tables.get(layout_name, []):
            identity = tuple(row.items())
            if identity in written:
                continue
            written.add(identity)
            layout, name = next(
                (
                    (layout, name)
                    for layout, name in candidates
                    if {column.name for column in layout.columns} == set(row)
                    and all(row[column] for column in layout.parent_key)
                ),
                candidates[0],
            )
            values = [
                (int(row[column.name]) if column.integer else row[column.name])
                if row.get(column.name)
                else None
                for column in layout.columns
            ]
            connection.execute(
                f"INSERT INTO {_quoted(name)} VALUES ({', '.join('?' * len(values))})", values
            )


def _full_text(connection: sqlite3.Connection) -> None:
    for table, columns in FULL_TEXT.items():
        listed = ", ".join(f"[{column}]" for column in columns)
        connection.execute(
            f"CREATE VIRTUAL TABLE [{table}_fts] USING FTS5 ({listed}, "
            f"tokenize='{TOKENIZER}', content=[{table}])"
        )
        connection.execute(
            f"INSERT INTO [{table}_fts] (rowid, {listed}) SELECT rowid, {listed} FROM [{table}]"
        )
