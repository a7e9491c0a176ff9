"""Evidence everywhere: disputes and one-side claims in every view and export.

The bundled dataset is being corrected while these tests stand, so they look records
up by id and compare views with the evidence the JSON row gives, not with prose.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke, event, list_items, source
from terminal import clean_environment, run_on_terminal, run_piped

from spacetalks.output.cells import value_for_people

TALKS = "2025-07-31-bakanov-duffy-talks"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def flat(text: str) -> str:
    """Terminal text with colour codes and box-drawing rules gone and every run of
    spaces and line breaks made one space, so wrapped text reads as one line."""
    text = ANSI.sub("", text)
    text = re.sub("[│┃║|]", " ", text)
    return " ".join(text.split())


def all_rows(invoke: Invoke) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = invoke("timeline", "--json").json()
    return rows


def by_id(invoke: Invoke, event_id: str) -> dict[str, Any]:
    return next(row for row in all_rows(invoke) if row["id"] == event_id)


DOUBTED = re.compile("disputed|reported before the event")
"""How a view says a fact is in doubt: a disagreement, or a plan reported before the event
that what happened changed (the July 2025 talks' Houston side)."""


def another_disputed(invoke: Invoke) -> dict[str, Any]:
    """A disputed event since 2025 (the window the views below show) other than the
    talks, on a field a table shows."""
    return next(
        row
        for row in all_rows(invoke)
        if row["id"] != TALKS
        and row["date"] >= "2025"
        and any(d["field"] in {"place", "date"} for d in row["disputes"])
    )


def claimed(invoke: Invoke) -> dict[str, Any]:
    """An event since 2025 that one side alone claims, and nothing disputes."""
    return next(
        row
        for row in all_rows(invoke)
        if row["claimed_by"] and not row["disputes"] and row["date"] >= "2025"
    )


def disputed_records(invoke: Invoke) -> list[dict[str, Any]]:
    return [by_id(invoke, TALKS), another_disputed(invoke)]


def said(row: dict[str, Any]) -> list[str]:
    """What a reader must be able to read about a row's disputes: every value (a date
    as people write it) and every publisher behind it."""
    return [
        text
        for dispute in row["disputes"]
        for alternative in dispute["alternatives"]
        for text in (
            value_for_people(dispute["field"], alternative["value"]),
            *alternative["publishers"],
        )
    ]


def test_every_event_row_carries_its_evidence_in_json(invoke: Invoke) -> None:
    rows = all_rows(invoke)
    for row in rows:
        assert isinstance(row["disputes"], list)
        assert isinstance(row["claimed_by"], list)
        assert row["disputed"] == list(dict.fromkeys(d["field"] for d in row["disputes"]))
    talks = by_id(invoke, TALKS)
    (place,) = [d for d in talks["disputes"] if d["field"] == "place"]
    assert place["value"] == talks["place"]
    assert len(place["alternatives"]) >= 2
    for alternative in place["alternatives"]:
        assert alternative["sources"]
        assert alternative["publishers"]
        assert not any(name.startswith("src-") for name in alternative["publishers"])
    jsonl = [json.loads(line) for line in invoke("timeline", "-f", "jsonl").lines()]
    assert all("disputes" in row and "claimed_by" in row for row in jsonl)


def test_claims_carry_the_claimants_names(invoke: Invoke) -> None:
    organizations = {row["id"]: row for row in invoke("orgs", "--json").json()}
    for row in all_rows(invoke):
        expected = [
            organizations[ref]["abbreviation"] or organizations[ref]["name"]
            for ref in row["claimed_by"]
            if ref in organizations
        ]
        if len(expected) == len(row["claimed_by"]):
            assert row["claimed_by_names"] == expected


@pytest.mark.parametrize("output_format", ["plain", "tsv", "csv"])
def test_flat_formats_carry_disputed_and_claimed_by_columns(
    invoke: Invoke, output_format: str
) -> None:
    fields = "id,place,disputed,disputes,claimed_by"
    text = invoke("timeline", "-f", output_format, "--fields", fields).stdout
    if output_format == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        lines = text.splitlines()
        header = fields.split(",") if output_format == "plain" else lines.pop(0).split("\t")
        rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines]
    found = {row["id"]: row for row in rows}
    for record in disputed_records(invoke):
        cells = found[record["id"]]
        assert list_items(cells["disputed"]) == record["disputed"]
        disputes = list_items(cells["disputes"])
        assert len(disputes) == len(record["disputes"])
        for text_said in said(record):
            assert any(text_said in dispute for dispute in disputes)
    claim = claimed(invoke)
    assert list_items(found[claim["id"]]["claimed_by"]) == claim["claimed_by"]
    assert found[TALKS]["claimed_by"] == ""


