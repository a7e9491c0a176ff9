"""``export datapackage``: the dataset as a Frictionless Data Package.

One CSV file per table of ``spacetalks.interchange.datapackage_tables`` and a
``datapackage.json`` with a
Table Schema for each: types, required columns, patterns and allowed values from the
model, primary keys, and foreign keys for every reference and every parent row.
Values are written exactly (no spreadsheet formula guard), so the package reads back
into the same dataset with ``spacetalks import``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

import msgspec

from spacetalks.dataset.model import Dataset, DatasetFile, Event
from spacetalks.interchange.datapackage_tables import (
    Column,
    TableLayout,
    table_layouts,
    tables_from_file,
)

DESCRIPTOR = "datapackage.json"
META_PROPERTY = "spacetalks_meta"
"""The descriptor property that keeps the dataset's ``meta`` whole, for ``import``."""


def _field(column: Column) -> dict[str, object]:
    field: dict[str, object] = {
        "name": column.name,
        "type": "integer" if column.integer else "string",
    }
    if column.description:
        field["description"] = column.description
    constraints: dict[str, object] = {}
    if column.required:
        constraints["required"] = True
    if column.pattern:
        constraints["pattern"] = column.pattern.removeprefix("^").removesuffix("$")
    if column.values:
        constraints["enum"] = list(column.values)
    if constraints:
        field["constraints"] = constraints
    return field


def _foreign_keys(layout: TableLayout, parents: dict[str, TableLayout]) -> list[object]:
    keys: list[object] = []
    if layout.parent is not None:
        parent = parents[layout.parent]
        keys.append(
            {
                "fields": list(layout.parent_key),
                "reference": {"resource": parent.name, "fields": list(parent.key)},
            }
        )
    keys += [
        {"fields": [column.name], "reference": {"resource": column.references, "fields": ["id"]}}
        for column in layout.columns
        if column.references
    ]
    return keys


def _resource(layout: TableLayout, parents: dict[str, TableLayout]) -> dict[str, object]:
    schema: dict[str, object] = {
        "fields": [_field(column) for column in layout.columns],
        "primaryKey": list(layout.key),
        "missingValues": [""],
    }
    foreign_keys = _foreign_keys(layout, parents)
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return {
        "name": layout.name,
        "path": f"{layout.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True},
        "description": layout.description,
        "schema": schema,
    }


def _csv_text(layout: TableLayout, rows: Sequence[dict[str, str]]) -> str:
    stream = io.StringIO(newline="")
    writer = csv.DictWriter(
        stream, [column.name for column in layout.columns], lineterminator="\r\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return stream.getvalue()


def selected_file(dataset: Dataset, events: Sequence[Event]) -> DatasetFile:
    """The loaded dataset as one file, with only the chosen events (and the quotes that
    belong to no event or to a chosen one)."""
    chosen = {event.id for event in events}
    return DatasetFile(
        meta=dataset.info,
        sources=tuple(dataset.sources.values()),
        organizations=tuple(dataset.organizations.values()),
        people=tuple(dataset.people.values()),
        topics=tuple(dataset.topics.values()),
        events=tuple(events),
        quotes=tuple(
            quote
            for quote in dataset.quotes.values()
            if quote.event is None or quote.event in chosen
        ),
    )


def datapackage_files(dataset: Dataset, events: Sequence[Event]) -> dict[str, str]:
    """The files of the data package, by name: a CSV per table and the descriptor."""
    content = selected_file(dataset, events)
    layouts = table_layouts()
    parents = {layout.name: layout for layout in layouts}
    tables = tables_from_file(content)
    info = content.meta
    descriptor: dict[str, object] = {
        "name": "spacetalks",
        "title": (info.title if info and info.title else "spacetalks dataset"),
        "description": (info.description if info and info.description else ""),
        "version": info.version if info else "",
        "licenses": [
            {"name": "MIT", "path": "https://opensource.org/licenses/MIT", "title": "MIT License"}
        ],
        "sources": [{"title": f"spacetalks dataset file {label}"} for label in dataset.files],
        "resources": [_resource(layout, parents) for layout in layouts],
    }
    if info is not None:
        descriptor[META_PROPERTY] = msgspec.to_builtins(info)
    files = {f"{layout.name}.csv": _csv_text(layout, tables[layout.name]) for layout in layouts}
    files[DESCRIPTOR] = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    return files
