"""What a bad dataset gets: every problem, each with its place, and exit code 3."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SMALL_DATASET, Invoke, event, source
from generators import datasets
from hypothesis import given, settings
from hypothesis import strategies as st

WriteJson = Callable[..., Path]


def validate(invoke: Invoke, *paths: Path | str, bundled: bool = False) -> tuple[int, str]:
    args = [] if bundled else ["--no-bundled"]
    result = invoke(*args, "validate", *map(str, paths))
    assert result.stdout == "" or result.exit_code == 0
    return result.exit_code, result.stderr


def test_bundled_dataset_is_valid(invoke: Invoke) -> None:
    result = invoke("validate")
    assert result.exit_code == 0
    assert result.stdout.startswith("valid: ")
    assert "events" in result.stdout


def test_valid_file_gets_a_summary_of_counts(invoke: Invoke, write_json: WriteJson) -> None:
    result = invoke("--no-bundled", "validate", str(write_json(SMALL_DATASET)))
    assert result.exit_code == 0
    assert result.stdout == (
        "valid: 7 events, 4 people, 2 organizations, 2 topics, 1 quote, 2 sources (1 file)\n"
    )


def test_every_problem_is_reported_with_file_and_record(
    invoke: Invoke, write_json: WriteJson
) -> None:
    data = {
        "sources": [source()],
        "events": [
            event("bad-date", "2025-02-30"),
            event("bad-ref", "2020", people=["nobody"], topics=["nothing"]),
            event("bad-type", "2020", title=None),
            event("bad-status", "2020", status="maybe"),
            event("no-source", "2020", sources=[]),
            event("bad-end", "2020-05-05", end="2020-05-01"),
            {"id": "missing-fields", "date": "2020"},
            event("unknown-field", "2020", colour="red"),
        ],
    }
    path = write_json(data, "mine.json")
    code, stderr = validate(invoke, path)
    assert code == 3
    for fragment in [
        "$.events[2].title (id 'bad-type'): expected `str`, got `null`",
        "$.events[3].status (id 'bad-status'): invalid value 'maybe'; expected one of happened",
        "$.events[4].sources (id 'no-source'): expected `array` of length >= 1",
        "$.events[6] (id 'missing-fields'): missing required field",
        "unknown field `colour`",
        # Structural problems in some records do not hide the others' dates and references.
        "$.events[0] (id 'bad-date'): date: '2025-02-30' is not a day of the calendar",
        "$.events[1] (id 'bad-ref'): people: unknown person 'nobody'",
        "$.events[1] (id 'bad-ref'): topics: unknown topic 'nothing'",
        "$.events[5] (id 'bad-end'): end (2020-05-01) is before date (2020-05-05)",
    ]:
        assert fragment in stderr
    assert all(line.startswith(str(path)) for line in stderr.splitlines()[:-1])
    assert "(9 problems)" in stderr.splitlines()[-1]


def test_dates_and_references_are_checked_across_records(
    invoke: Invoke, write_json: WriteJson
) -> None:
    data = {
        "sources": [source()],
        "people": [
            {
                "id": "p",
                "name": "P",
                "roles": [
                    {
                        "title": "Head",
                        "organization": "ghost-org",
                        "from": "2020",
                        "to": "2019",
                        "sources": ["src-a"],
                    }
                ],
            }
        ],
        "events": [
            event("bad-date", "2025-02-30"),
            event("year-zero", "0000"),
            event("bad-month", "2025-13"),
            event("bad-ref", "2020", people=["nobody"], topics=["nothing"], sources=["src-x"]),
            event("bad-end", "2020-05-05", end="2020-05-01"),
        ],
        "quotes": [
            {"id": "q", "speaker": "ghost", "text": "Hi", "sources": ["src-a"], "event": "nope"}
        ],
    }
    code, stderr = validate(invoke, write_json(data))
    assert code == 3
    for fragment in [
        "(id 'bad-date'): date: '2025-02-30' is not a day of the calendar",
        "(id 'year-zero'): date: '0000' has year 0000",
        "(id 'bad-month'): date: '2025-13' has month 13",
        "(id 'bad-ref'): people: unknown person 'nobody'",
        "(id 'bad-ref'): topics: unknown topic 'nothing'",
        "(id 'bad-ref'): sources: unknown source 'src-x'",
        "(id 'bad-end'): end (2020-05-01) is before date (2020-05-05)",
        "(id 'p'): roles[0].organization: unknown organization 'ghost-org'",
        "(id 'p'): roles[0]: 'to' (2019) is before 'from' (2020)",
        "(id 'q'): speaker: unknown person 'ghost'",
        "(id 'q'): event: unknown event 'nope'",
    ]:
        assert fragment in stderr
    assert "11 problems" in stderr


def test_wrongly_shaped_date_gets_the_expected_forms(invoke: Invoke, write_json: WriteJson) -> None:
    code, stderr = validate(
        invoke, write_json({"sources": [source()], "events": [event("e", "99999-01-01")]})
    )
    assert code == 3
    assert "(id 'e')" in stderr
    assert "2018-10" in stderr


def test_duplicate_id_across_files_names_both(invoke: Invoke, write_json: WriteJson) -> None:
    first = write_json(SMALL_DATASET, "first.json")
    second = write_json({"events": [event("y2018", "2019")]}, "second.json")
    code, stderr = validate(invoke, first, second)
    assert code == 3
    assert "second.json: $.events[0] (id 'y2018'): duplicate id 'y2018'" in stderr
    assert "first.json" in stderr


def test_overlay_may_refer_to_bundled_ids(invoke: Invoke, write_json: WriteJson) -> None:
    overlay = write_json(
        {
            "sources": [source("src-mine")],
            "events": [
                event("my-event", "2025-09-01", people=["dmitry-bakanov"], sources=["src-mine"])
            ],
        }
    )
    result = invoke(
        "--data", str(overlay), "timeline", "--json", "--person", "Bakanov", "--since", "2025-09"
    )
    assert result.exit_code == 0, result.stderr
    assert "my-event" in [row["id"] for row in result.json()]


def test_data_paths_from_the_environment(invoke: Invoke, write_json: WriteJson) -> None:
    first = write_json({"sources": [source()], "events": [event("env-1", "2020")]})
    second = write_json({"events": [event("env-2", "2021")]})
    result = invoke(
        "--no-bundled", "timeline", "--json", env={"SPACETALKS_DATA": f"{first}:{second}"}
    )
    assert result.exit_code == 0, result.stderr
    assert [row["id"] for row in result.json()] == ["env-1", "env-2"]


def test_no_bundled_without_data_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("--no-bundled", "timeline")
    assert result.exit_code == 2
    assert "--no-bundled" in result.stderr


def test_invalid_dataset_stops_every_command(invoke: Invoke, write_json: WriteJson) -> None:
    result = invoke("--data", str(write_json(b"{")), "timeline", "--json")
    assert result.exit_code == 3
    assert result.stdout == ""


def test_ids_and_kinds_must_have_their_shape(invoke: Invoke, write_json: WriteJson) -> None:
    data = {
        "sources": [source(), {"id": "bad id", "title": "t", "publisher": "p"}],
        "events": [event("e1", "2020", kind="Party Time"), event("-e2", "2020")],
    }
    code, stderr = validate(invoke, write_json(data))
    assert code == 3
    assert "$.sources[1] (id 'bad id'): id: 'bad id' is not an id" in stderr
    assert "$.events[1] (id '-e2'): id: '-e2' is not an id" in stderr
    assert "(id 'e1'): kind: 'Party Time' is not a kind" in stderr


def test_a_four_mistake_file_is_reported_whole(invoke: Invoke, write_json: WriteJson) -> None:
    """One run reports all four, whatever kind each is, and nothing it would otherwise
    find only once the others are fixed."""
    data = {
        "sources": [source()],
        "people": [{"id": "p1", "name": "P"}],
        "events": [
            event("e1", "2020", title=None),
            event("e2", "2020", people=["p11"]),
            event("e3", "2025-02-30"),
            event("e4", "2020", sumary="typo"),
            event("e5", "2020", people=["p1"], quote="q9"),
        ],
    }
    result = invoke("--no-bundled", "validate", str(write_json(data)))
    assert result.exit_code == 3
    problems = result.stderr.splitlines()[:-1]
    assert len(problems) == 5
    for fragment in (
        "$.events[0].title (id 'e1'): expected `str`, got `null`",
        "$.events[1] (id 'e2'): people: unknown person 'p11'; did you mean 'p1'?",
        "$.events[2] (id 'e3'): date: '2025-02-30' is not a day of the calendar",
        "$.events[3] (id 'e4'): unknown field `sumary`; did you mean 'summary'?",
        "$.events[4] (id 'e5'): unknown field `quote`",
    ):
        assert sum(fragment in line for line in problems) == 1, fragment
    assert result.stderr.splitlines()[-1].endswith("(5 problems); nothing shown")


def test_a_reference_to_a_malformed_record_is_not_called_unknown(
    invoke: Invoke, write_json: WriteJson
) -> None:
    data = {
        "sources": [source()],
        "people": [{"id": "p1", "name": None}],
        "events": [event("e1", "2020", people=["p1"])],
    }
    result = invoke("--no-bundled", "validate", str(write_json(data)))
    assert result.exit_code == 3
    assert "$.people[0].name (id 'p1'): expected `str`, got `null`" in result.stderr
    assert "unknown person" not in result.stderr


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sumary": "x"}, "unknown field `sumary`; did you mean 'summary'?"),
        (
            {"organizations": ["AGENCY-X"]},
            "unknown organization 'AGENCY-X'; did you mean 'agency-x'?",
        ),
        ({"people": ["ana-petrova"]}, "unknown person 'ana-petrova'; did you mean 'anna-petrova'?"),
        ({"topics": ["mooon"]}, "unknown topic 'mooon'; did you mean 'moon'?"),
        ({"people": ["zzzzzzzz"]}, "unknown person 'zzzzzzzz'"),
    ],
)
def test_unknown_fields_and_ids_get_the_closest(
    invoke: Invoke, write_json: WriteJson, changes: dict[str, object], message: str
) -> None:
    data = json.loads(json.dumps(SMALL_DATASET))
    data["events"][0].update(changes)
    result = invoke("--no-bundled", "validate", str(write_json(data)))
    assert result.exit_code == 3
    assert message in result.stderr
    if "zzz" in message:
        assert "did you mean" not in result.stderr


def test_unknown_fields_inside_a_record_get_the_closest(
    invoke: Invoke, write_json: WriteJson
) -> None:
    data = json.loads(json.dumps(SMALL_DATASET))
    data["people"][1]["role"] = []
    data["people"][0]["roles"][0]["form"] = "2019"
    data["events"][5]["disputes"][0]["alternatives"][0]["source"] = ["src-a"]
    data["evnts"] = []
    result = invoke("--no-bundled", "validate", str(write_json(data)))
    assert result.exit_code == 3
    for message in (
        "$.people[1] (id 'jose-nunez'): unknown field `role`; did you mean 'roles'?",
        "$.people[0].roles[0] (id 'anna-petrova'): unknown field `form`; did you mean 'from'?",
        "$.events[5].disputes[0].alternatives[0] (id 'd2025-07-31'): unknown field `source`; "
        "did you mean 'sources'?",
        "$.evnts: unknown top-level field 'evnts'; expected $schema, meta, sources, "
        "organizations, people, topics, events, quotes; did you mean 'events'?",
    ):
        assert message in result.stderr


def test_a_dispute_must_name_a_field_of_its_event(invoke: Invoke, write_json: WriteJson) -> None:
    data = json.loads(json.dumps(SMALL_DATASET))
    data["events"][5]["disputes"][0]["field"] = "plase"
    result = invoke("--no-bundled", "validate", str(write_json(data)))
    assert result.exit_code == 3
    assert (
        "(id 'd2025-07-31'): disputes[0].field: 'plase' is not a field of an event; "
        "did you mean 'place'?"
    ) in result.stderr


def test_a_schema_reference_at_the_top_is_accepted(invoke: Invoke, write_json: WriteJson) -> None:
    data = {"$schema": "../data/schema.json", **SMALL_DATASET}
    assert invoke("--no-bundled", "validate", str(write_json(data))).exit_code == 0
    wrong = invoke("--no-bundled", "validate", str(write_json({**data, "$schema": 5})))
    assert wrong.exit_code == 3
    assert (
        "$.$schema: expected `str | null`, got `int`" in wrong.stderr or "$schema" in wrong.stderr
    )
    schema = json.loads(
        (Path(__file__).parent.parent / "spacetalks" / "data" / "schema.json").read_text()
    )
    properties = schema["$defs"]["DatasetFile"]["properties"]
    assert "$schema" in properties
    assert "editors" in properties["$schema"]["anyOf"][0]["description"]


DUPLICATE_KEYS = [
    (
        b'{"sources": [], "events": [], "events": []}',
        "$: the key 'events' is given more than once in this object",
    ),
    (
        b'{"sources": [{"id": "s", "title": "T", "publisher": "P", "title": "U"}]}',
        "$.sources[0] (id 's'): the key 'title' is given more than once",
    ),
    (
        b'{"sources": [{"id": "s", "title": "T", "publisher": "P"}], "people": [{"id": "p", '
        b'"name": "P", "roles": [{"title": "T", "title": "U", "organization": "o", '
        b'"sources": ["s"]}]}], "organizations": [{"id": "o", "name": "O"}]}',
        "$.people[0].roles[0] (id 'p'): the key 'title' is given more than once",
    ),
]


@pytest.mark.parametrize(("content", "message"), DUPLICATE_KEYS)
@pytest.mark.parametrize("command", ["validate", "timeline"])
def test_a_key_given_twice_is_an_error_naming_it(
    invoke: Invoke, write_json: WriteJson, content: bytes, message: str, command: str
) -> None:
    path = write_json(content)
    args = ["validate", str(path)] if command == "validate" else ["--data", str(path), "timeline"]
    result = invoke("--no-bundled", *args)
    assert result.exit_code == 3
    assert f"{path}: {message}" in result.stderr
    assert result.stdout == ""


def _json_with_a_key_twice(value: Any, target: int | None, ascii_only: bool) -> tuple[str, bool]:
    """JSON text of a value, with the first key of its target-th object (in document order)
    given a second time, with the same value, so that the records read are unchanged; and
    whether there was such an object with a key."""
    seen = 0
    repeated = False

    def write(item: Any) -> str:
        nonlocal seen
        if isinstance(item, dict):
            number, seen = seen, seen + 1
            pairs = [
                f"{json.dumps(key, ensure_ascii=ascii_only)}:{write(member)}"
                for key, member in item.items()
            ]
            if number == target and pairs:
                nonlocal repeated
                pairs.append(pairs[0])
                repeated = True
            return "{" + ",".join(pairs) + "}"
        if isinstance(item, list):
            return "[" + ",".join(map(write, item)) + "]"
        return json.dumps(item, ensure_ascii=ascii_only)

    text = write(value)
    return text, repeated


@settings(max_examples=40)
@given(datasets(), st.integers(min_value=0, max_value=60) | st.none(), st.booleans())
def test_a_key_given_twice_is_found_whatever_the_file_holds(
    data: dict[str, Any], target: int | None, ascii_only: bool
) -> None:
    """The quick count that clears most files never clears one that gives a key twice,
    whatever its strings hold (quotes, backslashes, escapes) or leave out."""
    from spacetalks.dataset.decode import decode_dataset_file

    text, repeated = _json_with_a_key_twice(data, target, ascii_only)
    reading = decode_dataset_file("f.json", text.encode())
    found = [problem for problem in reading.problems if "more than once" in problem.message]
    assert bool(found) == repeated, text


def test_the_bundled_dataset_gives_no_key_twice() -> None:
    from spacetalks.dataset.decode import duplicate_key_problems
    from spacetalks.store.load import read_bundled_bytes

    assert duplicate_key_problems("bundled", read_bundled_bytes()) == []


def test_validate_checks_files_with_the_overlays(invoke: Invoke, write_json: WriteJson) -> None:
    broken = write_json({"events": [event("broken", "2025-02-30")]}, "broken.json")
    fine = write_json(SMALL_DATASET, "fine.json")
    by_option = invoke("--no-bundled", "--data", str(broken), "validate", str(fine))
    by_environment = invoke(
        "--no-bundled", "validate", str(fine), env={"SPACETALKS_DATA": str(broken)}
    )
    for result in (by_option, by_environment):
        assert result.exit_code == 3
        assert "broken.json: $.events[0] (id 'broken'): date: '2025-02-30'" in result.stderr
    both = invoke("--no-bundled", "--data", str(fine), "validate", str(fine))
    assert both.exit_code == 0, both.stderr  # a file named twice is read once
    assert "(1 file)" in both.stdout
