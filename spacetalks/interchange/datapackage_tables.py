"""A dataset as flat tables, and back: the layout of ``export datapackage``.

The tables are derived from the model, so a field added to a record is a column (or a
table) without a word here. Each array of a dataset file is a table keyed by ``id``;
each list of records inside a record (a person's roles, an event's disputes, a
dispute's alternatives) is a table keyed by its parent's key and its index; each list
of strings (aliases, references) is a link table with a ``position``. References are
foreign keys. The sources cited for single fields of events and people are one table,
``evidence``: a row per record, field and source. No I/O here: cells are strings, and ""
is a missing value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import msgspec
import msgspec.inspect as types

from spacetalks.dataset.field_docs import field_docstrings
from spacetalks.dataset.model import (
    ID_PATTERN,
    RECORD_TYPES,
    Alternative,
    DatasetFile,
    Event,
    FieldEvidence,
    Organization,
    Person,
    Quote,
    Record,
    Role,
    Topic,
)

Row = dict[str, str]

REFERENCES: dict[tuple[type[Record], str], str] = {
    (Event, "people"): "people",
    (Event, "organizations"): "organizations",
    (Event, "topics"): "topics",
    (Event, "sources"): "sources",
    (Person, "sources"): "sources",
    (Organization, "sources"): "sources",
    (Topic, "related"): "topics",
    (Topic, "sources"): "sources",
    (Role, "organization"): "organizations",
    (Role, "sources"): "sources",
    (Alternative, "sources"): "sources",
    (Quote, "speaker"): "people",
    (Quote, "event"): "events",
    (Quote, "topics"): "topics",
    (Quote, "sources"): "sources",
}
"""Which table each reference field points into. ``claimed_by`` names people or
organizations, so it has no single foreign key."""


def singular(name: str) -> str:
    return "person" if name == "people" else name.removesuffix("s")


class Column(msgspec.Struct, frozen=True):
    name: str
    required: bool = False
    description: str = ""
    pattern: str | None = None
    values: tuple[str, ...] = ()
    """The only values allowed, where the model lists them."""
    references: str | None = None
    """The table whose ``id`` this column holds."""
    integer: bool = False


class TableLayout(msgspec.Struct, frozen=True):
    """One table: its columns, key, and where its rows live in a dataset file."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    parent: str | None
    """The table this one's rows belong to (None for an array of the dataset file)."""
    parent_key: tuple[str, ...]
    """The columns naming the parent row (its key, with ``id`` as ``<parent>_id``)."""
    named_by: tuple[str, ...]
    """The columns a child table names one of this table's rows by."""
    field: str
    """The field of the parent's records that holds these rows (for an array, its name)."""
    record: type[Record] | None = None
    """The record type of a row, or None for a link table of strings."""


def _unwrap(kind: object) -> object:
    while isinstance(kind, types.Metadata):
        kind = kind.type
    return kind


def _optional(kind: object) -> tuple[object, bool]:
    kind = _unwrap(kind)
    if isinstance(kind, types.UnionType):
        others = [member for member in kind.types if not isinstance(member, types.NoneType)]
        return _unwrap(others[0]), True
    return kind, False


def _pattern(kind: object) -> str | None:
    while isinstance(kind, types.Metadata):
        extra = kind.extra_json_schema or {}
        if "pattern" in extra:
            return str(extra["pattern"])
        kind = kind.type
    if isinstance(kind, types.UnionType):
        return next(filter(None, map(_pattern, kind.types)), None)
    return kind.pattern if isinstance(kind, types.StrType) else None


