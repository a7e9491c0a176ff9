"""``export sqlite``: a database that sqlite-utils (and so Datasette) opens as it is, with
the dataset's counts, keys, foreign keys, full-text search and column descriptions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from conftest import Invoke

TABLES = ("events", "people", "organizations", "topics", "quotes", "sources")


def exported(invoke: Invoke, path: Path, *filters: str) -> sqlite_utils.Database:
    result = invoke("export", "sqlite", "--output", str(path), *filters)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return sqlite_utils.Database(path)


def stats(invoke: Invoke) -> dict[str, int]:
    result = invoke("stats", "--format", "json")
    assert result.exit_code == 0, result.stderr
    counts: dict[str, int] = result.json()
    return counts


def test_the_database_holds_every_record_of_the_dataset(invoke: Invoke, tmp_path: Path) -> None:
    database = exported(invoke, tmp_path / "spacetalks.db")
    counts = stats(invoke)
    for table in TABLES:
        assert database[table].count == counts[table], table
    assert database.table("roles").count == counts["roles"]
    assert database.table("disputes").count == counts["disputes"]
    assert database.table("events_people").count > 0
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []


def test_keys_foreign_keys_and_descriptions(invoke: Invoke, tmp_path: Path) -> None:
    database = exported(invoke, tmp_path / "spacetalks.db")
    assert database.table("events").pks == ["id"]
    assert database.table("events_people").pks == ["event_id", "position"]
    people_links = {
        (key.column, key.other_table) for key in database.table("events_people").foreign_keys
    }
    assert people_links == {("event_id", "events"), ("person_id", "people")}
    quote_links = {(key.column, key.other_table) for key in database.table("quotes").foreign_keys}
    assert ("speaker", "people") in quote_links
    descriptions = {
        (row["table_name"], row["name"]): row["description"]
        for row in database.table("_columns").rows
    }
    assert descriptions[("events", "date")]
    # The field-level sources of events and people are one table, a row per source.
    evidence = database.table("evidence")
    assert evidence.pks == ["record_type", "record", "field", "position"]
    assert {(key.column, key.other_table) for key in evidence.foreign_keys} == {
        ("source", "sources")
    }
    assert evidence.count > 0


def test_full_text_search_as_sqlite_utils_finds_it(invoke: Invoke, tmp_path: Path) -> None:
    database = exported(invoke, tmp_path / "spacetalks.db")
    assert database.table("events").detect_fts() == "events_fts"
    found = [row["id"] for row in database.table("events").search('"Crew Dragon"')]
    assert found
    assert all(
        "crew" in row["title"].casefold() + (row["summary"] or "").casefold()
        for row in database.table("events").rows_where(
            "id in (" + ",".join("?" * len(found)) + ")", found
        )
    )
    accented = [row["id"] for row in database.table("events").search("Rogozín")]
    plain = [row["id"] for row in database.table("events").search("Rogozin")]
    assert accented == plain != []


def test_a_filtered_export_holds_the_chosen_events(invoke: Invoke, tmp_path: Path) -> None:
    database = exported(invoke, tmp_path / "since.db", "--since", "2025")
    timeline = invoke("timeline", "--since", "2025", "--json")
    assert timeline.exit_code == 0
    expected = sorted(event["id"] for event in timeline.json())
    assert sorted(row["id"] for row in database.table("events").rows) == expected
    assert database.table("people").count == stats(invoke)["people"]  # every other record stays
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize("existing", ["file", "database", "directory"])
def test_an_existing_output_is_refused_and_left_alone(
    invoke: Invoke, tmp_path: Path, existing: str
) -> None:
    path = tmp_path / "out.db"
    if existing == "directory":
        path.mkdir()
    elif existing == "database":
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE mine (x)")
        connection.close()
    else:
        path.write_text("keep me")
    before = path.read_bytes() if path.is_file() else None
    result = invoke("export", "sqlite", "--output", str(path))
    assert result.exit_code == 2
    assert "exists" in result.stderr
    assert (path.read_bytes() if path.is_file() else None) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.db"]  # no temporary file left


def test_sqlite_needs_an_output_file(invoke: Invoke) -> None:
    result = invoke("export", "sqlite")
    assert result.exit_code == 2
    assert "--output" in result.stderr
