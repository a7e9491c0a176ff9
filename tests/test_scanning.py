"""A listing read by scanning: the bundled timeline on a real terminal, one line an event
as far as the width allows, and a handle on each row that the next command accepts."""

from __future__ import annotations

import json
import re

import pytest
from conftest import Invoke
from terminal import run_on_terminal

from spacetalks.query.citing import find_cited
from spacetalks.query.records import event_handles, find_any, find_events
from spacetalks.store.load import bundled_data_file, load_dataset

EVENTS = 112
"""The events of the bundled dataset."""

TARGETS = {200: 1.05, 120: 1.3, 80: 2.0, 60: 2.6}
"""The most lines an event may take, on average, at each width (up to the footnotes)."""

FOOTNOTE = re.compile(r"^\[\d+\] ")


def listing_lines(screen: str) -> list[str]:
    """The lines of a drawn listing up to its footnotes."""
    lines = screen.rstrip("\n").split("\n")
    end = next((i for i, line in enumerate(lines) if FOOTNOTE.match(line)), len(lines))
    return lines[:end]


@pytest.fixture
def bundled_events(invoke: Invoke) -> list[dict[str, object]]:
    events: list[dict[str, object]] = invoke("timeline", "--json").json()
    assert len(events) == EVENTS
    return events


@pytest.mark.parametrize("columns", sorted(TARGETS))
def test_the_timeline_takes_few_lines_an_event(columns: int) -> None:
    run = run_on_terminal("timeline", "--color", "never", columns=columns)
    assert run.exit_code == 0
    lines = listing_lines(run.screen)
    assert len(lines) / EVENTS <= TARGETS[columns], f"{len(lines)} lines at {columns} columns"


def test_at_200_columns_every_title_is_whole_on_its_line(
    bundled_events: list[dict[str, object]],
) -> None:
    run = run_on_terminal("timeline", "--color", "never", columns=200)
    lines = listing_lines(run.screen)
    for event in bundled_events:
        title = str(event["title"])
        assert any(title in line for line in lines), title


def test_status_is_shown_where_it_is_not_happened(
    bundled_events: list[dict[str, object]],
) -> None:
    others = [event for event in bundled_events if event["status"] != "happened"]
    assert others
    for columns in TARGETS:
        screen = "\n".join(
            listing_lines(run_on_terminal("timeline", "--color", "never", columns=columns).screen)
        )
        assert "happened" not in screen
        for event in others:
            line = next(line for line in screen.split("\n") if str(event["title"])[:20] in line)
            # A plan whose date has passed with no report reads as overdue.
            shown = "overdue" if event["overdue"] else str(event["status"])
            assert shown in line, (columns, line)


def handles_on_screen(columns: int) -> dict[str, str]:
    """Each row's handle (its first word) by the title the row begins."""
    run = run_on_terminal("timeline", "--color", "never", columns=columns)
    lines = listing_lines(run.screen)
    header = next(i for i, line in enumerate(lines) if line.startswith("handle "))
    rows = [line for line in lines[header + 2 :] if line and not line.startswith(" ")]
    return {line.split()[0]: line for line in rows}


@pytest.mark.parametrize("columns", [120, 200])
def test_every_row_has_a_whole_handle(
    columns: int, bundled_events: list[dict[str, object]]
) -> None:
    handles = handles_on_screen(columns)
    assert len(handles) == EVENTS
    assert sorted(handles) == sorted(str(event["handle"]) for event in bundled_events)


def test_each_handle_finds_its_record_with_show_why_and_cite(
    invoke: Invoke, bundled_events: list[dict[str, object]]
) -> None:
    handles = [str(event["handle"]) for event in bundled_events]
    cited = invoke("cite", *handles, "--style", "csl-json")
    assert cited.exit_code == 0, cited.stderr
    for event in bundled_events[::7]:
        handle = str(event["handle"])
        shown = invoke("show", handle, "--json")
        assert shown.exit_code == 0, (handle, shown.stderr)
        assert shown.json()["id"] == event["id"]
        why = invoke("why", handle, "--json")
        assert why.exit_code == 0, (handle, why.stderr)
        assert why.json()["id"] == event["id"]


def test_every_handle_names_one_record_for_every_lookup() -> None:
    dataset = load_dataset([bundled_data_file()])
    handles = event_handles(dataset)
    for event in dataset.events:
        handle = handles[event.id]
        assert [found.id for found in find_events(dataset, handle)] == [event.id]
        assert [found.id for found in find_any(dataset, handle)] == [event.id]
        assert [found.id for found in find_cited(dataset, handle)] == [event.id]


def test_handles_are_shorter_than_ids_and_unique(
    bundled_events: list[dict[str, object]],
) -> None:
    handles = [str(event["handle"]) for event in bundled_events]
    assert len(set(handles)) == len(handles)
    assert max(map(len, handles)) <= 30
    assert all(not re.match(r"\d{4}-", handle) for handle in handles)


def test_between_takes_handles(invoke: Invoke, bundled_events: list[dict[str, object]]) -> None:
    first, last = bundled_events[0], bundled_events[-1]
    result = invoke("between", str(first["handle"]), str(last["handle"]), "--json")
    answer = json.loads(result.stdout)
    assert answer["from"] == first["id"]
    assert answer["to"] == last["id"]


def test_the_candidates_show_whole_ids_closest_first() -> None:
    run = run_on_terminal("show", "Crew-11 launch", columns=80, stderr_too=True)
    assert run.exit_code == 2
    ids = re.findall(r"^(\d{4}-\d{2}-\d{2}-crew-11-[a-z-]+)\s", run.screen, re.MULTILINE)
    assert ids, run.screen
    assert ids[0] in {"2025-08-01-crew-11-launch", "2025-07-31-crew-11-launch-scrub"}
    assert all("…" not in line for line in run.screen.split("\n") if line.startswith("20"))
