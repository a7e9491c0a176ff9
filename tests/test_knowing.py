"""What the dataset knows and since when: field evidence in ``why``, reports written
before the event, and the dataset as known at a date (``--known-at``).

Most tests run on a small dataset written here, so that they do not move with the
bundled one; a few check the bundled July 2025 talks the issue names.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from conftest import Invoke, app
from generators import STATUSES, datasets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_dates import dataset_dates
from test_evidence import flat
from typer.testing import CliRunner

from spacetalks.dataset.dates import parse_date
from spacetalks.dataset.reach import MOVABLE_DATES
from spacetalks.output.cells import ADVANCE_STANCE, FIELD_UNSOURCED, ONE_REPORT, RECORD_SOURCES
from spacetalks.query.known_at import known_at
from spacetalks.query.records import event_handles
from spacetalks.store import cache
from spacetalks.store.load import DataFile, load_dataset

TALKS = "2025-07-31-bakanov-duffy-talks"


def _source(source_id: str, date: str | None, publisher: str) -> dict[str, object]:
    record: dict[str, object] = {
        "id": source_id,
        "title": f"Report {source_id}",
        "publisher": publisher,
    }
    if date is not None:
        record["date"] = date
    return record


KNOWING: dict[str, Any] = {
    "meta": {"version": "t", "as_of": "2026-11-29", "sources_reach": "2026-04-30"},
    "sources": [
        _source("plan-a", "2025-07-29", "Plan News"),
        _source("plan-b", "2025-07-28", "Other Plan News"),
        _source("plan-month", "2025-07", "Monthly"),
        _source("report-a", "2025-08-01", "Wire"),
        _source("report-b", "2025-07-31", "Space Daily"),
        _source("later", "2026-01-10", "Late News"),
        _source("undated", None, "Archive"),
    ],
    "organizations": [{"id": "ax", "name": "Agency X"}],
    "people": [
        {
            "id": "ann",
            "name": "Ann Example",
            "born": "1980-05",
            "sources": ["report-a", "plan-a"],
            "evidence": [{"field": "born", "sources": ["report-a"], "note": "gives May 1980"}],
            "roles": [
                {"title": "Head", "organization": "ax", "from": "2025-02", "sources": ["plan-b"]}
            ],
        },
        {"id": "newcomer", "name": "Newcomer", "sources": ["later"]},
    ],
    "topics": [{"id": "station", "name": "Station"}],
    "events": [
        {
            "id": "talks",
            "date": "2025-07-31",
            "title": "The talks",
            "kind": "meeting",
            "status": "happened",
            "place": "Spaceport",
            "people": ["ann"],
            "topics": ["station"],
            "sources": ["report-a", "report-b", "plan-a"],
            "evidence": [{"field": "date", "sources": ["report-b"], "note": "gives the day"}],
            "disputes": [
                {
                    "field": "place",
                    "note": "Advance reports said the capital.",
                    "alternatives": [
                        {"value": "Spaceport", "sources": ["report-a", "report-b"]},
                        {"value": "Capital", "sources": ["plan-a", "plan-b"]},
                    ],
                }
            ],
        },
        {
            "id": "month-plan",
            "date": "2025-07-31",
            "title": "A meeting reported in a month-dated piece",
            "kind": "meeting",
            "status": "happened",
            "place": "Spaceport",
            "sources": ["report-a"],
            "disputes": [
                {
                    "field": "place",
                    "alternatives": [
                        {"value": "Spaceport", "sources": ["report-a"]},
                        {"value": "Capital", "sources": ["plan-month"]},
                    ],
                }
            ],
        },
        {
            "id": "launch",
            "date": "2025-08-01",
            "scheduled": "2025-07-31",
            "title": "The launch",
            "kind": "launch",
            "status": "happened",
            "sources": ["plan-a", "report-a"],
        },
        {
            "id": "first-reported-later",
            "date": "2025-06-01",
            "title": "Reported months later",
            "kind": "statement",
            "status": "happened",
            "sources": ["later"],
        },
        {
            "id": "undated-only",
            "date": "2025-08-05",
            "title": "Known from an undated source",
            "kind": "statement",
            "status": "happened",
            "people": ["ann"],
            "sources": ["undated"],
        },
        {
            "id": "stale-plan",
            "date": "2026-06-15",
            "title": "A flight still scheduled",
            "kind": "launch",
            "status": "scheduled",
            "sources": ["later"],
        },
    ],
    "quotes": [
        {
            "id": "q-late",
            "speaker": "ann",
            "text": "Later words.",
            "date": "2026-01-09",
            "sources": ["later"],
        },
        {
            "id": "q-talks",
            "speaker": "ann",
            "text": "Good talks.",
            "date": "2025-07-31",
            "event": "talks",
            "sources": ["report-b"],
        },
    ],
}


@pytest.fixture
def knowing(write_json: Callable[..., Path]) -> list[str]:
    """Global options that load only the dataset above."""
    return ["--no-bundled", "--data", str(write_json(KNOWING))]


def fields_of(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {field["field"]: field for field in document["fields"]}


# why: which source is cited for what ---------------------------------------------


def test_why_lists_field_sources_first_and_says_which_are_the_records(
    invoke: Invoke, knowing: list[str]
) -> None:
    date = fields_of(invoke(*knowing, "why", "talks", "--json").json())["date"]
    cited = [(source["id"], source["cited_for"]) for source in date["sources"]]
    assert cited == [("report-b", "field"), ("report-a", "record"), ("plan-a", "record")]
    assert date["field_publishers"] == ["Space Daily"]
    assert "gives the day" in date["note"]


def test_why_never_credits_a_record_source_to_a_field(invoke: Invoke, knowing: list[str]) -> None:
    """A field with no source of its own lists only record-level sources, marked so."""
    document = invoke(*knowing, "why", "talks", "kind", "--json").json()
    assert document["asked"] == "kind"
    (kind,) = document["fields"]
    assert {source["cited_for"] for source in kind["sources"]} == {"record"}
    assert kind["field_publishers"] == []


def test_why_disputed_values_are_cited_for_the_field(invoke: Invoke, knowing: list[str]) -> None:
    place = fields_of(invoke(*knowing, "why", "talks", "--json").json())["place"]
    assert [source["id"] for source in place["sources"]] == ["report-a", "report-b"]
    assert {source["cited_for"] for source in place["sources"]} == {"field"}
    (capital,) = place["alternatives"]
    assert {source["cited_for"] for source in capital["sources"]} == {"field"}


def test_why_person_field_evidence_and_roles(invoke: Invoke, knowing: list[str]) -> None:
    fields = fields_of(invoke(*knowing, "why", "ann", "--json").json())
    assert [(s["id"], s["cited_for"]) for s in fields["born"]["sources"]] == [
        ("report-a", "field"),
        ("plan-a", "record"),
    ]
    assert {s["cited_for"] for s in fields["name"]["sources"]} == {"record"}
    assert [(s["id"], s["cited_for"]) for s in fields["roles"]["sources"]] == [("plan-b", "field")]


@pytest.mark.parametrize("output_format", ["plain", "csv"])
def test_why_piped_rows_say_cited_for(
    invoke: Invoke, knowing: list[str], output_format: str
) -> None:
    text = invoke(*knowing, "why", "talks", "date", "-f", output_format).stdout
    lines = text.splitlines()[(1 if output_format == "csv" else 0) :]
    separator = "," if output_format == "csv" else "\t"
    assert [line.split(separator)[3] for line in lines] == ["field", "record", "record"]


def test_why_terminal_view_tells_field_sources_from_the_records(
    invoke: Invoke, knowing: list[str]
) -> None:
    table = flat(invoke(*knowing, "why", "talks", "date", "-f", "table").stdout)
    assert f"Space Daily {RECORD_SOURCES} Wire Plan News" in table
    unsourced = flat(invoke(*knowing, "why", "talks", "kind", "-f", "table").stdout)
    assert f"{FIELD_UNSOURCED} Wire Space Daily Plan News" in unsourced


# Reports written before the event ---------------------------------------------------


def _place_dispute(row: dict[str, Any]) -> dict[str, Any]:
    disputes: list[dict[str, Any]] = [d for d in row["disputes"] if d["field"] == "place"]
    (dispute,) = disputes
    return dispute


def test_an_alternative_only_advance_reports_give_is_reported_before_the_event(
    invoke: Invoke, knowing: list[str]
) -> None:
    talks = invoke(*knowing, "show", "talks", "--json").json()
    flags = {
        alt["value"]: alt["reported_before_event"] for alt in _place_dispute(talks)["alternatives"]
    }
    assert flags == {"Spaceport": False, "Capital": True}


def test_a_month_dated_source_counts_from_the_end_of_its_month(
    invoke: Invoke, knowing: list[str]
) -> None:
    """A source dated July 2025 may have been written on 31 July: not surely before."""
    row = invoke(*knowing, "show", "month-plan", "--json").json()
    flags = {
        alt["value"]: alt["reported_before_event"] for alt in _place_dispute(row)["alternatives"]
    }
    assert flags == {"Spaceport": False, "Capital": False}


@pytest.mark.parametrize(
    "args",
    [
        ("timeline", "-f", "table", "--fields", "date,title,place"),
        ("show", "talks", "-f", "table"),
        ("why", "talks", "place", "-f", "table"),
    ],
)
def test_advance_reports_read_as_a_changed_plan_not_a_dispute(
    invoke: Invoke, knowing: list[str], args: tuple[str, ...]
) -> None:
    text = flat(invoke(*knowing, *args).stdout)
    assert ADVANCE_STANCE in text
    assert "Capital" in text
    if args[0] == "timeline":
        assert "place: Spaceport (Wire, Space Daily); reported before the event: Capital" in text
        assert "place disputed: Spaceport (Wire) or Capital (Monthly)" in text


def test_why_piped_marks_the_advance_value(invoke: Invoke, knowing: list[str]) -> None:
    lines = invoke(*knowing, "why", "talks", "place").stdout.splitlines()
    stances = {line.split("\t")[1]: line.split("\t")[2] for line in lines}
    assert stances == {"Spaceport": "shown", "Capital": ADVANCE_STANCE}


# --known-at ---------------------------------------------------------------------------


def _timeline(invoke: Invoke, knowing: list[str], *extra: str) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in invoke(*knowing, *extra, "timeline", "--json").json()}


def test_known_before_the_talks(invoke: Invoke, knowing: list[str]) -> None:
    rows = _timeline(invoke, knowing, "--known-at", "2025-07-30")
    assert set(rows) == {"talks", "launch"}
    talks = rows["talks"]
    assert talks["status"] == "scheduled"
    assert talks["place"] == "Capital"
    assert talks["disputes"] == []
    assert talks["sources"] == ["plan-a"]
    launch = rows["launch"]
    assert (launch["date"], launch["status"], launch["scheduled"]) == (
        "2025-07-31",
        "scheduled",
        None,
    )


def test_known_after_the_talks(invoke: Invoke, knowing: list[str]) -> None:
    rows = _timeline(invoke, knowing, "--known-at", "2 August 2025")
    assert rows["talks"]["status"] == "happened"
    assert rows["talks"]["place"] == "Spaceport"
    assert rows["launch"]["date"] == "2025-08-01"
    assert rows["launch"]["status"] == "happened"
    assert "first-reported-later" not in rows
    assert "undated-only" not in rows  # dated after the day: its undated source does not count
    assert "stale-plan" not in rows


def test_an_undated_source_counts_from_the_records_date(invoke: Invoke, knowing: list[str]) -> None:
    assert "undated-only" in _timeline(invoke, knowing, "--known-at", "2025-08-05")
    assert "undated-only" not in _timeline(invoke, knowing, "--known-at", "2025-08-04")


def test_a_month_means_its_end(invoke: Invoke, knowing: list[str]) -> None:
    rows = _timeline(invoke, knowing, "--known-at", "Jul 2025")
    assert rows["talks"]["status"] == "happened"  # report-b, 31 July, counts by the month's end
    assert rows["launch"]["status"] == "scheduled"


def test_no_record_first_reported_after_the_day(invoke: Invoke, knowing: list[str]) -> None:
    day = "2025-08-02"
    people = {row["id"] for row in invoke(*knowing, "--known-at", day, "people", "--json").json()}
    assert people == {"ann"}
    quotes = {row["id"] for row in invoke(*knowing, "--known-at", day, "quotes", "--json").json()}
    assert quotes == {"q-talks"}
    sources = {row["id"] for row in invoke(*knowing, "--known-at", day, "sources", "--json").json()}
    assert "later" not in sources
    assert {"plan-a", "report-a", "undated"} <= sources


def test_known_at_on_every_command_that_takes_it(invoke: Invoke, knowing: list[str]) -> None:
    day = ("--known-at", "2025-07-30")
    show = invoke(*knowing, *day, "show", "talks", "--json").json()
    assert (show["status"], show["place"]) == ("scheduled", "Capital")
    after = ("timeline", "--known-at", "2025-07-30", "--json")
    assert {row["id"] for row in invoke(*knowing, *after).json()} == {"talks", "launch"}
    who = invoke(*knowing, "who", "ann", "--known-at", "2025-07-30", "--json").json()
    assert [event["id"] for event in who["events"]] == ["talks"]
    assert [quote["id"] for quote in who["quotes"]] == []
    why = fields_of(invoke(*knowing, "why", "talks", "--known-at", "2025-07-30", "--json").json())
    assert why["place"]["value"] == "Capital"
    assert why["date"]["field_publishers"] == []  # report-b came out on the day of the talks
    topic = invoke(*knowing, "topics", "station", "--known-at", "2025-07-30", "--json").json()
    assert [event["status"] for event in topic["events"]] == ["scheduled"]
    found = invoke(*knowing, "search", "Reported months", "--known-at", "2025-07-30")
    assert found.exit_code == 1
    stats = invoke(*knowing, "stats", "--known-at", "2025-07-30", "--json").json()
    assert stats["events"] == 2
    assert stats["as_of"] == "2025-07-30"
    exported = invoke(*knowing, "export", "jsonld", "--known-at", "2025-07-30").stdout
    assert "Capital" in exported
    assert "The talks" in exported
    assert "Reported months later" not in exported


def test_a_bad_day_is_a_usage_error(invoke: Invoke, knowing: list[str]) -> None:
    result = invoke(*knowing, "--known-at", "someday", "timeline")
    assert result.exit_code == 2
    assert "--known-at" in result.said()


def test_bundled_talks_before_and_after(invoke: Invoke) -> None:
    before = invoke("--known-at", "2025-07-30", "show", TALKS, "--json").json()
    assert "Houston" in before["place"]
    assert before["status"] != "happened"
    after = invoke("--known-at", "2025-08-02", "show", TALKS, "--json").json()
    assert "Kennedy Space Center" in after["place"]
    assert after["status"] == "happened"


def test_bundled_nothing_first_reported_after_the_day(invoke: Invoke) -> None:
    sources = {row["id"]: row for row in invoke("sources", "--json").json()}
    day = parse_date("2025-07-30").last_day
    rows = invoke("--known-at", "2025-07-30", "timeline", "--json").json()
    assert rows
    for row in rows:
        dates = [sources[source]["date"] for source in row["sources"]]
        assert all(date is None or parse_date(date).last_day <= day for date in dates), row["id"]
        assert row["status"] != "happened" or parse_date(row["date"]).first_day <= day


# A day after everything: the plain answer -------------------------------------------


def _every_date(data: dict[str, Any]) -> list[str]:
    """Every date a dataset holds: its sources', events', quotes', roles', and meta's."""
    found = [data["meta"]["as_of"], *(data["meta"].get(key) for key in ("reviewed",))]
    found += [source.get("date") for source in data["sources"]]
    for event in data["events"]:
        found += [event["date"], event.get("end"), event.get("scheduled")]
    found += [quote.get("date") for quote in data["quotes"]]
    for person in data["people"]:
        found += [person.get("born")]
        found += [role.get(key) for role in person["roles"] for key in ("from", "to")]
    return [date for date in found if date]


