"""Output formats, fields and headers, through the CLI runner, parsed back."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SMALL_DATASET, Invoke, event, source
from markdown_it.token import Token

from spacetalks.answers.contract import Contact, RelatedTopic, column_values, value_of
from spacetalks.output.render import Format

EVENT_COUNT = len(SMALL_DATASET["events"])  # type: ignore[arg-type]
REQUIRED_KEYS = {
    "id",
    "date",
    "title",
    "kind",
    "status",
    "place",
    "people",
    "organizations",
    "topics",
    "sources",
}


def parse(output_format: str, text: str) -> list[dict[str, str]]:
    """Rows of a tabular output, as dicts of strings."""
    if output_format == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    lines = text.splitlines()
    if output_format == "tsv":
        header = lines[0].split("\t")
        return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    if output_format == "markdown":
        header, *rows = markdown_table(text)
        return [dict(zip(header, row, strict=True)) for row in rows]
    raise AssertionError(output_format)


def markdown_table(text: str) -> list[list[str]]:
    """The cells of a GitHub-flavoured Markdown table as a Markdown parser reads them
    (markdown-it-py: CommonMark with GFM tables and strikethrough), header row first.
    A cell's text is what a reader sees: escapes resolved, ``<br>`` a line break; any
    markup the parser found (emphasis, a link, code, HTML) shows as ``<token type>``."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    rows: list[list[str]] = []
    for token in parser.parse(text):
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append("".join(_seen(child) for child in token.children or []))
    return rows


def _seen(token: Token) -> str:
    if token.type == "text":
        return str(token.content)
    if token.type == "html_inline" and token.content == "<br>":
        return "\n"
    return f"<{token.type}>"


def test_json_is_an_array_with_the_documented_keys(invoke: Invoke, small: list[str]) -> None:
    rows = invoke(*small, "timeline", "--format", "json").json()
    assert isinstance(rows, list)
    assert len(rows) == EVENT_COUNT
    for row in rows:
        assert set(row) >= REQUIRED_KEYS
    by_id = {row["id"]: row for row in rows}
    assert by_id["d2025-07-31"]["scheduled"] == "2025-07-30"
    assert by_id["d2025-07-31"]["disputes"][0]["alternatives"][1]["value"] == "Florida"
    assert by_id["span"]["end"] == "2025-01-02"
    assert by_id["y2018"]["end"] is None  # one shape whatever the data: null, not left out
    assert len({tuple(row) for row in rows}) == 1
    # Dates exactly as in the dataset, with their precision named.
    assert by_id["t2025-08-01"]["date"] == "2025-08-01T15:43:00Z"
    assert by_id["m2018-10"]["precision"] == "month"


def test_json_shorthand_matches_format_json(invoke: Invoke, small: list[str]) -> None:
    assert (
        invoke(*small, "timeline", "--json").stdout
        == invoke(*small, "timeline", "-f", "json").stdout
    )


def test_jsonl_is_one_object_a_line(invoke: Invoke, small: list[str]) -> None:
    result = invoke(*small, "timeline", "-f", "jsonl")
    objects = [json.loads(line) for line in result.lines()]
    assert [row["id"] for row in objects] == [
        row["id"] for row in invoke(*small, "timeline", "--json").json()
    ]


@pytest.mark.parametrize("output_format", ["csv", "tsv", "markdown"])
def test_tabular_formats_have_a_header_and_every_event(
    invoke: Invoke, small: list[str], output_format: str
) -> None:
    result = invoke(*small, "timeline", "-f", output_format)
    rows = parse(output_format, result.stdout)
    assert len(rows) == EVENT_COUNT
    assert list(rows[0]) == [
        "id",
        "date",
        "kind",
        "status",
        "title",
        "place",
        "disputed",
        "claimed_by",
    ]
    assert rows[0]["date"] == "2018"


@pytest.mark.parametrize("output_format", ["csv", "tsv", "table"])
def test_no_header_drops_the_header(invoke: Invoke, small: list[str], output_format: str) -> None:
    with_header = invoke(*small, "timeline", "-f", output_format).stdout
    without = invoke(*small, "timeline", "-f", output_format, "--no-header").stdout
    assert "title" in with_header
    assert "title" not in without
    assert "Event y2018" in without


def test_plain_is_tab_separated_without_header_when_piped(invoke: Invoke, small: list[str]) -> None:
    result = invoke(*small, "timeline")  # the runner's stdout is not a terminal
    lines = result.lines()
    assert len(lines) == EVENT_COUNT
    assert lines[0].split("\t") == ["y2018", "2018", "plan", "happened", "Event y2018", "", "", ""]
    assert "\x1b" not in result.stdout


def test_fields_pick_and_order_columns_in_every_format(invoke: Invoke, small: list[str]) -> None:
    plain = invoke(*small, "timeline", "--fields", "title,id").lines()
    assert plain[0] == "Event y2018\ty2018"
    rows = invoke(*small, "timeline", "--json", "--fields", "id,end").json()
    assert isinstance(rows, list)
    assert list(rows[0]) == ["id", "end"]
    assert rows[0]["end"] is None
    csv_rows = parse("csv", invoke(*small, "timeline", "-f", "csv", "--fields", "people,id").stdout)
    assert csv_rows[2] == {"people": "anna-petrova, jose-nunez", "id": "d2018-10-10"}


