"""The timeline filters as the explorer reads them: the words ``timeline`` takes, read
without the command line (spacetalks.query.typed_filters)."""

from __future__ import annotations

import pytest
import typer.main
from conftest import Invoke, app
from typer.core import TyperOption

from spacetalks.errors import EXIT_USAGE, SpacetalksError
from spacetalks.query.typed_filters import (
    COUNTS,
    FLAGS,
    REPEATED,
    EventFilters,
    filter_arguments,
    option_name,
    parse_filters,
)


def timeline_options() -> dict[str, TyperOption]:
    group = typer.main.get_command(app)
    command = group.commands["timeline"]  # type: ignore[attr-defined]
    return {param.opts[0]: param for param in command.params if isinstance(param, TyperOption)}


def test_every_filter_is_an_option_of_timeline_taken_alike() -> None:
    options = timeline_options()
    for field in EventFilters.__struct_fields__:
        option = options[option_name(field)]
        assert option.multiple == (field in REPEATED), field
        assert option.is_flag == (field in FLAGS), field
        assert (option.type.name == "int range") == (field in COUNTS), field


@pytest.mark.parametrize(
    "filters",
    [
        EventFilters(),
        EventFilters(since="2018", person=["Bakanov"], no_claims=True),
        EventFilters(
            until="last month",
            on=["2025-07-31", "2025-W31"],
            kind=["meeting", "launch"],
            status=["happened"],
            min_sources=2,
            limit=0,
            reverse=True,
        ),
    ],
)
def test_the_arguments_of_filters_read_back_as_the_same_filters(filters: EventFilters) -> None:
    assert parse_filters(filter_arguments(filters)) == filters


def test_a_value_may_follow_an_equals_sign() -> None:
    assert parse_filters(["--since=2018", "--kind=meeting"]) == EventFilters(
        since="2018", kind=["meeting"]
    )


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["--sinse", "2018"], "No such option: --sinse"),
        (["2018"], "Got unexpected extra argument (2018)"),
        (["--since"], "Option '--since' requires an argument."),
        (["--reverse=yes"], "Option '--reverse' does not take a value."),
        (["--limit", "ten"], "Invalid value for '--limit': 'ten' is not a valid int range."),
        (
            ["--min-sources", "-1"],
            "Invalid value for '--min-sources': -1 is not in the range x>=0.",
        ),
        (["--help"], "give timeline filters, such as --since 2018 --person Bakanov"),
    ],
)
def test_words_that_are_no_filters_are_a_usage_error(typed: list[str], said: str) -> None:
    with pytest.raises(SpacetalksError) as raised:
        parse_filters(typed)
    assert raised.value.exit_code == EXIT_USAGE
    assert str(raised.value) == said


@pytest.mark.parametrize(
    "typed",
    [["--sinse", "2018"], ["--since"], ["--limit", "ten"], ["--min-sources", "-1"]],
)
def test_the_explorer_names_a_bad_filter_as_timeline_does(invoke: Invoke, typed: list[str]) -> None:
    with pytest.raises(SpacetalksError) as raised:
        parse_filters(typed)
    result = invoke("timeline", *typed)
    assert result.exit_code == raised.value.exit_code
    assert str(raised.value) in result.said()
