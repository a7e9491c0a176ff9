"""--sort FIELD, --reverse and --limit on every listing, and the captions that count."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Invoke

LISTINGS = {
    "timeline": ("timeline",),
    "people": ("people",),
    "orgs": ("orgs",),
    "topics": ("topics",),
    "quotes": ("quotes",),
    "sources": ("sources",),
    "search": ("search", "Soyuz"),
}
"""Each listing command, and a field to sort it by whose values differ."""
SORT_FIELDS = {
    "timeline": "title",
    "people": "events",
    "orgs": "events",
    "topics": "last",
    "quotes": "speaker_name",
    "sources": "publisher",
    "search": "field",
}


def key(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


@pytest.mark.parametrize("command", LISTINGS)
@pytest.mark.parametrize("reverse", [False, True])
def test_sort_orders_rows_by_the_field_missing_values_last(
    invoke: Invoke, command: str, reverse: bool
) -> None:
    field = SORT_FIELDS[command]
    args = [*LISTINGS[command], "--sort", field, "--json"]
    result = invoke(*args, *(["--reverse"] if reverse else []))
    assert result.exit_code == 0, result.stderr
    values = [row[field] for row in result.json()]
    present = [value for value in values if value is not None]
    assert len(set(map(key, present))) > 1  # the order is not the data's by accident
    assert present == sorted(present, key=key, reverse=reverse)
    assert values == present + [None] * (len(values) - len(present))


@pytest.mark.parametrize("command", LISTINGS)
def test_limit_applies_after_the_sort(invoke: Invoke, command: str) -> None:
    field = SORT_FIELDS[command]
    every = invoke(*LISTINGS[command], "--sort", field, "--reverse", "--json").json()
    first = invoke(*LISTINGS[command], "--sort", field, "--reverse", "--limit", "2", "--json")
    assert first.json() == every[:2]


@pytest.mark.parametrize("command", LISTINGS)
def test_an_unknown_sort_field_is_a_usage_error_naming_the_valid_ones(
    invoke: Invoke, command: str
) -> None:
    result = invoke(*LISTINGS[command], "--sort", "colour", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    said = " ".join(result.stderr.split())
    assert "'colour'" in said
    assert SORT_FIELDS[command] in said


def test_sort_takes_the_fields_that_fields_help_lists(invoke: Invoke) -> None:
    fields = [row["field"] for row in invoke("orgs", "--fields", "help", "--json").json()]
    for field in fields:
        assert invoke("orgs", "--sort", field, "--json").exit_code == 0, field


def test_timeline_reverse_alone_is_newest_first(invoke: Invoke) -> None:
    oldest_first = invoke("timeline", "--json").json()
    newest = invoke("timeline", "--reverse", "--limit", "3", "--json").json()
    assert [row["id"] for row in newest] == [row["id"] for row in oldest_first[::-1][:3]]


def test_timeline_sort_keeps_each_events_gap(invoke: Invoke) -> None:
    in_date_order = {
        row["id"]: row["gap_days"] for row in invoke("timeline", "--gaps", "--json").json()
    }
    by_title = invoke("timeline", "--gaps", "--sort", "title", "--json").json()
    assert {row["id"]: row["gap_days"] for row in by_title} == in_date_order


def test_sort_goes_with_neither_a_chart_nor_one_topic(invoke: Invoke) -> None:
    assert invoke("timeline", "--chart", "--sort", "title").exit_code == 2
    assert invoke("topics", "cross-flights", "--sort", "name").exit_code == 2


def caption(invoke: Invoke, *args: str) -> str:
    result = invoke(*args, "--format", "table", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip().splitlines()[0].strip()


def test_a_limited_listing_says_how_many_of_how_many(invoke: Invoke) -> None:
    total = len(invoke("timeline", "--json").json())
    assert caption(invoke, "timeline", "--limit", "3") == f"3 of {total} events"
    people = len(invoke("people", "--json").json())
    assert caption(invoke, "people", "--limit", "1") == f"1 of {people} people"


def test_one_record_is_counted_in_the_singular(invoke: Invoke) -> None:
    orgs = invoke("orgs", "--json").json()
    alone = next(org["id"] for org in orgs if len(org["people"]) == 1)
    assert caption(invoke, "people", "--org", alone) == "1 person"
    assert caption(invoke, "search", "Баканов", "--type", "person") == "1 result"


def test_the_quotes_table_sets_each_quote_in_quotation_marks(invoke: Invoke) -> None:
    quote = invoke("quotes", "--limit", "1", "--json").json()[0]
    table = invoke("quotes", "--limit", "1", "--format", "table", env={"COLUMNS": "200"})
    words = quote["text"].split()
    assert f"\u201c{words[0]}" in table.stdout
    assert f"{words[-1]}\u201d" in table.stdout
    plain = invoke("quotes", "--limit", "1", "--fields", "text").stdout
    assert plain == f"{quote['text']}\n"  # machine formats keep the words as they are


def test_an_unknown_option_suggests_the_commands_own_first(invoke: Invoke) -> None:
    result = invoke("timeline", "--sinse", "2020")
    assert result.exit_code == 2
    said = " ".join(result.stderr.split())
    assert "did you mean --since?" in said
    assert "--version" not in said
