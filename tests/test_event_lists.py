"""The event lists inside ``who``, ``topics TOPIC`` and ``between`` read as the timeline
does (scanning rows: the title first, kind as a glyph where room is short, a status only
where it is not ``happened``, a handle where it fits), on a real terminal; plans that are
overdue read as overdue; show's table of differing values is headed by what it holds."""

from __future__ import annotations

import csv
import io
import re

import pytest
from conftest import Invoke
from terminal import run_on_terminal

from spacetalks.answers.contract import AlternativeRow, DisputeRow
from spacetalks.output.terminal.layouts import (
    CHANGED,
    DISPUTED,
    DISPUTED_OR_CHANGED,
    dispute_heading,
)
from spacetalks.output.terminal.palette import KIND_LOOKS, OTHER_KIND

TARGETS = {200: 1.0, 120: 2.0, 80: 2.0, 60: 2.6}
"""The most lines an event of a list may take, on average, at each width: one at 200
columns (every title whole), two at 80 and 120 (a list of two events with one long
title takes three lines), and the timeline's own at 60."""

LISTS = {
    ("who", "Isaacman"): "Events",
    ("who", "Bakanov"): "Events",
    ("who", "anil-menon"): "Events",
    ("topics", "iss-deorbit"): "Timeline",
    ("topics", "iss"): "Timeline",
    ("between", "bridenstine-rogozin", "crew-13"): "",
}
"""Commands with an event list, and the heading the list has (between's has none)."""

END = re.compile(r"^(\[\d+\] |Not shown at this width|… and |interval )")


def event_list(screen: str, heading: str) -> tuple[str, list[str]]:
    """A drawn list's header line and its rows' lines, up to its footnotes."""
    lines = [line.rstrip("\r").rstrip() for line in screen.split("\n")]
    if heading:
        start = lines.index(heading) + 1
    else:
        start = next(i for i, line in enumerate(lines) if re.match(r"(handle|date) ", line))
    assert set(lines[start + 1]) == {"─"}, lines[start : start + 2]
    end = next(i for i in range(start + 2, len(lines)) if END.match(lines[i]) or not lines[i])
    return lines[start], lines[start + 2 : end]


def rows_of(lines: list[str]) -> list[str]:
    """The first line of each row (a row's wrapped lines begin with spaces)."""
    return [line for line in lines if not line.startswith(" ")]


def listed_events(invoke: Invoke, command: tuple[str, ...]) -> list[dict[str, object]]:
    result = invoke(*command, "--json")
    assert result.exit_code == 0, result.stderr
    events: list[dict[str, object]] = result.json()["events"]
    assert events
    return events


@pytest.mark.parametrize("columns", sorted(TARGETS))
@pytest.mark.parametrize("command", sorted(LISTS))
def test_an_event_list_takes_few_lines_an_event(
    invoke: Invoke, command: tuple[str, ...], columns: int
) -> None:
    events = listed_events(invoke, command)
    run = run_on_terminal(*command, "--color", "never", columns=columns)
    assert run.exit_code == 0, run.stderr
    header, lines = event_list(run.screen, LISTS[command])
    assert len(rows_of(lines)) == len(events)
    assert len(lines) / len(events) <= TARGETS[columns], (columns, len(lines), len(events))
    assert "happened" not in "\n".join([header, *lines])
    if columns == 200:
        for event in events:
            assert any(str(event["title"]) in line for line in lines), event["title"]


@pytest.mark.parametrize("command", sorted(LISTS))
def test_an_event_list_has_the_timelines_columns(invoke: Invoke, command: tuple[str, ...]) -> None:
    events = listed_events(invoke, command)
    wide, _ = event_list(
        run_on_terminal(*command, "--color", "never", columns=200).screen, LISTS[command]
    )
    assert wide.split()[:3] == ["handle", "date", "kind"]
    narrow, lines = event_list(
        run_on_terminal(*command, "--color", "never", columns=60).screen, LISTS[command]
    )
    assert narrow.split() == ["date", "kind", "title"]  # the glyphs, headed
    glyphs = {look.glyph: kind for kind, look in KIND_LOOKS.items()}
    for row, event in zip(rows_of(lines), events, strict=True):
        glyph = next(word for word in row.split() if word in glyphs or word == OTHER_KIND.glyph)
        assert glyphs.get(glyph) == event["kind"], row