@pytest.mark.slow
@settings(
    max_examples=20,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(datasets(), st.integers(min_value=0, max_value=400))
def test_known_after_every_date_is_the_plain_answer(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any], later: int
) -> None:
    """With a day on or after every source and every date of the dataset, --known-at
    changes nothing: the function returns an equal dataset (its handles those shown),
    and every command that takes it answers as without it."""
    last = max(parse_date(date).last_day for date in _every_date(data))
    day = dt.date.fromordinal(min(last + later, dt.date.max.toordinal())).isoformat()
    path = tmp_path_factory.mktemp("known") / "data.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    dataset = load_dataset([DataFile(label="data", path=path)])
    known = known_at(dataset, parse_date(day))
    assert msgspec.structs.replace(known, event_handles=dataset.event_handles) == dataset
    assert known.event_handles == event_handles(dataset)  # each as shown, as without the day
    plain = ["--no-bundled", "--data", str(path)]
    runner = CliRunner()
    for command in (
        ["timeline", "--json"],
        ["people", "--json"],
        ["quotes", "--json"],
        ["stats", "--json"],
    ):
        without = runner.invoke(app, [*plain, *command], catch_exceptions=False)
        with_day = runner.invoke(app, [*plain, "--known-at", day, *command], catch_exceptions=False)
        assert (with_day.exit_code, with_day.stdout) == (without.exit_code, without.stdout), command


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(datasets(), dataset_dates())
def test_nothing_known_at_a_day_rests_on_a_later_source(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any], day_text: str
) -> None:
    """Whatever the day: every source left counts by its end, no event after it is shown
    as happened, and every reference still resolves."""
    path = tmp_path_factory.mktemp("known") / "data.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    day = parse_date(day_text)
    known = known_at(load_dataset([DataFile(label="data", path=path)]), day)
    for source in known.sources.values():
        assert source.date is None or parse_date(source.date).last_day <= day.last_day
    for event in known.events:
        assert set(event.sources) <= set(known.sources)
        assert set(event.people) <= set(known.people)
        assert set(event.topics) <= set(known.topics)
        assert set(event.organizations) <= set(known.organizations)
        assert all(len(dispute.alternatives) >= 2 for dispute in event.disputes)
        if known.event_dates[event.id].first_day > day.last_day:
            assert event.status in ("scheduled", "planned")
    for quote in known.quotes.values():
        assert quote.speaker in known.people
        assert quote.event is None or quote.event in {event.id for event in known.events}
    assert [known.event_dates[event.id].sort_key for event in known.events] == sorted(
        known.event_dates[event.id].sort_key for event in known.events
    )


