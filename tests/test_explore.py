"""The explorer commands through the CLI runner: normal use, formats, matches."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import Invoke, list_items
from terminal import run_on_terminal

FORMATS = ["table", "plain", "tsv", "csv", "json", "jsonl", "markdown"]


@pytest.mark.parametrize(
    "name", ["bakanov", "BAKANOV", "Баканов", "Dmitry Bakanov", "dmitry-bakanov", "Bakánov"]
)
def test_who_finds_a_person_however_written(invoke: Invoke, name: str) -> None:
    result = invoke("who", name, "--json")
    assert result.exit_code == 0, result.stderr
    profile = result.json()
    assert profile["id"] == "dmitry-bakanov"
    assert profile["native_name"] == "Дмитрий Баканов"
    assert {"id", "name", "roles", "events", "quotes"} <= set(profile)


def test_who_profile_has_roles_events_quotes_and_contacts(invoke: Invoke) -> None:
    profile = invoke("who", "Bakanov", "--json").json()
    assert any(role["organization"] == "roscosmos" for role in profile["roles"])
    dates = [event["date"] for event in profile["events"]]
    assert dates == sorted(dates)
    assert "2025-07-31" in dates
    assert any("No matter how hard relations get on Earth" in q["text"] for q in profile["quotes"])
    assert "sean-duffy" in [contact["id"] for contact in profile["met"]]
    assert profile["sources"]


@pytest.mark.parametrize(
    ("as_of", "titles"),
    [
        ("2025-07-08", {"Secretary of Transportation"}),
        ("2025-07-10", {"Secretary of Transportation", "Acting Administrator"}),
        ("2026-01-01", {"Secretary of Transportation"}),
    ],
)
def test_who_as_of_shows_the_roles_held_that_day(
    invoke: Invoke, as_of: str, titles: set[str]
) -> None:
    profile = invoke("who", "Duffy", "--as-of", as_of, "--json").json()
    assert {role["title"] for role in profile["roles"]} == titles
    assert profile["as_of"] == as_of


def test_who_with_several_matches_exits_2_listing_them(invoke: Invoke, small: list[str]) -> None:
    result = invoke(*small, "who", "john", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "spacetalks: 'john' matches 2 people; give one of these ids:"
    assert lines[1:] == ["john-smith\tJohn Smith", "john-stone\tJohn Stone"]


def test_who_without_a_match_exits_1_and_suggests(invoke: Invoke) -> None:
    result = invoke("who", "Bakanof")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "did you mean Dmitry Bakanov" in result.stderr


@pytest.mark.parametrize("name", ["", "   "])
def test_who_with_an_empty_name_is_a_usage_error(invoke: Invoke, name: str) -> None:
    assert invoke("who", name).exit_code == 2


@pytest.mark.parametrize("output_format", FORMATS)
def test_who_in_every_format(invoke: Invoke, output_format: str) -> None:
    result = invoke("who", "Rogozin", "-f", output_format)
    assert result.exit_code == 0
    assert "Rogozin" in result.stdout
    if output_format == "plain":
        fields = dict(line.split("\t", 1) for line in result.lines())
        assert fields["name"] == "Dmitry Rogozin"
        roles = list_items(fields["roles"])
        assert "Director General, Roscosmos (2018-05-24 to 2022-07-15)" in roles
    if output_format == "csv":
        (row,) = csv.DictReader(io.StringIO(result.stdout))
        assert row["id"] == "dmitry-rogozin"


def test_who_fields_pick_keys_of_the_profile(invoke: Invoke) -> None:
    profile = invoke("who", "Rogozin", "--json", "--fields", "name,native_name").json()
    assert profile == {"name": "Dmitry Rogozin", "native_name": "Дмитрий Рогозин"}
    result = invoke("who", "Rogozin", "--fields", "nonsense")
    assert result.exit_code == 2


def test_people_lists_everyone_with_latest_role(invoke: Invoke) -> None:
    rows = invoke("people", "--json").json()
    by_id = {row["id"]: row for row in rows}
    assert by_id["dmitry-bakanov"]["role"] == "Director General"
    assert by_id["dmitry-bakanov"]["organization"] == "roscosmos"
    assert by_id["dmitry-bakanov"]["events"] >= 5


def test_people_by_organization(invoke: Invoke) -> None:
    rows = invoke("people", "--org", "Roscosmos", "--json").json()
    ids = {row["id"] for row in rows}
    assert {"dmitry-bakanov", "dmitry-rogozin", "yury-borisov", "oleg-platonov"} <= ids
    assert "jim-bridenstine" not in ids


def test_orgs_lists_people_and_event_counts(invoke: Invoke) -> None:
    rows = {row["id"]: row for row in invoke("orgs", "--json").json()}
    assert rows["nasa"]["abbreviation"] == "NASA"
    assert "jim-bridenstine" in rows["nasa"]["people"]
    assert rows["roscosmos"]["events"] > 0


def test_topics_summarise_every_topic(invoke: Invoke) -> None:
    rows = {row["id"]: row for row in invoke("topics", "--json").json()}
    expected = {"iss-life-extension", "cross-flights", "iss-deorbit", "artemis", "ross"}
    assert expected <= set(rows)
    cross = rows["cross-flights"]
    assert cross["events"] > 0
    assert cross["first"] <= cross["last"]
    assert cross["status"]


def test_topic_in_full(invoke: Invoke, small: list[str]) -> None:
    topic = invoke(*small, "topics", "moon", "--json").json()
    assert topic["id"] == "moon"
    assert [event["id"] for event in topic["events"]] == ["y2018", "span"]
    station = invoke(*small, "topics", "station", "--json").json()
    assert station["related"] == [{"id": "moon", "name": "Moon missions"}]


def test_unknown_topic_exits_1(invoke: Invoke) -> None:
    result = invoke("topics", "basket weaving")
    assert result.exit_code == 1
    assert "no topic matches" in result.stderr


def test_show_event_in_full(invoke: Invoke) -> None:
    event = invoke("show", "2025-07-31-bakanov-duffy-talks", "--json").json()
    assert event["precision"] == "day"
    names = {person["name"]: person for person in event["participants"]}
    duffy_roles = {role["title"] for role in names["Sean Duffy"]["roles"]}
    assert "Acting Administrator" in duffy_roles
    (dispute,) = [d for d in event["disputes"] if d["field"] == "place"]
    assert len(dispute["alternatives"]) == 2
    cited = {source["id"] for source in event["source_details"]}
    for alternative in dispute["alternatives"]:
        assert set(alternative["sources"]) <= cited


def test_show_with_several_matches_exits_2_listing_them(invoke: Invoke) -> None:
    result = invoke("show", "Crew-11", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    candidates = [line.split("\t") for line in result.stderr.splitlines()[1:]]
    assert len(candidates) > 2
    assert all(len(cells) == 3 and "Crew-11" in cells[2] for cells in candidates)
    assert "2025-08-01-crew-11-launch" in [cells[0] for cells in candidates]


def test_show_without_a_match_exits_1(invoke: Invoke) -> None:
    result = invoke("show", "Apollo-Soyuz handshake")
    assert result.exit_code == 1
    assert result.stdout == ""


@pytest.mark.parametrize("output_format", FORMATS)
def test_show_in_every_format(invoke: Invoke, output_format: str) -> None:
    result = invoke("show", "Bakanov and Duffy", "-f", output_format)
    assert result.exit_code == 0
    assert "Kennedy Space Center" in result.stdout
    if output_format == "table":
        assert "Houston" in result.stdout  # the dispute is shown


def test_quotes_by_person_and_topic(invoke: Invoke) -> None:
    quotes = invoke("quotes", "--person", "Bakanov", "--json").json()
    assert quotes
    assert {quote["speaker"] for quote in quotes} == {"dmitry-bakanov"}
    everyone = invoke("quotes", "--json").json()
    speakers = {quote["speaker"] for quote in everyone}
    assert {"dmitry-bakanov", "elena-krylov", "rebecca-lin"} <= speakers
    result = invoke("quotes", "--person", "nobody-at-all")
    assert result.exit_code == 2


def test_sources_list_what_cites_them(invoke: Invoke) -> None:
    rows = {row["id"]: row for row in invoke("sources", "--json").json()}
    article = rows["src-article"]
    assert article["publisher"] == "News Circuit"
    assert "event:2025-07-31-bakanov-duffy-talks" in article["cited_by"]
    assert article["citations"] == len(article["cited_by"])
    assert all(row["citations"] > 0 for row in rows.values())


@pytest.mark.parametrize("text", ["DEORBIT", "déorbit", "deorbit"])
def test_search_is_case_and_accent_insensitive(invoke: Invoke, text: str) -> None:
    hits = invoke("search", text, "--json").json()
    assert {"event", "topic"} <= {hit["type"] for hit in hits}
    assert all({"type", "id", "field", "text"} <= set(hit) for hit in hits)


def test_search_by_type_and_in_cyrillic(invoke: Invoke) -> None:
    hits = invoke("search", "Баканов", "--type", "person", "--json").json()
    assert [(hit["id"], hit["field"]) for hit in hits] == [("dmitry-bakanov", "native_name")]


def test_search_without_result_exits_1(invoke: Invoke) -> None:
    result = invoke("search", "xylophone", "--json")
    assert result.exit_code == 1
    assert result.json() == []
    assert "nothing matches" in result.stderr


def test_search_unknown_type_is_a_usage_error(invoke: Invoke) -> None:
    assert invoke("search", "x", "--type", "planet").exit_code == 2


def test_between_the_2018_and_2025_meetings(invoke: Invoke) -> None:
    row = invoke(
        "between", "Bridenstine and Rogozin", "2025-07-31-bakanov-duffy-talks", "--json"
    ).json()
    assert row["from_date"] == "2018-10-10"
    assert row["to_date"] == "2025-07-31"
    assert row["interval"] == "6 years 9 months 21 days"
    assert row["days"] == 2486
    assert row["approximate"] is False


def test_between_in_either_order_and_with_coarse_dates(invoke: Invoke, small: list[str]) -> None:
    row = invoke(*small, "between", "d2025-07-31", "m2018-10", "--json").json()
    assert row["from"] == "m2018-10"
    assert row["approximate"] is True
    assert row["interval"].startswith("about ")


def test_between_ambiguous_is_a_usage_error_listing_events(invoke: Invoke) -> None:
    result = invoke("between", "Crew-11", "Bakanov and Duffy")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "2025-08-01-crew-11-launch\t" in result.stderr


def test_between_unknown_exits_1(invoke: Invoke) -> None:
    assert invoke("between", "zzz-nothing", "Bakanov and Duffy").exit_code == 1


@pytest.mark.parametrize(
    "args",
    [
        ["people"],
        ["orgs"],
        ["topics"],
        ["quotes"],
        ["sources"],
        ["search", "ISS"],
        ["between", "Bridenstine and Rogozin", "Bakanov and Duffy"],
        ["topics", "ross"],
    ],
)
@pytest.mark.parametrize("output_format", FORMATS)
def test_every_command_renders_every_format(
    invoke: Invoke, args: list[str], output_format: str
) -> None:
    result = invoke(*args, "-f", output_format)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    if output_format in {"json", "jsonl"}:
        import json

        values = (
            [json.loads(line) for line in result.lines()]
            if output_format == "jsonl"
            else [result.json()]
        )
        assert values


def test_a_shown_events_sources_say_where_a_wire_story_was_read(invoke: Invoke) -> None:
    document = invoke("show", "2025-07-31-bakanov-duffy-talks", "--json").json()
    reuters = [source for source in document["source_details"] if source["publisher"] == "Reuters"]
    assert len(reuters) == 3
    assert {source["via"] for source in reuters} == {"ThePrint", "AsiaOne", "The Straits Times"}
    assert all("citations" not in source for source in document["source_details"])
    listed = invoke("sources", "--json").json()
    assert any(source["via"] == "AsiaOne" for source in listed)


def test_a_shown_events_sources_table_names_the_host(invoke: Invoke) -> None:
    screen = run_on_terminal(
        "--no-pager", "--no-color", "show", "2025-07-31-bakanov-duffy-talks", columns=120
    ).screen
    assert "Reuters (via AsiaOne)" in screen
