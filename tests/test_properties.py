"""Property-based tests: generated datasets load and round-trip, mutated ones fail
cleanly, and every machine-readable format parses back to the same records.

A long fuzz run: HYPOTHESIS_PROFILE=fuzz pytest tests/test_properties.py tests/test_dates.py
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest
from generators import any_text, datasets, slugs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from spacetalks.answers.contract import Listing, Row
from spacetalks.cli import load_commands
from spacetalks.dataset.problems import DatasetError, Problem
from spacetalks.output.cells import OutputOptions, visible
from spacetalks.output.render import Format, render
from spacetalks.store import cache
from spacetalks.store.load import DataFile, load_dataset, window_of

app = load_commands()


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(datasets())
def test_generated_datasets_load_and_round_trip(
    tmp_path_factory: Any, data: dict[str, Any]
) -> None:
    path = tmp_path_factory.mktemp("gen") / "data.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, stdout, stderr = run_cli("--no-bundled", "--data", str(path), "timeline", "--json")
    assert code == 0, stderr
    rows = json.loads(stdout)
    assert sorted(row["id"] for row in rows) == sorted(event["id"] for event in data["events"])
    by_id = {event["id"]: event for event in data["events"]}
    for row in rows:
        original = by_id[row["id"]]
        for key in ("date", "title", "kind", "status", "people", "topics", "sources", "summary"):
            assert row[key] == original[key]
        assert row["place"] == original.get("place")


def mutate(document: Any, choice: int, value: Any) -> Any:
    """Replace one node of a JSON document (chosen by position) with a value."""
    nodes: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in list(node):
                nodes.append((node, key))
                walk(node[key])
        elif isinstance(node, list):
            for index in range(len(node)):
                nodes.append((node, index))
                walk(node[index])

    walk(document)
    if nodes:
        parent, key = nodes[choice % len(nodes)]
        parent[key] = value
    return document


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(any_text, children, max_size=3)
    ),
    max_leaves=5,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(datasets(), st.integers(min_value=0), json_values)
def test_mutated_datasets_fail_cleanly(
    tmp_path_factory: Any, data: dict[str, Any], choice: int, value: Any
) -> None:
    """Whatever one node becomes, loading either works or raises DatasetError with
    messages that name the file; nothing else escapes."""
    path = tmp_path_factory.mktemp("mut") / "data.json"
    path.write_text(json.dumps(mutate(data, choice, value)), encoding="utf-8")
    problems: tuple[Problem, ...] = ()
    try:
        load_dataset([DataFile(label=str(path), path=path)])
    except DatasetError as error:
        problems = error.problems
        assert problems
    assert all(problem.file == str(path) and problem.message for problem in problems)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(datasets(), st.data())
def test_damaged_files_exit_3_through_the_cli(
    tmp_path_factory: Any, data: dict[str, Any], draw: st.DataObject
) -> None:
    """Bytes cut or flipped anywhere: exit 0 (still valid) or 3 with a message."""
    raw = bytearray(json.dumps(data).encode())
    position = draw.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    if draw.draw(st.booleans()):
        raw = raw[:position]
    else:
        raw[position] = draw.draw(st.integers(min_value=0, max_value=255))
    path = tmp_path_factory.mktemp("dmg") / "data.json"
    path.write_bytes(bytes(raw))
    code, stdout, stderr = run_cli("--no-bundled", "--data", str(path), "timeline", "--json")
    assert code in (0, 3)
    if code == 3:
        assert stdout == ""
        assert str(path) in stderr
        assert "Traceback" not in stderr


cell_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)
row_values = st.fixed_dictionaries(
    {"id": slugs, "title": cell_text, "note": cell_text, "tags": st.lists(slugs, max_size=3)}
)


class Item(Row, frozen=True, kw_only=True):
    """A row of the generated listings."""

    id: str
    title: str
    note: str
    tags: list[str]


def items(rows: list[dict[str, Any]]) -> list[Item]:
    return [Item(**row) for row in rows]


def rendered(listing: Listing, output_format: Format, options: OutputOptions) -> str:
    stream = io.StringIO()
    render(listing, output_format, options, stream)
    return stream.getvalue()


def unescape_tsv(cell: str) -> str:
    escapes = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}
    out, index = [], 0
    while index < len(cell):
        pair = cell[index : index + 2]
        if pair in escapes:
            out.append(escapes[pair])
            index += 2
        else:
            out.append(cell[index])
            index += 1
    return "".join(out)


CONTROL = {chr(code) for code in [*range(0x20), *range(0x7F, 0xA0)]} - {"\t", "\n", "\r"}


@given(st.lists(row_values, max_size=6))
def test_machine_formats_parse_back_to_the_same_records(rows: list[dict[str, Any]]) -> None:
    fields = ("id", "title", "note", "tags")
    listing = Listing(items(rows), fields, fields)
    options = OutputOptions()
    assert json.loads(rendered(listing, Format.json, options)) == rows
    jsonl = rendered(listing, Format.jsonl, options)
    assert [json.loads(line) for line in jsonl.split("\n") if line] == rows
    flat = [{**row, "tags": ", ".join(row["tags"])} for row in rows]
    raw = OutputOptions(csv_raw=True)
    parsed_csv = [
        {key: unescape_tsv(value) for key, value in row.items()}
        for row in csv.DictReader(io.StringIO(rendered(listing, Format.csv, raw), newline=""))
    ]
    tsv_lines = rendered(listing, Format.tsv, options).split("\n")
    header, body = tsv_lines[0].split("\t"), [line for line in tsv_lines[1:] if line]
    parsed_tsv = [
        dict(zip(header, map(unescape_tsv, line.split("\t")), strict=True)) for line in body
    ]
    # In tsv and csv, tabs, newlines and carriage returns come back; other control
    # characters come back as their visible escapes, as every format meant for people
    # shows them.
    expected_tsv = [
        {
            key: "".join(c if c in "\t\n\r" else visible(c) for c in value)
            for key, value in row.items()
        }
        for row in flat
    ]
    assert parsed_tsv == expected_tsv
    assert parsed_csv == expected_tsv


@pytest.mark.parametrize("output_format", [Format.table, Format.plain, Format.tsv, Format.markdown])
@given(rows=st.lists(row_values, min_size=1, max_size=4))
def test_human_formats_never_carry_control_characters(
    output_format: Format, rows: list[dict[str, Any]]
) -> None:
    fields = ("id", "title", "note", "tags")
    text = rendered(Listing(items(rows), fields, fields), output_format, OutputOptions())
    assert not set(text) & (CONTROL | {"\r"})


def test_struct_round_trip_keeps_every_field() -> None:
    """The model encodes what it decodes (no field is lost between load and output)."""
    from spacetalks.dataset.model import DatasetFile
    from spacetalks.store.load import read_bundled_bytes

    content = msgspec.json.decode(read_bundled_bytes(), type=DatasetFile)
    again = msgspec.json.decode(msgspec.json.encode(content), type=DatasetFile)
    assert again == content


day_numbers = st.none() | st.integers(min_value=693_000, max_value=742_000)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(datasets(), st.lists(st.tuples(day_numbers, day_numbers), max_size=4))
def test_the_cache_gives_what_the_files_give(
    tmp_path_factory: Any, data: dict[str, Any], windows: list[tuple[int | None, int | None]]
) -> None:
    """Whole or windowed, a dataset read back from its cache entry equals the one read
    from its file, and a window of it the same however its dates are kept."""
    directory = tmp_path_factory.mktemp("cache")
    path: Path = directory / "data.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    fresh = load_dataset([DataFile(label=str(path), path=path)])
    key = cache.cache_key([path])
    assert key is not None
    cache.write_entry(directory / "entries", key, fresh)
    assert cache.read_entry(directory / "entries", key) == fresh
    # Dates kept in another order than the events' are looked up, not taken in order.
    reordered = msgspec.structs.replace(
        fresh, event_dates=dict(reversed(fresh.event_dates.items()))
    )
    for window in windows:
        assert cache.read_window(directory / "entries", key, window) == window_of(fresh, window)
        assert window_of(reordered, window) == window_of(fresh, window)


def _suggest_by_brute_force(index: Any, query: str, limit: int = 5) -> list[str]:
    """What NameIndex.suggest answers, computed the slow way: every name and word of
    every record compared with difflib, none skipped."""
    import difflib

    from spacetalks.dataset.words import normalize
    from spacetalks.query.selection import SUGGESTION_CUTOFF, _words

    wanted = normalize(query.strip())
    scored: dict[str, float] = {}
    for record_id, names in index.names.items():
        best = max(
            (
                difflib.SequenceMatcher(None, wanted, part).ratio()
                for name in names
                for part in (name, *_words(name))
            ),
            default=0.0,
        )
        if best >= SUGGESTION_CUTOFF:
            scored[index.display(index.records[record_id])] = best
    return sorted(scored, key=lambda name: -scored[name])[:limit]


name_text = st.text(alphabet="abcdeklmnorsuvy -", min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(names=st.lists(name_text, min_size=1, max_size=30), query=name_text)
def test_suggestions_skip_no_name_a_full_comparison_would_suggest(
    names: list[str], query: str
) -> None:
    from spacetalks.dataset.model import Topic
    from spacetalks.query.selection import NameIndex

    records = {f"r{number}": Topic(id=f"r{number}", name=name) for number, name in enumerate(names)}
    index = NameIndex.build("topic", records, lambda topic: (topic.name,), lambda topic: topic.name)
    if not query.strip():
        return
    assert index.suggest(query) == _suggest_by_brute_force(index, query)