# What the dataset does not know -------------------------------------------------------


OVERDUE = "overdue: no report since 2026-06-15"


def test_overdue_in_every_format(invoke: Invoke, knowing: list[str]) -> None:
    rows = _timeline(invoke, knowing)
    assert rows["stale-plan"]["overdue"] is True
    assert {row["overdue"] for key, row in rows.items() if key != "stale-plan"} == {False}
    assert invoke(*knowing, "show", "stale-plan", "--json").json()["overdue"] is True
    csv_rows = invoke(*knowing, "timeline", "-f", "csv", "--fields", "id,overdue").stdout
    assert "stale-plan,yes" in csv_rows.splitlines() or "stale-plan,true" in csv_rows.splitlines()


def test_overdue_follows_as_of(invoke: Invoke, write_json: Callable[..., Path]) -> None:
    data = json.loads(json.dumps(KNOWING))
    data["meta"]["as_of"] = "2026-06-15"  # the day itself: not passed yet
    rows = _timeline(invoke, ["--no-bundled", "--data", str(write_json(data))])
    assert rows["stale-plan"]["overdue"] is False


@pytest.mark.parametrize(
    "args",
    [
        ("timeline", "-f", "table"),
        ("show", "stale-plan", "-f", "table"),
        ("why", "stale-plan", "-f", "table"),
    ],
)
def test_overdue_is_marked_in_every_view(
    invoke: Invoke, knowing: list[str], args: tuple[str, ...]
) -> None:
    assert OVERDUE in flat(invoke(*knowing, *args).stdout)


