"""The output contract scripts rely on, pinned rule by rule (docs/output.md):
conflicting options, --limit on every listing, one JSON shape a command, several
matches as a usage error, fields you can discover, names beside ids, piped defaults
that begin with the id, lists that split back into their items, dates without traps."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
import typer.main
from conftest import SMALL_DATASET, Invoke, list_items, one_line
from hypothesis import given
from hypothesis import strategies as st
from terminal import clean_environment, run_on_terminal, run_piped
from test_output import markdown_table
from typer.testing import CliRunner

from spacetalks import errors
from spacetalks.cli import load_commands
from spacetalks.output.render import Format
from spacetalks.output.safe_text import visible

FORMATS = ["table", "plain", "tsv", "csv", "json", "jsonl", "markdown"]

LISTING_COMMANDS = [
    ["timeline"],
    ["people"],
    ["orgs"],
    ["topics"],
    ["quotes"],
    ["sources"],
    ["search", "ISS"],
]
"""A command that lists records, with the arguments it needs."""


# Conflicting options ----------------------------------------------------------------


@pytest.mark.parametrize("output_format", [f for f in FORMATS if f != "json"])
def test_json_with_another_format_is_a_usage_error(invoke: Invoke, output_format: str) -> None:
    result = invoke("timeline", "--json", "-f", output_format)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--json is --format json" in result.said()


def test_json_with_format_json_agrees(invoke: Invoke) -> None:
    assert invoke("timeline", "--json", "-f", "json", "--limit", "1").json()


@pytest.mark.parametrize("args", [[], ["-f", "tsv"], ["--json"]])
def test_csv_raw_without_csv_is_a_usage_error(invoke: Invoke, args: list[str]) -> None:
    result = invoke("people", "--csv-raw", *args)
    assert result.exit_code == 2
    assert "--csv-raw is for --format csv" in result.said()


def test_a_conflict_is_refused_before_the_dataset_is_read(invoke: Invoke) -> None:
    """The options alone are wrong: a missing dataset file is not even opened."""
    result = invoke("--data", "/nonexistent/file.json", "people", "--json", "-f", "csv")
    assert result.exit_code == 2
    assert "--json is --format json" in result.said()


@pytest.mark.slow
def test_conflicting_options_exit_2_in_a_real_process() -> None:
    completed = run_piped("orgs", "--json", "--format", "csv")
    assert completed.returncode == 2
    assert completed.stdout == b""
    assert b"--json" in completed.stderr


# --limit on every listing -------------------------------------------------------------


@pytest.mark.parametrize("command", LISTING_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("limit", [0, 1, 2])
def test_every_listing_takes_limit(invoke: Invoke, command: list[str], limit: int) -> None:
    everything = invoke(*command, "--json").json()
    assert len(everything) > 2
    limited = invoke(*command, "--limit", str(limit), "--json")
    assert limited.exit_code == 0
    assert limited.json() == everything[:limit]


@pytest.mark.parametrize("command", LISTING_COMMANDS, ids=" ".join)
def test_limit_counts_rows_in_plain_too(invoke: Invoke, command: list[str]) -> None:
    assert len(invoke(*command, "--limit", "2", "-f", "plain").lines()) == 2


def test_limit_is_not_negative(invoke: Invoke) -> None:
    assert invoke("people", "--limit", "-1").exit_code == 2


def test_limit_with_one_topic_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("topics", "ross", "--limit", "2")
    assert result.exit_code == 2
    assert "--limit is for the list of topics" in result.said()


# One JSON shape a command, whatever the data ---------------------------------------

SINGLE_RECORD = {
    "who": [["who", "anna-petrova"], ["who", "Pepe"], ["who", "John Smith"]],
    "show": [["show", "y2018"], ["show", "d2025-07-31"], ["show", "span"]],
    "topics TOPIC": [["topics", "moon"], ["topics", "station"]],
    "between": [["between", "y2018", "span"], ["between", "d2025-07-31", "t2025-08-01"]],
    "why": [["why", "d2025-07-31"], ["why", "anna-petrova"], ["why", "q1"], ["why", "agency-x"]],
    "stats": [["stats"]],
}
"""Each single-record command, over records as different as the small dataset has: with
and without disputes, an end, a schedule, roles, relations; of every type ``why`` takes."""

LISTINGS = {
    "timeline": [["timeline"], ["timeline", "--gaps"], ["timeline", "--on", "2018"]],
    "people": [["people"]],
    "orgs": [["orgs"]],
    "topics": [["topics"]],
    "quotes": [["quotes"]],
    "sources": [["sources"]],
    "search": [["search", "Event"], ["search", "a"]],
}


@pytest.mark.parametrize("command", SINGLE_RECORD, ids=str)
@pytest.mark.parametrize("output_format", ["json", "jsonl"])
def test_a_single_record_is_one_object_of_one_shape(
    invoke: Invoke, small: list[str], command: str, output_format: str
) -> None:
    shapes = set()
    for args in SINGLE_RECORD[command]:
        result = invoke(*small, *args, "-f", output_format)
        assert result.exit_code == 0, result.stderr
        assert len(result.lines()) == (1 if output_format == "jsonl" else len(result.lines()))
        value = json.loads(result.stdout)
        assert isinstance(value, dict)
        if command != "why":  # why's keys are the same; its type says what the record is
            shapes.add(tuple(value))
        else:
            shapes.add(tuple(sorted(value)))
    assert len(shapes) == 1, shapes


@pytest.mark.parametrize("command", LISTINGS, ids=str)
def test_a_listing_is_an_array_of_objects_of_one_shape(
    invoke: Invoke, small: list[str], command: str
) -> None:
    for args in LISTINGS[command]:
        rows = invoke(*small, *args, "--json").json()
        assert isinstance(rows, list)
        assert rows
        assert len({tuple(row) for row in rows}) == 1, args
        lines = invoke(*small, *args, "-f", "jsonl").lines()
        assert [json.loads(line) for line in lines] == rows


def test_fields_give_the_same_keys_for_every_record(invoke: Invoke, small: list[str]) -> None:
    """A chosen key a record lacks is null, never an error or a missing key."""
    for event in ("y2018", "d2025-07-31", "span"):
        result = invoke(*small, "show", event, "--json", "--fields", "id,end,scheduled,disputes")
        assert result.exit_code == 0
        assert list(result.json()) == ["id", "end", "scheduled", "disputes"]
    rows = invoke(*small, "timeline", "--gaps", "--json", "--fields", "id,end,gap").json()
    assert all(list(row) == ["id", "end", "gap"] for row in rows)
    assert rows[0]["gap"] is None  # the first event has no previous one


def test_why_json_with_fields_is_refused_rather_than_an_array(invoke: Invoke) -> None:
    result = invoke("why", "roscosmos", "--json", "--fields", "value,publisher")
    assert result.exit_code == 2
    assert "its JSON is one object" in result.said()
    assert invoke("why", "roscosmos", "-f", "tsv", "--fields", "value,publisher").exit_code == 0


# Several matches: exit 2, nothing on stdout, the candidates on stderr ------------------

SEVERAL = {
    "who": (["who", "john"], "people", ["john-smith\tJohn Smith", "john-stone\tJohn Stone"]),
    "show": (
        ["show", "Event d2018"],
        "events",
        [
            "d2018-10-10\t2018-10-10\tEvent d2018-10-10",
            "d2018-10-10b\t2018-10-10\tEvent d2018-10-10b",
        ],
    ),
    "topics TOPIC": (
        ["topics", "Moo"],
        "topics",
        ["moon\tMoon missions", "moon-base\tMoon base"],
    ),
    "between": (
        ["between", "Event d2018", "span"],
        "events",
        [
            "d2018-10-10\t2018-10-10\tEvent d2018-10-10",
            "d2018-10-10b\t2018-10-10\tEvent d2018-10-10b",
        ],
    ),
    "why": (
        ["why", "john"],
        "records",
        ["john-smith\tJohn Smith", "john-stone\tJohn Stone"],
    ),
}


@pytest.mark.parametrize("command", SEVERAL, ids=str)
@pytest.mark.parametrize("output_format", FORMATS)
def test_several_matches_exit_2_with_the_candidates_on_stderr(
    invoke: Invoke, write_json: Callable[..., Path], command: str, output_format: str
) -> None:
    args, kinds, candidates = SEVERAL[command]
    topics = [*SMALL_DATASET["topics"], {"id": "moon-base", "name": "Moon base"}]  # type: ignore[misc]
    data = write_json({**SMALL_DATASET, "topics": topics})
    result = invoke("--no-bundled", "--data", str(data), *args, "-f", output_format)
    assert result.exit_code == 2
    assert result.stdout == ""
    first, *listed = result.stderr.splitlines()
    assert (
        first
        == f"spacetalks: {args[1]!r} matches {len(candidates)} {kinds}; give one of these ids:"
    )
    assert listed == candidates


def test_many_matches_list_twenty_and_count_the_rest(invoke: Invoke) -> None:
    result = invoke("why", "Crew")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 22
    assert lines[-1].startswith("... and ")
    assert lines[-1].endswith(" more: give more of the name")


@pytest.mark.slow
def test_several_matches_on_a_terminal_are_a_small_table() -> None:
    shown = run_on_terminal("show", "Crew-11", "--json", stderr_too=True, columns=100)
    assert shown.exit_code == 2
    assert re.search(r"'Crew-11' matches \d+ events; give one of these ids:", shown.screen)
    header = next(line for line in shown.screen.splitlines() if line.startswith("id "))
    assert "date" in header
    assert "name" in header
    assert "2025-08-01-crew-11-launch" in shown.screen
    assert "{" not in shown.screen


@pytest.mark.slow
def test_several_matches_through_a_pipe() -> None:
    completed = run_piped("who", "dmitry", "--json")
    assert completed.returncode == 2
    assert completed.stdout == b""
    ids = [line.split(b"\t")[0] for line in completed.stderr.splitlines()[1:]]
    assert b"dmitry-bakanov" in ids


# Fields you can discover ---------------------------------------------------------------

FIELDS_COMMANDS = {
    "timeline": ["timeline", "--gaps"],
    "who": ["who", "anna-petrova"],
    "people": ["people"],
    "orgs": ["orgs"],
    "topics": ["topics"],
    "topics TOPIC": ["topics", "moon"],
    "show": ["show", "d2025-07-31"],
    "quotes": ["quotes"],
    "sources": ["sources"],
    "search": ["search", "Event"],
    "between": ["between", "y2018", "span"],
    "why": ["why", "d2025-07-31"],
    "stats": ["stats"],
}
"""Every command that takes --fields (one test checks that none is missing), with the
arguments that give its output over the small dataset."""


def commands_with_fields() -> set[str]:
    group = typer.main.get_command(load_commands())
    context = typer.Context(group, info_name="spacetalks")
    return {
        name
        for name in group.list_commands(context)  # type: ignore[attr-defined]
        if any(
            "--fields" in getattr(param, "opts", ())
            for param in group.get_command(context, name).params  # type: ignore[attr-defined]
        )
    }


def test_every_command_with_fields_is_pinned_here() -> None:
    assert commands_with_fields() == {name.split()[0] for name in FIELDS_COMMANDS}


def listed_fields(invoke: Invoke, small: list[str], args: list[str]) -> list[dict[str, str]]:
    result = invoke(*small, *args, "--fields", "help", "--json")
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, str]] = result.json()
    return rows


@pytest.mark.parametrize("command", FIELDS_COMMANDS, ids=str)
def test_fields_help_lists_exactly_the_fields_all_gives(
    invoke: Invoke, small: list[str], command: str
) -> None:
    args = FIELDS_COMMANDS[command]
    described = listed_fields(invoke, small, args)
    header = invoke(*small, *args, "--fields", "all", "-f", "tsv").lines()[0].split("\t")
    assert [row["field"] for row in described] == header
    assert all(row["type"] and row["description"] for row in described), described


@pytest.mark.parametrize("command", FIELDS_COMMANDS, ids=str)
def test_fields_all_in_json_gives_every_key(invoke: Invoke, small: list[str], command: str) -> None:
    args = FIELDS_COMMANDS[command]
    if command == "why":
        return  # its JSON is one object; --fields picks columns of its lines
    value = invoke(*small, *args, "--fields", "all", "--json").json()
    first = value[0] if isinstance(value, list) else value
    assert list(first) == [row["field"] for row in listed_fields(invoke, small, args)]


@pytest.mark.parametrize("command", ["who", "show", "between", "why"])
def test_fields_help_needs_no_arguments(invoke: Invoke, command: str) -> None:
    result = invoke(command, "--fields", "help")
    assert result.exit_code == 0
    assert result.stderr == ""
    cells = [line.split("\t") for line in result.lines()]
    assert all(len(row) == 3 for row in cells)
    assert cells[0][0] in {"id", "from", "field"}


@pytest.mark.parametrize("output_format", FORMATS)
def test_fields_help_in_every_format(invoke: Invoke, output_format: str) -> None:
    result = invoke("between", "--fields", "help", "-f", output_format)
    assert result.exit_code == 0
    assert "approximate" in result.stdout
    assert "true or false" in result.stdout


def test_fields_help_types_and_descriptions(invoke: Invoke) -> None:
    rows = {row["field"]: row for row in invoke("timeline", "--fields", "help", "--json").json()}
    assert rows["place"]["type"] == "text or null"
    assert rows["people"]["type"] == "list of text"
    assert rows["disputes"]["type"] == "list of {field, value, note, alternatives}"
    assert rows["gap_days"]["type"] == "integer or null"
    assert rows["people_names"]["description"] == "The names of people, in the same order."
    assert rows["gap"]["description"].startswith("With --gaps:")


@pytest.mark.parametrize("columns", [80, 120])
def test_fields_help_on_a_terminal_shows_what_each_field_holds(columns: int) -> None:
    run = run_on_terminal("--no-pager", "--no-color", "show", "--fields", "help", columns=columns)
    assert run.exit_code == 0
    heading = next(line for line in run.screen.splitlines() if "field" in line)
    assert "description" in heading
    assert "type" in heading
    assert "The event's stable id." in run.screen


def test_an_unknown_field_points_to_fields_help(invoke: Invoke) -> None:
    result = invoke("people", "--fields", "nmae")
    assert result.exit_code == 2
    assert "--fields help says what each holds" in result.said()


@pytest.mark.slow
def test_fields_help_in_a_real_process() -> None:
    completed = run_piped("show", "--fields", "help")
    assert completed.returncode == 0
    assert completed.stderr == b""
    lines = completed.stdout.decode().splitlines()
    assert lines[0] == "id\ttext\tThe event's stable id."
    assert any(line.startswith("participants\tlist of {id, name, roles}\t") for line in lines)


# Names beside ids ----------------------------------------------------------------------


def test_event_rows_carry_names_beside_ids(invoke: Invoke, small: list[str]) -> None:
    rows = invoke(*small, "timeline", "--json").json()
    (row,) = [row for row in rows if row["id"] == "d2018-10-10"]
    assert row["people"] == ["anna-petrova", "jose-nunez"]
    assert row["people_names"] == ["Anna Petrova", "José Núñez"]
    assert row["organization_names"] == ["AX", "AY"]
    assert row["topic_names"] == ["Space station"]
    show = invoke(*small, "show", "d2018-10-10", "--json").json()
    assert show["organization_names"] == ["AX", "AY"]


def test_quote_rows_carry_names_beside_ids(invoke: Invoke, small: list[str]) -> None:
    (quote,) = invoke(*small, "quotes", "--json").json()
    assert quote["event"] == "d2018-10-10"
    assert quote["speaker_name"] == "Anna Petrova"
    assert quote["topic_names"] == []


def test_names_are_fields_of_piped_output(invoke: Invoke, small: list[str]) -> None:
    result = invoke(*small, "timeline", "--on", "2018-10-10", "--fields", "id,people_names")
    assert "d2018-10-10\tAnna Petrova, José Núñez" in result.lines()


# Piped defaults begin with the id; lists that can be split -----------------------------

PIPED = ["plain", "tsv", "csv", "markdown"]


@pytest.mark.parametrize("command", LISTING_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("output_format", PIPED)
def test_piped_defaults_begin_with_the_id(
    invoke: Invoke, command: list[str], output_format: str
) -> None:
    ids = [row["id"] for row in invoke(*command, "--json").json()]
    text = invoke(*command, "-f", output_format).stdout
    if output_format == "plain":
        assert [line.split("\t")[0] for line in text.splitlines()] == ids
        return
    rows = parse_table(output_format, text)
    assert next(iter(rows[0])) == "id"
    assert [row["id"] for row in rows] == ids


@pytest.mark.parametrize("command", ["who dmitry-bakanov", "show Bakanov and Duffy", "topics iss"])
def test_a_single_record_piped_begins_with_its_id(invoke: Invoke, command: str) -> None:
    name, argument = command.split(" ", 1)
    first = invoke(name, argument).lines()[0]
    assert first == f"id\t{invoke(name, argument, '--json').json()['id']}"


def parse_table(output_format: str, text: str) -> list[dict[str, str]]:
    if output_format == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    if output_format == "markdown":
        head, *rows = markdown_table(text)
        return [dict(zip(head, row, strict=True)) for row in rows]
    header, *lines = text.splitlines()
    return [dict(zip(header.split("\t"), line.split("\t"), strict=True)) for line in lines]


ITEM = (
    st.lists(st.sampled_from([*",\\ \t\n\x1b\u2028é|*_ab", ", ", "\\,", "\\\\", "\\t"]), min_size=1)
    .map("".join)
    .map(str.strip)
    .filter(bool)
)
"""An item of a list: commas, ", ", backslashes, the escapes' own letters, control and
separator characters, Markdown's specials."""