def _layouts(
    record: type[Record],
    name: str,
    identity: tuple[str, ...],
    parent: TableLayout | None,
) -> list[TableLayout]:
    """The table of a record type and the tables of the lists inside it."""
    docs = field_docstrings(record)
    info = types.type_info(record)
    assert isinstance(info, types.StructType)
    prefix = singular(name)
    named_by = (f"{prefix}_id",) if parent is None else identity
    """The columns a child table names one of these rows by."""
    columns = [
        Column(part, required=True, integer=part.endswith("_index"))
        for part in identity
        if part != "id"
    ]
    table = TableLayout(
        name=name,
        description=(record.__doc__ or "").strip().splitlines()[0],
        columns=(),
        key=identity,
        parent=parent.name if parent else None,
        parent_key=parent.named_by if parent else (),
        named_by=named_by,
        field=name,
        record=record,
    )
    children: list[TableLayout] = []
    for item in info.fields:
        column = item.encode_name
        kind, _ = _optional(item.type)
        description = docs.get(item.name, "")
        target = REFERENCES.get((record, item.name))
        if isinstance(kind, types.VarTupleType):
            member = _unwrap(kind.item_type)
            if isinstance(member, types.StructType) and member.cls is FieldEvidence:
                continue  # in the one evidence table (EVIDENCE) of events and people
            if isinstance(member, types.StructType):
                child_identity = (*named_by, f"{singular(column)}_index")
                assert issubclass(member.cls, Record)
                children += _layouts(member.cls, column, child_identity, table)
                continue
            value = f"{singular(target)}_id" if target else "value"
            if value in named_by:
                value = f"{column}_{value}"
            children.append(
                TableLayout(
                    name=f"{name}_{column}",
                    description=description or f"The {column} of each {prefix}.",
                    columns=(
                        *(
                            Column(part, required=True, integer=part.endswith("_index"))
                            for part in named_by
                        ),
                        Column("position", required=True, integer=True),
                        Column(
                            value,
                            required=True,
                            pattern=_pattern(kind.item_type),
                            references=target,
                        ),
                    ),
                    key=(*named_by, "position"),
                    parent=name,
                    parent_key=named_by,
                    named_by=(),
                    field=column,
                )
            )
            continue
        values = tuple(map(str, kind.values)) if isinstance(kind, types.LiteralType) else ()
        columns.append(
            Column(
                column,
                required=item.required,
                description=description,
                pattern=_pattern(item.type),
                values=values,
                references=target,
            )
        )
    return [msgspec.structs.replace(table, columns=tuple(columns)), *children]


EVIDENCE_OWNERS: dict[str, str] = {"event": "events", "person": "people"}
"""The record types whose field-level sources the evidence table holds, and their tables."""
EVIDENCE = TableLayout(
    name="evidence",
    description="The sources cited for single fields of events and people: a row per "
    "record, field and source.",
    columns=(
        Column(
            "record_type",
            required=True,
            description="Whose field: an event's or a person's.",
            values=tuple(EVIDENCE_OWNERS),
        ),
        Column(
            "record",
            required=True,
            description="The event's or person's id.",
            pattern=ID_PATTERN,
        ),
        Column(
            "field",
            required=True,
            description=(field_docstrings(FieldEvidence).get("field") or "").split("\n")[0],
        ),
        Column("position", required=True, integer=True, description="The source's place."),
        Column(
            "source",
            required=True,
            description="A source cited for the field.",
            pattern=ID_PATTERN,
            references="sources",
        ),
        Column(
            "note",
            description="What the sources say of the field (the same on each of its rows).",
        ),
    ),
    key=("record_type", "record", "field", "position"),
    parent=None,
    parent_key=(),
    named_by=(),
    field="evidence",
)
"""The table of every FieldEvidence, flat: events and people share it, so that a reader
finds "which source says what" in one place."""


def table_layouts() -> list[TableLayout]:
    """Every table of a dataset, parents before their children."""
    layouts: list[TableLayout] = []
    for name, record in RECORD_TYPES.items():
        layouts += _layouts(record, name, ("id",), None)
    return [*layouts, EVIDENCE]


Tables = dict[str, list[Row]]