def test_stats_counts_overdue_and_shows_the_sources_reach(
    invoke: Invoke, knowing: list[str]
) -> None:
    stats = invoke(*knowing, "stats", "--json").json()
    assert (stats["overdue"], stats["sources_reach"]) == (1, "2026-04-30")
    table = flat(invoke(*knowing, "stats", "-f", "table").stdout)
    assert "sources reach Apr 2026" in table or "sources reach 2026-04-30" in table
    known = invoke(*knowing, "--known-at", "2026-01-31", "stats", "--json").json()
    assert known["overdue"] == 0  # on that day the flight was still ahead


def test_an_open_crew_role_after_its_landing_is_a_warning(
    invoke: Invoke, write_json: Callable[..., Path]
) -> None:
    data = json.loads(json.dumps(KNOWING))
    data["people"][0]["roles"].append(
        {
            "title": "Soyuz MS-1 flight engineer",
            "organization": "ax",
            "from": "2025-01-01",
            "sources": ["plan-a"],
        }
    )
    data["people"][1]["roles"] = [
        {
            "title": "Soyuz MS-12 flight engineer",
            "organization": "ax",
            "from": "2025-01-01",
            "sources": ["later"],
        }
    ]
    data["events"].append(
        {
            "id": "ms-1-landing",
            "date": "2025-09-01",
            "title": "Soyuz MS-1 lands",
            "kind": "landing",
            "status": "happened",
            "sources": ["later"],
        }
    )
    result = invoke("--no-bundled", "validate", str(write_json(data)))
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert "ann" in warnings[0]
    assert "Soyuz MS-1 flight engineer" in warnings[0]
    assert "ms-1-landing" in warnings[0]


