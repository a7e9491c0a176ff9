"""The timeline filters, declared once as options and taken by ``timeline``, ``export``,
``cite`` and ``browse``; read into criteria by spacetalks.query.typed_filters."""

from __future__ import annotations

from typing import Annotated

import typer

from spacetalks.cli.completion import complete_org, complete_person, complete_topic
from spacetalks.cli.grouped import grouped_options
from spacetalks.cli.messages import say
from spacetalks.cli.output import LimitOption, ReverseOption
from spacetalks.cli.program import Settings, load_window_from
from spacetalks.dataset.model import KNOWN_KINDS, STATUSES, Dataset, Event
from spacetalks.query.selection import select_events
from spacetalks.query.typed_filters import (
    EventFilters,
    day_window,
    event_criteria,
    read_filter_dates,
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