def _children(layouts: Sequence[TableLayout]) -> dict[str | None, list[TableLayout]]:
    children: dict[str | None, list[TableLayout]] = defaultdict(list)
    for layout in layouts:
        children[layout.parent].append(layout)
    return children


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def tables_from_file(content: DatasetFile) -> Tables:
    """Every record of a dataset file as rows of the tables of ``table_layouts()``."""
    layouts = table_layouts()
    children = _children(layouts)
    tables: Tables = {layout.name: [] for layout in layouts}
    document = msgspec.to_builtins(content)

    def add(layout: TableLayout, record: Mapping[str, object], named: dict[str, str]) -> None:
        row = {
            column.name: named.get(column.name) or _cell(record.get(column.name))
            for column in layout.columns
        }
        tables[layout.name].append(row)
        names = named if layout.parent else {layout.named_by[0]: str(record["id"])}
        for child in children[layout.name]:
            items = record.get(child.field, ())
            assert isinstance(items, list | tuple)
            if child.record is None:
                value_column = child.columns[-1].name
                for position, item in enumerate(items):
                    tables[child.name].append(
                        {**names, "position": str(position), value_column: _cell(item)}
                    )
                continue
            index_column = child.key[-1]
            for index, item in enumerate(items):
                add(child, item, {**names, index_column: str(index)})

    for layout in children[None]:
        if layout is EVIDENCE:
            continue
        for record in document.get(layout.field, []):
            add(layout, record, {})
    tables[EVIDENCE.name] = [
        {
            "record_type": record_type,
            "record": str(record["id"]),
            "field": str(entry["field"]),
            "position": str(position),
            "source": str(source),
            "note": _cell(entry.get("note")),
        }
        for record_type, array in EVIDENCE_OWNERS.items()
        for record in document.get(array, [])
        for entry in record.get("evidence", ())
        for position, source in enumerate(entry["sources"])
    ]
    return tables


def file_from_tables(tables: Mapping[str, Iterable[Row]], meta: object = None) -> DatasetFile:
    """The dataset file whose tables these are (the inverse of ``tables_from_file``).

    Raises msgspec.ValidationError when the rows do not make valid records.
    """
    layouts = table_layouts()
    by_name: dict[str, dict[tuple[str, ...], dict[str, object]]] = {}
    document: dict[str, object] = {} if meta is None else {"meta": meta}
    for layout in layouts:
        if layout is EVIDENCE:
            continue
        rows = list(tables.get(layout.name, ()))
        order = [column for column in layout.key if column.endswith(("_index", "position"))]
        rows.sort(key=lambda row: [int(row.get(column) or 0) for column in order])
        parents = by_name.get(layout.parent or "", {})
        if layout.record is None:
            value_column = layout.columns[-1].name
            for row in rows:
                parent = parents[tuple(row[column] for column in layout.parent_key)]
                items = parent.setdefault(layout.field, [])
                assert isinstance(items, list)
                items.append(row[value_column])
            continue
        own_columns = {column.name for column in layout.columns} - set(layout.key) | {"id"}
        index: dict[tuple[str, ...], dict[str, object]] = {}
        records: list[dict[str, object]] = []
        for row in rows:
            record: dict[str, object] = {
                column: value
                for column, value in row.items()
                if column in own_columns
                and value != ""
                and column in {c.name for c in layout.columns}
            }
            index[tuple(row[column] for column in (layout.key if layout.parent else ("id",)))] = (
                record
            )
            if layout.parent is None:
                records.append(record)
            else:
                parent = parents[tuple(row[column] for column in layout.parent_key)]
                items = parent.setdefault(layout.field, [])
                assert isinstance(items, list)
                items.append(record)
        by_name[layout.name] = index
        if layout.parent is None:
            document[layout.field] = records
    _add_evidence(tables.get(EVIDENCE.name, ()), by_name)
    return msgspec.convert(document, DatasetFile)


def _add_evidence(
    rows: Iterable[Row], by_name: Mapping[str, Mapping[tuple[str, ...], dict[str, object]]]
) -> None:
    """Put the evidence table's rows back into their records: an entry per record and
    field, in the order of the rows, its sources by position."""
    entries: dict[tuple[str, str, str], list[Row]] = {}
    for row in rows:
        entries.setdefault((row["record_type"], row["record"], row["field"]), []).append(row)
    for (record_type, record_id, field), cited in entries.items():
        record = by_name[EVIDENCE_OWNERS[record_type]][(record_id,)]
        cited.sort(key=lambda row: int(row["position"] or 0))
        entry: dict[str, object] = {"field": field, "sources": [row["source"] for row in cited]}
        if cited[0].get("note"):
            entry["note"] = cited[0]["note"]
        items = record.setdefault("evidence", [])
        assert isinstance(items, list)
        items.append(entry)