def test_default_flat_columns_end_with_the_evidence(invoke: Invoke) -> None:
    lines = invoke("timeline", "--on", "2025-07-31", "-f", "tsv").lines()
    assert lines[0] == "id\tdate\tkind\tstatus\ttitle\tplace\tdisputed\tclaimed_by"
    rows = {line.split("\t")[0]: line.split("\t")[-2:] for line in lines[1:]}
    assert rows["2025-07-31-bakanov-duffy-talks"] == ["place", ""]
    assert rows["2025-07-31-iss-operations-to-2028-claim"] == ["date", "roscosmos"]
    assert rows["2025-07-31-crew-11-launch-scrub"] == ["", ""]


def test_chosen_fields_are_exactly_the_columns(invoke: Invoke) -> None:
    header = invoke("timeline", "-f", "tsv", "--fields", "id,title").lines()[0]
    assert header == "id\ttitle"


def footnote_of(screen: str, record: dict[str, Any]) -> str:
    """The footnote under a table or chart that marks a record, found by its mark."""
    text = flat(screen)
    marks = re.findall(r"\[(\d+)\] ([^\[]*)", text)
    notes = [note for _, note in marks if any(value in note for value in said(record)[:1])]
    assert notes, f"no footnote for {record['id']} in:\n{text[-2000:]}"
    return " ".join(notes)


@pytest.mark.slow
@pytest.mark.parametrize("columns", [80, 120])
def test_timeline_table_marks_disputes_and_claims_on_a_terminal(
    invoke: Invoke, columns: int
) -> None:
    screen = run_on_terminal("timeline", "--since", "2025", columns=columns)
    assert screen.exit_code == 0
    for record in disputed_records(invoke):
        note = footnote_of(screen.screen, record)
        for text_said in said(record):
            assert text_said in note
        assert DOUBTED.search(note), note
    claim = claimed(invoke)
    assert f"per {' and '.join(claim['claimed_by_names'])}" in flat(screen.screen)
    assert "src-" not in screen.screen


def test_marks_sit_on_the_disputed_cell(invoke: Invoke, small: list[str]) -> None:
    table = invoke(*small, "timeline", "-f", "table", "--fields", "id,place").stdout
    row = next(line for line in table.splitlines() if "d2025-07-31" in line)
    # The place is empty; its cell is marked ([1] is m2018-10, a plan now overdue).
    assert row.split()[1:] == ["[2]"]
    assert "[2] place disputed: Houston (Example News) or Florida (Example News)" in flat(table)


@pytest.mark.parametrize("command", [("who", "Bakanov"), ("topics", "iss")])
def test_profile_and_topic_event_tables_mark_and_footnote(
    invoke: Invoke, command: tuple[str, str]
) -> None:
    document = invoke(*command, "--json").json()
    disputed = [row for row in document["events"] if row["disputes"] or row["claimed_by"]]
    assert disputed, "the profile or topic should have a disputed or claimed event"
    screen = flat(invoke(*command, "-f", "table", env={"COLUMNS": "100"}).stdout)
    for row in disputed:
        for text_said in said(row):
            assert text_said in screen
        for name in row["claimed_by_names"]:
            assert f"per {name}" in screen


def test_search_results_mark_disputed_records(invoke: Invoke) -> None:
    rows = invoke("search", "Bakanov and Duffy", "--json").json()
    hit = next(row for row in rows if row["id"] == TALKS)
    assert hit["disputed"] == ["place"]
    screen = flat(invoke("search", "Bakanov and Duffy", "-f", "table").stdout)
    for text_said in said(by_id(invoke, TALKS)):
        assert text_said in screen


def test_show_place_line_says_it_is_disputed_on_a_terminal(invoke: Invoke) -> None:
    talks = by_id(invoke, TALKS)
    (place,) = [d for d in talks["disputes"] if d["field"] == "place"]
    others = [alt for alt in place["alternatives"] if alt["value"] != talks["place"]]
    screen = run_on_terminal("show", TALKS, columns=100).screen
    place_line = flat(screen.split("place", 1)[1].split("organizations", 1)[0])
    assert place_line.startswith(talks["place"])
    assert DOUBTED.search(place_line), place_line
    for alternative in others:
        assert alternative["value"] in place_line
        for publisher in alternative["publishers"]:
            assert publisher in place_line
    assert "src-" not in screen.split("Sources")[0]


def test_show_piped_has_the_disputes_as_field_value_lines(invoke: Invoke) -> None:
    for record in disputed_records(invoke):
        lines = dict(line.split("\t", 1) for line in invoke("show", record["id"]).lines())
        disputes = list_items(lines["disputes"])
        for text_said in said(record):
            assert any(text_said in dispute for dispute in disputes)
        assert list_items(lines["claimed_by"]) == record["claimed_by"]