def test_unknown_field_is_a_usage_error_listing_valid_ones(
    invoke: Invoke, small: list[str]
) -> None:
    result = invoke(*small, "timeline", "--fields", "id,colour")
    assert result.exit_code == 2
    assert "colour" in result.stderr
    assert "title" in result.stderr


def test_unknown_format_is_a_usage_error(invoke: Invoke, small: list[str]) -> None:
    result = invoke(*small, "timeline", "-f", "yaml")
    assert result.exit_code == 2
    assert "yaml" in result.stderr


def test_table_shows_every_row(invoke: Invoke, small: list[str]) -> None:
    result = invoke(*small, "timeline", "-f", "table", "--fields", "id,kind")
    lines = result.lines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("───"))
    rows = lines[rule + 1 :]
    footnotes = [i for i, line in enumerate(rows) if re.match(r"\[\d+\] ", line)]
    rows = rows[: footnotes[0]] if footnotes else rows  # the footnotes follow the rows
    shown = [line.split()[0] for line in rows if line.strip()]
    in_order = [row["id"] for row in invoke(*small, "timeline", "--json").json()]
    assert shown == in_order
    assert len(shown) == EVENT_COUNT
    assert "7 events" in result.stdout


MARKUP = "[bold]Loud[/bold] [link=https://example.com]x[/link]"


@pytest.mark.parametrize("output_format", [f.value for f in Format])
def test_dataset_text_is_shown_literally(
    invoke: Invoke, write_json: Callable[..., Path], output_format: str
) -> None:
    data = {"sources": [source()], "events": [event("e1", "2020", title=MARKUP)]}
    path = write_json(data)
    result = invoke("--no-bundled", "--data", str(path), "timeline", "-f", output_format)
    assert result.exit_code == 0
    shown = (
        parse("markdown", result.stdout)[0]["title"]
        if output_format == "markdown"
        else result.stdout
    )
    assert "[bold]Loud[/bold]" in shown


@pytest.mark.parametrize("output_format", ["table", "plain", "tsv", "markdown"])
def test_control_characters_are_made_visible(
    invoke: Invoke, write_json: Callable[..., Path], output_format: str
) -> None:
    title = "Clear\x1b[2J screen\x07 and \x1b]0;owned\x07 title"
    data = {"sources": [source()], "events": [event("e1", "2020", title=title)]}
    path = write_json(data)
    result = invoke("--no-bundled", "--data", str(path), "timeline", "-f", output_format)
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    shown = (
        parse("markdown", result.stdout)[0]["title"]
        if output_format == "markdown"
        else result.stdout
    )
    assert "\\x1b[2J" in shown


@pytest.mark.parametrize("output_format", ["json", "jsonl"])
def test_json_keeps_control_characters_exactly(
    invoke: Invoke, write_json: Callable[..., Path], output_format: str
) -> None:
    title = "Tab\there\x1b[31m"
    data = {"sources": [source()], "events": [event("e1", "2020", title=title)]}
    path = write_json(data)
    result = invoke("--no-bundled", "--data", str(path), "timeline", "-f", output_format)
    value = json.loads(result.lines()[0]) if output_format == "jsonl" else result.json()[0]
    assert value["title"] == title


def test_csv_neutralises_formulas_unless_raw(
    invoke: Invoke, write_json: Callable[..., Path]
) -> None:
    data = {"sources": [source()], "events": [event("e1", "2020", title="=HYPERLINK(1)")]}
    path = write_json(data)
    args = ["--no-bundled", "--data", str(path), "timeline", "-f", "csv", "--fields", "title"]
    assert parse("csv", invoke(*args).stdout)[0]["title"] == "'=HYPERLINK(1)"
    assert parse("csv", invoke(*args, "--csv-raw").stdout)[0]["title"] == "=HYPERLINK(1)"


def test_tsv_escapes_tabs_and_newlines(invoke: Invoke, write_json: Callable[..., Path]) -> None:
    data = {"sources": [source()], "events": [event("e1", "2020", title="a\tb\nc\\d")]}
    path = write_json(data)
    result = invoke(
        "--no-bundled", "--data", str(path), "timeline", "-f", "tsv", "--fields", "id,title"
    )
    assert result.lines() == ["id\ttitle", "e1\ta\\tb\\nc\\\\d"]


def test_column_values_are_value_of_each_row() -> None:
    contacts = [
        Contact(id=f"p{number}", name=f"P {number}", meetings=number, first="2020", last="2021")
        for number in range(3)
    ]
    mixed = [*contacts, RelatedTopic(id="iss", name="ISS")]
    for rows in (contacts, mixed, []):
        for name in ("id", "meetings", "name", "no_such_field"):
            assert column_values(rows, name) == [value_of(row, name) for row in rows]