def test_a_quote_resting_on_one_publisher_says_so(invoke: Invoke, knowing: list[str]) -> None:
    quotes = {row["id"]: row for row in invoke(*knowing, "quotes", "--json").json()}
    assert quotes["q-talks"]["one_report"] is True
    assert f"[1] {ONE_REPORT}" in flat(invoke(*knowing, "quotes", "-f", "table").stdout)
    assert ONE_REPORT in flat(invoke(*knowing, "who", "ann", "-f", "table").stdout)
    why = invoke(*knowing, "why", "q-talks", "--json").json()
    assert why["one_report"] is True
    assert ONE_REPORT in flat(invoke(*knowing, "why", "q-talks", "-f", "table").stdout)


def test_version_shows_the_sources_reach(invoke: Invoke) -> None:
    from spacetalks.store.load import bundled_info

    info = bundled_info()
    version = invoke("--version").stdout
    assert info is not None
    assert ("sources reach" in version) == bool(info.sources_reach)


def test_the_july_2025_talks_houston_is_an_advance_report(invoke: Invoke) -> None:
    """Houston rests on reports of 29 July and the month-dated seed article: a plan that
    changed, not a disagreement; Kennedy Space Center rests on reports of the meeting."""
    shown = invoke("show", "2025-07-31-bakanov-duffy-talks", "--json").json()
    (place,) = [dispute for dispute in shown["disputes"] if dispute["field"] == "place"]
    before = {side["value"]: side["reported_before_event"] for side in place["alternatives"]}
    assert before == {"Houston, Texas": True, "Kennedy Space Center, Florida": False}