@pytest.mark.slow
@pytest.mark.parametrize("columns", [60, 80, 120])
def test_chart_never_cuts_dispute_text(invoke: Invoke, columns: int) -> None:
    screen = run_on_terminal("timeline", "--chart", "--since", "2025", columns=columns)
    assert screen.exit_code == 0
    lines = ANSI.sub("", screen.screen).splitlines()
    assert all(len(line.rstrip()) <= columns for line in lines)
    for record in disputed_records(invoke):
        note = footnote_of(screen.screen, record)
        for text_said in said(record):
            assert text_said in note
    claim = claimed(invoke)
    assert f"per {' and '.join(claim['claimed_by_names'])}" in flat(screen.screen)


def ics_entries(invoke: Invoke, *args: str) -> dict[str, Any]:
    from icalendar import Calendar

    calendar = Calendar.from_ical(invoke("export", "ics", *args).stdout)
    return {str(entry["uid"]).split("@")[0]: entry for entry in calendar.walk("VEVENT")}


def test_ics_description_says_what_is_disputed_and_by_whom(invoke: Invoke) -> None:
    entries = ics_entries(invoke, "--since", "2025")
    sources = {row["id"]: row for row in invoke("sources", "--json").json()}
    for record in disputed_records(invoke):
        if record["precision"] not in {"day", "time"}:
            continue
        entry = entries[record["id"]]
        description = str(entry["description"])
        assert DOUBTED.search(description), description
        for text_said in said(record):
            assert text_said in description
        for dispute in record["disputes"]:
            for alternative in dispute["alternatives"]:
                for source_id in alternative["sources"]:
                    if sources[source_id]["url"]:
                        assert sources[source_id]["url"] in description
        assert str(entry["url"]).startswith("http")
    claim = claimed(invoke)
    assert f"per {' and '.join(claim['claimed_by_names'])}" in str(
        entries[claim["id"]]["description"]
    )


def test_ics_url_points_to_a_source_of_the_value_shown(invoke: Invoke) -> None:
    talks = by_id(invoke, TALKS)
    (place,) = [d for d in talks["disputes"] if d["field"] == "place"]
    (shown,) = [alt for alt in place["alternatives"] if alt["value"] == talks["place"]]
    sources = {row["id"]: row for row in invoke("sources", "--json").json()}
    url = str(ics_entries(invoke, "--on", "2025-07-31")[TALKS]["url"])
    assert url in {sources[source_id]["url"] for source_id in shown["sources"]}


def test_timelinejs_slide_groups_sources_by_the_value_they_support(invoke: Invoke) -> None:
    document = json.loads(invoke("export", "timelinejs", "--since", "2025").stdout)
    slides = {slide["unique_id"]: slide for slide in document["events"]}
    sources = {row["id"]: row for row in invoke("sources", "--json").json()}
    for record in disputed_records(invoke):
        text = slides[record["id"]]["text"]["text"]
        assert DOUBTED.search(text), text
        for dispute in record["disputes"]:
            for alternative in dispute["alternatives"]:
                heading = f"{dispute['field']} &quot;{alternative['value']}&quot;:"
                group = text.split(heading, 1)[1].split("</ul>", 1)[0]
                for source_id in alternative["sources"]:
                    assert sources[source_id]["title"].replace("'", "&#x27;") in group
    claim = claimed(invoke)
    per = f"per {' and '.join(claim['claimed_by_names'])}"
    assert per in slides[claim["id"]]["text"]["text"]


def test_dot_draws_disputed_facts_distinctly_with_a_legend(invoke: Invoke) -> None:
    text = invoke("export", "dot", "--since", "2025").stdout
    nodes = {
        match.group(1): match.group(2)
        for match in re.finditer(r'^  "event:([^"]+)" \[(.*)\];$', text, re.MULTILINE)
    }
    for record in disputed_records(invoke):
        attributes = nodes[record["id"]]
        assert "color=red" in attributes
        assert DOUBTED.search(attributes), attributes
        for dispute in record["disputes"]:
            for alternative in dispute["alternatives"]:
                if alternative["value"] != record.get(dispute["field"]):
                    assert alternative["value"] in attributes  # the value not shown
    claim = nodes[claimed(invoke)["id"]]
    assert "color=darkorange" in claim
    assert "per " in claim
    assert "cluster_legend" in text
    assert "disputed fact" in text