@given(aliases=st.lists(ITEM, max_size=5))
def test_a_list_cell_splits_back_into_its_items(aliases: list[str]) -> None:
    """Whatever its items hold (commas, ", ", backslashes, tabs, escapes), a list cell of
    tsv and csv splits back into them, and markdown renders them joined by ", "."""
    person = {"id": "p", "name": "P", "aliases": aliases}
    data = {**SMALL_DATASET, "people": [*SMALL_DATASET["people"], person]}  # type: ignore[misc]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        base = ["--no-bundled", "--data", str(path), "people", "--fields", "id,aliases"]
        for output_format in ("tsv", "csv"):
            text = invoke_app(*base, "-f", output_format)
            (row,) = [row for row in parse_table(output_format, text) if row["id"] == "p"]
            assert list_items(row["aliases"]) == aliases
        markdown = parse_table("markdown", invoke_app(*base, "-f", "markdown"))
        (row,) = [row for row in markdown if row["id"] == "p"]
        assert row["aliases"] == ", ".join(visible(item, keep_newlines=True) for item in aliases)


def invoke_app(*args: str) -> str:
    result = CliRunner().invoke(load_commands(), list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# Dates without traps -----------------------------------------------------------------

DATE_OPTIONS = [
    ["timeline", "--since"],
    ["timeline", "--until"],
    ["timeline", "--on"],
    ["who", "dmitry-bakanov", "--as-of"],
    ["export", "ics", "--on"],
    ["cite", "--since"],
]
"""Every command and date option a user types a date into."""


@pytest.mark.parametrize("option", DATE_OPTIONS, ids=" ".join)
def test_a_swappable_numeric_date_is_refused_with_both_readings(
    invoke: Invoke, option: list[str]
) -> None:
    result = invoke(*option, "01/08/2025")
    assert result.exit_code == 2
    assert result.stdout == ""
    said = result.said()
    assert "'01/08/2025' could be 1 August 2025 (day first) or 8 January 2025" in said
    assert "write 2025-08-01 or 2025-01-08" in said
    assert "SPACETALKS_DATE_ORDER" in said


@pytest.mark.parametrize(
    ("order", "typed", "meant"),
    [
        ("dmy", "01/08/2025", "2025-08-01"),
        ("mdy", "01/08/2025", "2025-01-08"),
        ("DMY", "1.8.25", "2025-08-01"),
        ("", "31/07/2025", "2025-07-31"),  # one reading only: no order needed
        ("mdy", "31/07/2025", "2025-07-31"),
        ("", "05/05/2025", "2025-05-05"),
    ],
)
def test_the_date_order_says_which_reading(
    invoke: Invoke, order: str, typed: str, meant: str
) -> None:
    env = {"SPACETALKS_DATE_ORDER": order}
    result = invoke("timeline", "--on", typed, "--json", env=env)
    assert result.exit_code == 0, result.stderr
    assert result.json() == invoke("timeline", "--on", meant, "--json").json()


def test_an_unknown_date_order_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("timeline", "--on", "2025", env={"SPACETALKS_DATE_ORDER": "ymd"})
    assert result.exit_code == 2
    assert "SPACETALKS_DATE_ORDER='ymd' is not a date order; give dmy or mdy" in result.said()


def spans(invoke: Invoke, *args: str) -> list[str]:
    result = invoke("timeline", *args, "--fields", "id")
    assert result.exit_code == 0, result.stderr
    return result.lines()


@pytest.mark.parametrize(
    ("period", "since", "until"),
    [
        ("2025-Q3", "2025-07", "2025-09"),
        ("2025q3", "2025-07", "2025-09"),
        ("2025-H2", "2025-07", "2025-12"),
        ("2025-W31", "2025-07-28", "2025-08-03"),
        ("2026-W03", "2026-01-12", "2026-01-18"),
    ],
)
def test_periods_cover_their_days(invoke: Invoke, period: str, since: str, until: str) -> None:
    chosen = spans(invoke, "--on", period)
    assert chosen
    assert chosen == spans(invoke, "--since", since, "--until", until)
    assert spans(invoke, "--since", period) == spans(invoke, "--since", since)
    assert spans(invoke, "--until", period) == spans(invoke, "--until", until)


def _meant(unit: str, count: int) -> str:
    """The day, month or year ``count`` of them from today's, as a dataset writes it."""
    today = dt.date.today()
    if unit == "day":
        return (today + dt.timedelta(days=count)).isoformat()
    if unit == "year":
        return str(today.year + count)
    year, month = divmod(today.year * 12 + today.month - 1 + count, 12)
    return f"{year:04d}-{month + 1:02d}"


@pytest.mark.parametrize(
    ("typed", "unit", "count"),
    [
        ("today", "day", 0),
        ("yesterday", "day", -1),
        ("30 days ago", "day", -30),
        ("400 days ago", "day", -400),
        ("last month", "month", -1),
        ("13 months ago", "month", -13),
        ("last year", "year", -1),
        ("2 years ago", "year", -2),
    ],
)
def test_relative_dates_mean_the_day_month_or_year_written(
    invoke: Invoke, typed: str, unit: str, count: int
) -> None:
    meant = _meant(unit, count)
    assert spans(invoke, "--on", typed) == spans(invoke, "--on", meant)
    assert spans(invoke, "--since", typed) == spans(invoke, "--since", meant)
    profile = invoke("who", "dmitry-bakanov", "--as-of", typed, "--json").json()
    assert profile["as_of"] == meant


@pytest.mark.parametrize("typed", ["2025-W54", "2025-Q5", "2025-H3", "-3 days ago", "last decade"])
def test_impossible_periods_are_usage_errors(invoke: Invoke, typed: str) -> None:
    assert invoke("timeline", "--on", typed).exit_code == 2


@pytest.mark.parametrize(
    ("first", "second", "interval", "days"),
    [
        ("2024-06-26", "2024-07", "about 1 month", 5),
        ("2024-07", "2024-06-26", "about 1 month", 5),
        ("2023-11-30", "2025-01", "about 1 year 2 months", 398),
        ("2018", "2025-07-31", "about 7 years", 2768),
        ("2018", "2018-10", "same year", 273),
        ("2025-07", "2025-07-31", "same month", 30),
        ("2018-10-10", "2025-07-31", "6 years 9 months 21 days", 2486),
    ],
)
def test_gaps_are_stated_at_the_coarser_precision(
    invoke: Invoke,
    write_json: Callable[..., Path],
    first: str,
    second: str,
    interval: str,
    days: int,
) -> None:
    events = [
        {
            "id": "a",
            "date": first,
            "title": "A",
            "kind": "meeting",
            "status": "happened",
            "sources": ["s"],
        },
        {
            "id": "b",
            "date": second,
            "title": "B",
            "kind": "meeting",
            "status": "happened",
            "sources": ["s"],
        },
    ]
    data = write_json({"sources": [{"id": "s", "title": "S", "publisher": "P"}], "events": events})
    base = ("--no-bundled", "--data", str(data))
    between = invoke(*base, "between", "a", "b", "--json").json()
    assert (between["interval"], between["days"]) == (interval, days)
    assert between["approximate"] is (interval != "6 years 9 months 21 days")
    gaps = invoke(*base, "timeline", "--gaps", "--json", "--fields", "gap,gap_days").json()
    assert gaps[1] == {"gap": interval, "gap_days": days}


@pytest.mark.slow
def test_date_readings_in_a_real_process() -> None:
    refused = run_piped("timeline", "--on", "03/04/2025")
    assert refused.returncode == 2
    assert refused.stdout == b""
    said = one_line(refused.stderr.decode())
    assert "3 April 2025 (day first) or 4 March 2025 (month first)" in said
    env = clean_environment(SPACETALKS_DATE_ORDER="dmy")
    chosen = run_piped("timeline", "--on", "07/04/2025", "--fields", "id", env=env)
    assert chosen.returncode == 0
    assert chosen.stdout.decode().splitlines() == ["2025-04-07-bakanov-bowersox-baikonur"]
    quarter = run_piped("timeline", "--on", "2025-Q3", "--fields", "date", "--json")
    assert quarter.returncode == 0
    dates = [row["date"] for row in json.loads(quarter.stdout)]
    assert dates
    assert all("2025-07" <= date[:7] <= "2025-09" for date in dates)


# The docs' tables agree with the code --------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def docs_table(page: str, header: str) -> list[list[str]]:
    """The cells of the table under this header row on a page, code marks removed."""
    text = (ROOT / page).read_text(encoding="utf-8").split(header + "\n", 1)[1]
    rows = []
    for line in text.splitlines()[1:]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
        rows.append([cell.strip().replace("`", "") for cell in cells])
    return rows


def test_the_documented_formats_are_the_formats() -> None:
    rows = docs_table("docs/output.md", "| `--format` / `-f` | what you get |")
    assert [row[0] for row in rows] == [member.value for member in Format]


def test_the_readme_exit_codes_are_the_exit_codes() -> None:
    rows = docs_table("README.md", "| code | meaning |")
    codes = {value for name, value in vars(errors).items() if name.startswith("EXIT_")}
    assert [int(row[0]) for row in rows] == sorted({0, *codes})


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["timeline", "--limit", "1"], 0),
        (["search", "xylophone"], 1),
        (["show", "Crew-11"], 2),
        (["timeline", "--on", "01/02/2025"], 2),
        (["people", "--json", "-f", "tsv"], 2),
        (["--no-bundled", "--data", "/dev/null", "people"], 3),
    ],
)
def test_exit_codes_of_the_contract_in_a_real_process(args: list[str], code: int) -> None:
    completed = run_piped(*args)
    assert completed.returncode == code
    assert (completed.stdout == b"") is (code != 0)
