"""Read a data package written by ``export datapackage`` back into a dataset file.

The descriptor names each table's CSV file; the tables are those of
``spacetalks.interchange.datapackage_tables``. Every problem (a missing file, a missing column, rows
that do not make valid records) is reported, with the file it is in.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import msgspec

from spacetalks.dataset.model import DatasetFile, DatasetInfo
from spacetalks.dataset.problems import DatasetError, Problem
from spacetalks.interchange.datapackage_tables import Row, file_from_tables, table_layouts
from spacetalks.interchange.datapackage_write import DESCRIPTOR, META_PROPERTY


def descriptor_path(path: Path) -> Path:
    """The descriptor of a package given as its directory or as the descriptor itself."""
    return path / DESCRIPTOR if path.is_dir() else path


def read_datapackage(path: Path) -> DatasetFile:
    """The dataset file a data package holds; DatasetError listing every problem."""
    descriptor_file = descriptor_path(path)
    label = str(descriptor_file)
    try:
        descriptor = json.loads(descriptor_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DatasetError([Problem(label, "$", f"cannot read the descriptor: {error}")]) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DatasetError([Problem(label, "$", "not a data package: no resources list")])
    paths = {
        resource.get("name"): resource.get("path")
        for resource in descriptor["resources"]
        if isinstance(resource, dict)
    }
    problems: list[Problem] = []
    tables: dict[str, list[Row]] = {}
    for layout in table_layouts():
        name = layout.name
        relative = paths.get(name)
        if not isinstance(relative, str):
            problems.append(Problem(label, "$.resources", f"no resource named {name!r}"))
            continue
        table_file = descriptor_file.parent / relative
        try:
            with table_file.open(encoding="utf-8", newline="") as stream:
                reader = csv.DictReader(stream)
                missing = [
                    column.name
                    for column in layout.columns
                    if column.name not in (reader.fieldnames or ())
                ]
                if missing:
                    problems.append(
                        Problem(str(table_file), "header", f"missing columns {', '.join(missing)}")
                    )
                    continue
                tables[layout.name] = list(reader)
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            problems.append(Problem(str(table_file), "$", f"cannot read: {error}"))
    meta = descriptor.get(META_PROPERTY)
    if problems:
        raise DatasetError(problems)
    try:
        info = msgspec.convert(meta, DatasetInfo) if meta is not None else None
        return file_from_tables(tables, info)
    except (msgspec.ValidationError, KeyError, ValueError) as error:
        raise DatasetError(
            [Problem(label, "tables", f"rows do not make a dataset: {error}")]
        ) from None