@pytest.mark.parametrize("table", [False, True])
def test_html_export_has_the_marks_and_footnotes(invoke: Invoke, table: bool) -> None:
    args = ["export", "html", "--since", "2025", "--width", "120", *(["--table"] if table else [])]
    page = invoke(*args).stdout
    text = flat(re.sub(r"<[^>]+>", "", page).replace("&quot;", '"').replace("&#x27;", "'"))
    for record in disputed_records(invoke):
        for text_said in said(record):
            assert text_said.replace("&", "&amp;") in text or text_said in text
    assert f"per {' and '.join(claimed(invoke)['claimed_by_names'])}" in text


def claim_dataset(write_json: Callable[..., Path]) -> list[str]:
    data = {
        "sources": [
            source("src-a"),
            {"id": "src-tass", "title": "Claim", "publisher": "TASS", "date": "2025"},
        ],
        "organizations": [{"id": "ros", "name": "State Space Corporation", "abbreviation": "Ros"}],
        "events": [
            event("e1", "2025-01-02", claimed_by=["ros"], sources=["src-tass"]),
            event("e2", "2025-01-03"),
        ],
    }
    return ["--no-bundled", "--data", str(write_json(data))]


def test_one_side_claims_read_per_the_claimant(
    invoke: Invoke, write_json: Callable[..., Path]
) -> None:
    args = claim_dataset(write_json)
    table = flat(invoke(*args, "timeline", "-f", "table").stdout)
    assert "Event e1 [1]" in table
    assert "[1] per Ros (one side's claim)" in table
    rows = {row["id"]: row for row in invoke(*args, "timeline", "--json").json()}
    assert rows["e1"]["claimed_by"] == ["ros"]
    assert rows["e1"]["claimed_by_names"] == ["Ros"]
    assert rows["e2"]["claimed_by"] == []
    shown = run_piped(*args, "show", "e1", env=clean_environment()).stdout.decode()
    assert "claimed_by\tros" in shown


def evidence_filter_dataset(write_json: Callable[..., Path]) -> list[str]:
    """Events reported by one, two and three publishers; a syndicated copy of a
    Reuters story counts as Reuters; one event is one side's claim."""
    sources = [
        {"id": "reuters", "title": "Story", "publisher": "Reuters"},
        {"id": "reuters-copy", "title": "Story", "publisher": "Reuters", "via": "AsiaOne"},
        {"id": "tass", "title": "Claim", "publisher": "TASS"},
        {"id": "nasa", "title": "Release", "publisher": "NASA"},
    ]
    dispute = {
        "field": "place",
        "alternatives": [
            {"value": "Houston", "sources": ["reuters"]},
            {"value": "Florida", "sources": ["nasa"]},
        ],
    }
    events = [
        event("one", "2025-01-01", sources=["reuters", "reuters-copy"]),
        event("two", "2025-01-02", sources=["reuters", "tass"]),
        event("three", "2025-01-03", sources=["tass"], disputes=[dispute], place="Houston"),
        event("claim", "2025-01-04", sources=["tass", "reuters"], claimed_by=["ros"]),
    ]
    data = {
        "sources": sources,
        "organizations": [{"id": "ros", "name": "Roscosmos"}],
        "events": events,
    }
    return ["--no-bundled", "--data", str(write_json(data))]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((), ["one", "two", "three", "claim"]),
        (("--min-sources", "2"), ["two", "three", "claim"]),
        (("--min-sources", "3"), ["three"]),
        (("--min-sources", "4"), []),
        (("--no-claims",), ["one", "two", "three"]),
        (("--no-claims", "--min-sources", "2"), ["two", "three"]),
    ],
)
def test_min_sources_counts_distinct_publishers_and_no_claims_drops_claims(
    invoke: Invoke, write_json: Callable[..., Path], options: tuple[str, ...], expected: list[str]
) -> None:
    args = evidence_filter_dataset(write_json)
    rows = invoke(*args, "timeline", *options, "--json").json()
    assert [row["id"] for row in rows] == expected
    from icalendar import Calendar

    calendar = Calendar.from_ical(invoke(*args, "export", "ics", *options).stdout)
    uids = [str(entry["uid"]).split("@")[0] for entry in calendar.walk("VEVENT")]
    assert uids == expected


@pytest.mark.parametrize("command", [["topics", "iss-deorbit"], ["who", "Bakanov"]])
def test_events_inside_a_piped_record_say_what_is_doubtful(
    invoke: Invoke, command: list[str]
) -> None:
    events = next(line for line in invoke(*command).lines() if line.startswith("events\t"))
    assert "heads meeting since 2018 (place: plan changed)" in events
    assert "until 2028 (date disputed; per Roscosmos)" in events
    assert "agenda for the talks with NASA," in events  # undisputed: nothing added
