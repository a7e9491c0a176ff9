"""The timeline filters, declared once and taken by ``timeline`` and ``export``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from spacetalks.cli.arguments import check_values, read_date, resolve_ids
from spacetalks.cli.completion import complete_org, complete_person, complete_topic
from spacetalks.cli.messages import say

if TYPE_CHECKING:
    from spacetalks.model import Dataset, Event

SinceOption = Annotated[
    str | None,
    typer.Option(metavar="DATE", help="Events from this date on (2018, 'Aug 2025')."),
]
UntilOption = Annotated[
    str | None,
    typer.Option(metavar="DATE", help="Events up to the end of this date (2018 = through 31 Dec)."),
]
OnOption = Annotated[
    list[str] | None, typer.Option(metavar="DATE", help="Events overlapping this date.")
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
    list[str] | None, typer.Option(metavar="KIND", help="meeting, launch, docking...")
]
StatusOption = Annotated[
    list[str] | None,
    typer.Option(metavar="STATUS", help="happened, scheduled, planned, scrubbed, cancelled."),
]
LimitOption = Annotated[int | None, typer.Option(min=0, metavar="N", help="Show at most N events.")]
ReverseOption = Annotated[bool, typer.Option("--reverse", help="Newest first.")]


def select(
    dataset: Dataset,
    since: str | None,
    until: str | None,
    on: list[str] | None,
    topic: list[str] | None,
    person: list[str] | None,
    org: list[str] | None,
    kind: list[str] | None,
    status: list[str] | None,
    limit: int | None,
    reverse: bool,
) -> list[Event]:
    """The events the options choose; a bad value is a usage error naming the option."""
    from spacetalks.model import KNOWN_KINDS, STATUSES
    from spacetalks.query import (
        EventFilter,
        organization_index,
        people_index,
        select_events,
        topic_index,
    )

    kinds_present = sorted({*KNOWN_KINDS, *(e.kind for e in dataset.events)}) if kind else ()
    criteria = EventFilter(
        since=read_date(since, "--since") if since is not None else None,
        until=read_date(until, "--until") if until is not None else None,
        on=tuple(read_date(day, "--on") for day in on or ()),
        topics=resolve_ids(topic_index, dataset, topic, "--topic"),
        people=resolve_ids(people_index, dataset, person, "--person"),
        organizations=resolve_ids(organization_index, dataset, org, "--org"),
        kinds=check_values(kind, kinds_present, "--kind"),
        statuses=check_values(status, STATUSES, "--status"),
        limit=limit,
        reverse=reverse,
    )
    if criteria.is_empty_range:
        say(f"spacetalks: --since {since} is after --until {until}; no event can match")
    return select_events(dataset, criteria)
