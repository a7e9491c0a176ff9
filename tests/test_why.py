"""``spacetalks why``: the evidence for one record, in every format."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from conftest import Invoke
from terminal import run_on_terminal
from test_evidence import TALKS, by_id, flat

FIELDS = ["field", "value", "stance", "cited_for", "publisher", "title", "date", "url"]


def place_dispute(invoke: Invoke) -> tuple[dict[str, Any], dict[str, Any]]:
    talks = by_id(invoke, TALKS)
    (dispute,) = [d for d in talks["disputes"] if d["field"] == "place"]
    return talks, dispute


def test_json_is_one_object_with_the_evidence_field_by_field(invoke: Invoke) -> None:
    talks, dispute = place_dispute(invoke)
    document = invoke("why", TALKS, "--json").json()
    assert document["type"] == "event"
    assert document["id"] == TALKS
    fields = {field["field"]: field for field in document["fields"]}
    assert {"date", "title", "place"} <= set(fields)
    place = fields["place"]
    assert place["value"] == talks["place"]
    assert place["disputed"] is True
    (shown,) = [alt for alt in dispute["alternatives"] if alt["value"] == talks["place"]]
    assert [source["id"] for source in place["sources"]] == shown["sources"]
    others = {alt["value"]: alt for alt in dispute["alternatives"] if alt is not shown}
    assert {other["value"] for other in place["alternatives"]} == set(others)
    for other in place["alternatives"]:
        assert [source["id"] for source in other["sources"]] == others[other["value"]]["sources"]
        assert all(source["publisher"] and source["title"] for source in other["sources"])
    assert fields["title"]["disputed"] is False
    assert [source["id"] for source in fields["title"]["sources"]] == talks["sources"]


def test_one_field(invoke: Invoke) -> None:
    document = invoke("why", TALKS, "place", "--json").json()
    assert [field["field"] for field in document["fields"]] == ["place"]


@pytest.mark.parametrize("output_format", ["plain", "tsv", "csv"])
def test_piped_is_one_row_per_field_value_and_source(invoke: Invoke, output_format: str) -> None:
    talks, dispute = place_dispute(invoke)
    text = invoke("why", TALKS, "place", "-f", output_format).stdout
    if output_format == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        lines = text.splitlines()
        header = FIELDS if output_format == "plain" else lines.pop(0).split("\t")
        rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines]
    assert len(rows) == sum(len(alt["sources"]) for alt in dispute["alternatives"])
    assert {row["field"] for row in rows} == {"place"}
    for alternative in dispute["alternatives"]:
        stance = (
            "shown"
            if alternative["value"] == talks["place"]
            else "reported before the event"
            if alternative["reported_before_event"]
            else "alternative"
        )
        mine = [row for row in rows if row["value"] == alternative["value"]]
        assert {row["stance"] for row in mine} == {stance}
        assert {row["publisher"] for row in mine} == set(alternative["publishers"])
    assert not any(row["publisher"].startswith("src-") for row in rows)


def test_a_claim_says_who_claims_it(invoke: Invoke) -> None:
    from test_evidence import claimed

    claim = claimed(invoke)
    document = invoke("why", claim["id"], "--json").json()
    assert document["claimed_by"] == claim["claimed_by"]
    assert document["claimed_by_names"] == claim["claimed_by_names"]
    screen = flat(invoke("why", claim["id"], "-f", "table").stdout)
    assert f"per {' and '.join(claim['claimed_by_names'])}" in screen


@pytest.mark.parametrize(
    ("query", "record_type"), [("dmitry-bakanov", "person"), ("roscosmos", "organization")]
)
def test_people_and_organizations(invoke: Invoke, query: str, record_type: str) -> None:
    result = invoke("why", query, "--json")
    assert result.exit_code == 0
    value = result.json()
    assert value["type"] == record_type
    assert value["fields"]


def test_a_name_of_several_records_exits_2_listing_their_ids(invoke: Invoke) -> None:
    result = invoke("why", "Crew-12", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    candidates = [line.split("\t") for line in result.stderr.splitlines()[1:]]
    assert {cells[0] for cells in candidates} == {
        "2026-02-13-crew-12-launch",
        "2026-02-14-crew-12-docking",
    }


def test_person_roles_with_their_sources(invoke: Invoke) -> None:
    document = invoke("why", "dmitry-bakanov", "roles", "--json").json()
    assert document["fields"]
    assert all(field["field"] == "roles" and field["sources"] for field in document["fields"])


def test_quote(invoke: Invoke) -> None:
    quote = invoke("quotes", "--json").json()[0]
    document = invoke("why", quote["id"], "text", "--json").json()
    assert document["type"] == "quote"
    (text,) = document["fields"]
    assert text["value"] == quote["text"]
    assert [source["id"] for source in text["sources"]] == quote["sources"]


def test_unknown_field_is_a_usage_error_listing_the_fields(invoke: Invoke) -> None:
    result = invoke("why", TALKS, "colour")
    assert result.exit_code == 2
    assert "place" in result.stderr


def test_no_match_exits_1(invoke: Invoke) -> None:
    result = invoke("why", "Apollo-Soyuz handshake")
    assert result.exit_code == 1
    assert result.stdout == ""


@pytest.mark.slow
def test_terminal_layout(invoke: Invoke) -> None:
    _, dispute = place_dispute(invoke)
    screen = run_on_terminal("why", TALKS, "place", columns=100)
    assert screen.exit_code == 0
    text = flat(screen.screen)
    assert "Evidence" in text
    for alternative in dispute["alternatives"]:
        assert alternative["value"] in text
        for publisher in alternative["publishers"]:
            assert publisher in text
    assert "src-" not in screen.screen