MOVING_DATES = [
    "2019",
    "2020-03",
    "2020-03-15",
    "2020-03-20T10:00Z",
    "2020-09",
    "2021",
    "2022-01-05",
]
"""Few dates, close together, so that events, plans, disputes, days and windows meet."""
moving_dates = st.sampled_from(MOVING_DATES)


@st.composite
def datasets_with_movable_dates(draw: st.DrawFn) -> dict[str, Any]:
    """A dataset whose events' dates can move as known at a day: events of every status
    with a scheduled date, and disputes over the date, end or scheduled date whose sides
    are dates (or not), each side resting on its own sources, dated or not."""
    sources = [
        {"id": f"s{number}", "title": f"Report {number}", "publisher": f"P{number}"}
        | ({"date": date} if (date := draw(st.none() | moving_dates)) else {})
        for number in range(draw(st.integers(min_value=1, max_value=4)))
    ]
    some_sources = st.lists(
        st.sampled_from([source["id"] for source in sources]), min_size=1, max_size=2, unique=True
    )
    events = []
    for number in range(draw(st.integers(min_value=1, max_value=8))):
        date = draw(moving_dates)
        event: dict[str, Any] = {
            "id": f"event-{number}",
            "date": date,
            "title": f"Event {number}",
            "kind": "launch",
            "status": draw(st.sampled_from(STATUSES)),
            "sources": draw(some_sources),
        }
        end = draw(st.none() | moving_dates)
        if end is not None and parse_date(end).last_day >= parse_date(date).last_day:
            event["end"] = end
        if draw(st.booleans()):
            event["scheduled"] = draw(moving_dates)
        if draw(st.booleans()):
            event["disputes"] = [
                {
                    "field": draw(st.sampled_from(sorted(MOVABLE_DATES))),
                    "alternatives": [
                        {
                            "value": draw(moving_dates | st.just("not a date")),
                            "sources": draw(some_sources),
                        }
                        for _ in range(draw(st.integers(2, 3)))
                    ],
                }
            ]
        events.append(event)
    return {"sources": sources, "events": events}