@pytest.mark.parametrize("command", [("who", "Isaacman"), ("topics", "iss-deorbit")])
def test_a_handle_on_a_row_of_a_list_finds_its_event_with_show(
    invoke: Invoke, command: tuple[str, ...]
) -> None:
    events = listed_events(invoke, command)
    _, lines = event_list(
        run_on_terminal(*command, "--color", "never", columns=120).screen, LISTS[command]
    )
    handles = [row.split()[0] for row in rows_of(lines)]
    assert len(handles) == len(events)
    for handle, event in zip(handles, events, strict=True):
        assert handle == event["handle"]
        assert not re.match(r"\d{4}-", handle)
        shown = invoke("show", handle, "--json")
        assert shown.exit_code == 0, (handle, shown.stderr)
        assert shown.json()["id"] == event["id"]


OVERDUE_TITLE = "Soyuz MS-29 scheduled to launch"
"""The title of a plan the bundled dataset has no report of: overdue."""


@pytest.mark.parametrize(
    "command",
    [("timeline",), ("who", "Isaacman"), ("between", "bridenstine-rogozin", "soyuz-ms-29")],
)
def test_an_overdue_plan_reads_as_overdue(command: tuple[str, ...]) -> None:
    for columns, said in ((60, "overdue: "), (80, "overdue: "), (200, "scheduled, overdue")):
        run = run_on_terminal(*command, "--color", "never", columns=columns)
        line = next(line for line in run.screen.split("\n") if OVERDUE_TITLE[:24] in line)
        assert said in line, (columns, line)
        assert "scheduled:" not in line


def test_show_says_an_overdue_plan_is_overdue() -> None:
    run = run_on_terminal("show", "soyuz-ms-29", "--color", "never", columns=80)
    status = next(line for line in run.screen.split("\n") if re.search(r"\bstatus\b", line))
    assert "scheduled" in status
    assert "overdue" in status


def test_machine_formats_keep_the_status_as_recorded(invoke: Invoke) -> None:
    events = invoke("timeline", "--json").json()
    overdue = [event for event in events if event["overdue"]]
    assert overdue
    assert {event["status"] for event in overdue} <= {"scheduled", "planned"}
    table = invoke("timeline", "--format", "csv", "--fields", "id,status,overdue").stdout
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(table))}
    for event in overdue:
        assert rows[str(event["id"])]["status"] == event["status"]
        assert rows[str(event["id"])]["overdue"] == "yes"
    person = invoke("who", "Isaacman", "--json").json()
    assert any(e["overdue"] and e["status"] == "scheduled" for e in person["events"])


def _dispute(*alternatives: tuple[str, bool]) -> DisputeRow:
    return DisputeRow(
        field="place",
        value=alternatives[0][0],
        note="",
        alternatives=tuple(
            AlternativeRow(value=value, sources=("s",), publishers=("P",), reported_before_event=b)
            for value, b in alternatives
        ),
    )


def test_the_dispute_heading_says_what_the_table_holds() -> None:
    plain = _dispute(("A", False), ("B", False))
    changed = _dispute(("A", False), ("B", True))
    assert dispute_heading([plain]) == DISPUTED == "Disputed"
    assert dispute_heading([changed]) == CHANGED
    assert dispute_heading([changed, changed]) == CHANGED
    assert dispute_heading([plain, changed]) == DISPUTED_OR_CHANGED
    # Sources of the event that disagree, beside an advance report: both.
    assert dispute_heading([_dispute(("A", False), ("B", False), ("C", True))]) == (
        DISPUTED_OR_CHANGED
    )


def test_show_heads_a_plan_that_changed_as_changed_not_disputed() -> None:
    run = run_on_terminal("show", "bakanov-duffy", "--color", "never", columns=100)
    lines = [line.rstrip() for line in run.screen.split("\n")]
    assert CHANGED in lines
    assert DISPUTED not in lines


def test_show_heads_a_disagreement_as_disputed(invoke: Invoke) -> None:
    events = invoke("timeline", "--json").json()
    disagreed = next(
        event
        for event in events
        if any(
            not any(side["reported_before_event"] for side in dispute["alternatives"])
            for dispute in event["disputes"]
        )
    )
    run = run_on_terminal("show", str(disagreed["id"]), "--color", "never", columns=100)
    assert DISPUTED in [line.rstrip() for line in run.screen.split("\n")]


def test_the_glyphs_have_a_legend_in_the_timelines_help(invoke: Invoke) -> None:
    result = invoke("timeline", "--help", env={"COLUMNS": "100"})
    text = " ".join(result.stdout.replace("│", " ").split())
    for kind, look in KIND_LOOKS.items():
        assert f"{look.glyph} {kind}" in text, kind
    assert f"{OTHER_KIND.glyph} any other" in text
