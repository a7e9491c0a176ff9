"""Views for people stay usable whatever the size of the data: long fields are cut in
tables and layouts (never in machine formats), long tables are drawn a chunk at a time
with the same lines as a whole table, and a layout lists a bounded number of rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SMALL_DATASET, Invoke, event, source

from spacetalks.output.safe_text import CELL_LIMIT, DOCUMENT_LIMIT
from spacetalks.output.terminal import table

FIVE_MB = "word " * 1_000_000


@pytest.fixture
def huge_fields(write_json: Callable[..., Path]) -> list[str]:
    record = event("e1", "2020-05-06", title=FIVE_MB, place="p" * 5_000_000, summary=FIVE_MB)
    return ["--no-bundled", "--data", str(write_json({"sources": [source()], "events": [record]}))]


def test_a_5_mb_field_is_cut_in_a_table_and_whole_in_json(
    invoke: Invoke, huge_fields: list[str]
) -> None:
    drawn = invoke(*huge_fields, "timeline", "-f", "table", "--fields", "title,place")
    assert drawn.exit_code == 0
    assert len(drawn.lines()) < 100
    words = " ".join(drawn.stdout.replace("│", " ").split())  # the cell's lines, read on
    assert f"({len(FIVE_MB) - CELL_LIMIT:,} more characters)" in words
    assert invoke(*huge_fields, "timeline", "--json").json()[0]["title"] == FIVE_MB


def test_a_5_mb_field_is_cut_in_a_record_layout(invoke: Invoke, huge_fields: list[str]) -> None:
    drawn = invoke(*huge_fields, "show", "e1", "-f", "table")
    assert drawn.exit_code == 0
    assert len(drawn.lines()) < 400
    assert f"{len(FIVE_MB) - DOCUMENT_LIMIT:,} more characters" in drawn.stdout
    assert invoke(*huge_fields, "show", "e1", "--json").json()["summary"] == FIVE_MB


def test_a_record_layout_lists_a_bounded_number_of_rows(
    invoke: Invoke, write_json: Callable[..., Path]
) -> None:
    sources = [source(f"s{index:05d}") for index in range(1_200)]
    record = event("e1", "2020-05-06", sources=[item["id"] for item in sources])
    data = ["--no-bundled", "--data", str(write_json({"sources": sources, "events": [record]}))]
    drawn = invoke(*data, "show", "e1", "-f", "table")
    assert drawn.exit_code == 0
    assert "… and 700 more (every one with --json or -f plain)" in drawn.stdout
    assert drawn.stdout.count("A report") == 500
    assert len(invoke(*data, "show", "e1", "--json").json()["sources"]) == 1_200


def count_laid_out_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of rows of every table Rich is given to lay out, in order."""
    laid_out: list[int] = []
    original = table.table_renderable

    def counting(*args: object, **kwargs: object) -> object:
        laid_out.append(len(args[2]))  # type: ignore[arg-type]
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(table, "table_renderable", counting)
    return laid_out


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Chunks of three rows, and the number of rows of every table Rich lays out."""
    monkeypatch.setattr(table, "CHUNK_ROWS", 3)
    return count_laid_out_rows(monkeypatch)


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "-f", "table"],
        ["timeline", "-f", "table", "--no-header"],
        ["timeline", "-f", "table", "--fields", "id,title,summary,people"],
        ["search", "ISS", "-f", "table"],
        ["quotes", "-f", "table"],
    ],
    ids=" ".join,
)
def test_a_long_table_is_drawn_in_chunks_with_the_same_lines(
    invoke: Invoke, small_chunks: list[int], args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    chunked = invoke(*args).stdout
    assert small_chunks
    assert max(small_chunks) <= 3
    monkeypatch.setattr(table, "CHUNK_ROWS", 1_000_000)
    assert chunked == invoke(*args).stdout


def test_chunks_keep_the_marks_of_disputed_rows(
    invoke: Invoke,
    small_chunks: list[int],
    write_json: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The small dataset's disputed event falls in the second chunk."""
    data = ["--no-bundled", "--data", str(write_json(SMALL_DATASET))]
    chunked = invoke(*data, "timeline", "-f", "table")
    assert "[1]" in chunked.stdout
    monkeypatch.setattr(table, "CHUNK_ROWS", 1_000_000)
    assert chunked.stdout == invoke(*data, "timeline", "-f", "table").stdout


def test_a_3000_row_table_is_laid_out_a_chunk_at_a_time(
    invoke: Invoke, write_json: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    laid_out = count_laid_out_rows(monkeypatch)
    events = [event(f"e{index:05d}", "2020-05-06") for index in range(3_000)]
    path = write_json({"sources": [source()], "events": events})
    drawn = invoke("--no-bundled", "--data", str(path), "timeline", "-f", "table")
    assert drawn.exit_code == 0
    assert len([line for line in drawn.lines() if "Event e" in line]) == 3_000
    assert laid_out == [1_000, 1_000, 1_000]  # each chunk once (widths from every cell)
    # one table, drawn whole: one caption, one header and its rule
    assert drawn.stdout.count("3000 events") == 1
    assert len([line for line in drawn.lines() if line.startswith("─")]) == 1