@pytest.mark.slow
@settings(
    max_examples=100,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    datasets_with_movable_dates(), moving_dates, st.none() | moving_dates, st.none() | moving_dates
)
def test_a_window_known_at_a_day_is_the_same_read_from_the_cache(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    data: dict[str, Any],
    day: str,
    since: str | None,
    until: str | None,
) -> None:
    """Whatever the day and the window, a timeline as known at the day shows the events
    of the whole timeline as known then whose dates as known then touch the window, the
    same whether the cache decoded only the events that can reach the window or every
    event was read from the file (and the cache was read); exports agree too."""
    monkeypatch.setattr(cache, "SMALLEST_CACHED", 0)
    read = cache.read_window
    windows_read: list[bool] = []

    def read_and_record(*args: Any, **kwargs: Any) -> Any:
        found = read(*args, **kwargs)
        windows_read.append(found is not None)
        return found

    monkeypatch.setattr(cache, "read_window", read_and_record)
    path = tmp_path_factory.mktemp("window") / "data.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    base = ["--no-bundled", "--data", str(path), "--known-at", day]
    window = [*(["--since", since] if since else []), *(["--until", until] if until else [])]
    runner = CliRunner()
    runner.invoke(app, ["--no-bundled", "--data", str(path), "stats"])  # fills the cache
    first = parse_date(since).first_day if since else None
    last = parse_date(until).last_day if until else None
    for cached in ([], ["--no-cache"]):
        whole = runner.invoke(app, [*cached, *base, "timeline", "--format", "json"])
        shown = runner.invoke(app, [*cached, *base, "timeline", *window, "--format", "json"])
        assert whole.exit_code == 0, whole.output
        if first is not None and last is not None and first > last:
            continue  # no date can match (a message says so)
        assert shown.exit_code == 0, shown.output
        touching = [
            row
            for row in json.loads(whole.stdout)
            if (last is None or parse_date(row["date"]).first_day <= last)
            and (first is None or parse_date(row["end"] or row["date"]).last_day >= first)
        ]
        assert json.loads(shown.stdout) == touching
    for command in (
        ["timeline", *window, "--format", "plain"],
        ["export", "jsonld", *window],
        ["export", "dot", *window],
    ):
        scanned = runner.invoke(app, ["--no-cache", *base, *command])
        cached_run = runner.invoke(app, [*base, *command])
        assert (cached_run.exit_code, cached_run.stdout, cached_run.stderr) == (
            scanned.exit_code,
            scanned.stdout,
            scanned.stderr,
        ), command
    assert windows_read
    assert all(windows_read)


