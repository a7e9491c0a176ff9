"""The timeline filters, declared once and taken by ``timeline`` and ``export``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import msgspec
import typer
import typer.main
from typer._click.exceptions import UsageError  # Typer 0.28 carries Click as _click

from spacetalks.cli.arguments import check_values, read_date, resolve_ids
from spacetalks.cli.completion import complete_org, complete_person, complete_topic
from spacetalks.cli.grouped import grouped_options
from spacetalks.cli.messages import say
from spacetalks.cli.output import LimitOption
from spacetalks.cli.program import Settings, load_window_from
from spacetalks.dataset.dates import PartialDate
from spacetalks.dataset.model import KNOWN_KINDS, STATUSES, Dataset, DatasetWindow, DayWindow, Event
from spacetalks.query.selection import (
    EventFilter,
    organization_index,
    people_index,
    select_events,
    topic_index,
)

SinceOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE", help="Events from this date on (2018, 'Aug 2025', 2025-Q3, '30 days ago')."
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Events up to the end of this date (2018 = through 31 Dec; 'last month').",
    ),
]
OnOption = Annotated[
    list[str] | None,
    typer.Option(
        metavar="DATE", help="Events overlapping this date or period (2025-07-31, 2025-W31)."
    ),
]
TopicOption = Annotated[
    list[str] | None,
    typer.Option(
        metavar="TOPIC", help="A topic id, name or part of one.", autocompletion=complete_topic
    ),
]
PersonOption = Annotated[
    list[str] | None,
    typer.Option(
        metavar="PERSON",
        help="A person's id, name, alias or native name, or part.",
        autocompletion=complete_person,
    ),
]
OrgOption = Annotated[
    list[str] | None,
    typer.Option(
        metavar="ORG",
        help="An organization's id, name or abbreviation.",
        autocompletion=complete_org,
    ),
]
KindOption = Annotated[
    list[str] | None,
    typer.Option(
        metavar="KIND",
        help=f"{', '.join(KNOWN_KINDS)}, or another kind your dataset uses (any case).",
    ),
]
StatusOption = Annotated[
    list[str] | None,
    typer.Option(metavar="STATUS", help=f"{', '.join(STATUSES)} (any case)."),
]
ReverseOption = Annotated[bool, typer.Option("--reverse", help="Newest first.")]
MinSourcesOption = Annotated[
    int,
    typer.Option(
        "--min-sources",
        min=0,
        metavar="N",
        help="Events reported by at least N distinct publishers (a syndicated copy counts "
        "as its original's).",
    ),
]
NoClaimsOption = Annotated[
    bool, typer.Option("--no-claims", help="Leave out events that one side alone claims.")
]


class EventFilters(msgspec.Struct, frozen=True):
    """The timeline filters a command was given, as typed."""

    since: str | None = None
    until: str | None = None
    on: list[str] | None = None
    topic: list[str] | None = None
    person: list[str] | None = None
    org: list[str] | None = None
    kind: list[str] | None = None
    status: list[str] | None = None
    min_sources: int = 0
    no_claims: bool = False
    limit: int | None = None
    reverse: bool = False


with_event_filters = grouped_options(
    "filters",
    (
        ("since", SinceOption, None),
        ("until", UntilOption, None),
        ("on", OnOption, None),
        ("topic", TopicOption, None),
        ("person", PersonOption, None),
        ("org", OrgOption, None),
        ("kind", KindOption, None),
        ("status", StatusOption, None),
        ("min_sources", MinSourcesOption, 0),
        ("no_claims", NoClaimsOption, False),
        ("limit", LimitOption, None),
        ("reverse", ReverseOption, False),
    ),
    EventFilters,
)
"""Give a command every timeline filter; it receives them as ``filters: EventFilters``."""


def choose_events(settings: Settings, filters: EventFilters) -> tuple[Dataset, list[Event]]:
    """The dataset and the events the filters choose; a bad value is a usage error
    naming the option.

    The dates are read first: they bound the days any chosen event can touch, so a
    large cached dataset need only decode the events in that window.
    """
    first, last, days = read_filter_dates(filters)
    dataset = load_window_from(settings, day_window(first, last, days))
    criteria = event_criteria(dataset, filters)
    if criteria.is_empty_range:
        say(
            f"spacetalks: --since {filters.since} is after --until {filters.until}; "
            "no event can match"
        )
    return dataset, select_events(dataset, criteria)


def read_filter_dates(
    filters: EventFilters,
) -> tuple[PartialDate | None, PartialDate | None, tuple[PartialDate, ...]]:
    """The dates of --since, --until and --on; an unreadable one is a usage error."""
    since, until = filters.since, filters.until
    first = read_date(since, "--since") if since is not None else None
    last = read_date(until, "--until") if until is not None else None
    return first, last, tuple(read_date(day, "--on") for day in filters.on or ())


def event_criteria(dataset: Dataset, filters: EventFilters) -> EventFilter:
    """The filters as criteria over a loaded dataset: dates read, names resolved to ids,
    kinds and statuses checked; a bad value is a usage error naming the option."""
    first, last, days = read_filter_dates(filters)
    kinds = (
        dataset.kinds
        if isinstance(dataset, DatasetWindow)
        else {event.kind for event in dataset.events}
    )
    return EventFilter(
        since=first,
        until=last,
        on=days,
        topics=resolve_ids(topic_index, dataset, filters.topic, "--topic"),
        people=resolve_ids(people_index, dataset, filters.person, "--person"),
        organizations=resolve_ids(organization_index, dataset, filters.org, "--org"),
        kinds=check_values(filters.kind, sorted({*KNOWN_KINDS, *kinds}), "--kind"),
        statuses=check_values(filters.status, STATUSES, "--status"),
        min_sources=filters.min_sources,
        no_claims=filters.no_claims,
        limit=filters.limit,
        reverse=filters.reverse,
    )


def day_window(
    since: PartialDate | None, until: PartialDate | None, on: tuple[PartialDate, ...]
) -> DayWindow:
    """The first and last day a chosen event can touch (None for an open end)."""
    starts = [since.first_day] if since else []
    ends = [until.last_day] if until else []
    if on:
        starts.append(min(day.first_day for day in on))
        ends.append(max(day.last_day for day in on))
    return (max(starts) if starts else None, min(ends) if ends else None)


def parse_filters(arguments: Sequence[str]) -> EventFilters:
    """Timeline filters typed as on the command line (``--since 2018 --person Bakanov``),
    read by the very options ``timeline`` declares. A bad option or value raises Click's
    UsageError, whose ``format_message()`` says what was wrong."""
    chosen: list[EventFilters] = []
    reader = typer.Typer(add_completion=False)

    @reader.command()
    @with_event_filters
    def filters(*, filters: EventFilters) -> None:
        chosen.append(filters)

    command = typer.main.get_command(reader)
    command.main(list(arguments), prog_name="filters", standalone_mode=False)
    if not chosen:  # --help, which only prints
        raise UsageError("give timeline filters, such as --since 2018 --person Bakanov")
    return chosen[0]


def filter_arguments(filters: EventFilters) -> list[str]:
    """The command-line arguments that give these filters: parse_filters' inverse."""
    arguments: list[str] = []
    defaults = EventFilters()
    for name in EventFilters.__struct_fields__:
        value = getattr(filters, name)
        if value == getattr(defaults, name):
            continue
        option = "--" + name.replace("_", "-")
        if isinstance(value, bool):
            arguments.append(option)
        elif isinstance(value, list):
            arguments += [part for item in value for part in (option, item)]
        else:
            arguments += [option, str(value)]
    return arguments
