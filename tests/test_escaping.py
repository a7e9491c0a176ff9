"""One escaping rule for every output (spacetalks.output.safe_text), through the command line.

For any dataset text, built from every class of code point (controls, format and
bidirectional characters, separators, fillers, private use, unassigned, letters,
marks, symbols, Markdown and shell punctuation), no output emits a character a
terminal would act on, human formats show it as an escape, machine formats give the
exact value back, and Markdown parses back into the same cells.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_output import markdown_table
from typer.testing import CliRunner

from spacetalks.cli import load_commands
from spacetalks.output.safe_text import INVISIBLE_FILLERS, UNSAFE_RANGES, unsafe_pattern, visible

app = load_commands()

SPECIAL = sorted(
    {chr(code) for first, last in UNSAFE_RANGES + INVISIBLE_FILLERS for code in (first, last)}
    - {chr(code) for code in range(0xD800, 0xE000)}  # no JSON file can hold a lone surrogate
    | set("\\|*_`<>[]&~$\"'#!:;{}()\r\n\t\u200d\u00a0\u3000\U0010fffd\ue000\U000e0041")
)
"""Each edge of each unsafe range, and the punctuation of every format involved."""

hostile_text = st.text(
    # No lone surrogate: no JSON file can hold one.
    st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(SPECIAL)),
    max_size=24,
)
titles = hostile_text.map(lambda text: "T" + text)  # a title is never empty


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def acting(text: str, *, allowed: str = "\n") -> list[str]:
    """The characters of text a terminal would act on, beside the structure allowed."""
    return [char for char in unsafe_pattern().findall(text) if char not in allowed]


def write_dataset(directory: Path, title: str, place: str, name: str, summary: str) -> Path:
    document = {
        "sources": [{"id": "src", "title": title, "publisher": name, "url": "https://x.test/"}],
        "people": [{"id": "p", "name": name, "sources": ["src"]}],
        "topics": [{"id": "t", "name": name}],
        "events": [
            {
                "id": "e",
                "date": "2020-05-06",
                "title": title,
                "kind": "meeting",
                "status": "happened",
                "place": place,
                "summary": summary,
                "people": ["p"],
                "topics": ["t"],
                "sources": ["src"],
            }
        ],
    }
    path = directory / "hostile.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


HUMAN_COMMANDS = [
    ["timeline"],
    ["show", "e"],
    ["who", "p"],
    ["topics", "t"],
    ["sources"],
    ["why", "e"],
    ["search", "T"],
    ["people"],
]
HUMAN_FORMATS = {"table": "\n", "plain": "\n\t", "tsv": "\n\t", "csv": "\n", "markdown": "\n"}
EXPORTS = {"ics": "\n", "timelinejs": "\n", "dot": "\n", "svg": "\n", "html": "\n", "jsonld": "\n"}
CITATIONS = {"csl-json": "\n", "bibtex": "\n\t", "ris": "\n", "text": "\n"}


@settings(
    max_examples=max(8, settings().max_examples // 6),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=titles, place=hostile_text, name=titles, summary=hostile_text)
def test_no_output_carries_what_a_terminal_acts_on(
    tmp_path_factory: pytest.TempPathFactory, title: str, place: str, name: str, summary: str
) -> None:
    path = write_dataset(tmp_path_factory.mktemp("hostile"), title, place, name, summary)
    data = ["--no-bundled", "--data", str(path)]
    for command in HUMAN_COMMANDS:
        for output_format, allowed in HUMAN_FORMATS.items():
            text = run(*data, *command, "-f", output_format)
            assert not acting(text.replace("\r\n", "\n"), allowed=allowed), (command, text)
    assert not acting(run(*data, "timeline", "--chart"))
    rows = json.loads(run(*data, "timeline", "--json"))
    assert (rows[0]["title"], rows[0]["place"], rows[0]["summary"]) == (title, place, summary)
    jsonl = run(*data, "timeline", "-f", "jsonl")
    assert not acting(jsonl)
    assert json.loads(jsonl)["title"] == title
    profile = run(*data, "who", "p", "--json")
    assert not acting(profile)
    assert json.loads(profile)["name"] == name
    for export_format, allowed in EXPORTS.items():
        text = run(*data, "export", export_format)
        assert not acting(text.replace("\r\n", "\n"), allowed=allowed), (export_format, text)
    timeline = json.loads(run(*data, "export", "timelinejs"))
    assert timeline["events"][0]["text"]["headline"] == html.escape(title)
    assert json.loads(run(*data, "export", "jsonld"))["@graph"]
    for style, allowed in CITATIONS.items():
        text = run(*data, "cite", "e", "--style", style)
        assert not acting(text.replace("\r\n", "\n"), allowed=allowed), (style, text)
    assert json.loads(run(*data, "cite", "e", "--style", "csl-json"))[0]["title"]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cells=st.lists(titles, min_size=1, max_size=3))
@example(cells=["T\n", "T \u3000", "T\n\nx"])
def test_markdown_parses_back_into_the_same_cells(
    tmp_path_factory: pytest.TempPathFactory, cells: list[str]
) -> None:
    """GitHub-flavoured Markdown, read by a Markdown parser, gives each title as it is shown
    to people: no emphasis, link, code or HTML made from the data, and no cell split."""
    path = write_dataset(tmp_path_factory.mktemp("md"), "T", "", "N", "")
    document = json.loads(path.read_text(encoding="utf-8"))
    document["events"] = [
        {**document["events"][0], "id": f"e{index}", "title": title}
        for index, title in enumerate(cells)
    ]
    path.write_text(json.dumps(document), encoding="utf-8")
    text = run(
        "--no-bundled", "--data", str(path), "timeline", "-f", "markdown", "--fields", "title"
    )
    parsed = markdown_table(text)
    assert parsed[0] == ["title"]
    # A line break at either end shows as nothing, as spaces there do.
    assert [row[0].strip() for row in parsed[1:]] == [
        visible(title, keep_newlines=True).strip() for title in cells
    ]


HOSTILE = (
    "\x1b]52;c;ZXZpbA==\x07 \x1b]8;;https://evil.test\x1b\\link\x1b]8;;\x1b\\ "
    "\x9b2J \u202eabc \r\b\x00\x7f \u2028"
)
"""A clipboard write (OSC 52), a hidden link (OSC 8), a C1 CSI, a bidi override, a carriage
return, a backspace, NUL, DEL and a line separator."""


@pytest.fixture
def hostile_dataset(write_json: Callable[..., Path]) -> list[str]:
    event = {
        "id": "e",
        "date": "2020-05-06",
        "title": "Title " + HOSTILE,
        "kind": "meeting",
        "status": "happened",
        "place": HOSTILE,
        "sources": ["src"],
    }
    data = {"sources": [{"id": "src", "title": "t", "publisher": "p"}], "events": [event]}
    return ["--no-bundled", "--data", str(write_json(data))]


def test_csv_shows_escape_sequences_as_escapes_and_reads_back(
    invoke: Any, hostile_dataset: list[str]
) -> None:
    text = invoke(*hostile_dataset, "timeline", "-f", "csv").stdout
    assert not acting(text.replace("\r\n", "\n"))
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    assert row["place"] == (
        "\\x1b]52;c;ZXZpbA==\\x07 \\x1b]8;;https://evil.test\\x1b\\\\link\\x1b]8;;\\x1b\\\\ "
        "\\x9b2J \\u202eabc \\r\\x08\\x00\\x7f \\u2028"
    )


def test_tsv_keeps_one_record_a_line_for_every_line_splitter(
    invoke: Any, hostile_dataset: list[str]
) -> None:
    """str.splitlines() also splits at U+2028, U+0085, form feeds and more."""
    text = invoke(*hostile_dataset, "timeline", "-f", "tsv").stdout
    assert len(text.splitlines()) == 2


def test_ics_text_has_no_control_characters(invoke: Any, hostile_dataset: list[str]) -> None:
    from icalendar import Calendar

    text = invoke(*hostile_dataset, "export", "ics").stdout
    assert not acting(text.replace("\r\n", "\n"))
    entry = Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(entry["SUMMARY"]) == "Title " + visible(HOSTILE, keep_newlines=True)


@pytest.mark.parametrize(
    "args",
    [["timeline", "--json"], ["timeline", "-f", "jsonl"], ["export", "timelinejs"]],
    ids=["json", "jsonl", "timelinejs"],
)
def test_json_escapes_controls_and_keeps_the_value(
    invoke: Any, hostile_dataset: list[str], args: list[str]
) -> None:
    text = invoke(*hostile_dataset, *args).stdout
    assert not acting(text)
    assert "\\u009b" in text
    assert "\\u202e" in text
    assert "\\u2028" in text
    value = json.loads(text)
    if args[0] == "export":
        assert html.unescape(value["events"][0]["text"]["headline"]) == "Title " + HOSTILE
    else:
        assert (value[0] if isinstance(value, list) else value)["place"] == HOSTILE


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("a | b", "a | b"),
        ("*lunar* and _solar_", "*lunar* and _solar_"),
        ("`code` <b>bold</b> [link](https://x.test)", "`code` <b>bold</b> [link](https://x.test)"),
        ("line one\nline two", "line one\nline two"),
        ("back\\slash \\| ~~struck~~ &amp;", "back\\slash \\| ~~struck~~ &amp;"),
    ],
)
def test_markdown_cells_render_as_the_data(
    invoke: Any, write_json: Callable[..., Path], text: str, cell: str
) -> None:
    event = {
        "id": "e",
        "date": "2020",
        "title": text,
        "kind": "meeting",
        "status": "happened",
        "sources": ["src"],
    }
    path = write_json(
        {"sources": [{"id": "src", "title": "t", "publisher": "p"}], "events": [event]}
    )
    result = invoke(
        "--no-bundled", "--data", str(path), "timeline", "-f", "markdown", "--fields", "id,title"
    )
    assert markdown_table(result.stdout) == [["id", "title"], ["e", cell]]


def test_markdown_without_its_header_is_refused(invoke: Any, small: list[str]) -> None:
    result = invoke(*small, "timeline", "-f", "markdown", "--no-header")
    assert result.exit_code == 2
    assert "a Markdown table cannot be read without its header row" in result.said()
    assert result.stdout == ""