MOVED = {
    "sources": [
        {"id": "early", "title": "Early report", "publisher": "A", "date": "2019"},
        {"id": "late", "title": "Late report", "publisher": "B", "date": "2022-01"},
    ],
    "events": [
        {
            "id": "by-plan",
            "date": "2022-01-05",
            "scheduled": "2020-03-15",
            "title": "Moved by its plan",
            "kind": "launch",
            "status": "happened",
            "sources": ["early"],
        },
        {
            "id": "by-date-dispute",
            "date": "2022-01-05",
            "title": "Moved by a dispute over its date",
            "kind": "launch",
            "status": "happened",
            "sources": ["early"],
            "disputes": [
                {
                    "field": "date",
                    "alternatives": [
                        {"value": "2020-03-15", "sources": ["early"]},
                        {"value": "2022-01-05", "sources": ["late"]},
                    ],
                }
            ],
        },
        {
            "id": "by-plan-dispute",
            "date": "2022-01-05",
            "title": "Moved by a dispute over its plan",
            "kind": "launch",
            "status": "happened",
            "sources": ["early"],
            "disputes": [
                {
                    "field": "scheduled",
                    "alternatives": [
                        {"value": "2020-03-15", "sources": ["early"]},
                        {"value": "2021", "sources": ["late"]},
                    ],
                }
            ],
        },
        {
            "id": "by-end-dispute",
            "date": "2019",
            "end": "2019-06",
            "title": "Lengthened by a dispute over its end",
            "kind": "meeting",
            "status": "happened",
            "sources": ["early"],
            "disputes": [
                {
                    "field": "end",
                    "alternatives": [
                        {"value": "2021", "sources": ["early"]},
                        {"value": "2019-06", "sources": ["late"]},
                    ],
                }
            ],
        },
    ],
}
"""Events whose dates as known in 2020 lie outside where their dates as recorded are."""


@pytest.mark.parametrize(
    ("window", "shown"),
    [
        (
            ("--since", "2020-02", "--until", "2020-04"),
            ["by-plan", "by-date-dispute", "by-plan-dispute", "by-end-dispute"],
        ),
        (("--since", "2021-02", "--until", "2021-03"), ["by-end-dispute"]),
        (("--since", "2021-07", "--until", "2021-12"), ["by-end-dispute"]),
        (("--since", "2022"), []),
    ],
)
@pytest.mark.parametrize("cached", [True, False])
def test_a_window_known_at_a_day_holds_the_events_that_moved_into_it(
    invoke: Invoke,
    write_json: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    window: tuple[str, ...],
    shown: list[str],
    cached: bool,
) -> None:
    """As known in September 2020, three events dated 2022 were still to come on their
    plan's date in March 2020 (one by its plan, one by a dispute over its date, one by
    a dispute over its plan), and a 2019 meeting was said to run into 2021: a window
    holds them where they were then, read from the cache or not."""
    monkeypatch.setattr(cache, "SMALLEST_CACHED", 0)
    path = write_json(MOVED)
    base = ["--no-bundled", "--data", str(path)]
    if cached:
        assert invoke(*base, "stats").exit_code == 0  # fills the cache
    else:
        base.insert(0, "--no-cache")
    rows = invoke(*base, "--known-at", "2020-09", "timeline", *window, "--json").json()
    assert sorted(row["id"] for row in rows) == sorted(shown)
    assert all(row["status"] in ("scheduled", "planned", "happened") for row in rows)
