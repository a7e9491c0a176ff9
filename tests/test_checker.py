"""One checker: the rule table every record goes through, in bulk or one by one."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from conftest import Invoke, event, source
from generators import datasets, rule_breaking_datasets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacetalks.dataset.merge import RULES, check_records, merge, merge_and_check
from spacetalks.dataset.model import DatasetFile, Event
from spacetalks.dataset.problems import Problem
from spacetalks.dataset.rules import Context, References, Rule, Shape
from spacetalks.store.load import read_bundled_bytes


def decoded(document: dict[str, Any]) -> DatasetFile | None:
    try:
        return msgspec.convert(document, DatasetFile)
    except msgspec.ValidationError:
        return None


def problems(content: DatasetFile, bulk: bool) -> list[Problem]:
    merged, context = merge([("data.json", content)])
    return [*merged.problems, *check_records(merged, context, bulk=bulk)]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(rule_breaking_datasets())
def test_bulk_and_per_record_checks_find_the_same_problems(document: dict[str, Any]) -> None:
    content = decoded(document)
    if content is not None:
        assert problems(content, bulk=True) == problems(content, bulk=False)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_generated_datasets_are_valid_every_way(document: dict[str, Any]) -> None:
    content = decoded(document)
    assert content is not None
    assert problems(content, bulk=True) == problems(content, bulk=False) == []
    dataset = merge_and_check([("data.json", content)])
    assert len(dataset.events) == len(document["events"])


def test_the_rule_breaking_generator_breaks_rules() -> None:
    """The differential test above compares something: most drawn datasets have problems."""
    found: list[bool] = []

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(rule_breaking_datasets())
    def collect(document: dict[str, Any]) -> None:
        content = decoded(document)
        if content is not None:
            found.append(bool(problems(content, bulk=True)))

    collect()
    assert sum(found) >= len(found) // 2


class TitleMayNotSayEvent(Rule):
    """A stricter rule, of the kind a future change could add, with no bulk form."""

    fields = ("title",)

    def check(self, record: Any, context: Context) -> Iterator[tuple[str, str]]:
        if record.title.startswith("Event "):
            yield "title", "may not begin with 'Event'"


@pytest.fixture
def stricter(monkeypatch: pytest.MonkeyPatch) -> None:
    record_type, rules = RULES["events"]
    monkeypatch.setitem(RULES, "events", (record_type, (*rules, TitleMayNotSayEvent())))


@pytest.mark.usefixtures("stricter")
def test_a_rule_added_once_applies_to_every_event(
    invoke: Invoke, write_json: Callable[..., Path]
) -> None:
    data = {
        "sources": [source()],
        "events": [
            event("plain", "2020"),
            event("with-end", "2020", end="2021"),
            event("disputed", "2020", disputes=[]),
            event("claimed", "2020", claimed_by=[]),
            event("scheduled", "2020", scheduled="2019"),
        ],
    }
    result = invoke("--no-bundled", "validate", str(write_json(data)))
    assert result.exit_code == 3
    for event_id in ("plain", "with-end", "disputed", "claimed", "scheduled"):
        assert f"(id '{event_id}'): title: may not begin with 'Event'" in result.stderr


def test_every_rule_reads_fields_its_records_have() -> None:
    """Each rule runs on every record of the bundled dataset (roles and disputes among
    them) and finds nothing wrong."""
    content = msgspec.json.decode(read_bundled_bytes(), type=DatasetFile)
    merged, context = merge([("bundled", content)])
    for name, (record_type, rules) in RULES.items():
        records = list(merged.records[name].values())
        assert records, name
        assert all(isinstance(record, record_type) for record in records)
        for rule in rules:
            assert set(rule.fields) <= set(record_type.__struct_fields__), (name, rule.fields)
            assert [found for record in records for found in rule.check(record, context)] == []
            flagged = rule.flag(records, context)
            assert flagged is None or set(flagged) <= set(range(len(records)))


SHAPES = [rule for _, rules in RULES.values() for rule in rules if isinstance(rule, Shape)]


class Named(msgspec.Struct):
    id: str
    kind: str


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.field)
@given(values=st.lists(st.text(alphabet="aZ0.-_ \n\r\u00e9", max_size=6), max_size=6))
def test_a_shape_flags_in_bulk_the_values_it_finds_fault_with(
    shape: Shape, values: list[str]
) -> None:
    """The match over all the values at once (a line each) flags what one value at a time
    finds, line breaks within a value included."""
    records = [Named(value, value) for value in values]
    context = Context({})
    faulty = [index for index, record in enumerate(records) if list(shape.check(record, context))]
    assert list(shape.flag(records, context)) == faulty


def test_every_field_of_an_event_that_holds_ids_is_checked() -> None:
    """A new field of references on Event needs a rule: the model's tuple-of-Ref fields
    are exactly those a References rule reads."""
    _, rules = RULES["events"]
    checked = {rule.fields[0] for rule in rules if isinstance(rule, References) and rule.fields}
    references = {
        field
        for field, kind in Event.__annotations__.items()
        if "Ref" in str(kind) or "SourceIds" in str(kind)
    }
    assert checked == references


def test_duplicate_references_are_a_problem(
    invoke: Invoke, write_json: Callable[..., Path]
) -> None:
    data = {
        "sources": [source()],
        "people": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "events": [event("e1", "2020", people=["a", "b", "b", "b"], sources=["src-a", "src-a"])],
    }
    result = invoke("--no-bundled", "validate", str(write_json(data)))
    assert result.exit_code == 3
    assert "(id 'e1'): people: 'b' given more than once" in result.stderr
    assert "(id 'e1'): sources: 'src-a' given more than once" in result.stderr
    assert json.dumps(data)  # the data itself is fine JSON
